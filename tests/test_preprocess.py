"""Tests for netcore.preprocess: drawings and photos to MNIST-style 784 inputs."""

import gzip
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage

from netcore.preprocess import (CENTER, INK_THRESHOLD, MAX_PIXELS, from_photo, preprocess_steps,
                                to_mnist)

DATA = Path(__file__).resolve().parent.parent / "data"


def _read_idx(name: str, offset: int) -> np.ndarray:
    """A local reader, so these tests do not depend on netcore.mnist."""
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


@pytest.fixture(scope="module")
def mnist_test():
    images = _read_idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
    labels = _read_idx("t10k-labels-idx1-ubyte.gz", 8)
    assert len(images) == len(labels) == 10_000
    return images, labels


def upscale(digit: np.ndarray, size: int, resample=Image.Resampling.BILINEAR) -> np.ndarray:
    return np.asarray(Image.fromarray(digit).resize((size, size), resample))


def canvas_with(digit: np.ndarray, size: int, top: int, left: int) -> np.ndarray:
    """A 280x280 black canvas with `digit` drawn size x size at (top, left)."""
    canvas = np.zeros((280, 280), np.uint8)
    canvas[top:top + size, left:left + size] = upscale(digit, size)
    return canvas


def drawn_digit() -> np.ndarray:
    """A hand-drawn-looking 7 on a 280x280 gray canvas, white on black."""
    picture = Image.new("L", (280, 280), 0)
    ImageDraw.Draw(picture).line([(90, 60), (190, 60), (120, 225)], fill=255, width=18)
    return np.asarray(picture)


def similarity(a, b):
    """(mean absolute difference, correlation) of two 784 vectors."""
    return float(np.abs(a - b).mean()), float(np.corrcoef(a, b)[0, 1])


def bbox_side(final: np.ndarray) -> int:
    mask = final.reshape(28, 28) > INK_THRESHOLD
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)


# --- blank pictures ---------------------------------------------------------------------

def rgba(rgb, alpha, shape=(280, 280)):
    out = np.empty((*shape, 4), np.uint8)
    out[..., :3], out[..., 3] = rgb, alpha
    return out


@pytest.mark.parametrize("image", [
    np.zeros((280, 280), np.uint8),
    np.zeros((280, 280, 4), np.uint8),
    rgba(255, 0),                                   # transparent white: nothing drawn
    rgba(0, 255),                                   # opaque black
    np.full((280, 280), 10, np.uint8),              # 10/255 < INK_THRESHOLD everywhere
    np.zeros((5, 7), np.float64),
], ids=["gray", "rgba", "transparent-white", "opaque-black", "faint", "float"])
def test_blank_gives_none(image):
    assert to_mnist(image) is None
    assert preprocess_steps(image) is None


# --- the output's shape and MNIST-like properties ----------------------------------------

def test_output_properties_on_a_drawing():
    out = to_mnist(drawn_digit())
    assert out.dtype == np.float32 and out.shape == (784,)
    assert out.min() >= 0 and out.max() <= 1 and out.max() > 0.9
    com = ndimage.center_of_mass(out.reshape(28, 28))
    assert np.allclose(com, CENTER, atol=0.5)
    assert 19 <= bbox_side(out) <= 22


def test_a_single_dot_becomes_a_centred_blob():
    image = np.zeros((280, 280), np.uint8)
    image[100:103, 150:153] = 255
    steps = preprocess_steps(image)
    assert steps.bbox == (100, 103, 150, 153)
    assert steps.fitted.shape == (20, 20)  # enlarged: only the shape counts
    out = to_mnist(image)
    assert out.shape == (784,) and 0 <= out.min() and out.max() <= 1 and out.max() > 0.9
    assert np.allclose(ndimage.center_of_mass(out.reshape(28, 28)), CENTER, atol=0.5)


