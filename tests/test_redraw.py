"""netcore.redraw: digits traced to their centre line and drawn again with a round pen, the
default network's training copies (made the same way whatever the number of processes)."""

import numpy as np
import pytest

import netcore
from netcore import redraw
from netcore.default import load_default
from netcore.preprocess import to_mnist
from netcore.stroke import width


@pytest.fixture(scope="module")
def mnist():
    return netcore.load_mnist()


def test_a_bar_is_traced_along_its_middle():
    bar = np.zeros((28, 28), np.float32)
    bar[4:24, 12:16] = 1.0                 # 20 rows tall, 4 columns wide, centre column 13.5
    lines = redraw.trace(bar, 6)
    points = lines.reshape(-1, 2) / 6      # back to the 28-pixel picture's coordinates
    assert np.ptp(points[:, 0]) > 15       # it runs most of the bar's length
    assert np.all(np.abs(points[:, 1] - 13.5) < 1.0)   # and along its middle


@pytest.mark.parametrize("pen", [8, 22, 36])
@pytest.mark.parametrize("side", [93, 180, 266])
def test_the_pen_draws_strokes_its_width_at_the_size_asked(pen, side):
    bar = np.zeros((28, 28), np.float32)
    bar[4:24, 12:16] = 1.0
    picture = redraw.draw_with_pen(redraw.trace(bar, 6), pen, side, np.random.default_rng(0))
    assert picture.shape == (280, 280) and picture.dtype == np.uint8
    rows, cols = np.flatnonzero(picture.any(1)), np.flatnonzero(picture.any(0))
    assert abs((rows[-1] - rows[0] + 1) - side) <= 3        # the longer side is `side`
    assert abs((cols[-1] - cols[0] + 1) - pen) <= 3          # a straight bar: as wide as the pen
    assert width(picture >= 128) == pytest.approx(pen, rel=0.15)


def test_copies_are_the_same_whatever_the_number_of_processes(mnist):
    images = mnist.train_images[:12]
    one = redraw.redrawn_copies(images, seeds=(5, 6), jobs=1, chunk=5)
    two = redraw.redrawn_copies(images, seeds=(5, 6), jobs=2, chunk=5)
    assert one.shape == (2 * redraw.PER_SEED, 12, 784) and one.dtype == np.uint8
    np.testing.assert_array_equal(one, two)
    # Each chunk is seeded by (seed, its first digit): made alone, it is the same.
    np.testing.assert_array_equal(redraw.redrawn_chunk(images[5:10], 5, (5,)), one[:redraw.PER_SEED, 5:10])
    np.testing.assert_array_equal(redraw.redrawn_chunk(images[10:], 10, (6,)), one[redraw.PER_SEED:, 10:])


def test_copies_differ_from_each_other_and_still_show_the_digit(mnist):
    images, labels = mnist.train_images[:100], mnist.train_labels[:100]
    copies = redraw.redrawn_copies(images, seeds=(7,), jobs=1)
    assert (copies.reshape(len(copies), 100, -1).max(2) > 0).all()   # none is blank
    assert not np.array_equal(copies[0], copies[1])                   # other pens, sizes, places
    net = load_default()
    for copy in copies:   # the shipped network reads each set of copies about as well as the digits
        assert net.accuracy(copy / 255, labels) >= net.accuracy(images, labels) - 0.08


def test_a_copy_is_what_to_mnist_makes_of_the_drawing(mnist):
    image = mnist.train_images[0]
    rng = np.random.default_rng([9, 0])      # the chunk's seed: (copy seed, first digit)
    lines = redraw.trace(image.reshape(28, 28), 6)
    expected = []
    for _ in range(2):
        pen = rng.uniform(*redraw.TRAINING_PENS)
        drawing = redraw.draw_with_pen(lines, pen, rng.uniform(*redraw.SIZES), rng)
        expected.append(np.rint(to_mnist(drawing) * 255))
    copies = redraw.redrawn_chunk(mnist.train_images[:1], 0, (9,), per_seed=2)
    np.testing.assert_array_equal(copies[:, 0], np.array(expected))
