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
from scipy import ndimage

from netcore.network import DTYPE


@dataclass(frozen=True)
class Distortion:
    max_rotation_deg: float = 12.0   # learners rarely write more slanted than this
    max_shear: float = 0.25          # italic-like slant
    max_log_scale: float = 0.12      # +-12% size, separately in x and y (narrow/wide digits)
    max_shift: float = 1.5           # pixels: centre of mass is never computed exactly alike
    thicken: float = 0.3             # fraction of digits drawn with a thicker pen
    thin: float = 0.15               # fraction drawn with a thinner pen


def distort(images, rng: np.random.Generator, d: Distortion = Distortion()) -> np.ndarray:
    """Randomly distorted copies of `images` (n, 784) in [0, 1]; the input is not changed."""
    images = np.asarray(images, dtype=DTYPE)
    n = len(images)
    grid = images.reshape(n, 28, 28)

    angle = np.deg2rad(rng.uniform(-d.max_rotation_deg, d.max_rotation_deg, n))
    shear = rng.uniform(-d.max_shear, d.max_shear, n)
    sy, sx = np.exp(rng.uniform(-d.max_log_scale, d.max_log_scale, (2, n)))
    ty, tx = rng.uniform(-d.max_shift, d.max_shift, (2, n))

    # Inverse map: for every output pixel, where to read in the source image.
    cos, sin = np.cos(angle), np.sin(angle)
    # (n, 2, 2): rotation @ shear @ scale, inverted by solving per image
    forward = np.empty((n, 2, 2))
    forward[:, 0, 0] = sy * cos
    forward[:, 0, 1] = sx * (-sin + shear * cos)
    forward[:, 1, 0] = sy * sin
    forward[:, 1, 1] = sx * (cos + shear * sin)
    inverse = np.linalg.inv(forward)

    centre = 13.5
    rows, cols = np.mgrid[0:28, 0:28].astype(np.float64)
    out_r = rows[None] - centre - ty[:, None, None]          # (n, 28, 28)
    out_c = cols[None] - centre - tx[:, None, None]
    src_r = inverse[:, 0, 0, None, None] * out_r + inverse[:, 0, 1, None, None] * out_c + centre
    src_c = inverse[:, 1, 0, None, None] * out_r + inverse[:, 1, 1, None, None] * out_c + centre
    index = np.broadcast_to(np.arange(n)[:, None, None], src_r.shape)
    warped = ndimage.map_coordinates(grid, [index, src_r, src_c], order=1, mode="constant")

    choice = rng.random(n)
    thick = choice < d.thicken
    thin = (choice >= d.thicken) & (choice < d.thicken + d.thin)
    if thick.any():
        warped[thick] = ndimage.grey_dilation(warped[thick], footprint=_CROSS[None])
    if thin.any():
        # Soft thinning: blend with an erosion so that thin strokes do not vanish.
        eroded = ndimage.grey_erosion(warped[thin], footprint=_CROSS[None])
        warped[thin] = 0.5 * warped[thin] + 0.5 * eroded
    return np.clip(warped, 0.0, 1.0).reshape(n, 784).astype(DTYPE, copy=False)


_CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
