"""From the bytes of an uploaded photo to white ink on black, safely, or a sentence saying why not.

Pure Python (PIL, NumPy, netcore): no Streamlit here, so every check can be
unit-tested on bytes. The page's side of uploading is in `ui.lessons.function`.

Uploaded bytes are untrusted. Before anything is decoded we check the size in
bytes, that PIL recognises a PNG or JPEG header, and the pixel count that
header claims (PIL's `Image.open` reads only the header: a "decompression
bomb" is a small file whose header promises billions of pixels). Then the file
is verified, decoded in a try block, turned upright (EXIF orientation) and
converted to 8-bit RGB whatever its mode (palette, alpha, 16-bit, CMYK...).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from netcore.preprocess import from_photo, to_mnist

MAX_BYTES = 5 * 1024 * 1024     # a phone photo of one digit is well under 5 MB
MAX_PIXELS = 25_000_000         # 25 megapixels: more than any phone camera's 4:3 photo needs
MIN_SIDE = 16                   # smaller than this cannot hold a readable digit
WORK_SIDE = 1024                # decoded photos are shrunk to this longer side (from_photo uses 512)
FORMATS = ("PNG", "JPEG")       # the only decoders PIL may try on an upload


@dataclass(frozen=True)
class Upload:
    """The result of reading an uploaded photo.

    photo: the upright picture as (H, W, 3) uint8 RGB, at most WORK_SIDE on
    its longer side, or None if the file could not be read.
    ink: `netcore.preprocess.from_photo(photo)`: white ink on black, float32
    in [0, 1], or None when there is no photo or no ink in it.
    message: "" when `ink` is usable, else a sentence for the learner.
    level: "ok", "warning" (a picture, but no digit found) or "error".
    """
    photo: np.ndarray | None
    ink: np.ndarray | None
    message: str = ""
    level: str = "ok"


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _to_rgb(img: Image.Image) -> Image.Image:
    """Any PIL mode as 8-bit RGB; transparency is laid on white paper."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16-bit (or wider) gray: convert("L") would clip at 255, so scale to the file's range.
        values = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or values.max() > 255 else 255.0
        if img.mode == "F":
            top = max(float(values.max()), 1e-12)
        gray = np.clip(np.round(values / top * 255), 0, 255).astype(np.uint8)
        return Image.fromarray(gray).convert("RGB")
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return img.convert("RGB")


def load_image(data: bytes) -> tuple[np.ndarray | None, str]:
    """Decode an uploaded PNG or JPEG: ((H, W, 3) uint8 RGB, "") or (None, a sentence saying why not).

    The result is upright (EXIF orientation applied) and at most WORK_SIDE
    pixels on its longer side. Nothing larger than MAX_BYTES or MAX_PIXELS is
    ever decoded.
    """
    if not data:
        return None, "The file is empty."
    if len(data) > MAX_BYTES:
        return None, (f"The file is {_megabytes(len(data))}; please upload a picture of at most "
                      f"{_megabytes(MAX_BYTES)} (a photo of one digit needs far less).")
    try:
        img = Image.open(io.BytesIO(data), formats=FORMATS)   # reads the header only
    except Image.DecompressionBombError:
        return None, (f"This picture claims to be enormous (far more than "
                      f"{MAX_PIXELS // 1_000_000} megapixels), so it was not opened.")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None, ("This file is not a PNG or JPEG picture (perhaps another kind of file "
                      "with a picture's name). Please upload a photo saved as PNG or JPEG.")
    width, height = img.size
    if width * height > MAX_PIXELS:
        return None, (f"This picture is {width:,} x {height:,} pixels, more than "
                      f"{MAX_PIXELS // 1_000_000} megapixels; please upload a smaller one.")
    if min(width, height) < MIN_SIDE:
        return None, (f"This picture is only {width} x {height} pixels; a photo of a digit needs "
                      f"at least {MIN_SIDE} x {MIN_SIDE}.")
    try:
        img.verify()                                   # checks the file's structure (PNG: checksums)
        img = Image.open(io.BytesIO(data), formats=FORMATS)   # verify() leaves img unusable
        if img.format == "JPEG":
            img.draft("RGB", (WORK_SIDE, WORK_SIDE))   # let the JPEG decoder shrink by 2, 4 or 8
        img.load()
    except Exception:  # noqa: BLE001 -- any decoder failure on untrusted bytes gets the same answer
        return None, ("This picture seems damaged or cut off (perhaps the upload was incomplete), "
                      "so it could not be read. Please try the file again, or another photo.")
    try:
        img = ImageOps.exif_transpose(img)
    except Exception:  # noqa: BLE001 -- broken EXIF: keep the picture as stored
        pass
    img = _to_rgb(img)
    img.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    return np.asarray(img), ""


@lru_cache(maxsize=8)
def read_photo(data: bytes) -> Upload:
    """Read an uploaded photo of a handwritten digit (dark ink on light paper, or light on dark).

    Cached on the bytes, so a page can call it on every rerun. The arrays
    returned are read-only.
    """
    photo, problem = load_image(data)
    if photo is None:
        return Upload(None, None, problem, "error")
    photo.flags.writeable = False
    ink = from_photo(photo)
    if to_mnist(ink) is None:
        return Upload(photo, None, (
            "No ink was found in this picture: it looks like one even colour. Photograph a digit "
            "written in dark ink on light paper, filling most of the picture."), "warning")
    ink.flags.writeable = False
    return Upload(photo, ink)
