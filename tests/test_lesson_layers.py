"""AppTest for /layers: the whole network lit up by the digit, and what feeds one neuron."""

import numpy as np
import pytest

import netcore
from drawing_helpers import SVG, drawing_html, drawn_connections, parse, rules, style_text
from picture_helpers import output_bars_shown, svg_bar_values
from apptest_helpers import (answer_check, canvas_image, feed_digit, metric_value,
                             page_test)
from netcore.preprocess import to_mnist
from ui.lessons import layers_checks


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


def test_layers_all_versus_strongest_changes_the_number_of_drawn_connections():
    at = page_test("layers.py", canvas_image(2)).run()
    assert drawn_connections(parse(drawing_html(at))) == 300
    at.slider(key="layers_top_n").set_value(1000).run()
    assert drawn_connections(parse(drawing_html(at))) == 1000
    at.radio(key="layers_show").set_value("all").run()
    assert not at.exception
    assert drawn_connections(parse(drawing_html(at))) == 784 * 16 + 16 * 16 + 16 * 10
    assert any("12,960 of the 12,960" in c.value for c in at.caption)


def test_layers_connections_follow_the_palette_switch():
    from ui.palette import PALETTES

    def line_colours(at):
        return {p.get("stroke").rsplit(",", 1)[0]
                for p in parse(drawing_html(at)).iter(f"{SVG}path")}

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
        if depth > 1:   # its weights and weight x activation, as two SVG bar charts
            w = net.weights[depth - 1][j]
            bars = [c for c in svg_bar_values(at) if len(c) == len(w)]
            np.testing.assert_allclose(bars[0], w, atol=0.005)
            np.testing.assert_allclose(bars[1], w * acts[depth - 1], atol=0.005)
        seen.add(shown)
    assert len(seen) == 3
    at = answer_check(at, "layers-brightest", int(np.argmax(acts[-1])))
    assert metric_value(at, "Network's guess") == str(int(np.argmax(acts[-1])))


def _texts(at, kind):
    return " ".join(str(m.value) for m in getattr(at, kind))


def opening(at) -> dict[str, str]:
    """How the network drawing opens, before Play or a step is pressed: the first hidden
    layer still waiting or computed, the network's choice hidden or marked."""
    css = rules(style_text(parse(drawing_html(at))))
    return {part: css[f".fp .fp-stage .fp-{part}"] for part in ("wait1", "choice")}


def _guesses(at):
    return [m for m in at.metric if m.label.startswith("Network's guess")]


def test_the_brightest_output_check_hides_the_outputs_until_answered(net):
    image = canvas_image(4)
    outputs = net.feedforward(to_mnist(image))
    order = np.argsort(-outputs)
    guess, runner_up = int(order[0]), int(order[1])
    at = page_test("layers.py", image).run()
    assert not _guesses(at)
    assert output_bars_shown(at) is None
    assert opening(at) == {"wait1": "visibility: visible", "choice": "visibility: hidden"}

    at = answer_check(at, "layers-brightest", runner_up)
    warning = _texts(at, "warning")
    assert (f"Output neuron {runner_up} holds only {layers_checks.shown(outputs[runner_up])}: "
            "1 of the ten outputs is brighter") in warning
    assert f"neuron {guess}" not in warning   # the first wrong answer does not give it away
    assert not _guesses(at)

    at = answer_check(at, "layers-brightest", guess)
    right = _texts(at, "success")
    assert f"Output neuron {guess} holds **{outputs[guess]:.2f}**" in right
    assert f"neuron {runner_up} with {layers_checks.shown(outputs[runner_up])}" in right
    assert f"hold {outputs[order[2:]].sum():.2f} between them" in right
    assert metric_value(at, "Network's guess") == str(guess)
    np.testing.assert_allclose(output_bars_shown(at), outputs, atol=5e-5)
    assert opening(at) == {"wait1": "visibility: hidden", "choice": "visibility: visible"}


def test_a_misread_mnist_digit_gets_its_writers_digit_named(net):
    from ui import resources
    data = resources.mnist()
    wrong = np.flatnonzero(net.predict(data.test_images) != data.test_labels)
    index = int(wrong[0])
    label = int(data.test_labels[index])
    raw = (data.test_images[index].reshape(28, 28) * 255).round().astype(np.uint8)
    at = feed_digit(page_test("layers.py"), raw, source="mnist", label=label).run()
    outputs = net.feedforward(to_mnist(raw, pen=None))
    at = answer_check(at, "layers-brightest", label)            # what the writer meant
    assert f"The person who wrote this digit meant a {label}, but the network reads it otherwise" \
        in _texts(at, "warning")
    at = answer_check(at, "layers-brightest", int(np.argmax(outputs)))
    assert f"meant a {label}: here the network is wrong (neuron {label} holds " \
           f"{layers_checks.shown(outputs[label])})" in _texts(at, "success")
