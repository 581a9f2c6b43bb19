"""netcore.network: shapes, the forward pass, read-only sharing, and import hygiene."""

import subprocess
import sys

import numpy as np
import pytest

import netcore
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
    assert net.frozen and not copy.frozen


def _every_change(net):
    """Each way a caller could change a network by mistake, as (description, attempt)."""
    w0 = net.weights[0]
    return [
        ("write into a weight", lambda: w0.__setitem__((0, 0), 1.0)),
        ("add to a weight matrix in place", lambda: w0.__iadd__(1.0)),
        ("write into a bias", lambda: net.biases[1].__setitem__(0, 1.0)),
        ("fill through a reshaped view", lambda: w0.reshape(-1).fill(0.0)),
        ("replace a layer's weights", lambda: net.weights.__setitem__(0, w0 * 2)),
        ("append a layer", lambda: net.weights.append(w0)),
        ("extend the biases", lambda: net.biases.extend([np.zeros(3)])),
        ("pop a layer", lambda: net.weights.pop()),
        ("delete a layer", lambda: net.biases.__delitem__(0)),
        ("rebind weights", lambda: setattr(net, "weights", [w.copy() for w in net.weights])),
        ("rebind biases", lambda: setattr(net, "biases", [])),
        ("rebind sizes", lambda: setattr(net, "sizes", (784, 10))),
        ("rebind activation", lambda: setattr(net, "activation", "relu")),
        ("delete weights", lambda: delattr(net, "weights")),
        ("make an array writable again", lambda: setattr(w0.flags, "writeable", True)),
    ]


def test_the_shared_default_refuses_training_and_every_in_place_change():
    from netcore.training import TrainConfig, train

    net = netcore.load_default()
    before = [a.copy() for a in (*net.weights, *net.biases)]
    images = np.random.default_rng(0).integers(0, 256, (20, 784), dtype=np.uint8)
    labels = np.arange(20) % 10
    with pytest.raises(ValueError, match="cannot train a frozen network.*net.copy()"):
        train(net, images, labels, TrainConfig(epochs=1, batch_size=10))
    for what, attempt in _every_change(net):
        with pytest.raises(ValueError):
            attempt()
            pytest.fail(f"{what} was allowed")
    assert isinstance(net.weights, tuple) and isinstance(net.biases, tuple)
    for arr in (*net.weights, *net.biases):   # read-only all the way down: no writable base
        assert not arr.flags.writeable and arr.dtype == np.float32 and arr.flags.c_contiguous
        while isinstance(arr, np.ndarray):
            assert not arr.flags.writeable
            arr = arr.base
        assert isinstance(arr, bytes)
    assert all(np.array_equal(a, b) for a, b in zip(before, (*net.weights, *net.biases)))
    # A copy is the learner's own: it trains, and the default stays as it was.
    mine = net.copy()
    assert train(mine, images, labels, TrainConfig(epochs=1, batch_size=10)).status == "finished"
    assert not np.array_equal(mine.weights[0], net.weights[0])
    assert all(np.array_equal(a, b) for a, b in zip(before, (*net.weights, *net.biases)))


def test_every_change_is_allowed_on_a_network_that_is_not_frozen():
    # The attempts above are real changes: on a writable network each goes through.
    for what, attempt in _every_change(Network((784, 16, 3, 10), seed=0)):
        attempt()


def test_every_netcore_module_imports_by_its_dotted_name_and_none_is_shadowed():
    # In a fresh interpreter: walk netcore's files, import each module by name, and
    # check its package's attribute of that name is the module itself (not a
    # function of the same name, as `netcore.train` once was over its package).
    code = """
import importlib, pkgutil, sys
import netcore
names = [m.name for m in pkgutil.walk_packages(netcore.__path__, "netcore.")
         if not m.name.endswith(".__main__")]   # __main__ runs a command: see test_train
assert "netcore.training.gradients" in names and "netcore.reference" in names, names
for name in names:
    module = importlib.import_module(name)
    parent, _, short = name.rpartition(".")
    found = getattr(sys.modules[parent], short)
    assert found is module, f"{parent}.{short} is {found!r}, not the module {name}"
print(len(names))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 12


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
    code = ("import sys, netcore, netcore.preprocess, netcore.training, netcore.weightfile\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('streamlit', 'plotly', 'matplotlib', 'altair')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)
