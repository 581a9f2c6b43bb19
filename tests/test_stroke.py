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


def test_a_fixed_pen_at_any_size_comes_out_with_mnists_width():
    # The canvas' 22 px pen on a digit a third of the canvas tall is 3 times bolder (as a
    # share of the digit) than on one filling it; after to_mnist both are MNIST's median.
    raw, evened = [], []
    for pen in (10, 22, 34):
        for side in (93, 150, 266):
            steps = preprocess_steps(drawn(pen, side))
            raw.append(steps.stroke_width[0])
            evened.append(steps.stroke_width[1])
            assert to_mnist(drawn(pen, side)) == pytest.approx(steps.final.ravel())
            plain = preprocess_steps(drawn(pen, side), pen=None)
            assert plain.evened is None and plain.stroke_width is None
    assert max(raw) / min(raw) > 5
    target = stroke.MNIST_WIDTH * 20
    for was, now in zip(raw, evened):
        if was < 1.7 * target:   # (the limit is 2 target / (1 + MNIST_WIDTH) = 1.78 target)
            assert now == pytest.approx(target), (was, now)
        else:   # thinning stops at half the width: thinner, maybe not MNIST's
            assert target * 0.98 <= now < was, (was, now)
    # all but the 22 px pen at 93 px and the 34 px pen at 93 and 150 px (see above)
    assert sum(now == pytest.approx(target) for now in evened) == 6
    # ... and measured again on the 28 x 28 result, the spread is gone.
    finals = [to_mnist(drawn(pen, side)).reshape(28, 28)
              for pen, side in ((10, 93), (10, 266), (22, 150), (22, 266), (34, 266))]
    widths = [stroke.width(fit(f[f.max(1) >= INK_THRESHOLD][:, f.max(0) >= INK_THRESHOLD], PEN_SIDE)
                           >= 0.5 * f.max()) / PEN_SIDE * 20 for f in finals]
    assert max(widths) - min(widths) < 0.6, widths


def test_mnist_width_is_the_median_of_mnists_training_digits():
    images = netcore.load_mnist().train_images.reshape(-1, 28, 28)
    images = images[np.random.default_rng(0).choice(len(images), 3000, replace=False)]
    shares = []
    for image in images:
        rows, cols = np.flatnonzero(image.max(1) >= INK_THRESHOLD), np.flatnonzero(image.max(0) >= INK_THRESHOLD)
        big = fit(image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1], PEN_SIDE)
        shares.append(stroke.width(big >= 0.5 * big.max()) / max(big.shape))
    assert np.median(shares) == pytest.approx(stroke.MNIST_WIDTH, abs=0.005)


def test_training_copies_with_mnists_pen_are_mnists_width_where_the_digit_was():
    from netcore.augment import with_mnist_pen

    images = netcore.load_mnist(dtype="uint8").train_images[:200]
    penned = with_mnist_pen(images)
    assert penned.dtype == np.uint8 and penned.shape == images.shape
    assert np.array_equal(with_mnist_pen(images[:5] / np.float32(255)), penned[:5])

    def share(flat):
        image = flat.reshape(28, 28) / np.float32(255)
        rows, cols = np.flatnonzero(image.max(1) >= INK_THRESHOLD), np.flatnonzero(image.max(0) >= INK_THRESHOLD)
        crop = image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        return stroke.width(crop >= 0.5 * crop.max()) / max(crop.shape), rows.mean(), cols.mean()

    before = np.array([share(x) for x in images])
    after = np.array([share(x) for x in penned])
    spread = lambda s: np.percentile(s, 90) - np.percentile(s, 10)   # noqa: E731
    assert spread(after[:, 0]) < 0.5 * spread(before[:, 0])
    assert np.median(np.abs(after[:, 0] - stroke.MNIST_WIDTH)) < 0.015
    assert np.abs(after[:, 1:] - before[:, 1:]).max() <= 1.0   # the ink stays where it was
