"""netcore.stroke: how wide strokes are, and a drawing redrawn with MNIST's pen (in to_mnist)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

import netcore
from netcore import stroke
from netcore.preprocess import INK_THRESHOLD, PEN_SIDE, fit, preprocess_steps, to_mnist

# A "2"-like path on a 280 x 280 canvas, as (x, y) points.
PATH = [(0.2, 0.25), (0.45, 0.05), (0.75, 0.15), (0.7, 0.45), (0.2, 0.95), (0.85, 0.95)]


def drawn(pen: int, side: int) -> np.ndarray:
    """PATH drawn with a round pen `pen` px wide, the path `side` - 20 px tall, on a 280 px
    canvas (the same path whatever the pen)."""
    image = Image.new("L", (280, 280), 0)
    draw = ImageDraw.Draw(image)
    points = [(10 + x * (side - 20), 10 + y * (side - 20)) for x, y in PATH]
    draw.line(points, fill=255, width=pen, joint="curve")
    for x, y in points:   # round caps
        draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=255)
    return np.asarray(image)


def cropped(picture: np.ndarray) -> np.ndarray:
    rows, cols = np.flatnonzero(picture.any(1)), np.flatnonzero(picture.any(0))
    return picture[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


@pytest.mark.parametrize("w", [3, 6, 10, 17])
def test_width_of_a_bar_and_a_ring_is_their_width(w):
    bar = np.zeros((80, 80), bool)
    bar[10:70, 30:30 + w] = True
    assert stroke.width(bar) == pytest.approx(w, rel=0.12)
    yy, xx = np.mgrid[:120, :120]
    radius = np.hypot(yy - 60, xx - 60)
    ring = (radius >= 40) & (radius < 40 + w)
    assert stroke.width(ring) == pytest.approx(w, rel=0.12, abs=0.6)
    assert stroke.width(np.zeros((5, 5), bool)) == 0


@pytest.mark.parametrize("pen, target", [(30, 16), (12, 30), (20, 20)])
def test_a_new_pen_gives_what_that_pen_would_have_drawn(pen, target):
    # Redrawing the path drawn with one pen as if with another comes close to drawing it
    # with the other pen in the first place.
    crop = cropped(drawn(pen, 260) / np.float32(255))
    expected = cropped(drawn(target, 260) >= 128)
    share = stroke.width(expected) / max(expected.shape)
    out, before, after = stroke.with_pen(crop, share)
    assert before == pytest.approx(pen / max(crop.shape), rel=0.1)
    assert after == pytest.approx(share, rel=1e-6)
    mask = cropped(out >= 0.5)
    assert stroke.width(mask) == pytest.approx(target, rel=0.1)
    assert mask.shape == pytest.approx(expected.shape, abs=2)
    assert abs(int(mask.sum()) - int(expected.sum())) < 0.05 * expected.sum()


def test_thinning_only_takes_ink_away_and_never_all_of_it():
    crop = cropped(drawn(40, 260) / np.float32(255))
    out, before, after = stroke.with_pen(crop, 0.02)   # far thinner than allowed
    inner = out[1:-1, 1:-1]
    assert inner.shape == crop.shape and np.all(inner <= crop + 1e-6)
    # thinning stops at half the width
    assert stroke.width(out >= 0.5) == pytest.approx(stroke.width(crop >= 0.5) / 2, rel=0.15)
    assert after > 0.02 and (out >= 0.5).sum() > 0.3 * (crop >= 0.5).sum()


def test_a_fixed_pen_at_any_size_comes_out_within_mnists_widths():
    # The canvas' 22 px pen on a digit a third of the canvas tall is 3 times bolder (as a
    # share of the digit) than on one filling it; after to_mnist both are within MNIST's
    # tenth to ninetieth percentiles, and a drawing already within is left as drawn.
    low, high = (share * 20 for share in stroke.MNIST_RANGE)
    raw, evened = [], []
    for pen in (10, 22, 34):
        for side in (93, 150, 266):
            steps = preprocess_steps(drawn(pen, side))
            was, now = steps.stroke_width
            raw.append(was)
            evened.append(now)
            assert to_mnist(drawn(pen, side)) == pytest.approx(steps.final.ravel())
            plain = preprocess_steps(drawn(pen, side), pen=None)
            assert plain.evened is None and plain.stroke_width is None
            if low <= was <= high:
                assert now == was and np.array_equal(steps.final, plain.final)
            elif was < low:
                assert now == pytest.approx(low)
            elif was < 1.7 * high:   # (thinning stops at half the width: 2 / (1 + high / 20))
                assert now == pytest.approx(high)
            else:
                assert high < now < was, (was, now)
    assert max(raw) / min(raw) > 5
    assert sum(low - 1e-9 <= now <= high + 1e-9 for now in evened) >= 8
    # ... and measured again on the 28 x 28 results, they are within MNIST's widths.
    finals = [to_mnist(drawn(pen, side)).reshape(28, 28) for pen in (10, 22, 34)
              for side in (93, 150, 266) if (pen, side) != (34, 93)]
    widths = [stroke.width(fit(f[f.max(1) >= INK_THRESHOLD][:, f.max(0) >= INK_THRESHOLD], PEN_SIDE)
                           >= 0.5 * f.max()) / PEN_SIDE * 20 for f in finals]
    assert low - 0.4 < min(widths) and max(widths) < high + 0.4, widths


def test_mnist_width_is_the_median_of_mnists_training_digits():
    images = netcore.load_mnist().train_images.reshape(-1, 28, 28)
    images = images[np.random.default_rng(0).choice(len(images), 3000, replace=False)]
    shares = []
    for image in images:
        rows, cols = np.flatnonzero(image.max(1) >= INK_THRESHOLD), np.flatnonzero(image.max(0) >= INK_THRESHOLD)
        big = fit(image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1], PEN_SIDE)
        shares.append(stroke.width(big >= 0.5 * big.max()) / max(big.shape))
    assert np.median(shares) == pytest.approx(stroke.MNIST_WIDTH, abs=0.005)
