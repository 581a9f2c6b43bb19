"""netcore.network: shapes, the forward pass, read-only sharing, and import hygiene."""

import subprocess
import sys

import numpy as np
import pytest

from netcore import ACTIVATIONS, Network, sigmoid


def test_the_videos_network_has_13002_parameters_with_nielsen_shapes():
    net = Network((784, 16, 16, 10))
    assert net.n_params == 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10 == 13_002
    assert [w.shape for w in net.weights] == [(16, 784), (16, 16), (10, 16)]
    assert [b.shape for b in net.biases] == [(16,), (16,), (10,)]
    assert repr(net) == "Network(sizes=(784, 16, 16, 10), activation='sigmoid', n_params=13,002)"


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_feedforward_is_sigma_of_w_a_plus_b_layer_by_layer(activation):
    net = Network((784, 16, 16, 10), activation=activation, seed=3)
    a = np.random.default_rng(0).random(784).astype(np.float32)
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: np.maximum(z, 0),
         "tanh": np.tanh}[activation]
    a1 = f(net.weights[0].astype(float) @ a + net.biases[0])
    a2 = f(net.weights[1].astype(float) @ a1 + net.biases[1])
    a3 = 1 / (1 + np.exp(-(net.weights[2].astype(float) @ a2 + net.biases[2])))
    layers = net.activations(a)
    assert [l.shape for l in layers] == [(784,), (16,), (16,), (10,)]
    np.testing.assert_allclose(layers[1], a1, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(net.feedforward(a), a3, rtol=1e-5, atol=1e-6)


def test_a_batch_gives_the_same_answers_as_one_image_at_a_time():
    net = Network((784, 16, 16, 10), seed=1)
    batch = np.random.default_rng(1).random((5, 784)).astype(np.float32)
    out = net.feedforward(batch)
    assert out.shape == (5, 10)
    for image, row in zip(batch, out):
        np.testing.assert_allclose(net.feedforward(image), row, rtol=1e-5, atol=1e-6)
    assert list(net.predict(batch)) == [net.predict(image) for image in batch]
    assert isinstance(net.predict(batch[0]), int)


def test_sigmoid_is_stable_and_equals_its_other_form():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(sigmoid(z), np.exp(z) / (np.exp(z) + 1), rtol=1e-12)
    extreme = sigmoid(np.array([-1e6, 1e6], dtype=np.float32))
    assert np.all(np.isfinite(extreme)) and extreme[0] == pytest.approx(0) and extreme[1] == 1


def test_frozen_network_cannot_be_changed_but_its_copy_can():
    net = Network((784, 16, 10)).freeze()
    with pytest.raises(ValueError):
        net.weights[0][0, 0] = 1.0
    copy = net.copy()
    copy.weights[0][0, 0] = 1.0
    assert net.weights[0][0, 0] != 1.0


@pytest.mark.parametrize("sizes", [(784,), (), (784, 0, 10), (784, -3, 10), ("a", 10), None])
def test_bad_sizes_are_refused_with_a_message(sizes):
    with pytest.raises(ValueError, match="sizes|layer|neuron"):
        Network(sizes)


def test_unknown_activation_and_wrong_input_shape_are_refused():
    with pytest.raises(ValueError, match="unknown activation"):
        Network((4, 2), activation="softplus")
    net = Network((784, 16, 10))
    with pytest.raises(ValueError, match=r"\(784,\)"):
        net.feedforward(np.zeros(783))
    with pytest.raises(ValueError, match="shape"):
        Network((784, 16, 10), weights=[np.zeros((784, 16)), np.zeros((10, 16))],
                biases=[np.zeros(16), np.zeros(10)])


def test_netcore_imports_no_streamlit_and_no_plotting_library():
    code = ("import sys, netcore, netcore.preprocess, netcore.train, netcore.weightfile\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('streamlit', 'plotly', 'matplotlib', 'altair')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)
