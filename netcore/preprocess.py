"""From a drawing or a photo to the network's 784 inputs, the way MNIST was made.

MNIST's digits were cropped to their ink, scaled (with anti-aliasing) so the
longer side is 20 pixels, put in a 28x28 black field and moved so their centre
of mass sits in the middle. `to_mnist` does the same to a drawing, after
redrawing it with a pen of MNIST's widths if its strokes are bolder or thinner
than MNIST's (netcore.stroke: a digit drawn small with the canvas' fixed pen
would otherwise come out much bolder than MNIST's),
`preprocess_steps` returns every picture on the way, and `from_photo` turns a
photo of dark ink on light paper into white ink on black first.

Input pictures are numpy arrays HxW (gray), HxWx3 (RGB) or HxWx4 (RGBA), white
ink on black. Values: uint8 is 0..255 and bool is 0/1; any other real dtype is
read as 0..1 if its largest value is at most 1, else as 0..255 (beyond clips).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from netcore import stroke
from netcore.stroke import MNIST_RANGE

DTYPE = np.float32

SIDE = 28          # MNIST images are 28x28 ...
FIT = 20           # ... with the digit's longer side scaled to 20 pixels.
PEN_SIDE = 3 * FIT  # the cropped ink is redrawn with MNIST's pen at this longer side
# Measured on MNIST's 60,000 training images (row, col as ndimage.center_of_mass):
# the centre of mass averages (13.996, 14.007), spread evenly over [13.5, 14.5),
# as MNIST moved digits by whole pixels. We shift by fractions of a pixel to
# exactly (14, 14): whole pixels would rebuild MNIST's images exactly, but make
# a redrawn digit jump by a pixel (correlation down to 0.64 between two sizes
# of one digit, against 0.92), for a slight blur (mean |error| 0.027 vs MNIST).
CENTER = (14.0, 14.0)
# Ink below this (on 0..1, about 13/255) neither counts towards the bounding box
# nor makes a picture non-blank: it skips anti-aliasing fuzz and sensor noise.
INK_THRESHOLD = 0.05
MAX_PIXELS = 40_000_000
LUMA = np.array([0.299, 0.587, 0.114], dtype=DTYPE)  # ITU-R BT.601, as PIL's "L" mode


@dataclass(frozen=True)
class PreprocessSteps:
    """Every picture from input to network input (float32 in [0, 1]).

    ink: HxW, the full-size ink. bbox: (top, bottom, left, right), half-open
    like slices, so cropped == ink[top:bottom, left:right]. evened: cropped
    scaled to a longer side of PEN_SIDE and, if its strokes are bolder or
    thinner than MNIST's, redrawn with a pen of MNIST's range of widths
    (netcore.stroke.with_pen), cropped to its ink; stroke_width: its strokes'
    width before and after, as pixels of the 20-pixel digit (equal if left as
    drawn; both None with pen=None). fitted: evened if redrawn, else cropped,
    scaled so its longer side is 20, e.g. 20x12. placed: 28x28, fitted pasted
    in the middle. center_of_mass: (row, col) of placed. shift: (drow, dcol)
    taking it to CENTER. final: 28x28, what to_mnist returns (reshaped to 784).
    """
    ink: np.ndarray
    bbox: tuple[int, int, int, int]
    cropped: np.ndarray
    evened: np.ndarray | None
    stroke_width: tuple[float, float] | None
    fitted: np.ndarray
    placed: np.ndarray
    center_of_mass: tuple[float, float]
    shift: tuple[float, float]
    final: np.ndarray


def check_image(image) -> np.ndarray:
    """`image` as a real-valued HxW, HxWx3 or HxWx4 array, or a ValueError saying what is wrong."""
    try:
        arr = np.asarray(image)
    except (TypeError, ValueError) as err:
        raise ValueError(f"image must be a numeric array, could not convert it: {err}") from None
    if arr.dtype.kind not in "biuf":  # bool, signed, unsigned, float
        raise ValueError(f"image must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise ValueError(f"image must be HxW (gray), HxWx3 (RGB) or HxWx4 (RGBA), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"image is empty, shape {arr.shape}")
    if arr.shape[0] * arr.shape[1] > MAX_PIXELS:
        raise ValueError(f"image has {arr.shape[0] * arr.shape[1]:,} pixels, over {MAX_PIXELS:,}")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ValueError("image contains NaN or infinite values")
    return arr


def _full_value(arr: np.ndarray) -> float:
    """The value meaning full ink (or opaque): see the module docstring."""
    if arr.dtype == np.uint8:
        return 255.0
    return 1.0 if arr.dtype == np.bool_ or arr.max() <= 1 else 255.0


def _alpha_is_ink(arr: np.ndarray, full: float, box) -> bool:
    """True for black strokes on a transparent canvas (see ink()); `box` holds all visible pixels."""
    if arr.ndim != 3 or arr.shape[2] != 4 or arr[..., 3].min() > 0:
        return False
    visible = arr[box][..., 3] >= INK_THRESHOLD * full
    return bool(visible.any()) and not arr[box][..., :3][visible].any()


def ink(arr: np.ndarray, full: float, alpha_is_ink: bool) -> np.ndarray:
    """Ink in [0, 1] (float32, HxW) of a checked image or any rectangle of one.

    Gray: value / full. RGB: luminance 0.299 R + 0.587 G + 0.114 B. RGBA:
    luminance * alpha, so a transparent pixel is background whatever its colour
    (canvases leave transparent white or black where nothing was drawn). But if
    some pixel is fully transparent and every visible one (alpha >=
    INK_THRESHOLD) is black, these are black strokes on a transparent canvas
    and the ink is alpha alone (`alpha_is_ink`). Opaque black has no ink.
    """
    arr = arr.astype(DTYPE, copy=False)
    if arr.ndim == 2:
        out = arr * DTYPE(1 / full)
    elif alpha_is_ink:
        out = arr[..., 3] * DTYPE(1 / full)
    else:
        out = arr[..., :3] @ (LUMA / DTYPE(full))
        if arr.shape[2] == 4:
            out *= arr[..., 3] * DTYPE(1 / full)
    return np.clip(out, 0, 1, out=out)


def _bbox(mask: np.ndarray):
    """(top, bottom, left, right), half-open, of the True pixels, or None if there are none."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def fit(cropped: np.ndarray, side: int = FIT) -> np.ndarray:
    """Scale so the longer side is `side` pixels (FIT, 20), keeping the aspect ratio.

    Shrinking uses BOX, each output pixel the mean of the pixels it covers, like
    a scanner (on MNIST digits blown up 10x and brought back it came closest:
    mean |error| 0.027, Lanczos 0.030, bilinear 0.036). Enlarging is bilinear,
    smooth without overshoot: a small dot becomes a 20x20 blob.
    """
    h, w = cropped.shape
    scale = side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))  # PIL wants (width, height)
    resample = Image.Resampling.BOX if scale <= 1 else Image.Resampling.BILINEAR
    return resized(cropped, size, resample)