def test_steps_fit_together():
    image = drawn_digit()
    steps = preprocess_steps(image)
    assert np.array_equal(to_mnist(image), steps.final.ravel())
    top, bottom, left, right = steps.bbox
    assert steps.ink.shape == image.shape and steps.ink.dtype == np.float32
    assert np.array_equal(steps.cropped, steps.ink[top:bottom, left:right])
    assert steps.ink[:top].max() < INK_THRESHOLD and steps.ink[bottom:].max() < INK_THRESHOLD
    assert steps.ink[:, :left].max() < INK_THRESHOLD and steps.ink[:, right:].max() < INK_THRESHOLD
    (h, w), (ch, cw) = steps.fitted.shape, steps.cropped.shape
    assert max(h, w) == 20 and abs(w / h - cw / ch) < 0.1  # aspect ratio kept
    assert steps.placed.shape == steps.final.shape == (28, 28)
    assert np.allclose(steps.center_of_mass, ndimage.center_of_mass(steps.placed), atol=1e-4)
    assert np.allclose(np.add(steps.center_of_mass, steps.shift), CENTER)
    assert np.allclose(ndimage.center_of_mass(steps.final), CENTER, atol=0.05)


# --- position and size do not matter -----------------------------------------------------

PLACEMENTS = [(140, 0, 0), (140, 140, 140), (140, 13, 97), (200, 80, 3), (100, 171, 29),
              (250, 7, 30), (70, 200, 200)]  # (size, top, left) on a 280x280 canvas


@pytest.mark.parametrize("pen, bound", [
    (None, 0.03),   # strokes as drawn. Measured over the first 100 test digits: mean
                    # |difference| at most 0.025, correlation at least 0.972.
    ("mnist", 0.05),   # with the pen step (the app's path): the width is measured afresh at
                       # each size, so a digit near the edge of MNIST's widths may be
                       # redrawn at one size and left at another
], ids=["as-drawn", "mnist-pen"])
def test_position_and_size_give_nearly_the_same_input(mnist_test, pen, bound):
    # A digit off by one pixel scores around 0.8.
    images, _ = mnist_test
    kw = {"pen": None} if pen is None else {}
    for digit in images[:40]:
        reference = to_mnist(canvas_with(digit, 280, 0, 0), **kw)
        for size, top, left in PLACEMENTS:
            mad, corr = similarity(to_mnist(canvas_with(digit, size, top, left), **kw), reference)
            assert mad < bound and corr > 0.95, (size, top, left, mad, corr)


def test_half_size_drawing_matches_full_size():
    full = drawn_digit()
    half = np.zeros_like(full)
    half[70:210, 70:210] = np.asarray(Image.fromarray(full).resize((140, 140), Image.Resampling.BOX))
    mad, corr = similarity(to_mnist(half), to_mnist(full))
    assert mad < 0.02 and corr > 0.97


def test_centering_moves_the_centre_of_mass_not_the_box_centre():
    # An "L": the ink is heavier at the left, so it must end up right of the box centre.
    image = np.zeros((100, 100), np.uint8)
    image[10:90, 10:20] = 255
    image[80:90, 10:90] = 255
    steps = preprocess_steps(image)
    assert steps.shift[1] > 2 and steps.shift[0] < -2


# --- colour, alpha and dtypes --------------------------------------------------------------

@pytest.fixture(scope="module")
def gray_digit(mnist_test):
    return canvas_with(mnist_test[0][0], 200, 40, 50)  # anti-aliased edges, a real 7


def test_rgba_variants_match_gray(gray_digit):
    g = gray_digit
    expected = to_mnist(g)
    white_on_clear = rgba(np.where(g[..., None] > 0, 255, 0), g)          # bg (0,0,0,0)
    on_clear_white = rgba(255, g)                                        # bg (255,255,255,0)!
    alpha_only = rgba(0, g)                                              # RGB 0, ink in alpha
    black_strokes = rgba(np.where(g[..., None] > 0, 0, 255), g)          # ditto, bg clear white
    opaque = rgba(g[..., None], 255)
    for image in (white_on_clear, on_clear_white, alpha_only, black_strokes, opaque):
        np.testing.assert_allclose(to_mnist(image), expected, atol=1e-4)


