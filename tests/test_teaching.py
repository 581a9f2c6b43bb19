"""netcore.training.teaching: a few gradient steps on one example mixed with MNIST training digits."""

import numpy as np
import pytest

import netcore
from netcore import reference
from netcore.training.gradients import one_hot
from netcore.training.teaching import TeachConfig, mixed_in, teach


@pytest.fixture(scope="module")
def mnist():
    return netcore.load_mnist()


@pytest.fixture(scope="module")
def default():
    return netcore.load_default()


def first_misread(net, data) -> int:
    guesses = net.predict(data.test_images)
    return int(np.flatnonzero(guesses != data.test_labels)[0])


def test_each_step_is_one_plain_gradient_step_on_the_digit_and_the_mixed_in_digits(mnist, default):
    """The same steps by netcore.reference.update_mini_batch (Nielsen's plain code) on batches
    built here: copies of the digit first, then that step's training images."""
    config = TeachConfig(steps=5, copies=3, n_mixed=7, learning_rate=0.3, seed=4)
    x, label = mnist.test_images[0], 6
    taught = default.copy()
    seen = teach(taught, x, label, mnist.train_images, mnist.train_labels, config)
    plain = default.copy()
    outputs = []
    for pick in mixed_in(len(mnist.train_images), config):
        batch = np.concatenate([np.tile(x, (3, 1)), mnist.train_images[pick]]).astype(np.float64)
        targets = one_hot(np.concatenate([[label] * 3, mnist.train_labels[pick]]), 10)
        outputs.append(reference.feedforward(plain, x.astype(np.float64)))
        reference.update_mini_batch(plain, batch, targets, 0.3)
    for a, b in zip(taught.weights + taught.biases, plain.weights + plain.biases):
        np.testing.assert_allclose(a, b, atol=2e-5)
    np.testing.assert_allclose(seen, outputs, atol=1e-5)
    assert seen.shape == (5, 10)


def test_the_mixed_in_digits_are_all_different_and_the_seed_picks_them(mnist):
    config = TeachConfig(steps=20, n_mixed=32, seed=1)
    picks = mixed_in(60_000, config)
    assert picks.shape == (20, 32) and len(np.unique(picks)) == 640
    assert np.array_equal(picks, mixed_in(60_000, config))
    assert not np.array_equal(picks, mixed_in(60_000, TeachConfig(seed=2)))


def test_teaching_a_misread_test_digit_makes_the_network_read_it_as_its_label(mnist, default):
    index = first_misread(default, mnist)
    x, label = mnist.test_images[index], int(mnist.test_labels[index])
    net = default.copy()
    seen = teach(net, x, label, mnist.train_images, mnist.train_labels)
    assert default.predict(x) != label and net.predict(x) == label
    np.testing.assert_allclose(seen[0], default.feedforward(x), atol=1e-6)   # before step 1
    assert net.feedforward(x)[label] > seen[0][label] + 0.3
    # A nudge, not a retraining: still far better than chance on the test set.
    assert net.accuracy(mnist.test_images, mnist.test_labels) > 0.9


def test_uint8_training_bytes_teach_as_their_float_values_do(mnist, default):
    config = TeachConfig(steps=3)
    x, label = mnist.test_images[1], 3
    from_floats, from_bytes = default.copy(), default.copy()
    teach(from_floats, x, label, mnist.train_images, mnist.train_labels, config)
    pixels = netcore.mnist.pixel_bytes(mnist.train_images)
    teach(from_bytes, x, label, pixels, mnist.train_labels, config)
    for a, b in zip(from_floats.weights, from_bytes.weights):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_a_frozen_network_is_refused_and_left_as_it_was(mnist, default):
    before = [w.tobytes() for w in default.weights]
    with pytest.raises(ValueError, match="frozen"):
        teach(default, mnist.test_images[0], 1, mnist.train_images, mnist.train_labels)
    assert [w.tobytes() for w in default.weights] == before


@pytest.mark.parametrize("x, label, config, message", [
    (np.zeros(783), 1, TeachConfig(), "784 pixels"),
    (np.full(784, 2.0), 1, TeachConfig(), "784 pixels"),
    (np.full(784, np.nan), 1, TeachConfig(), "784 pixels"),
    (np.zeros(784), 10, TeachConfig(), "label"),
    (np.zeros(784), 1.0, TeachConfig(), "label"),
    (np.zeros(784), 1, TeachConfig(learning_rate=0), "learning rate"),
    (np.zeros(784), 1, TeachConfig(steps=0), "steps"),
    (np.zeros(784), 1, TeachConfig(steps=1000, n_mixed=100), "only 60,000"),
])
def test_bad_inputs_are_refused_with_a_reason(mnist, default, x, label, config, message):
    with pytest.raises(ValueError, match=message):
        teach(default.copy(), x, label, mnist.train_images, mnist.train_labels, config)