def resized(picture: np.ndarray, size: tuple[int, int], resample) -> np.ndarray:
    """A float picture in [0, 1] resampled by PIL to size (width, height), kept in [0, 1]."""
    image = Image.fromarray(np.ascontiguousarray(picture, dtype=np.float32))  # PIL mode "F"
    return np.clip(np.asarray(image.resize(size, resample)), 0, 1)


def center_of_mass(picture: np.ndarray) -> tuple[float, float]:
    """(row, col) of the ink's centre of mass, in pixel-index coordinates."""
    total, picture = picture.sum(dtype=np.float64), picture.astype(np.float64)
    return (float(picture.sum(axis=1) @ np.arange(picture.shape[0]) / total),
            float(picture.sum(axis=0) @ np.arange(picture.shape[1]) / total))


def repen(cropped: np.ndarray, pen=MNIST_RANGE) -> tuple[np.ndarray, tuple[float, float]]:
    """The cropped ink at a longer side of PEN_SIDE, redrawn (netcore.stroke.with_pen) if its
    strokes are not `pen` of that side wide (a share, or a range of shares: MNIST's unless
    told), cropped to its ink; and its strokes' width before and after, as pixels of the
    FIT-pixel digit (equal when it was left as drawn).

    Done at a longer side of PEN_SIDE (60): fine enough to move an edge by a
    fraction of a final pixel, small enough to take well under a millisecond.
    """
    evened, before, after = stroke.with_pen(fit(cropped, PEN_SIDE), pen)
    top, bottom, left, right = _bbox(evened >= INK_THRESHOLD)
    return evened[top:bottom, left:right], (before * FIT, after * FIT)


def _steps(image, keep_full_ink: bool, pen: float | None) -> PreprocessSteps | None:
    """The one pipeline behind to_mnist and preprocess_steps (pen: see to_mnist).

    For speed, ink() runs only on a rough box found from a cheap upper bound of
    the ink in the input's own values: gray itself, or alpha for RGBA (ink <=
    alpha in both of ink()'s rules); RGB has none. The full-size ink is made
    only for showing.
    """
    arr = check_image(image)
    full = _full_value(arr)
    rough = (0, arr.shape[0], 0, arr.shape[1])
    if arr.ndim == 2 or arr.shape[2] == 4:
        rough = _bbox((arr if arr.ndim == 2 else arr[..., 3]) >= INK_THRESHOLD * full)
        if rough is None:
            return None
    box = (slice(rough[0], rough[1]), slice(rough[2], rough[3]))
    alpha_is_ink = _alpha_is_ink(arr, full, box)
    region = ink(arr[box], full, alpha_is_ink)
    inner = _bbox(region >= INK_THRESHOLD)
    if inner is None:
        return None
    top, bottom, left, right = inner
    cropped = region[top:bottom, left:right]
    bbox = (rough[0] + top, rough[0] + bottom, rough[2] + left, rough[2] + right)

    evened, width = (None, None) if pen is None else repen(cropped, pen)
    fitted = fit(cropped if evened is None or width[0] == width[1] else evened)
    (h, w), placed = fitted.shape, np.zeros((SIDE, SIDE), DTYPE)
    top, left = (SIDE - h) // 2, (SIDE - w) // 2  # fitted in the middle of a black field
    placed[top:top + h, left:left + w] = fitted
    com = center_of_mass(placed)
    shift = (CENTER[0] - com[0], CENTER[1] - com[1])
    # Linear interpolation moves the centre of mass by exactly `shift`, unless
    # ink leaves the field (as in MNIST, a very lopsided digit may lose an edge).
    final = ndimage.shift(placed, shift, order=1, mode="constant", cval=0.0)
    np.clip(final, 0, 1, out=final)
    full_ink = ink(arr, full, alpha_is_ink) if keep_full_ink else region
    return PreprocessSteps(full_ink, bbox, cropped, evened, width, fitted, placed, com, shift, final)


