"""Saving a trained network to a `.npz` file and loading it back, safely.

A weight file is a compressed NumPy archive holding `sizes` (int64), the hidden
layers' `activation` name and a `metadata` JSON object (both unicode string
arrays, never pickled objects), then `weights_0..weights_{L-1}` of shape
(sizes[l+1], sizes[l]) and `biases_0..biases_{L-1}` of shape (sizes[l+1],),
all float32. Files may be uploaded by strangers, so loading trusts nothing:
pickles are refused, and every array's header (dtype and shape) is checked
before its data is read, so a small file cannot ask for gigabytes of memory.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
import zlib
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

from netcore.network import ACTIVATIONS, DTYPE, Network, check_sizes

MAX_FILE_BYTES = 50 * 2**20   # bigger files are refused before parsing
MAX_PARAMS = 50_000_000       # 200 MB of float32: the most any file may ask for
MAX_LAYERS = 100
MAX_TEXT_CHARS = {"activation": 32, "metadata": 1_000_000}
# What zipfile and np.load raise for damaged, encrypted or exotic archives
# (NotImplementedError, for unknown compression, is a RuntimeError).
BROKEN = (ValueError, OSError, EOFError, RuntimeError, zipfile.BadZipFile, zlib.error)


class WeightFileError(ValueError):
    """A file that is not a valid netcore weight file; the message says why."""


def _arrays(net: Network, metadata) -> dict[str, np.ndarray]:
    """The arrays a weight file holds, by name, after checking what the caller gave."""
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ValueError(f"metadata must be a dict, got {type(metadata).__name__}")
    try:
        text = json.dumps(metadata, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ValueError(f"metadata must be JSON-serialisable (dicts, lists, str, int, finite "
                         f"float, bool, None; float() or int() NumPy numbers): {e}") from None
    arrays = {"sizes": np.array(net.sizes, dtype=np.int64),
              "activation": np.array(str(net.activation)), "metadata": np.array(text)}
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        arrays[f"weights_{l}"] = np.asarray(w, dtype=DTYPE)
        arrays[f"biases_{l}"] = np.asarray(b, dtype=DTYPE)
    for name, arr in arrays.items():
        if arr.dtype.kind == "f" and not np.isfinite(arr).all():
            # Refuse now rather than write a file that load_network would refuse.
            raise ValueError(f"{name} contains NaN or infinity; not saving a broken network")
    return arrays


def network_to_bytes(net: Network, metadata: dict | None = None) -> bytes:
    """The weight file for `net` as bytes, e.g. for a download button."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **_arrays(net, metadata))
    return buf.getvalue()


def save_network(net: Network, path_or_file, metadata: dict | None = None) -> None:
    """Write `net` and a JSON-serialisable `metadata` dict to a path or binary file object.

    metadata: e.g. how it was trained and its test accuracy. It is stored as
    JSON, so tuples come back as lists and non-string keys as strings.
    A path is written exactly as given (NumPy would append ".npz" to other
    names), via a temporary file, so a crash never leaves half a file there.
    """
    data = network_to_bytes(net, metadata)
    if hasattr(path_or_file, "write"):
        path_or_file.write(data)
        return
    path = Path(path_or_file)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def load_network(path_or_file, *, max_bytes: int | None = MAX_FILE_BYTES) -> tuple[Network, dict]:
    """The network and metadata dict saved in a path or binary file object.

    Raises WeightFileError naming the problem for anything but a valid file,
    including one over `max_bytes` (None lifts the limit for trusted files).
    """
    if hasattr(path_or_file, "read"):
        data = path_or_file.read() if max_bytes is None else path_or_file.read(max_bytes + 1)
    else:
        path = Path(path_or_file)
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise WeightFileError(f"{path.name} is {path.stat().st_size:,} bytes, "
                                  f"over the {max_bytes:,} byte limit for a weight file")
        data = path.read_bytes()
    return network_from_bytes(data, max_bytes=max_bytes)


def _refuse_non_zip(data: bytes) -> None:
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # a zip's first entry, or an empty zip
        return
    why = ("the file is empty" if not data else
           "it is a single .npy array, not an archive" if data.startswith(b"\x93NUMPY") else
           "it is a Python pickle, which is refused for safety" if data.startswith(b"\x80") else
           "it does not start like a zip archive")
    raise WeightFileError(f"not a netcore weight file (.npz): {why}")


def _header(zf: zipfile.ZipFile, name: str) -> tuple[tuple[int, ...], np.dtype]:
    """An array's shape and dtype, read from its .npy header without reading its data."""
    try:
        with zf.open(name + ".npy") as f:
            version = npy.read_magic(f)
            read = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}[version]
            shape, _, dtype = read(f)
    except (KeyError, *BROKEN) as e:
        raise WeightFileError(f"array {name!r} is not a readable .npy array ({e})") from None
    if dtype.hasobject:
        raise WeightFileError(f"{name} contains a pickled object array, which is refused "
                              "for safety")
    return shape, dtype


