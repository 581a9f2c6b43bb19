"""Evaluation sets of digits as a learner would draw them, built from other sources.

The pen is netcore.redraw's (a round pen of fixed width along a traced centre
line, anti-aliased, like the app's canvas), the one the default network's
training copies are drawn with, from MNIST's *training* digits and with random
pens from 8 to 36 px: so the redrawn MNIST test digits are partly what the
network trained on, and the UCI digits and the fonts (other writers, other
sources) are the independent check. Neither is drawn by netcore.stroke, which
evens strokes out inside `to_mnist`.

Every builder takes a seed and returns (pictures, labels): pictures are what
the app would receive (280 x 280 uint8 gray, white ink on black), labels the
digits. Nothing here is used in training.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from netcore.redraw import CANVAS, SIZES, draw_with_pen, trace   # the training copies' pen

APP_PEN = 22        # ui/canvas.py PEN_WIDTH: the pen a learner draws with
PENS = {"thin pen (10 px)": 10, "the app's pen (22 px)": APP_PEN, "thick pen (34 px)": 34}


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
