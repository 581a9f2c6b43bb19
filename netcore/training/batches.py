"""The inputs of each training batch: from float images or uint8 pixel bytes, maybe distorted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netcore.augment import distort
from netcore.network import DTYPE

if TYPE_CHECKING:
    from netcore.training import TrainConfig

BYTE = DTYPE(1 / 255)   # a pixel byte's value as a fraction of full brightness


class Batches:
    """Each batch's inputs as float32, from the training images and their distorted copies.

    images: float (n, n_in) in [0, 1], or uint8 pixel bytes 0..255. Bytes are
    gathered (a quarter of the memory traffic of floats), converted into one
    reused buffer and passed with `scale` = 1/255 (see backprop's x_scale).
    With config.augment, copy k of the images is distorted (netcore.augment) at
    the start of epoch k + 1, until there are config.augment_copies, stored as
    uint8; each epoch then shows, per image, itself or one of the copies so far.
    With config.redrawn, `redrawn` (copies, n, n_in) uint8 holds versions of every
    image made beforehand (e.g. traced and drawn again with other pens, read back
    by to_mnist: netcore.redraw.redrawn_copies); each epoch shows, per image, one
    of them with that chance, else as above.
    """

    def __init__(self, images: np.ndarray, config: "TrainConfig", redrawn: np.ndarray | None = None):
        self.images, self.config = images, config
        self.raw = images.dtype == np.uint8
        self.scale = BYTE if self.raw else 1.0
        self.buffer = np.empty((config.batch_size, images.shape[1]), DTYPE) if self.raw else None
        self.which = None   # per image, the copy shown this epoch (-1: the image itself)
        self.copies = None  # the distorted copies (config.augment)
        if config.augment:
            self.rng = np.random.default_rng([config.seed, 1])   # apart from the shuffling
            self.copies = np.empty((config.augment_copies, *images.shape), np.uint8)
            self.made = 0
        self.redrawn = redrawn if config.redrawn else None
        self.which_redrawn = None   # per image, the redrawn copy shown this epoch (-1: none)
        if self.redrawn is not None:
            self.redraw_rng = np.random.default_rng([config.seed, 2])

    def start_epoch(self) -> None:
        if self.redrawn is not None:
            n, k = len(self.images), len(self.redrawn)
            shown = self.redraw_rng.random(n) < self.config.redrawn
            self.which_redrawn = np.where(shown, self.redraw_rng.integers(0, k, n), -1)
        if not self.config.augment:
            return
        if self.made < len(self.copies):
            warped = distort(self.images, self.rng, self.config.distortion)
            np.rint(np.multiply(warped, 255, out=warped), out=warped)
            self.copies[self.made] = warped
            self.made += 1
        n = len(self.images)
        shown = self.rng.random(n) < self.config.augment
        self.which = np.where(shown, self.rng.integers(0, self.made, n), -1)

    def batch(self, idx: np.ndarray) -> np.ndarray:
        x = self.images[idx]
        # Distorted copies first, then redrawn ones over them: each epoch's pick per image.
        for which, store in ((self.which, self.copies),
                             (self.which_redrawn, self.redrawn)):
            if which is None:
                continue
            pick = which[idx]
            rows = np.flatnonzero(pick >= 0)
            copies = store[pick[rows], idx[rows]]
            x[rows] = copies if self.raw else copies * BYTE
        if not self.raw:
            return x
        out = self.buffer[:len(idx)]
        np.copyto(out, x, casting="unsafe")
        return out


def as_training_images(images) -> np.ndarray:
    """The images as train() reads them: uint8 bytes as they are, anything else as float32.

    Raises ValueError for whole numbers other than uint8, and for floats outside 0..1
    (such as pixel values 0..255 as floats, or NaN), judged on about 600 evenly spaced
    images: a full scan of 60,000 would add about 20 ms to every call.
    """
    if isinstance(images, np.ndarray) and images.dtype == np.uint8:
        return images
    images = np.asarray(images)
    if images.dtype.kind in "iub":
        raise ValueError(f"whole-number images must be uint8 pixel bytes 0..255, got "
                         f"{images.dtype}; pass floats from 0 to 1 otherwise")
    images = np.asarray(images, dtype=DTYPE)
    sample = images[::max(1, len(images) // 600)]
    if sample.size and not (0 <= sample.min() and sample.max() <= 1):
        raise ValueError(f"float images must hold values from 0 to 1, found "
                         f"{sample.min():g} to {sample.max():g}; divide pixel values "
                         "0..255 by 255, or pass them as uint8")
    return images
