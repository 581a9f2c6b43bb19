"""Saving a trained network to a `.npz` file and loading it back, safely.

A weight file is a compressed NumPy archive holding `sizes` (int64), the hidden
layers' `activation` name and a `metadata` JSON object (both unicode string
arrays, never pickled objects), then `weights_0..weights_{L-1}` of shape
(sizes[l+1], sizes[l]) and `biases_0..biases_{L-1}` of shape (sizes[l+1],),
all float32. Files may be uploaded by strangers, so loading trusts nothing:
pickles are refused; the zip's directory (how many entries, how many bytes
they unpack to) and every array's header (dtype: float32 or float64 numbers;
shape) are checked before any data is read, so a small file cannot ask for
gigabytes of memory; and error messages stay short whatever the file holds.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

from netcore.messages import N_, Message
from netcore.network import ACTIVATIONS, DTYPE, Network, check_sizes

MAX_PARAMS = 4_000_000        # twice what the pages use; 32 MB as float64, the widest accepted
MAX_LAYERS = 100
MAX_TEXT_CHARS = {"activation": 32, "metadata": 1_000_000}
MAX_ENTRIES = 3 + 2 * MAX_LAYERS   # sizes, activation, metadata, then weights and biases per layer
# What the arrays may unpack to in all (their data at 8 bytes a number, the text at 4 a
# character, and a header each), checked from the zip's directory and the .npy headers.
MAX_UNPACKED_BYTES = 8 * MAX_PARAMS + 4 * sum(MAX_TEXT_CHARS.values()) + 1024 * MAX_ENTRIES
MAX_FILE_BYTES = 40 * 2**20   # bigger files are refused before parsing (the upload limit too)
MAX_MESSAGE_CHARS = 300       # an error message never grows with what the file holds
NUMBERS = (np.dtype("<f4"), np.dtype(">f4"), np.dtype("<f8"), np.dtype(">f8"))
# What zipfile and npy.read_array raise for damaged, encrypted or exotic archives
# (NotImplementedError, for unknown compression, is a RuntimeError).
BROKEN = (ValueError, OSError, EOFError, RuntimeError, zipfile.BadZipFile, zlib.error)


class WeightFileError(ValueError):
    """A file that is not a valid netcore weight file; the message says why, briefly.

    Raised as WeightFileError(template, **values) (netcore.messages): str(error) is the
    English message, at most MAX_MESSAGE_CHARS long; `.template` and `.values` let the app
    show it in the learner's language, every value short whatever the file holds.
    """

    def __init__(self, template: str, /, **values):
        if len(template) > MAX_MESSAGE_CHARS:   # a template built from a file's contents
            template = template[:MAX_MESSAGE_CHARS - 3] + "..."
        message = Message(template, **values)
        self.template, self.values = message.template, message.values
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[:MAX_MESSAGE_CHARS - 3] + "..."
        super().__init__(str(message))


def _names(names, at_most: int = 4) -> tuple[str, int]:
    """A few names from a file, each cut short, and how many more there are."""
    names = sorted(names)
    shown = ", ".join(n if len(n) <= 40 else n[:37] + "..." for n in names[:at_most])
    return shown, max(0, len(names) - at_most)


def _refuse_names(names, few: str, many: str):
    """The error naming a few of `names` with template `few` ({names}), or `many` ({names},
    then {more} more)."""
    shown, more = _names(names)
    return WeightFileError(many, names=shown, more=more) if more else \
        WeightFileError(few, names=shown)


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 80 else text[:77] + "..."


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
            raise WeightFileError(N_("{name} is {size:,} bytes, over the {limit:,} byte limit "
                                     "for a weight file"), name=path.name,
                                  size=path.stat().st_size, limit=max_bytes)
        data = path.read_bytes()
    return network_from_bytes(data, max_bytes=max_bytes)


def _refuse_non_zip(data: bytes) -> None:
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # a zip's first entry, or an empty zip
        return
    raise WeightFileError(
        N_("not a netcore weight file (.npz): the file is empty") if not data else
        N_("not a netcore weight file (.npz): it is a single .npy array, not an archive")
        if data.startswith(b"\x93NUMPY") else
        N_("not a netcore weight file (.npz): it is a Python pickle, which is refused for "
           "safety") if data.startswith(b"\x80") else
        N_("not a netcore weight file (.npz): it does not start like a zip archive"))


def _directory(data: bytes) -> None:
    """Refuse an archive whose end record lists too many entries, before zipfile reads them.

    zipfile builds an object per entry of the central directory, so a small
    file listing 300,000 empty entries would cost far more memory than it
    is worth; the end record (the last 22 bytes, bar a comment) gives their
    count and the directory's size.
    """
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if at < 0 or len(data) < at + 22:
        raise WeightFileError(N_("not a netcore weight file (.npz): damaged or cut-short zip "
                                 "(no end of archive record)"))
    entries, directory_bytes = struct.unpack("<HI", data[at + 10:at + 16])
    if entries > MAX_ENTRIES or directory_bytes > MAX_ENTRIES * 1024:
        raise WeightFileError(   # 0xFFFF: the most the record holds (a zip64 file has more)
            N_("the archive lists {count:,} or more entries in a {size:,} byte directory; a "
               "weight file has at most {most}") if entries == 0xFFFF else
            N_("the archive lists {count:,} entries in a {size:,} byte directory; a weight "
               "file has at most {most}"), count=entries, size=directory_bytes, most=MAX_ENTRIES)


def _members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's entries by array name, refused unless each is a .npy file of bounded size."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise WeightFileError(N_("the archive holds {count:,} entries; a weight file has at "
                                 "most {most}"), count=len(infos), most=MAX_ENTRIES)
    members = {info.filename.removesuffix(".npy"): info for info in infos}
    if len(members) < len(infos) or any(not i.filename.endswith(".npy") for i in infos):
        odd = [i.filename for i in infos if not i.filename.endswith(".npy")]
        if not odd:
            raise WeightFileError(N_("the archive holds entries that are not arrays: a "
                                     "repeated name"))
        raise _refuse_names(odd, N_("the archive holds entries that are not arrays: {names}"),
                            N_("the archive holds entries that are not arrays: {names} and "
                               "{more:,} more"))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WeightFileError(N_("the archive unpacks to {size:,} bytes, over the {limit:,} "
                                 "byte limit for a weight file"), size=unpacked,
                              limit=MAX_UNPACKED_BYTES)
    return members


def _header(zf: zipfile.ZipFile, name: str) -> tuple[tuple[int, ...], np.dtype]:
    """An array's shape and dtype, read from its .npy header without reading its data."""
    try:
        with zf.open(name + ".npy") as f:
            version = npy.read_magic(f)
            read = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}[version]
            shape, _, dtype = read(f)
    except (KeyError, *BROKEN) as e:
        raise WeightFileError(N_("array {name!r} is not a readable .npy array ({why})"),
                              name=name, why=_short(e)) from None
    if dtype.hasobject:
        raise WeightFileError(N_("{name} contains a pickled object array, which is refused "
                                 "for safety"), name=name)
    return shape, dtype