def _read(npz, zf, name: str, kinds: str, shapes: list) -> np.ndarray:
    """Array `name`, once its header shows an allowed dtype kind and shape."""
    shape, dtype = _header(zf, name)
    if dtype.kind not in kinds:
        wanted = "text" if kinds == "U" else "numbers"
        raise WeightFileError(f"{name} has dtype {dtype}, expected {wanted}")
    if shape not in shapes:
        raise WeightFileError(f"{name} has shape {shape}, expected {' or '.join(map(str, shapes))}")
    if kinds == "U" and dtype.itemsize // 4 > MAX_TEXT_CHARS[name]:
        raise WeightFileError(f"{name} is over {MAX_TEXT_CHARS[name]:,} characters long")
    try:
        return npz[name]
    except BROKEN as e:
        if "pickle" in str(e):  # np.load(allow_pickle=False) refusing an object array
            raise WeightFileError(f"{name} contains a pickled object array, which is refused "
                                  "for safety") from None
        raise WeightFileError(f"{name} is damaged ({e})") from None


def _text(npz, zf, name: str) -> str:
    return str(_read(npz, zf, name, "U", [(), (1,)]).reshape(-1)[0])


def _sizes(npz, zf) -> tuple[int, ...]:
    """The layer sizes, refused if they ask for too many layers or parameters."""
    shape = _header(zf, "sizes")[0]
    if len(shape) != 1 or not 2 <= shape[0] <= MAX_LAYERS:
        raise WeightFileError(f"sizes has shape {shape}, expected 2 to {MAX_LAYERS} layers")
    sizes = _read(npz, zf, "sizes", "iu", [shape]).tolist()
    try:
        sizes = check_sizes(sizes)
    except ValueError as e:
        raise WeightFileError(f"bad sizes: {e}") from None
    n_params = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    if n_params > MAX_PARAMS:
        raise WeightFileError(f"sizes {sizes} mean {n_params:,} parameters, over the "
                              f"limit of {MAX_PARAMS:,}")
    return sizes


def _metadata(npz, zf) -> dict:
    text = _text(npz, zf, "metadata")
    try:
        metadata = json.loads(text)
    except (ValueError, RecursionError) as e:  # RecursionError: "[[[[..." nested too deep
        raise WeightFileError(f"metadata is not valid JSON ({e})") from None
    if not isinstance(metadata, dict):
        raise WeightFileError(f"metadata should be a JSON object, got {type(metadata).__name__}")
    return metadata


def _check_names(names: set, expected: set) -> None:
    if missing := expected - names:
        raise WeightFileError(f"missing array(s): {', '.join(sorted(missing))}")
    if extra := names - expected:
        raise WeightFileError(f"unexpected array(s): {', '.join(sorted(extra))}")


def network_from_bytes(data: bytes, *, max_bytes: int | None = MAX_FILE_BYTES
                       ) -> tuple[Network, dict]:
    """The network and metadata dict in a weight file's bytes, e.g. from an upload."""
    if max_bytes is not None and len(data) > max_bytes:
        raise WeightFileError(f"file is over the {max_bytes:,} byte limit for a weight file")
    data = bytes(data)  # also accept a bytearray or memoryview
    _refuse_non_zip(data)
    try:
        zf, npz = zipfile.ZipFile(io.BytesIO(data)), np.load(io.BytesIO(data), allow_pickle=False)
    except BROKEN as e:
        raise WeightFileError(f"not a netcore weight file (.npz): damaged or cut-short zip "
                              f"({e})") from None
    with zf, npz:
        if "sizes" not in npz.files:
            raise WeightFileError("missing array(s): sizes")
        sizes = _sizes(npz, zf)  # before anything else, so huge sizes are refused unread
        layers = range(len(sizes) - 1)
        shapes = {**{f"weights_{l}": (sizes[l + 1], sizes[l]) for l in layers},
                  **{f"biases_{l}": (sizes[l + 1],) for l in layers}}
        _check_names(set(npz.files), {"sizes", "activation", "metadata", *shapes})
        activation = _text(npz, zf, "activation")
        if activation not in ACTIVATIONS:
            raise WeightFileError(f"unknown activation {activation!r}; "
                                  f"expected one of {sorted(ACTIVATIONS)}")
        metadata = _metadata(npz, zf)
        arrays = {}
        for name, shape in shapes.items():
            with np.errstate(over="ignore"):  # float64 beyond float32's range becomes inf...
                arrays[name] = _read(npz, zf, name, "fiu", [shape]).astype(DTYPE)
            if not np.isfinite(arrays[name]).all():  # ...and is refused here
                raise WeightFileError(f"{name} contains NaN or infinite values")
    weights = [arrays[f"weights_{l}"] for l in layers]
    biases = [arrays[f"biases_{l}"] for l in layers]
    return Network(sizes, activation, weights=weights, biases=biases), metadata
