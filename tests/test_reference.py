"""netcore.reference, the plain code the lessons show, against the fast code training runs.

Same outputs and gradients on real MNIST batches (to float32 rounding), the same
gradient descent steps, and netcore.network.sigmoid equal to 1 / (1 + e^-z).
Each comparison is also shown to fail when one number of the reference is off.
"""

import numpy as np
import pytest

import netcore
from netcore import Network, reference
from netcore.mnist import pixel_bytes
from netcore.network import sigmoid
from netcore.training import TrainConfig, backprop, one_hot, train

# float32 carries about 7 digits; the two paths add the same numbers in different
# orders, so they may differ by a few units in the 7th digit (5e-7 of the largest
# entry when written). A gradient off by 0.1% of its largest entry is 100x this.
RTOL = 1e-5


def assert_same_to_float32_rounding(actual, expected, what: str):
    actual, expected = np.asarray(actual, np.float64), np.asarray(expected, np.float64)
    assert actual.shape == expected.shape, what
    scale = np.abs(expected).max()
    assert scale > 0, f"{what} is all zeros: nothing compared"
    worst = np.abs(actual - expected).max()
    assert worst <= RTOL * scale, f"{what}: off by {worst:.3g}, {worst / scale:.2g} of its largest entry"


@pytest.fixture(scope="module")
def mnist():
    return netcore.load_mnist()


def _random_network(sizes, seed):
    """A random sigmoid network, biases too (a new Network's are zero)."""
    net = Network(sizes, seed=seed)
    net.biases = [np.random.default_rng(seed).normal(0, 1, b.shape).astype(np.float32)
                  for b in net.biases]
    return net


NETWORKS = {
    "default": netcore.load_default,
    "random 784-16-16-10": lambda: _random_network((784, 16, 16, 10), seed=5),
    "random 784-30-10 (Nielsen's)": lambda: _random_network((784, 30, 10), seed=6),
}


def _mnist_batch(mnist, start: int, n: int = 128):
    return mnist.train_images[start:start + n], one_hot(mnist.train_labels[start:start + n], 10)


@pytest.mark.parametrize("which", NETWORKS)
def test_feedforward_gives_the_fast_paths_outputs(which, mnist):
    net = NETWORKS[which]()
    images = mnist.test_images[:200]
    plain = np.stack([reference.feedforward(net, a) for a in images])   # one image at a time
    assert plain.dtype == np.float32
    assert_same_to_float32_rounding(plain, net.feedforward(images), "outputs")
    assert_same_to_float32_rounding(plain[7], net.activations(images[7])[-1], "outputs of one image")


@pytest.mark.parametrize("which", NETWORKS)
def test_activations_gives_every_layer_the_fast_path_gives(which, mnist):
    net = NETWORKS[which]()
    for image in mnist.test_images[:20]:
        plain, fast = reference.activations(net, image), net.activations(image)
        assert len(plain) == len(fast) == len(net.sizes)
        assert plain[0] is image
        for l, (p, f) in enumerate(zip(plain[1:], fast[1:]), start=1):
            assert_same_to_float32_rounding(p, f, f"layer {l}")
        np.testing.assert_array_equal(plain[-1], reference.feedforward(net, image))


def _compare_gradients(net, x, y, fast_x=None, x_scale=1.0):
    """The reference's gradients and outputs against training's backprop (which may be
    given the batch as pixel bytes with x_scale, as training passes them)."""
    nabla_b, nabla_w = reference.backprop(net, x, y)
    grad_w, grad_b, out = backprop(net, x if fast_x is None else fast_x, y, x_scale=x_scale)
    assert len(nabla_w) == len(grad_w) == len(nabla_b) == len(grad_b) == len(net.weights)
    for l in range(len(net.weights)):
        assert nabla_w[l].dtype == np.float32 and nabla_b[l].dtype == np.float32
        assert_same_to_float32_rounding(nabla_w[l], grad_w[l], f"nabla_w[{l}]")
        assert_same_to_float32_rounding(nabla_b[l], grad_b[l], f"nabla_b[{l}]")
    assert_same_to_float32_rounding(np.stack([reference.feedforward(net, a) for a in x]), out,
                                    "backprop's outputs")


@pytest.mark.parametrize("which", NETWORKS)
@pytest.mark.parametrize("start", [0, 31_000])
def test_backprop_gives_the_fast_paths_gradients_on_mnist_batches(which, start, mnist):
    _compare_gradients(NETWORKS[which](), *_mnist_batch(mnist, start))


@pytest.mark.parametrize("which", NETWORKS)
def test_backprop_gives_the_gradients_training_works_out_from_pixel_bytes(which, mnist):
    x, y = _mnist_batch(mnist, 5000)
    raw = pixel_bytes(x).astype(np.float32)   # as training's Batches gives them, with scale 1/255
    _compare_gradients(NETWORKS[which](), x, y, fast_x=raw, x_scale=np.float32(1 / 255))


def test_the_gradient_comparison_fails_when_one_gradient_entry_is_off(mnist):
    net = netcore.load_default()
    x, y = _mnist_batch(mnist, 0)
    nabla_b, nabla_w = reference.backprop(net, x, y)
    grad_w, grad_b, _ = backprop(net, x, y)
    for l in range(len(net.weights)):
        for plain, fast in ((nabla_w[l], grad_w[l]), (nabla_b[l], grad_b[l])):
            off = plain.copy()
            off.flat[7] += 1e-3 * np.abs(fast).max()
            with pytest.raises(AssertionError, match="off by"):
                assert_same_to_float32_rounding(off, fast, "perturbed")