ACCEPTED = {   # the dtypes each kind of array may have
    "text": lambda dtype: dtype.kind == "U",
    "whole numbers": lambda dtype: dtype.kind in "iu" and dtype.itemsize <= 8,
    "float32 or float64 numbers": lambda dtype: dtype in NUMBERS,
}
WRONG_DTYPE = {   # what the message says when an array's dtype is not of its kind
    "text": N_("{name} has dtype {dtype}, expected text"),
    "whole numbers": N_("{name} has dtype {dtype}, expected whole numbers"),
    "float32 or float64 numbers": N_("{name} has dtype {dtype}, expected float32 or float64 "
                                     "numbers"),
}


def _check(zf, name: str, kind: str, shapes: list) -> None:
    """Refuse array `name` unless its header shows a dtype of `kind` (see ACCEPTED) and a shape."""
    shape, dtype = _header(zf, name)
    if not ACCEPTED[kind](dtype):
        raise WeightFileError(WRONG_DTYPE[kind], name=name, dtype=dtype)
    if kind == "text" and dtype.itemsize // 4 > MAX_TEXT_CHARS[name]:
        raise WeightFileError(N_("{name} is over {most:,} characters long"), name=name,
                              most=MAX_TEXT_CHARS[name])
    if shape not in shapes:
        if len(shapes) == 1:
            raise WeightFileError(N_("{name} has shape {shape}, expected {expected}"), name=name,
                                  shape=shape, expected=shapes[0])
        raise WeightFileError(N_("{name} has shape {shape}, expected {one} or {other}"),
                              name=name, shape=shape, one=shapes[0], other=shapes[1])