def test_rgb_and_gray_agree(gray_digit):
    rgb = np.repeat(gray_digit[..., None], 3, axis=2)
    np.testing.assert_allclose(to_mnist(rgb), to_mnist(gray_digit), atol=1e-4)


def test_luminance_weights():
    image = np.zeros((50, 50, 3), np.uint8)
    image[10:40, 20:30, 1] = 255  # pure green strokes: luminance 0.587
    steps = preprocess_steps(image)
    assert np.isclose(steps.cropped.max(), 0.587, atol=1e-3)


def test_float_and_bool_inputs(gray_digit):
    expected = to_mnist(gray_digit)
    np.testing.assert_allclose(to_mnist(gray_digit / 255.0), expected, atol=1e-5)    # 0..1
    np.testing.assert_allclose(to_mnist(gray_digit.astype(float)), expected, atol=1e-5)  # 0..255
    np.testing.assert_allclose(to_mnist(gray_digit.astype(np.int64)), expected, atol=1e-5)
    mask = gray_digit > 127
    np.testing.assert_allclose(to_mnist(mask), to_mnist(mask.astype(np.uint8) * 255), atol=1e-5)


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("image, words", [
    (np.zeros(784, np.uint8), "shape"),
    (np.zeros((2, 28, 28, 1), np.uint8), "shape"),
    (np.zeros((28, 28, 2), np.uint8), "shape"),
    (np.zeros((28, 28, 5), np.uint8), "shape"),
    (np.zeros((0, 0), np.uint8), "empty"),
    (np.zeros((0, 10, 4), np.uint8), "empty"),
    (np.array([[0.0, np.nan], [1.0, 0.5]]), "NaN"),
    (np.array([[0.0, np.inf], [1.0, 0.5]]), "infinite"),
    (np.array([["a", "b"], ["c", "d"]]), "dtype"),
    (np.array([[object(), 1], [2, 3]], dtype=object), "dtype"),
    (np.zeros((3, 3), np.complex64), "dtype"),
    ([[1, 2], [3]], "convert"),
    (np.broadcast_to(np.uint8(0), (8000, 6000)), "pixels"),  # 48 million, allocates nothing
], ids=["1d", "4d", "2-channels", "5-channels", "0x0", "0-rows", "nan", "inf", "str",
        "object", "complex", "ragged", "huge"])
def test_bad_input_raises_value_error(image, words):
    for function in (to_mnist, preprocess_steps, from_photo):
        with pytest.raises(ValueError, match=words):
            function(image)


def test_max_pixels_is_large_enough_for_photos():
    assert MAX_PIXELS >= 12_000_000  # a 4000x3000 phone photo


# --- photos: dark ink on light paper -----------------------------------------------------------

def photo_of(strokes: np.ndarray, seed=0, paper=200.0, ink=40.0, noise=8.0) -> np.ndarray:
    """`strokes` (white on black, uint8) as a noisy photo of dark ink on light paper."""
    rng = np.random.default_rng(seed)
    photo = paper - (paper - ink) * strokes / 255.0 + rng.normal(0, noise, strokes.shape)
    return np.clip(np.round(photo), 0, 255).astype(np.uint8)


def test_photo_of_ink_on_paper_matches_the_drawing(gray_digit):
    expected = to_mnist(gray_digit)
    for image in (photo_of(gray_digit), np.repeat(photo_of(gray_digit, seed=1)[..., None], 3, 2)):
        white_on_black = from_photo(image)
        assert white_on_black.dtype == np.float32 and white_on_black.shape == gray_digit.shape
        assert white_on_black.min() >= 0 and white_on_black.max() <= 1
        mad, corr = similarity(to_mnist(white_on_black), expected)
        assert mad < 0.05 and corr > 0.95, (mad, corr)


