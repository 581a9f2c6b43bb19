"""The MNIST handwritten digits: 60,000 training and 10,000 test images, 28 x 28 pixels.

The files are Yann LeCun's gzipped IDX files, kept in the project's `data/`
folder. An IDX file is a big-endian header -- a magic number (2051 for images,
2049 for labels), then one uint32 per dimension -- followed by the raw uint8
values. `load_mnist()` turns them into what the video's network eats: each
image flattened to 784 pixel values from 0 (black) to 1 (white).
"""

from __future__ import annotations

import gzip
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049
KIND = {IMAGES_MAGIC: "an IDX images file", LABELS_MAGIC: "an IDX labels file"}
SIDE = 28  # every MNIST image is 28 x 28 pixels


class MnistFormatError(ValueError):
    """A data file exists but is not the MNIST IDX file it should be."""


def _read_idx(path, magic: int, ndim: int) -> tuple[tuple[int, ...], bytes]:
    """The dimensions and raw uint8 bytes of a gzipped IDX file with this magic number."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"MNIST file {path.name!r} not found (looked for {path})")
    header_size = 4 + 4 * ndim
    try:
        with gzip.open(path, "rb") as f:
            header = f.read(header_size)
            if len(header) < 4:
                raise MnistFormatError(f"{path.name}: header is {len(header)} bytes, "
                                       f"expected {header_size}")
            found = int.from_bytes(header[:4], "big")
            if found != magic:
                what = KIND.get(found, "not an MNIST IDX file")
                raise MnistFormatError(f"{path.name}: magic number {found} ({what}), expected "
                                       f"{magic} ({KIND[magic]})")
            if len(header) < header_size:
                raise MnistFormatError(f"{path.name}: header is {len(header)} bytes, "
                                       f"expected {header_size}")
            dims = tuple(int(d) for d in np.frombuffer(header, ">u4", offset=4))
            # Read what is there rather than what the header claims, which may be absurd.
            data = f.read()
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise MnistFormatError(f"{path.name}: not a gzip file, or its gzip data is damaged "
                               f"or cut short ({e})") from None
    expected = math.prod(dims)
    if len(data) < expected:
        raise MnistFormatError(f"{path.name}: truncated, header promises {dims} = {expected:,} "
                               f"bytes of data but only {len(data):,} are there")
    if len(data) > expected:
        raise MnistFormatError(f"{path.name}: {len(data) - expected:,} bytes more data than "
                               f"the header's {dims} promises")
    return dims, data


def read_idx_images(path) -> np.ndarray:
    """The images in a gzipped IDX images file: uint8 (n, 28, 28), 0 = black, 255 = white."""
    (n, rows, cols), data = _read_idx(path, IMAGES_MAGIC, 3)
    if (rows, cols) != (SIDE, SIDE):
        raise MnistFormatError(f"{Path(path).name}: images are {rows} x {cols}, "
                               f"expected {SIDE} x {SIDE}")
    return np.frombuffer(data, np.uint8).reshape(n, rows, cols)


def read_idx_labels(path) -> np.ndarray:
    """The labels in a gzipped IDX labels file: uint8 (n,), each a digit 0..9."""
    (n,), data = _read_idx(path, LABELS_MAGIC, 1)
    labels = np.frombuffer(data, np.uint8)
    if n and labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise MnistFormatError(f"{Path(path).name}: label {labels[bad]} at index {bad} "
                               "is not a digit 0..9")
    return labels


@dataclass(frozen=True, repr=False, eq=False)
class MnistData:
    """The four MNIST arrays, read-only because every page shares one copy.

    train_images: float32 (60000, 784), pixel values in [0, 1], rows of the
        28 x 28 image one after another (reshape(-1, 28, 28) to draw them).
        With load_mnist(dtype=np.uint8): the file's own bytes 0..255 instead,
        a quarter of the memory (netcore.train reads them as value / 255).
    train_labels: int64 (60000,), the digit 0..9 each image shows. int64 rather
        than the file's uint8 so arithmetic such as `labels - guesses` cannot
        wrap around, and it matches the dtype of `np.argmax`.
    test_images, test_labels: the same for the 10,000 test images.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray

    def __post_init__(self):
        for arr in (self.train_images, self.train_labels, self.test_images, self.test_labels):
            arr.flags.writeable = False

    def __repr__(self) -> str:
        return (f"MnistData(train={len(self.train_labels):,} images, "
                f"test={len(self.test_labels):,} images, "
                f"{self.train_images.shape[1]} pixels each)")


def _pair(data_dir: Path, images_name: str, labels_name: str,
          dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Images as float32 (n, 784) in [0, 1] (or uint8 0..255) and labels as int64 (n,),
    checked to match."""
    images = read_idx_images(data_dir / images_name)
    labels = read_idx_labels(data_dir / labels_name)
    if len(images) != len(labels):
        raise MnistFormatError(f"{images_name} has {len(images):,} images but {labels_name} "
                               f"has {len(labels):,} labels")
    if dtype == np.uint8:   # the file's bytes as they are (read-only, like MnistData's arrays)
        return images.reshape(len(images), SIDE * SIDE), labels.astype(np.int64)
    pixels = images.reshape(len(images), SIDE * SIDE).astype(np.float32)
    np.divide(pixels, 255.0, out=pixels)  # in place: no second 188 MB temporary
    return pixels, labels.astype(np.int64)


def load_mnist(data_dir=None, dtype=np.float32) -> MnistData:
    """All of MNIST from `data_dir` (default: the project's `data/` folder).

    dtype: np.float32 for pixel values in [0, 1] (what a network takes), or
    np.uint8 for the file's bytes 0..255 (what netcore.train reads fastest).

    The default is found relative to this file, not the working directory, so
    it works however the app or a script is started. Takes about half a second;
    callers that load it often should cache the result (it is read-only).
    """
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = None
    if dtype not in (np.float32, np.uint8):
        raise ValueError("dtype must be np.float32 or np.uint8")
    train_images, train_labels = _pair(data_dir, FILES["train_images"], FILES["train_labels"], dtype)
    test_images, test_labels = _pair(data_dir, FILES["test_images"], FILES["test_labels"], dtype)
    return MnistData(train_images, train_labels, test_images, test_labels)


def pixel_bytes(images) -> np.ndarray:
    """Float images in [0, 1] as uint8 pixel bytes 0..255 (rounded to the nearest).

    netcore.train reads bytes a quarter as much memory per batch as floats, so
    training from bytes is faster; MNIST's own floats come back exactly.
    """
    images = np.asarray(images)
    if images.dtype.kind != "f":
        raise ValueError(f"expected float images in [0, 1], got {images.dtype}")
    return np.rint(np.clip(images, 0, 1) * 255).astype(np.uint8)