def _read(zf, name: str) -> np.ndarray:
    """Array `name`'s data, once `_check` has passed it."""
    try:
        with zf.open(name + ".npy") as f:
            return npy.read_array(f, allow_pickle=False)
    except BROKEN as e:
        raise WeightFileError(N_("{name} is damaged ({why})"), name=name, why=_short(e)) from None


def _text(zf, name: str) -> str:
    _check(zf, name, "text", [(), (1,)])
    return str(_read(zf, name).reshape(-1)[0])


def _sizes(zf) -> tuple[int, ...]:
    """The layer sizes, refused if they ask for too many layers or parameters."""
    shape = _header(zf, "sizes")[0]
    if len(shape) != 1 or not 2 <= shape[0] <= MAX_LAYERS:
        raise WeightFileError(N_("sizes has shape {shape}, expected 2 to {most} layers"),
                              shape=shape, most=MAX_LAYERS)
    _check(zf, "sizes", "whole numbers", [shape])
    sizes = _read(zf, "sizes").tolist()
    try:
        sizes = check_sizes(sizes)
    except ValueError as e:
        raise WeightFileError(N_("bad sizes: {why}"), why=e) from None
    n_params = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    if n_params > MAX_PARAMS:
        raise WeightFileError(N_("sizes {sizes} mean {count:,} parameters, over the limit of "
                                 "{limit:,}"), sizes=sizes, count=n_params, limit=MAX_PARAMS)
    return sizes


def _metadata(zf) -> dict:
    text = _text(zf, "metadata")
    try:
        metadata = json.loads(text)
    except (ValueError, RecursionError) as e:  # RecursionError: "[[[[..." nested too deep
        raise WeightFileError(N_("metadata is not valid JSON ({why})"), why=_short(e)) from None
    if not isinstance(metadata, dict):
        raise WeightFileError(N_("metadata should be a JSON object, got {kind}"),
                              kind=type(metadata).__name__)
    return metadata


def _check_names(names: set, expected: set) -> None:
    if missing := expected - names:
        raise _refuse_names(missing, N_("missing array(s): {names}"),
                            N_("missing array(s): {names} and {more:,} more"))
    if extra := names - expected:
        raise _refuse_names(extra, N_("unexpected array(s): {names}"),
                            N_("unexpected array(s): {names} and {more:,} more"))


def network_from_bytes(data: bytes, *, max_bytes: int | None = MAX_FILE_BYTES
                       ) -> tuple[Network, dict]:
    """The network and metadata dict in a weight file's bytes, e.g. from an upload.

    Nothing is unpacked before the archive's directory (how many entries, how
    many bytes they unpack to) and every array's header (dtype and shape)
    have been checked, so a small file cannot cost much memory.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise WeightFileError(N_("file is over the {limit:,} byte limit for a weight file"),
                              limit=max_bytes)
    data = bytes(data)  # also accept a bytearray or memoryview (bytes are not copied)
    _refuse_non_zip(data)
    _directory(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except BROKEN as e:
        raise WeightFileError(N_("not a netcore weight file (.npz): damaged or cut-short zip "
                                 "({why})"), why=_short(e)) from None
    with zf:
        members = _members(zf)
        if "sizes" not in members:
            raise WeightFileError(N_("missing array(s): {names}"), names="sizes")
        sizes = _sizes(zf)  # before anything else, so huge sizes are refused unread
        layers = range(len(sizes) - 1)
        shapes = {**{f"weights_{l}": (sizes[l + 1], sizes[l]) for l in layers},
                  **{f"biases_{l}": (sizes[l + 1],) for l in layers}}
        _check_names(set(members), {"sizes", "activation", "metadata", *shapes})
        activation = _text(zf, "activation")
        if activation not in ACTIVATIONS:
            raise WeightFileError(N_("unknown activation {name!r}; expected one of {names}"),
                                  name=activation, names=sorted(ACTIVATIONS))
        metadata = _metadata(zf)
        for name, shape in shapes.items():   # every header first: no array read in vain
            _check(zf, name, "float32 or float64 numbers", [shape])
        arrays = {}
        for name in shapes:
            with np.errstate(over="ignore"):  # float64 beyond float32's range becomes inf...
                arrays[name] = _read(zf, name).astype(DTYPE)
            if not np.isfinite(arrays[name]).all():  # ...and is refused here
                raise WeightFileError(N_("{name} contains NaN or infinite values"), name=name)
    weights = [arrays[f"weights_{l}"] for l in layers]
    biases = [arrays[f"biases_{l}"] for l in layers]
    return Network(sizes, activation, weights=weights, biases=biases), metadata
