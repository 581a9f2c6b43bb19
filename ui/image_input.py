"""Untrusted picture bytes from the browser: an uploaded photo, or the canvas' PNG.

Pure Python (PIL, NumPy, netcore): no Streamlit here, so every check can be
unit-tested on bytes; a refusal is a netcore.messages.Message, which the page shows in
the learner's language. The page's side of uploading is in `ui.lessons.function`.

Uploaded bytes are untrusted, and memory is what a small file can cost: a
58 KB PNG can unpack to 5000 x 5000 16-bit pixels. So before anything is
decoded we check the size in bytes, that PIL recognises a PNG or JPEG header,
and the pixel count that header claims (PIL's `Image.open` reads only the
header). A JPEG is decoded at reduced size (`draft`: libjpeg scales by 1/2,
1/4 or 1/8 while decoding); a PNG is decoded whole, which is what MAX_PIXELS
bounds, then at once reduced to WORK_SIDE. Only then is it turned upright
(EXIF orientation) and converted to 8-bit RGB, so nothing is ever converted at
full size, and no float array is larger than WORK_SIDE x WORK_SIDE.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import threading
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from netcore.messages import N_, Message
from netcore.preprocess import from_photo, to_mnist

MAX_BYTES = 5 * 1024 * 1024     # a phone photo of one digit is well under 5 MB
MAX_PIXELS = 12_500_000         # a 12 MP phone photo (4032 x 3024) fits; a PNG is decoded whole:
                                # up to 50 MB (4 bytes a pixel), twice that while it is reduced
MIN_SIDE = 16                   # smaller than this cannot hold a readable digit
WORK_SIDE = 1024                # decoded photos are shrunk to this longer side (from_photo uses 512)
FORMATS = ("PNG", "JPEG")       # the only decoders PIL may try on an upload
# Full-size decodes at once, server-wide: learners uploading together wait a moment
# (a decode takes well under a second) rather than each adding up to 100 MB.
DECODING = threading.BoundedSemaphore(2)
# PIL warns (once per picture) above 89 megapixels; every check here refuses far smaller
# pictures from their headers, so the warning only fills the server log. Set once, at import:
# warnings.catch_warnings around each open would change the process's filters from many
# sessions' threads at once.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


@dataclass(frozen=True)
class Upload:
    """The result of reading an uploaded photo.

    photo: the upright picture as (H, W, 3) uint8 RGB, at most WORK_SIDE on
    its longer side, or None if the file could not be read.
    ink: `netcore.preprocess.from_photo(photo)`: white ink on black, float32
    in [0, 1], or None when there is no photo or no ink in it.
    message: "" when `ink` is usable, else a sentence for the learner: a
    netcore.messages.Message (English; shown as t(message.template, **message.values)).
    level: "ok", "warning" (a picture, but no digit found) or "error".
    """
    photo: np.ndarray | None
    ink: np.ndarray | None
    message: str = ""   # "" or a Message
    level: str = "ok"


def _reduced(img: Image.Image) -> Image.Image:
    """A decoded picture shrunk (averaging blocks) to at most about WORK_SIDE, in its own mode.

    16-bit gray ("I;16") becomes 32-bit "I" and palette or 1-bit pictures
    become RGB(A) or L first, at full size: PIL cannot reduce those modes.
    """
    if img.mode.startswith("I;16"):
        img = img.convert("I")
    elif img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif img.mode == "1":
        img = img.convert("L")
    factor = math.ceil(max(img.size) / WORK_SIDE)
    return img.reduce(factor) if factor > 1 else img


def _to_rgb(img: Image.Image, sixteen_bit: bool) -> Image.Image:
    """A small picture, any PIL mode, as 8-bit RGB; transparency is laid on white paper.

    sixteen_bit: the file held 16-bit gray (now in "I" mode), whose full scale is 65535.
    """
    if img.mode in ("I", "F"):
        # 16-bit (or wider) gray: convert("L") would clip at 255, so scale to the file's range.
        values = np.asarray(img, dtype=np.float64)   # at most WORK_SIDE x WORK_SIDE
        top = 65535.0 if sixteen_bit or values.max() > 255 else 255.0
        if img.mode == "F":
            top = max(float(values.max()), 1e-12)
        gray = np.clip(np.round(values / top * 255), 0, 255).astype(np.uint8)
        return Image.fromarray(gray).convert("RGB")
    if img.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return img.convert("RGB")


def _opened(data: bytes, formats=FORMATS) -> tuple[Image.Image | None, Message | str]:
    """The picture in `data` with only its header read, or (None, why not)."""
    try:
        return Image.open(io.BytesIO(data), formats=formats), ""   # reads the header only
    except Image.DecompressionBombError:
        return None, Message(N_("This picture claims to be enormous (far more than {most:g} "
                                "megapixels), so it was not opened."), most=MAX_PIXELS / 1e6)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None, Message(N_("This file is not a PNG or JPEG picture (perhaps another kind "
                                "of file with a picture's name). Please upload a photo saved as "
                                "PNG or JPEG."))


def load_image(data: bytes) -> tuple[np.ndarray | None, Message | str]:
    """Decode an uploaded PNG or JPEG: ((H, W, 3) uint8 RGB, "") or (None, a sentence saying
    why not, as a netcore.messages.Message: English, with its template for a translation).

    The result is upright (EXIF orientation applied) and at most WORK_SIDE
    pixels on its longer side. Nothing larger than MAX_BYTES or MAX_PIXELS is
    ever decoded, and a JPEG is decoded at reduced size.
    """
    if not data:
        return None, Message(N_("The file is empty."))
    if len(data) > MAX_BYTES:
        return None, Message(N_("The file is {size:.1f} MB; please upload a picture of at most "
                                "{most:.1f} MB (a photo of one digit needs far less)."),
                             size=len(data) / 2**20, most=MAX_BYTES / 2**20)
    img, problem = _opened(data)
    if img is None:
        return None, problem
    width, height = img.size
    if width * height > MAX_PIXELS:
        return None, Message(N_("This picture is {width:,} x {height:,} pixels, more than "
                                "{most:g} megapixels; please upload a smaller one (a photo of "
                                "one digit needs far fewer)."),
                             width=width, height=height, most=MAX_PIXELS / 1e6)
    if min(width, height) < MIN_SIDE:
        return None, Message(N_("This picture is only {width} x {height} pixels; a photo of a "
                                "digit needs at least {side} x {side}."),
                             width=width, height=height, side=MIN_SIDE)
    try:
        img.verify()                                   # checks the file's structure (PNG: checksums)
        img = Image.open(io.BytesIO(data), formats=FORMATS)   # verify() leaves img unusable
        sixteen_bit = img.mode.startswith("I;16")
        if img.format == "JPEG":
            img.draft("RGB", (WORK_SIDE, WORK_SIDE))   # let the JPEG decoder shrink by 2, 4 or 8
        with DECODING:
            img.load()
            img = _reduced(img)
    except Exception:  # noqa: BLE001 -- any decoder failure on untrusted bytes gets the same answer
        return None, Message(N_("This picture seems damaged or cut off (perhaps the upload was "
                                "incomplete), so it could not be read. Please try the file "
                                "again, or another photo."))
    try:
        img = ImageOps.exif_transpose(img)
    except Exception:  # noqa: BLE001 -- broken EXIF: keep the picture as stored
        pass
    img = _to_rgb(img, sixteen_bit)
    img.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    return np.asarray(img), ""


def read_photo(data: bytes) -> Upload:
    """Read an uploaded photo of a handwritten digit (dark ink on light paper, or light on dark).

    Not cached: a page keeps what it needs of the result in its learner's
    session (a cache keyed on the bytes would keep one learner's photo in
    memory for everyone). The arrays returned are read-only.
    """
    photo, problem = load_image(data)
    if photo is None:
        return Upload(None, None, problem, "error")
    photo.flags.writeable = False
    ink = from_photo(photo)
    if to_mnist(ink) is None:
        return Upload(photo, None, Message(N_(
            "No ink was found in this picture: it looks like one even colour. Photograph a digit "
            "written in dark ink on light paper, filling most of the picture.")), "warning")
    ink.flags.writeable = False
    return Upload(photo, ink)


# --- the canvas' picture ----------------------------------------------------------------------

CANVAS_URL_PREFIX = "data:image/png;base64,"
MAX_CANVAS_SCALE = 4   # a canvas is sent at the screen's pixel ratio: 1 to 3, on phones sometimes 4


def canvas_picture(data_url, canvas_size: int) -> np.ndarray | None:
    """The drawing canvas' picture, from the PNG data URL its browser side sent; None if unusable.

    The message comes from the browser and could be crafted: anything but a
    PNG of at most MAX_CANVAS_SCALE x canvas_size pixels a side is refused
    (from the string's length, then the PNG's header) before it is decoded.
    The picture is (H, W, 4) uint8 RGBA, whatever the PNG's mode.
    """
    max_side = MAX_CANVAS_SCALE * canvas_size
    # base64 of an uncompressed RGBA PNG that size, plus room for the PNG's own overhead
    max_chars = len(CANVAS_URL_PREFIX) + 4 * math.ceil(max_side * (4 * max_side + 1) * 1.01 / 3)
    if not isinstance(data_url, str) or not data_url.startswith(CANVAS_URL_PREFIX) \
            or len(data_url) > max_chars:
        return None
    try:
        data = base64.b64decode(data_url[len(CANVAS_URL_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        return None
    img, _ = _opened(data, formats=("PNG",))
    if img is None or max(img.size) > max_side or min(img.size) < 1:
        return None
    try:
        return np.asarray(img.convert("RGBA"))   # what the canvas sends; any other mode made so
    except Exception:  # noqa: BLE001 -- a damaged PNG from the browser is ignored like a crafted one
        return None
