"""netcore.tracing: a neuron's z split exactly among the pixels, and its linear pixel pattern."""

import numpy as np
import pytest

import netcore
from netcore import tracing

F = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}


def _zs(net, x):
    """Every layer's weighted sums, written out here (the output layer is always a sigmoid)."""
    a, zs = np.asarray(x, np.float64), []
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = w.astype(np.float64) @ a + b
        zs.append(z)
        a = F["sigmoid" if l == len(net.weights) - 1 else net.activation](z)
    return zs


def _digit(seed=0):
    rng = np.random.default_rng(seed)
    return rng.random(784) * (rng.random(784) < 0.25)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("sizes", [(784, 10), (784, 16, 16, 10), (784, 9, 6, 5, 10)])
def test_the_shares_add_up_to_z_minus_z_on_a_blank_image_for_every_neuron(activation, sizes):
    net = netcore.Network(sizes, activation, seed=1)
    for w in net.weights:    # spread the weights so that many neurons sit far from zero
        w *= 3
    x = _digit()
    zs, blanks = _zs(net, x), _zs(net, np.zeros(784))
    for layer in range(1, len(sizes)):
        for neuron in range(sizes[layer]):
            c = tracing.pixel_contributions(net, x, layer, neuron)
            assert c.shape == (784,)
            assert c.sum() == pytest.approx(zs[layer - 1][neuron] - blanks[layer - 1][neuron],
                                            abs=1e-9)
            assert tracing.blank_z(net, layer, neuron) == pytest.approx(blanks[layer - 1][neuron])
            assert np.all(c[x == 0] == 0)   # a pixel without ink has no share


def test_a_first_layer_neurons_shares_are_its_weights_times_the_pixels():
    net = netcore.load_default()
    x = _digit(2)
    np.testing.assert_allclose(tracing.pixel_contributions(net, x, 1, 5),
                               net.weights[0][5].astype(np.float64) * x, rtol=1e-12)


def test_a_second_layer_neurons_shares_go_through_the_secant_slopes_of_the_first():
    net = netcore.load_default()
    x = _digit(3)
    w1, b1 = net.weights[0].astype(np.float64), net.biases[0].astype(np.float64)
    z1 = w1 @ x + b1
    slope = (F["sigmoid"](z1) - F["sigmoid"](b1)) / (z1 - b1)     # (16,)
    expected = (net.weights[1][4].astype(np.float64) * slope) @ (w1 * x)   # (16,) @ (16, 784)
    np.testing.assert_allclose(tracing.pixel_contributions(net, x, 2, 4), expected, rtol=1e-9)


def test_a_neuron_whose_z_did_not_move_uses_its_tangent_slope():
    net = netcore.Network((784, 3, 10), seed=0)
    net.weights[0][1] = 0.0                       # neuron 1 of layer 1 ignores every pixel
    slopes = tracing.secant_slopes(net, 0, np.array([0.5, 2.0, 0.0]), np.array([0.0, 2.0, 1.0]))
    s = F["sigmoid"]
    np.testing.assert_allclose(slopes, [(s(0.5) - s(0.0)) / 0.5, s(2.0) * (1 - s(2.0)),
                                        (s(0.0) - s(1.0)) / -1.0])
    assert np.isfinite(tracing.pixel_contributions(net, _digit(), 2, 3)).all()


def test_the_linear_pattern_multiplies_the_weight_matrices():
    net = netcore.load_default()
    w = [x.astype(np.float64) for x in net.weights]
    np.testing.assert_allclose(tracing.linear_pattern(net, 1, 7), w[0][7])
    np.testing.assert_allclose(tracing.linear_pattern(net, 2, 3),
                               sum(w[1][3, i] * w[0][i] for i in range(16)), rtol=1e-9)
    np.testing.assert_allclose(tracing.linear_pattern(net, 3, 9), (w[2] @ w[1] @ w[0])[9], rtol=1e-9)


@pytest.mark.parametrize("layer, neuron", [(0, 0), (4, 0), (2, 16), (3, -1)])
def test_a_neuron_that_does_not_exist_is_refused(layer, neuron):
    with pytest.raises(ValueError, match="layer"):
        tracing.pixel_contributions(netcore.load_default(), _digit(), layer, neuron)
