"""Random distortions of MNIST digits, so the network also knows learners' handwriting.

A learner's digit reaches the network through `preprocess.to_mnist`, which
already fixes its size and position the way MNIST did. What it cannot fix is
how the digit is written: slanted, rotated a little, narrower or wider, and with
a pen that, once the digit is scaled to 20 pixels, looks thicker or thinner than
MNIST's. `distort` draws those variations at random, for a whole batch at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.network import DTYPE

SIDE = 28
CENTRE = (SIDE - 1) / 2   # 13.5: rotations and scalings turn about the middle of the field
CHUNK = 128               # images warped at a time: keeps the temporaries in the CPU cache


@dataclass(frozen=True)
class Distortion:
    max_rotation_deg: float = 12.0   # learners rarely write more slanted than this
    max_shear: float = 0.25          # italic-like slant
    max_log_scale: float = 0.12      # +-12% size, separately in x and y (narrow/wide digits)
    max_shift: float = 1.5           # pixels: centre of mass is never computed exactly alike
    thicken: float = 0.3             # fraction of digits drawn with a thicker pen
    thin: float = 0.15               # fraction drawn with a thinner pen


def distort(images, rng: np.random.Generator, d: Distortion = Distortion()) -> np.ndarray:
    """Randomly distorted copies of `images` (n, 784); the input is not changed.

    images: floats in [0, 1], or uint8 pixel bytes 0..255; the copies are
    float32 in [0, 1] either way.

    Each image gets its own rotation, shear, x and y scale and shift (all drawn
    uniformly within `d`'s limits), resampled bilinearly; then a fraction
    `d.thicken` is dilated (thicker pen) and `d.thin` softly eroded (thinner pen).
    The same generator state gives the same images. About 1 s per 60,000 images.
    """
    images = np.asarray(images)
    scale = DTYPE(1 / 255) if images.dtype == np.uint8 else None
    if scale is None:
        images = images.astype(DTYPE, copy=False)
    n = len(images)
    if images.ndim != 2 or images.shape[1] != SIDE * SIDE:
        raise ValueError(f"images should have shape (n, {SIDE * SIDE}), got {images.shape}")
    angle = np.deg2rad(rng.uniform(-d.max_rotation_deg, d.max_rotation_deg, n))
    shear = rng.uniform(-d.max_shear, d.max_shear, n)
    sy, sx = np.exp(rng.uniform(-d.max_log_scale, d.max_log_scale, (2, n)))
    ty, tx = rng.uniform(-d.max_shift, d.max_shift, (2, n))
    pen = rng.random(n)

    # Forward map (row, col) about the centre: rotation @ shear @ scale, one 2x2 per image.
    cos, sin = np.cos(angle), np.sin(angle)
    forward = np.empty((n, 2, 2))
    forward[:, 0, 0] = sy * cos
    forward[:, 0, 1] = sx * (-sin + shear * cos)
    forward[:, 1, 0] = sy * sin
    forward[:, 1, 1] = sx * (cos + shear * sin)
    # Inverse map: for every output pixel, where to read in the source image.
    inverse = np.linalg.inv(forward).astype(DTYPE)

    out = np.empty((n, SIDE, SIDE), DTYPE)
    for start in range(0, n, CHUNK):
        part = slice(start, start + CHUNK)
        chunk = images[part] if scale is None else images[part] * scale
        out[part] = _warp(chunk, inverse[part], ty[part], tx[part])

    thick = pen < d.thicken
    thin = (pen >= d.thicken) & (pen < d.thicken + d.thin)
    if thick.any():
        out[thick] = _cross_filter(out[thick], np.maximum)
    if thin.any():
        # Soft thinning: blend with an erosion so that thin strokes do not vanish.
        out[thin] = 0.5 * out[thin] + 0.5 * _cross_filter(out[thin], np.minimum)
    np.clip(out, 0.0, 1.0, out=out)
    return out.reshape(n, SIDE * SIDE)


def _warp(images, inverse, ty, tx) -> np.ndarray:
    """Bilinear resampling of (n, 784) images at inverse @ (out - centre - shift) + centre.

    Outside the image counts as black. Each output pixel reads the 2x2 block of
    source pixels around its source point in one go from `blocks`, which holds
    every pixel's 2x2 block (of the image with a black border: 1 pixel at the
    top and left, 2 at the bottom and right).
    """
    n = len(images)
    padded = np.zeros((n, SIDE + 3, SIDE + 3), DTYPE)
    padded[:, 1:SIDE + 1, 1:SIDE + 1] = images.reshape(n, SIDE, SIDE)
    p = SIDE + 2
    blocks = np.empty((n, p, p, 4), DTYPE)
    blocks[..., 0] = padded[:, :-1, :-1]
    blocks[..., 1] = padded[:, :-1, 1:]
    blocks[..., 2] = padded[:, 1:, :-1]
    blocks[..., 3] = padded[:, 1:, 1:]

    offsets = np.arange(SIDE, dtype=DTYPE) - DTYPE(CENTRE)
    out_r = offsets[None, :, None] - ty.astype(DTYPE)[:, None, None]   # (n, 28, 1)
    out_c = offsets[None, None, :] - tx.astype(DTYPE)[:, None, None]   # (n, 1, 28)
    inv = inverse[:, :, :, None, None]
    # + 1 for the border: source row/col in padded coordinates, kept in the black border
    src_r = inv[:, 0, 0] * out_r + inv[:, 0, 1] * out_c + DTYPE(CENTRE + 1)
    src_c = inv[:, 1, 0] * out_r + inv[:, 1, 1] * out_c + DTYPE(CENTRE + 1)
    np.clip(src_r, 0, SIDE + 1, out=src_r)
    np.clip(src_c, 0, SIDE + 1, out=src_c)
    r0, c0 = src_r.astype(np.int32), src_c.astype(np.int32)
    src_r -= r0   # now the fractional parts
    src_c -= c0
    index = (np.arange(n, dtype=np.int32) * (p * p))[:, None, None] + r0 * p + c0
    q = blocks.reshape(-1, 4)[index]   # (n, 28, 28, 4): top-left, top-right, bottom-left, bottom-right
    top = q[..., 0] + src_c * (q[..., 1] - q[..., 0])
    bottom = q[..., 2] + src_c * (q[..., 3] - q[..., 2])
    return top + src_r * (bottom - top)


def _cross_filter(grid: np.ndarray, pick) -> np.ndarray:
    """Max (pick=np.maximum: dilation) or min (erosion) over each pixel and its 4 neighbours.

    Pixels beyond the edge are left out (as scipy.ndimage's grey_dilation/erosion).
    """
    out = grid.copy()
    pick(out[:, 1:], grid[:, :-1], out=out[:, 1:])
    pick(out[:, :-1], grid[:, 1:], out=out[:, :-1])
    pick(out[:, :, 1:], grid[:, :, :-1], out=out[:, :, 1:])
    pick(out[:, :, :-1], grid[:, :, 1:], out=out[:, :, :-1])
    return out
