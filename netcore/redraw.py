"""A digit traced to its centre line and drawn again with a round pen, as on the app's canvas.

A learner's drawing is not an MNIST digit: it is a path drawn with a pen of one
width at whatever size the learner chose, and `preprocess.to_mnist` scales it to
MNIST's 20 pixels. To read drawings as well as MNIST's own digits, the default
network also trains on copies of its training digits made that way
(`redrawn_copies`): each digit is thinned to its centre line (`trace`), drawn
again with a round pen of a random width at a random size on the 280-pixel
canvas (`draw_with_pen`), and read back by `to_mnist`, pen step included.
bench/drawn_sets.py draws its evaluation sets with the same pen, from MNIST's
*test* digits and with other pens and seeds.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

CANVAS = 280                          # the app's drawing canvas, in pixels
SIZES = (CANVAS // 3, CANVAS - 14)    # a digit's longer side: a third of the box to nearly all of it
TRAINING_PENS = (8, 36)               # pen widths of the training copies, px (the app's is 22)
PER_SEED = 3                          # copies of every digit per copy seed
REDRAWN_SEEDS = (99, 98)              # the default network's copy seeds: 6 copies of each digit
CHUNK = 10_000                        # digits seeded together: the copies do not depend on `jobs`


# --- tracing: the centre line of a picture's ink -------------------------------------------

def centre_line(mask: np.ndarray) -> np.ndarray:
    """Zhang and Suen's thinning (1984) of a boolean picture: a one-pixel-wide skeleton."""
    img = np.pad(mask.astype(np.uint8), 1)
    while True:
        changed = False
        for first in (True, False):
            p = img
            # neighbours P2..P9, clockwise from the top
            n = [p[:-2, 1:-1], p[:-2, 2:], p[1:-1, 2:], p[2:, 2:],
                 p[2:, 1:-1], p[2:, :-2], p[1:-1, :-2], p[:-2, :-2]]
            b = sum(n)
            a = sum((n[k] == 0) & (n[(k + 1) % 8] == 1) for k in range(8))
            if first:
                c1, c2 = n[0] * n[2] * n[4], n[2] * n[4] * n[6]
            else:
                c1, c2 = n[0] * n[2] * n[6], n[0] * n[4] * n[6]
            delete = (p[1:-1, 1:-1] == 1) & (b >= 2) & (b <= 6) & (a == 1) & (c1 == 0) & (c2 == 0)
            if delete.any():
                img[1:-1, 1:-1][delete] = 0
                changed = True
        if not changed:
            return img[1:-1, 1:-1].astype(bool)


def segments(skeleton: np.ndarray) -> np.ndarray:
    """(k, 2, 2) line segments (row, col) joining 8-connected skeleton pixels, each pair once;
    a lone pixel is a segment of length 0."""
    r, c = np.nonzero(skeleton)
    on = set(zip(r.tolist(), c.tolist()))
    out = []
    for y, x in on:
        alone = True
        for dy, dx in ((0, 1), (1, -1), (1, 0), (1, 1), (0, -1), (-1, -1), (-1, 0), (-1, 1)):
            if (y + dy, x + dx) in on:
                alone = False
                if (dy, dx) in ((0, 1), (1, -1), (1, 0), (1, 1)):
                    out.append(((y, x), (y + dy, x + dx)))
        if alone:
            out.append(((y, x), (y, x)))
    return np.array(sorted(out), dtype=float).reshape(-1, 2, 2)


def trace(picture: np.ndarray, upscale: int) -> np.ndarray:
    """Segments of the centre line of a gray picture in [0, 1], enlarged `upscale` times
    (bilinear) and cut at half its brightest ink first, so thin strokes are traced smoothly."""
    h, w = picture.shape
    big = np.asarray(Image.fromarray(picture.astype(np.float32)).resize(
        (w * upscale, h * upscale), Image.Resampling.BILINEAR))
    return segments(centre_line(big >= 0.5 * big.max()))


