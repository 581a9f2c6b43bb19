"""ui.image_input: untrusted bytes -> an upright RGB photo and white-on-black ink, or a clear sentence.

Every test file is built here, at test time, with PIL or by hand (no binaries in the repo).
"""

import io
import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from apptest_helpers import ROOT, mnist_digit
from netcore.preprocess import to_mnist
from ui.image_input import MAX_BYTES, MAX_PIXELS, MIN_SIDE, WORK_SIDE, load_image, read_photo


# --- files made at test time ------------------------------------------------------------------

def encode(img: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def photo_of_digit(digit: int, nth: int = 0, size: int = 320, seed: int = 0) -> np.ndarray:
    """An MNIST test digit as a photo would show it: dark ink on light, slightly noisy paper."""
    strokes = np.asarray(Image.fromarray(mnist_digit(digit, nth)).resize((size, size),
                                                                        Image.BILINEAR), float)
    noise = np.random.default_rng(seed).normal(0, 6, strokes.shape)
    photo = 225 - (225 - 35) * strokes / 255.0 + noise
    return np.clip(np.round(photo), 0, 255).astype(np.uint8)


def digit_png(digit: int, nth: int = 0) -> bytes:
    return encode(Image.fromarray(photo_of_digit(digit, nth)).convert("RGB"))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG header that claims width x height 1-bit gray pixels (a 'bomb')."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))


# --- rejected files: a sentence, no array, nothing raised -------------------------------------

def assert_refused(data: bytes, *words: str):
    photo, message = load_image(data)
    assert photo is None
    assert message.endswith(".") and len(message.split()) >= 6, message   # a sentence
    for word in words:
        assert word in message, message
    upload = read_photo(data)
    assert upload.level == "error" and upload.photo is None and upload.ink is None
    assert upload.message == message


def test_decompression_bomb_is_refused_from_its_header():
    bomb = png_claiming(30_000, 30_000)
    assert len(bomb) < 200
    assert_refused(bomb, "megapixels")


def test_too_many_pixels_below_pils_own_bomb_limit_is_refused_before_decoding():
    width, height = 6_000, 5_000          # 30 megapixels: PIL would open it, we do not
    assert width * height > MAX_PIXELS
    assert_refused(png_claiming(width, height), "6,000 x 5,000", "megapixels")


def test_truncated_png_is_refused():
    whole = digit_png(3)
    assert load_image(whole)[0] is not None
    assert_refused(whole[: len(whole) // 2], "damaged")


def test_text_file_named_png_is_refused():
    assert_refused(b"This is not a picture, just some text in a file called digit.png\n" * 20,
                   "not a PNG or JPEG")


def test_other_picture_formats_are_refused():
    assert_refused(encode(Image.new("RGB", (64, 64), "white"), "GIF"), "not a PNG or JPEG")


def test_tiny_picture_is_refused():
    assert_refused(encode(Image.new("RGB", (1, 1), "white")), "1 x 1", str(MIN_SIDE))


def test_empty_and_oversized_files_are_refused_without_decoding():
    assert load_image(b"") == (None, "The file is empty.")
    assert_refused(b"\x89PNG" + b"\x00" * MAX_BYTES, "MB")


def test_all_white_photo_is_a_picture_without_ink():
    data = encode(Image.new("RGB", (200, 200), (250, 250, 250)))
    photo, message = load_image(data)
    assert photo.shape == (200, 200, 3) and message == ""
    upload = read_photo(data)
    assert upload.level == "warning" and upload.ink is None and upload.photo is not None
    assert "No ink" in upload.message


# --- accepted files ---------------------------------------------------------------------------

@pytest.mark.parametrize("digit", [2, 7])
def test_photo_of_a_digit_gives_the_same_input_and_guess_as_the_digit(digit):
    import netcore
    upload = read_photo(digit_png(digit))
    assert upload.level == "ok" and upload.message == ""
    assert upload.photo.shape == (320, 320, 3) and upload.photo.dtype == np.uint8
    x = to_mnist(upload.ink)
    expected = to_mnist(mnist_digit(digit))
    assert np.corrcoef(x, expected)[0, 1] > 0.95
    assert netcore.load_default().predict(x) == digit
    assert not upload.ink.flags.writeable      # cached and shared: nobody may change it


def test_jpeg_exif_orientation_is_applied():
    img = Image.new("RGB", (60, 30), "white")
    img.paste((0, 0, 0), (0, 0, 10, 30))      # a dark stripe on the left, as stored
    exif = Image.Exif()
    exif[0x0112] = 6                           # "rotate 90 degrees clockwise to display"
    photo, message = load_image(encode(img, "JPEG", exif=exif, quality=95))
    assert message == ""
    assert photo.shape == (60, 30, 3)         # upright: taller than wide
    assert photo[:8].mean() < 60 and photo[-20:].mean() > 200   # the stripe is now on top


def test_palette_image_with_transparency_is_laid_on_white_paper():
    img = Image.new("P", (64, 64), 0)
    img.putpalette([0, 0, 0, 20, 20, 20] + [0] * 762)
    img.paste(1, (20, 10, 44, 54))              # dark ink (index 1)
    data = encode(img, transparency=0)           # index 0 (the background) is transparent
    photo, message = load_image(data)
    assert message == "" and photo.shape == (64, 64, 3)
    assert photo[0, 0].tolist() == [255, 255, 255] and photo[30, 30].tolist() == [20, 20, 20]
    assert read_photo(data).level == "ok"


def test_rgba_and_sixteen_bit_gray_are_converted():
    rgba = np.zeros((50, 40, 4), np.uint8)
    rgba[15:35, 18:22] = (0, 0, 0, 255)          # opaque dark stroke, transparent elsewhere
    photo, _ = load_image(encode(Image.fromarray(rgba)))
    assert photo[0, 0].tolist() == [255, 255, 255] and photo[20, 20].tolist() == [0, 0, 0]

    deep = np.full((40, 40), 50_000, np.uint16)
    deep[10:30, 18:22] = 10_000
    photo, message = load_image(encode(Image.fromarray(deep)))
    assert message == ""
    assert photo[0, 0, 0] == round(50_000 / 65535 * 255) and photo[20, 20, 0] == round(
        10_000 / 65535 * 255)


def test_large_photo_is_shrunk_for_work():
    img = Image.fromarray(photo_of_digit(5, size=1500)).resize((2400, 1500))
    photo, message = load_image(encode(img, "JPEG", quality=90))
    assert message == "" and max(photo.shape[:2]) <= WORK_SIDE


def test_upload_checks_import_without_streamlit():
    code = "import sys, ui.image_input; assert 'streamlit' not in sys.modules, 'streamlit imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
