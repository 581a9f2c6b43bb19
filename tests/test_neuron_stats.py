"""netcore.neuron_stats: every hidden neuron over a data set, and the loop-on-top test."""

import numpy as np
import pytest

import netcore
from netcore import neuron_stats


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _hidden_activations(net, images):
    """Each hidden layer's activations, written out here with plain NumPy (sigmoid networks)."""
    a, layers = images.astype(np.float64), []
    for w, b in list(zip(net.weights, net.biases))[:-1]:
        a = _sigmoid(a @ w.astype(np.float64).T + b)
        layers.append(a)
    return layers


@pytest.fixture(scope="module")
def small_set():
    rng = np.random.default_rng(5)
    images = rng.random((257, 784)).astype(np.float32) * (rng.random((257, 784)) < 0.2)
    labels = rng.integers(0, 10, 257)
    return netcore.Network((784, 7, 5, 10), seed=3), images, labels


def test_class_means_and_favourites_equal_a_direct_computation_whatever_the_chunk(small_set):
    net, images, labels = small_set
    expected = _hidden_activations(net, images)
    for chunk in (1000, 50, 1):
        stats = neuron_stats.hidden_layer_stats(net, images, labels, top=4, chunk=chunk)
        assert [s.layer for s in stats] == [1, 2]
        for s, a in zip(stats, expected):
            means = np.array([[a[labels == d, j].mean() for d in range(10)] for j in range(a.shape[1])])
            np.testing.assert_allclose(s.class_means, means, rtol=1e-5)
            np.testing.assert_allclose(s.top_values, -np.sort(-a.T, axis=1)[:, :4], rtol=1e-5)
            # the images named are the ones with those activations
            np.testing.assert_allclose(np.take_along_axis(a.T, s.top_images, 1), s.top_values, rtol=1e-5)
            assert len({tuple(row) for row in s.top_images.T}) == 4


def test_a_network_without_hidden_layers_has_no_stats(small_set):
    _, images, labels = small_set
    assert neuron_stats.hidden_layer_stats(netcore.Network((784, 10)), images, labels) == []


def _means(loop_row, n=4, base=0.3):
    means = np.full((n, 10), base)
    means[2] = loop_row
    return means


def test_a_neuron_firing_twice_as_strongly_for_8s_and_9s_passes():
    row = np.full(10, 0.2)
    row[8], row[9], row[4] = 0.7, 0.9, 0.35
    test = neuron_stats.loop_detector_test(_means(row))
    assert test.passed and test.neuron == 2 and test.n_passing == 1
    assert test.loop_means == (0.7, 0.9)
    assert test.rival_digit == 4 and test.rival_mean == pytest.approx(0.35)
    assert test.ratio == pytest.approx(0.7 / 0.35)


def test_a_neuron_firing_for_9s_but_not_8s_does_not_pass():
    row = np.full(10, 0.1)
    row[9], row[8] = 0.95, 0.15
    test = neuron_stats.loop_detector_test(_means(row))
    assert not test.passed and test.n_passing == 0
    assert test.neuron == 2 and test.ratio == pytest.approx(0.15 / 0.1)   # the weaker of 8 and 9 counts


def test_the_ratio_is_measured_from_the_activations_floor():
    row = np.full(10, -0.6)          # tanh: -1 is as quiet as a neuron gets
    row[8], row[9] = 0.0, 0.1        # 1.0 and 1.1 above the floor; the rest 0.4: 2.5 times
    test = neuron_stats.loop_detector_test(_means(row, base=-0.9), floor=-1.0)
    assert test.passed and test.ratio == pytest.approx(1.0 / 0.4)
    assert test.loop_means == pytest.approx((0.0, 0.1)) and test.rival_mean == pytest.approx(-0.6)
    assert not neuron_stats.loop_detector_test(_means(row, base=-0.9), floor=0.0).passed


def test_equal_activations_keep_the_earlier_image_first(small_set):
    net, images, labels = small_set
    repeated = np.vstack([images[:40]] * 3)              # every image three times: exact ties
    stats = neuron_stats.hidden_layer_stats(net, repeated, np.tile(labels[:40], 3), top=6, chunk=7)
    a = _hidden_activations(net, images[:40])
    for s, acts in zip(stats, a):
        for j in range(acts.shape[1]):
            first, second = np.argsort(-acts[:, j], kind="stable")[:2]
            assert list(s.top_images[j]) == [first, first + 40, first + 80,
                                             second, second + 40, second + 80]
