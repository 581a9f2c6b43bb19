"""Evaluation sets of digits as a learner would draw them, built from other sources.

Kept apart from netcore on purpose: the pen drawn here (a round pen of fixed
width along a traced centre line, anti-aliased, like the app's canvas) is
written independently of netcore.stroke, which evens strokes out inside
`to_mnist`, so the benchmark does not test the code with itself.

Every builder takes a seed and returns (pictures, labels): pictures are what
the app would receive (280 x 280 uint8 gray, white ink on black), labels the
digits. Nothing here is used in training.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

CANVAS = 280        # the app's drawing canvas, in pixels
APP_PEN = 22        # ui/canvas.py PEN_WIDTH: the pen a learner draws with
PENS = {"thin pen (10 px)": 10, "the app's pen (22 px)": APP_PEN, "thick pen (34 px)": 34}
SIZES = (CANVAS // 3, CANVAS - 14)   # a digit's longer side: a third of the box to nearly all of it


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


# --- the sets ----------------------------------------------------------------------------

def mnist_redrawn(images, labels, n: int, seed: int):
    """n MNIST digits (a seeded pick), each traced once and redrawn with every pen of PENS,
    each time at a random size in SIZES: {pen name: (pictures, labels)}, and the pick."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(images), size=n, replace=False)
    lines = [trace(images[i].reshape(28, 28), 6) for i in pick]
    labels = np.asarray(labels)[pick]
    sets = {name: (np.stack([draw_with_pen(ln, pen, rng.uniform(*SIZES), rng) for ln in lines]),
                   labels) for name, pen in PENS.items()}
    return sets, pick


def uci_digits():
    """scikit-learn's copy of the UCI 8 x 8 handwritten digits (1,797, by 43 other writers),
    as values in [0, 1]."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.images.astype(np.float32) / 16, d.target


def uci_enlarged(seed: int):
    """Each 8 x 8 UCI digit enlarged (bilinear) to a random size in SIZES on the canvas."""
    rng = np.random.default_rng(seed)
    images, labels = uci_digits()
    pictures = []
    for image in images:
        side = int(rng.uniform(*SIZES))
        big = np.asarray(Image.fromarray(image).resize((side, side), Image.Resampling.BILINEAR))
        top, left = rng.integers(0, CANVAS - side + 1, 2)
        canvas = np.zeros((CANVAS, CANVAS), np.uint8)
        canvas[top:top + side, left:left + side] = np.rint(np.clip(big, 0, 1) * 255)
        pictures.append(canvas)
    return np.stack(pictures), labels


def uci_redrawn(seed: int):
    """Each UCI digit traced (enlarged 8 times first) and redrawn with the app's pen."""
    rng = np.random.default_rng(seed)
    images, labels = uci_digits()
    pictures = [draw_with_pen(trace(image, 8), APP_PEN, rng.uniform(*SIZES), rng)
                for image in images]
    return np.stack(pictures), labels


def font_files() -> list[Path]:
    """The machine's TrueType fonts (fc-list), sorted, each once."""
    found = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True).stdout
    paths = {Path(line.split(":")[0].strip()) for line in found.splitlines() if line.strip()}
    return sorted(p for p in paths if p.suffix.lower() in (".ttf", ".otf"))


SLANTS = (-0.15, 0.0, 0.25)   # shear: leaning left, upright, italic-like


def glyph(font: Path, digit: int, slant: float, px: int = 200) -> np.ndarray:
    """One digit of a font as gray ink in [0, 1], sheared by `slant`, cropped to its ink."""
    face = ImageFont.truetype(str(font), px)
    image = Image.new("L", (3 * px, 2 * px), 0)
    ImageDraw.Draw(image).text((px, px // 2), str(digit), fill=255, font=face)
    image = image.transform(image.size, Image.Transform.AFFINE,
                            (1, slant, -slant * px, 0, 1, 0), Image.Resampling.BILINEAR)
    ink = np.asarray(image, dtype=np.float32) / 255
    rows, cols = np.flatnonzero(ink.max(1) > 0.05), np.flatnonzero(ink.max(0) > 0.05)
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def fonts_printed(seed: int):
    """Every font's 10 digits, in each of SLANTS, printed at a random size in SIZES."""
    rng = np.random.default_rng(seed)
    pictures, labels = [], []
    for font in font_files():
        for digit in range(10):
            for slant in SLANTS:
                ink = glyph(font, digit, slant)
                scale = rng.uniform(*SIZES) / max(ink.shape)
                h, w = max(1, round(ink.shape[0] * scale)), max(1, round(ink.shape[1] * scale))
                big = np.asarray(Image.fromarray(ink).resize((w, h), Image.Resampling.BILINEAR))
                top, left = rng.integers(0, CANVAS - h + 1), rng.integers(0, CANVAS - w + 1)
                canvas = np.zeros((CANVAS, CANVAS), np.uint8)
                canvas[top:top + h, left:left + w] = np.rint(np.clip(big, 0, 1) * 255)
                pictures.append(canvas)
                labels.append(digit)
    return np.stack(pictures), np.array(labels)


def fonts_redrawn(seed: int):
    """Every font's digits, in each of SLANTS, traced and redrawn with the app's pen."""
    rng = np.random.default_rng(seed)
    pictures, labels = [], []
    for font in font_files():
        for digit in range(10):
            for slant in SLANTS:
                ink = glyph(font, digit, slant, px=100)
                pictures.append(draw_with_pen(trace(ink, 1), APP_PEN, rng.uniform(*SIZES), rng))
                labels.append(digit)
    return np.stack(pictures), np.array(labels)
