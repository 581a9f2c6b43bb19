"""Pictures drawn in code on the network's 28 x 28 field: anti-aliased straight lines and rings.

Used by /why-layers (the hoped-for edges and loops of a digit) and /function (letters
and a smiley that are not digits). Every function returns per-pixel arrays of shape
(SIDE, SIDE); ink is in [0, 1], fading out over about a pixel at the stroke's edge.
"""

from __future__ import annotations

import numpy as np

from netcore.preprocess import SIDE

ROWS, COLS = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32)   # each pixel's row and column
HALF_WIDTH = 1.2   # pixels either side of a stroke's middle: strokes about as thick as MNIST's


def ink(distance, half_width: float = HALF_WIDTH) -> np.ndarray:
    """Full ink within half_width of the stroke's middle, none a pixel further out."""
    return np.clip(half_width + 0.5 - distance, 0, 1)


def line_geometry(start, end) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel: its distance to the segment start-end ((row, col) points), and how far
    along the segment its nearest point is (0 at start, 1 at end)."""
    (r0, c0), (r1, c1) = start, end
    dr, dc = np.float32(r1 - r0), np.float32(c1 - c0)
    along = np.clip(((ROWS - r0) * dr + (COLS - c0) * dc) / (dr * dr + dc * dc), 0, 1)
    return np.hypot(ROWS - (r0 + along * dr), COLS - (c0 + along * dc)), along


def ring_geometry(centre, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel: its distance to the circle of this radius about centre (row, col), and its
    angle about the centre in radians (0 = to the right, growing downwards, -pi to pi)."""
    cy, cx = centre
    return np.abs(np.hypot(ROWS - cy, COLS - cx) - radius), np.arctan2(ROWS - cy, COLS - cx)


def lines(segments, half_width: float = HALF_WIDTH) -> np.ndarray:
    """Straight strokes, each ((r0, c0), (r1, c1)), drawn on one field."""
    return np.max([ink(line_geometry(a, b)[0], half_width) for a, b in segments], axis=0)


def ring(centre, radius: float, half_width: float = HALF_WIDTH, arc=None) -> np.ndarray:
    """A circle; arc (from, to) in radians (as in ring_geometry) keeps only that part of it."""
    distance, angle = ring_geometry(centre, radius)
    drawn = ink(distance, half_width)
    if arc is not None:
        drawn = drawn * ((angle >= arc[0]) & (angle <= arc[1]))
    return drawn
