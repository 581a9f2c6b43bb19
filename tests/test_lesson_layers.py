"""AppTest for /neurons, /layers and /why-layers: they run, and show the real network's numbers."""

import base64
import json
import re

import numpy as np
import pytest

import netcore
from apptest_helpers import canvas_image, feed_digit, metric_value, page_test, validate_figures
from netcore.preprocess import to_mnist

PAGES = ["neurons.py", "layers.py", "why_layers.py"]


def decode(value):
    """A Plotly JSON array, plain or base64-typed ({"dtype", "bdata", "shape"}), as numpy."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return arr.reshape([int(n) for n in str(shape).split(",")]) if shape else arr
    return np.asarray(value, dtype=float)


def chart(at, key: str) -> dict:
    """The Plotly spec (parsed JSON) of the chart drawn with key=`key`."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith("-" + key):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no plotly chart with key {key!r}")


def drawn_connections(spec: dict) -> int:
    """Line segments in the network drawing: one NaN gap closes each."""
    return sum(int(np.isnan(decode(t["x"])).sum()) for t in spec["data"]
               if t.get("type") == "scatter" and t.get("mode") == "lines")


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


@pytest.mark.parametrize("page", PAGES)
def test_page_without_a_digit_asks_for_one(page):
    at = page_test(page).run()
    assert not at.exception, at.exception
    assert any("canvas is empty" in info.value for info in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_page_with_a_digit_runs_and_every_figure_is_valid_plotly(page):
    at = page_test(page, canvas_image(4)).run()
    assert not at.exception, at.exception
    assert not any("canvas is empty" in info.value for info in at.info)
    validate_figures(at)


def test_neurons_shows_the_real_input_values_and_they_follow_the_digit():
    at = page_test("neurons.py", canvas_image(0)).run()
    x0 = to_mnist(canvas_image(0))
    shown = decode(chart(at, "neurons_input")["data"][0]["z"])
    np.testing.assert_allclose(shown.ravel(), x0, atol=1e-6)
    texts = chart(at, "neurons_input")["data"][0]["text"]
    bright = int(np.argmax(x0))
    assert texts[bright // 28][bright % 28] == f"{x0[bright]:.1f}"
    table = at.dataframe[0].value
    assert table["entry"][1] == f"a0[{bright}]"
    np.testing.assert_allclose(table["activation"], x0[[int(e[3:-1]) for e in table["entry"]]])

    feed_digit(at, canvas_image(7)).run()
    shown_again = decode(chart(at, "neurons_input")["data"][0]["z"]).ravel()
    np.testing.assert_allclose(shown_again, to_mnist(canvas_image(7)), atol=1e-6)
    assert np.abs(shown_again - x0).max() > 0.5


def test_neurons_numbers_toggle_removes_the_printed_numbers():
    at = page_test("neurons.py", canvas_image(3)).run()
    assert "text" in chart(at, "neurons_input")["data"][0]
    at.toggle(key="neurons_numbers").set_value(False).run()
    assert "text" not in chart(at, "neurons_input")["data"][0]


def test_neurons_gray_value_answer_uses_a_real_pixel_of_the_drawing():
    image = canvas_image(5)
    at = page_test("neurons.py", image).run()
    answer = next(m.value for m in at.markdown if m.value.startswith("Take pixel"))
    r, c = map(int, re.search(r"row (\d+), column (\d+)", answer).groups())
    red, green, blue, alpha = image[r, c]
    assert f"R={red}, G={green}, B={blue}" in answer and f"A={alpha}" in answer
    ink = (0.299 * red + 0.587 * green + 0.114 * blue) / 255 * alpha / 255
    assert f"= **{ink:.3f}**" in answer


def test_layers_all_versus_strongest_changes_the_number_of_drawn_connections():
    at = page_test("layers.py", canvas_image(2)).run()
    assert drawn_connections(chart(at, "layers_network")) == 300
    at.slider(key="layers_top_n").set_value(1000).run()
    assert drawn_connections(chart(at, "layers_network")) == 1000
    at.radio(key="layers_show").set_value("all").run()
    assert not at.exception
    assert drawn_connections(chart(at, "layers_network")) == 784 * 16 + 16 * 16 + 16 * 10
    assert any("12,960 of the 12,960" in c.value for c in at.caption)


def test_layers_connections_follow_the_palette_switch():
    from ui.palette import PALETTES

    def line_colours(at):
        return {t["line"]["color"].rsplit(",", 1)[0] for t in chart(at, "layers_network")["data"]
                if t.get("mode") == "lines"}

    def rgb(hex_colour):
        return "rgba(" + ",".join(str(int(hex_colour[k:k + 2], 16)) for k in (1, 3, 5))

    video = line_colours(page_test("layers.py", canvas_image(2)).run())
    blind = line_colours(page_test("layers.py", canvas_image(2), palette="colorblind").run())
    assert video == {rgb(PALETTES["video"].positive), rgb(PALETTES["video"].negative)}
    assert blind == {rgb(PALETTES["colorblind"].positive), rgb(PALETTES["colorblind"].negative)}


def test_strongest_connections_are_the_largest_by_weight_or_by_signal(net):
    from ui.lessons.layers import RANK_BY_SIGNAL, pick_connections, total_connections
    acts = net.activations(to_mnist(canvas_image(2)))
    everything = np.concatenate([np.abs(w).ravel() for w in net.weights])
    assert len(pick_connections(net, acts)) == total_connections(net.sizes) == everything.size
    strongest = pick_connections(net, acts, 300)
    np.testing.assert_allclose(np.sort(np.abs(strongest.weight)), np.sort(everything)[-300:])
    assert all(net.weights[l][j, i] == w for l, j, i, w in
               zip(strongest.layer, strongest.target, strongest.source, strongest.weight))
    used = pick_connections(net, acts, 300, RANK_BY_SIGNAL)
    signal = np.abs(used.weight * np.array([acts[l][i] for l, i in zip(used.layer, used.source)]))
    every_signal = np.concatenate([np.abs(w * a).ravel() for w, a in zip(net.weights, acts)])
    np.testing.assert_allclose(np.sort(signal), np.sort(every_signal)[-300:], rtol=1e-6)


def test_layers_choosing_a_neuron_shows_its_real_weighted_sum(net):
    image = canvas_image(6)
    at = page_test("layers.py", image).run()
    acts = net.activations(to_mnist(image))
    seen = set()
    for depth, j in [(1, 3), (2, 11), (3, 6)]:
        at.selectbox(key="layers_neuron").set_value((depth, j)).run()
        assert not at.exception
        z = float(net.weights[depth - 1][j] @ acts[depth - 1] + net.biases[depth - 1][j])
        shown = float(metric_value(at, "z = w · a + b"))
        assert shown == pytest.approx(z, abs=6e-4)
        shown_activation = float(metric_value(at, "activation"))
        assert shown_activation == pytest.approx(float(acts[depth][j]), abs=6e-4)
        seen.add(shown)
    assert len(seen) == 3
    assert metric_value(at, "Network's guess") == str(int(np.argmax(acts[-1])))


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