def preprocess_steps(image, pen=MNIST_RANGE) -> PreprocessSteps | None:
    """Every intermediate picture of to_mnist, or None for a blank image (no ink >= INK_THRESHOLD)."""
    return _steps(image, keep_full_ink=True, pen=pen)


def to_mnist(image, pen=MNIST_RANGE) -> np.ndarray | None:
    """The network's input for a picture: (784,) float32 in [0, 1], row-major 28x28.

    image: HxW, HxWx3 or HxWx4 (see ink() for colour and alpha), white ink on
    black, any size. None for a blank image; ValueError for a non-picture.
    pen: the strokes' width, as a share of the digit's longer side (netcore.stroke):
    a drawing whose strokes are outside this range (MNIST's tenth to ninetieth
    percentiles unless told; one number is a range of one) is redrawn to the
    nearer end; None leaves every drawing as drawn, as MNIST itself was made.
    """
    steps = _steps(image, keep_full_ink=False, pen=pen)
    return None if steps is None else steps.final.reshape(SIDE * SIDE)


PHOTO_SIDE = 512         # photos are shrunk to this longer side: plenty for a 20-pixel digit
BORDER = 0.05            # the outer 5% of each side of a photo is taken to be paper
NOISE_SIGMAS = 4.0       # paper brighter than its median by this many noise sigmas is still paper
MIN_CONTRAST = 0.15      # ink must differ from paper by this much (0..1), else the photo is blank
SPECK = 0.05             # ink blobs under this fraction of the largest blob's area are dirt


def from_photo(image) -> np.ndarray:
    """A photo of dark ink on light paper as white ink on black: 2D float32 in [0, 1].

    1. Gray: luminance, with any alpha composited over white paper. Shrunk
       (averaging, BOX) to at most PHOTO_SIDE pixels on the longer side and
       3x3 median filtered: both remove sensor noise and specks, which would
       otherwise stretch the ink's bounding box over the whole photo.
    2. The border (outer 5% of each side) is paper; if its median is light
       (> 0.5) the picture is inverted so ink is bright (chalk on a dark
       board is left as it is).
    3. Paper level = border median + NOISE_SIGMAS robust sigmas (1.4826 x
       median absolute deviation) maps to 0, the brightest ink (99.9th
       percentile) to 1, clipped.
    4. Ink blobs (8-connected, >= INK_THRESHOLD) smaller than SPECK times the
       largest are dirt or noise, and are cleared.
    Less than MIN_CONTRAST between paper and ink (e.g. blank paper) gives all
    zeros, which to_mnist calls blank. Shadows darker than the border may show as ink.
    """
    arr = check_image(image)
    full = _full_value(arr)
    gray = ink(arr[..., :3] if arr.ndim == 3 else arr, full, alpha_is_ink=False)
    if arr.ndim == 3 and arr.shape[2] == 4:
        alpha = arr[..., 3].astype(DTYPE) / DTYPE(full)
        gray = gray * alpha + (1 - alpha)
    h, w = gray.shape
    if max(h, w) > PHOTO_SIDE:
        scale = PHOTO_SIDE / max(h, w)
        h, w = max(1, round(h * scale)), max(1, round(w * scale))
        gray = np.asarray(Image.fromarray(gray).resize((w, h), Image.Resampling.BOX))
    gray = ndimage.median_filter(gray, size=3, mode="mirror")  # mirror: no doubled edge pixels
    bh, bw = max(1, round(h * BORDER)), max(1, round(w * BORDER))
    border = np.concatenate([gray[:bh].ravel(), gray[-bh:].ravel(),
                             gray[:, :bw].ravel(), gray[:, -bw:].ravel()])
    if np.median(border) > 0.5:
        gray, border = 1 - gray, 1 - border
    paper = np.median(border)
    paper += NOISE_SIGMAS * 1.4826 * np.median(np.abs(border - paper))
    top = np.percentile(gray, 99.9)
    if top - paper < MIN_CONTRAST:
        return np.zeros_like(gray)
    out = np.clip((gray - paper) / DTYPE(top - paper), 0, 1).astype(DTYPE, copy=False)
    blobs, _ = ndimage.label(out >= INK_THRESHOLD, structure=np.ones((3, 3)))  # 8-connected
    area = np.bincount(blobs.ravel())
    area[0] = 0  # label 0 is the paper
    specks = area < SPECK * area.max()
    specks[0] = False
    out[specks[blobs]] = 0
    return out
