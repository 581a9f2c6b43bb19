"""How wide a digit's strokes are, and the same digit drawn with a pen of MNIST's width.

A pen of fixed width gives thick strokes to a digit drawn small and thin ones
to a digit drawn large, once `preprocess.to_mnist` scales it so its longer
side is 20 pixels. MNIST's writers used pens too, but their digits were
scanned at the size they were written, so their strokes are a similar share
of the digit's size. `with_pen` redraws a picture whose strokes are bolder or
thinner than most of MNIST's (MNIST_RANGE) to that range: every edge of the
ink moves in or out by the same distance, which is exactly what a round pen of
another width drawn along the same path would have given.

Widths are measured on the ink's outline (ink >= half its brightest value):
for a stroke of width w the mean distance from its pixels to the background
is w / 4 (plus half a pixel, as distances are counted from pixel centres),
whatever the stroke's length or shape.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

# The median stroke width of MNIST's 60,000 training digits, as a share of the
# digit's longer side (the same measurement as `with_pen` makes, on each digit
# cropped to its ink and enlarged to preprocess.PEN_SIDE, 60 pixels): 0.1245,
# 2.5 pixels of a 20-pixel digit. Quartiles 0.105 and 0.148, tenth and
# ninetieth percentiles 0.090 and 0.175.
MNIST_WIDTH = 0.125
# Strokes within MNIST's tenth to ninetieth percentiles are left as drawn; a
# drawing outside is redrawn to the nearer end (to_mnist's default).
MNIST_RANGE = (0.090, 0.175)


def _padded(picture: np.ndarray, n: int) -> np.ndarray:
    """`picture` inside a border of n zeros (np.pad, without its overhead on small pictures)."""
    out = np.zeros((picture.shape[0] + 2 * n, picture.shape[1] + 2 * n), picture.dtype)
    out[n:n + picture.shape[0], n:n + picture.shape[1]] = picture
    return out


def _distance_to_background(mask: np.ndarray) -> np.ndarray:
    """Each pixel's distance to the nearest pixel outside `mask` (beyond the edge counts as outside)."""
    return ndimage.distance_transform_edt(_padded(mask, 1))[1:-1, 1:-1]


def width(mask: np.ndarray, inside: np.ndarray | None = None) -> float:
    """The mean stroke width of a boolean picture's True pixels, in pixels (0 if none).

    inside: _distance_to_background(mask), if already worked out.
    """
    if not mask.any():
        return 0.0
    inside = _distance_to_background(mask) if inside is None else inside
    return float(4 * (inside[mask].mean() - 0.5))


def with_pen(picture: np.ndarray, share=MNIST_RANGE) -> tuple[np.ndarray, float, float]:
    """`picture` (2D, ink in [0, 1], cropped to its ink) redrawn so that its strokes are `share`
    of its longer side: (new picture, float32 in [0, 1], with a black border; share before; after).

    share: one number, or (lowest, highest): strokes already within are left as they are
    (the picture itself is returned), others are redrawn to the nearer end.

    The edge moves out (thicker) or in (thinner) by d pixels, the same all round: a stroke
    of width w in a digit of longer side s becomes w + 2d wide and the digit s + 2d long,
    so d = (share * s - w) / (2 (1 - share)). Thinning stops at half the old width, so that
    no stroke vanishes (nor a photo's thinner strokes, as w is a mean), and a digit drawn
    small with a thick pen, its holes filled in, stays bolder (read better so, measured). A pixel's cover is its signed distance to the edge plus d + 1/2,
    cut to [0, 1]; on the edge itself the distance is read from the gray value (ink 0.5
    lies on the edge), so the drawing's anti-aliasing moves with the edge. Thinning keeps
    the smaller of ink and cover (ink is only taken away, d = 0 changes nothing),
    thickening the larger (the added ink is full, as a pen's).
    """
    side = max(picture.shape)
    gray = picture / picture.max()
    mask = gray >= 0.5
    inside = _distance_to_background(mask)
    w = width(mask, inside)
    lowest, highest = (share, share) if np.isscalar(share) else share
    share = min(max(w / side, lowest), highest)
    if share == w / side:
        return picture, share, share
    move = (share * side - w) / (2 * (1 - share))
    move = float(np.clip(move, -w / 4, side / 8))
    border = int(np.ceil(max(move, 0))) + 1
    mask, inside, gray = _padded(mask, border), _padded(inside, border), _padded(gray, border)
    signed = np.where(inside > 1, inside - 0.5, gray - 0.5)   # inside; on the edge; outside
    if move > 0:   # only then does the ink reach beyond the pixels next to the old edge
        outside = ndimage.distance_transform_edt(~mask)
        signed = np.where(outside > 1, 0.5 - outside, signed)
    cover = np.clip(signed + move + 0.5, 0, 1)
    out = (np.maximum if move > 0 else np.minimum)(gray, cover).astype(np.float32)
    return out, w / side, (w + 2 * move) / (side + 2 * move)