def draw_with_pen(lines: np.ndarray, pen: float, side: float, rng: np.random.Generator,
                  canvas: int = CANVAS) -> np.ndarray:
    """A canvas x canvas uint8 picture of `lines` drawn with a round pen `pen` pixels wide,
    scaled so the ink's longer side is `side` px, at a random place (anti-aliased edges)."""
    pts = lines.reshape(-1, 2)
    lo, extent = pts.min(0), max(np.ptp(pts, 0).max(), 1e-9)
    scale = max(side - pen, 1.0) / extent
    span = np.ptp(pts, 0) * scale + pen
    where = rng.uniform(0, np.maximum(canvas - span, 0)) + pen / 2
    at = (lines - lo) * scale + where                    # (k, 2, 2) canvas (row, col)
    path = Image.new("1", (canvas, canvas), 0)
    draw = ImageDraw.Draw(path)
    for (r0, c0), (r1, c1) in at:
        draw.line([(c0, r0), (c1, r1)], fill=1, width=1)
    on = np.asarray(path)
    rows, cols = np.flatnonzero(on.any(1)), np.flatnonzero(on.any(0))
    reach = int(pen / 2) + 2   # the pen's ink lies within this of the path
    box = (slice(max(rows[0] - reach, 0), rows[-1] + reach + 1),
           slice(max(cols[0] - reach, 0), cols[-1] + reach + 1))
    distance = ndimage.distance_transform_edt(~on[box])
    out = np.zeros((canvas, canvas), np.uint8)
    out[box] = np.rint(np.clip(pen / 2 + 0.5 - distance, 0, 1) * 255)
    return out


# --- the training copies -------------------------------------------------------------------

def redrawn_chunk(images: np.ndarray, start: int, seeds, per_seed: int = PER_SEED) -> np.ndarray:
    """(per_seed * len(seeds), len(images), 784) uint8: the digits `images` (floats in [0, 1],
    the chunk that begins at digit `start`) each traced once and, for each seed, drawn
    `per_seed` times with a random pen from TRAINING_PENS at a random size from SIZES (drawn
    by the generator seeded (seed, start)), each read back by to_mnist."""
    from netcore.preprocess import to_mnist

    rngs = [np.random.default_rng([seed, start]) for seed in seeds]
    out = np.zeros((len(seeds), per_seed, len(images), 784), np.uint8)
    for j, image in enumerate(images):
        lines = trace(np.reshape(image, (28, 28)), 6)
        for i, rng in enumerate(rngs):
            for k in range(per_seed):
                pen = rng.uniform(*TRAINING_PENS)
                x = to_mnist(draw_with_pen(lines, pen, rng.uniform(*SIZES), rng))
                if x is not None:
                    out[i, k, j] = np.rint(x * 255)
    return out.reshape(len(seeds) * per_seed, len(images), 784)


def redrawn_copies(images, seeds=REDRAWN_SEEDS, per_seed: int = PER_SEED, jobs: int | None = None,
                   chunk: int = CHUNK) -> np.ndarray:
    """(per_seed * len(seeds), n, 784) uint8 redrawn copies of every digit of `images`
    (n, 784) floats in [0, 1], seed after seed: chunks of `chunk` digits, each drawn by
    generators seeded (seed, its first digit), so the same seeds give the same copies
    however many `jobs` (processes; default: one per CPU) share the work. About 2 ms a
    copy and 5 ms a digit's tracing on one core."""
    images = np.asarray(images)
    seeds = tuple(seeds)
    starts = range(0, len(images), chunk)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(starts)))
    if jobs == 1:
        parts = [redrawn_chunk(images[s:s + chunk], s, seeds, per_seed) for s in starts]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            futures = [pool.submit(redrawn_chunk, images[s:s + chunk], s, seeds, per_seed) for s in starts]
            parts = [f.result() for f in futures]
    if not parts:
        return np.zeros((per_seed * len(seeds), 0, 784), np.uint8)
    return np.concatenate(parts, axis=1)
