"""AppTest for /why-layers: the hope drawn in code, and the real first layer's weights."""

import re

import numpy as np
import pytest

import netcore
from apptest_helpers import canvas_image, chart, decode, page_test
from netcore.preprocess import to_mnist


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


def _firing_list(at):
    line = next(m.value for m in at.markdown if m.value.startswith("**Firing most"))
    return [int(j) for j in re.findall(r"neuron (\d+) \(", line)]


def test_why_layers_lists_the_first_layer_neurons_in_order_of_activation(net):
    lists = []
    for digit in (0, 7):
        at = page_test("why_layers.py", canvas_image(digit)).run()
        a1 = net.activations(to_mnist(canvas_image(digit)))[1]
        order = np.argsort(-a1, kind="stable")
        listed = _firing_list(at)
        assert listed == list(order[:len(listed)]) and len(listed) == 5
        bars = chart(at, "why_layers_bars")["data"][0]
        assert bars["x"] == [f"neuron {j}" for j in order]
        np.testing.assert_allclose(decode(bars["y"]), a1[order], atol=1e-6)
        lists.append(listed)
    assert lists[0] != lists[1]


def test_why_layers_weight_pictures_are_the_real_first_layer_weights(net):
    at = page_test("why_layers.py", canvas_image(1)).run()
    spec = chart(at, "why_layers_weights")
    assert len(spec["data"]) == 16
    for j, trace in enumerate(spec["data"]):
        np.testing.assert_allclose(decode(trace["z"]).ravel(), net.weights[0][j], atol=1e-6)


def test_why_layers_choosing_another_digit_redraws_the_hope():
    at = page_test("why_layers.py").run()
    nine = decode(chart(at, "why_layers_hope_0")["data"][0]["z"])
    at.radio(key="why_layers_digit").set_value(4).run()
    four = decode(chart(at, "why_layers_hope_0")["data"][0]["z"])
    assert np.abs(nine - four).max() > 0.5
    assert len(chart(at, "why_layers_hope_2")["data"]) == 3   # a 4 is three lines