def _one_fast_step(net, images, labels, eta, weight_decay=0.0):
    """Training's own SGD step: one epoch whose single batch is every image given."""
    config = TrainConfig(epochs=1, batch_size=len(images), optimizer="sgd", lr_schedule="constant",
                         learning_rate=eta, weight_decay=weight_decay, momentum=0.0)
    assert train(net, images, labels, config).status == "finished"


def _compare_steps(before, plain, fast):
    """The steps the two took (after - before), each array to float32 rounding of the
    gradient step, give or take the rounding of w - eta g itself."""
    for name in ("weights", "biases"):
        for l, (b, p, f) in enumerate(zip(getattr(before, name), getattr(plain, name),
                                          getattr(fast, name))):
            assert p.dtype == f.dtype == np.float32
            plain_step, fast_step = p.astype(np.float64) - b, f.astype(np.float64) - b
            scale = np.abs(fast_step).max()
            worst = np.abs(plain_step - fast_step).max()
            assert scale > 0, f"{name}[{l}] did not move"
            assert worst <= RTOL * scale + np.spacing(np.abs(f).max()), (
                f"{name}[{l}]: steps off by {worst:.3g} of a step up to {scale:.3g}")


@pytest.mark.parametrize("which", NETWORKS)
@pytest.mark.parametrize("from_bytes", [False, True])
def test_one_reference_sgd_step_is_trainings_sgd_step(which, from_bytes, mnist):
    images, labels = mnist.train_images[:256], mnist.train_labels[:256]
    start = NETWORKS[which]()
    plain, fast = start.copy(), start.copy()
    reference.update_mini_batch(plain, images, one_hot(labels, 10), eta=3.0)   # Nielsen's eta
    _one_fast_step(fast, pixel_bytes(images) if from_bytes else images, labels, eta=3.0)
    _compare_steps(start, plain, fast)


def test_the_weight_decay_step_is_trainings_too(mnist):
    images, labels = mnist.train_images[:256], mnist.train_labels[:256]
    start = netcore.load_default()
    plain, fast = start.copy(), start.copy()
    reference.update_mini_batch(plain, images, one_hot(labels, 10), eta=0.5, weight_decay=0.02)
    _one_fast_step(fast, images, labels, eta=0.5, weight_decay=0.02)
    _compare_steps(start, plain, fast)
    without = start.copy()
    reference.update_mini_batch(without, images, one_hot(labels, 10), eta=0.5)
    with pytest.raises(AssertionError, match="steps off"):
        _compare_steps(start, without, fast)


def test_the_step_comparison_fails_when_one_gradient_entry_is_off(mnist, monkeypatch):
    images, labels = mnist.train_images[:256], mnist.train_labels[:256]
    start = _random_network((784, 16, 16, 10), seed=5)
    fast = start.copy()
    _one_fast_step(fast, images, labels, eta=3.0)
    plain_backprop = reference.backprop

    def one_entry_off(net, x, y):
        nabla_b, nabla_w = plain_backprop(net, x, y)
        nabla_w[1][3, 4] += 1e-3 * np.abs(nabla_w[1]).max()
        return nabla_b, nabla_w

    monkeypatch.setattr(reference, "backprop", one_entry_off)
    plain = start.copy()
    reference.update_mini_batch(plain, images, one_hot(labels, 10), eta=3.0)
    with pytest.raises(AssertionError, match=r"weights\[1\]: steps off"):
        _compare_steps(start, plain, fast)


def test_reference_sgd_over_epochs_follows_training(mnist):
    # Same seed, same shuffles, same mini-batches: 45 steps stay together to float32 rounding.
    images, labels = mnist.train_images[:1500], mnist.train_labels[:1500]
    start = Network((784, 16, 16, 10), seed=8)
    plain, fast = start.copy(), start.copy()
    reference.sgd(plain, images, labels, epochs=3, mini_batch_size=100, eta=3.0, seed=4)
    train(fast, images, labels, TrainConfig(epochs=3, batch_size=100, optimizer="sgd",
                                            lr_schedule="constant", learning_rate=3.0, seed=4))
    for p, f in zip(plain.weights + plain.biases, fast.weights + fast.biases):
        np.testing.assert_allclose(p, f, rtol=0, atol=RTOL * np.abs(f).max())   # 6e-7 when written
    assert plain.accuracy(images, labels) == pytest.approx(fast.accuracy(images, labels), abs=0.002)
    # Sigmoids start slowly: 26% after 45 steps when written, from 10%.
    assert plain.accuracy(images, labels) > start.accuracy(images, labels) + 0.1


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_fast_sigmoid_equals_the_plain_formula(dtype):
    z = np.linspace(-60, 60, 100_001, dtype=dtype)
    fast = sigmoid(z)
    assert fast.dtype == dtype
    np.testing.assert_array_equal(fast, 1 / (1 + np.exp(-z)))   # bit for bit
    np.testing.assert_array_equal(reference.sigmoid(z), fast)
    # Below -60 the fast one clips z (so e^-z cannot overflow): both are then below 1e-26.
    far = np.array([-61, -100, -1e4], dtype=dtype)
    with np.errstate(over="ignore"):
        assert (sigmoid(far) < 1e-26).all() and (reference.sigmoid(far) < 1e-26).all()


def test_sigmoid_prime_is_the_slope_of_sigmoid():
    z = np.linspace(-8, 8, 161)
    h = 1e-6
    slope = (reference.sigmoid(z + h) - reference.sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(reference.sigmoid_prime(z), slope, rtol=1e-7, atol=1e-10)
    assert reference.sigmoid_prime(0.0) == 0.25


def test_the_reference_step_refuses_the_shared_default(mnist):
    net = netcore.load_default()
    with pytest.raises(ValueError, match="frozen"):
        reference.update_mini_batch(net, mnist.train_images[:8], one_hot(mnist.train_labels[:8], 10), 3.0)