def test_big_noisy_photo_with_dirt(gray_digit):
    strokes = np.asarray(Image.fromarray(gray_digit).resize((2000, 1500)))  # 4:3, stretched
    photo = photo_of(strokes, noise=25)
    photo[100:104, 100:104] = 0  # dirt far from the digit: it must not widen the box
    photo[1400:1403, 1900:1903] = 0
    white_on_black = from_photo(photo)
    assert white_on_black.shape == (384, 512)  # shrunk to PHOTO_SIDE on the longer side
    mad, corr = similarity(to_mnist(white_on_black), to_mnist(strokes))
    assert mad < 0.03 and corr > 0.97, (mad, corr)


def test_photo_paper_becomes_clean_black(gray_digit):
    white_on_black = from_photo(photo_of(gray_digit, noise=12))
    paper = ~ndimage.binary_dilation(gray_digit > 0, iterations=2)
    assert np.mean(white_on_black[paper] > 0) < 0.01


def test_photo_dirt_is_cleared(gray_digit):
    photo = photo_of(gray_digit)
    photo[5:10, 5:10] = photo[270:275, 200:205] = 0  # dark specks the 3x3 median keeps
    white_on_black = from_photo(photo)
    assert white_on_black[3:12, 3:12].max() < INK_THRESHOLD
    assert white_on_black[268:277, 198:207].max() < INK_THRESHOLD
    mad, corr = similarity(to_mnist(white_on_black), to_mnist(gray_digit))
    assert mad < 0.05 and corr > 0.95, (mad, corr)


def test_photo_with_transparent_background(gray_digit):
    image = np.zeros((*gray_digit.shape, 4), np.uint8)  # clear black where there is no ink ...
    image[gray_digit > 0] = 255                          # ... dark ink where there is
    image[..., :3] -= gray_digit[..., None]
    mad, corr = similarity(to_mnist(from_photo(image)), to_mnist(gray_digit))
    assert mad < 0.05 and corr > 0.95, (mad, corr)


def test_photo_already_white_on_black_is_not_inverted(gray_digit):
    dark_board = 255 - photo_of(gray_digit)  # chalk on a board
    mad, corr = similarity(to_mnist(from_photo(dark_board)), to_mnist(gray_digit))
    assert mad < 0.05 and corr > 0.95


@pytest.mark.parametrize("level", [255, 200, 30])
def test_blank_photo_gives_none(level):
    rng = np.random.default_rng(3)
    paper = np.clip(level + rng.normal(0, 6, (300, 400)), 0, 255).astype(np.uint8)
    assert from_photo(paper).max() == 0
    assert to_mnist(from_photo(paper)) is None
    assert to_mnist(from_photo(np.full((300, 400, 3), 255, np.uint8))) is None


# --- MNIST's own digits survive the round trip ------------------------------------------------

@pytest.mark.parametrize("resample, bound", [
    (Image.Resampling.NEAREST, 0.035),   # measured: 0.0265 on the first 500
    (Image.Resampling.BILINEAR, 0.05),   # measured: 0.0415
], ids=["nearest", "bilinear"])
def test_mnist_digits_blown_up_come_back(mnist_test, resample, bound):
    # Without the pen step, to_mnist is how MNIST made its digits: it rebuilds them.
    images, _ = mnist_test
    errors = [np.abs(to_mnist(upscale(d, 280, resample), pen=None) - d.ravel() / 255.0).mean()
              for d in images[:500]]
    assert np.mean(errors) < bound
    assert np.max(errors) < 0.1


def test_with_mnists_pen_mnist_digits_within_mnists_widths_come_back(mnist_test):
    # The pen step leaves a digit whose strokes are within MNIST's widths exactly as
    # without it (netcore.stroke), and moves a bolder or thinner one to that range.
    images, _ = mnist_test
    near, far = [], []
    for d in images[:300]:
        steps = preprocess_steps(upscale(d, 280))
        plain = to_mnist(upscale(d, 280), pen=None)
        was, now = steps.stroke_width
        if was == now:
            assert np.array_equal(steps.final.ravel(), plain)
            near.append(was)
        else:
            far.append(np.abs(steps.final.ravel() - plain).mean())
    assert len(near) > 200 and 10 < len(far) < 100   # about 80% of MNIST is within
    assert np.mean(far) < 0.1
