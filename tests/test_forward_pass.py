"""The forward pass in motion on /layers: the drawing's animation frames, one per layer.

The activations the frames must show are computed here with netcore.reference (the plain
sigma(W a + b) loop), independently of Network.activations that the figure is built from.
"""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io
import pytest

import netcore
from apptest_helpers import canvas_image, chart, page_test
from netcore.preprocess import to_mnist
from ui.lessons import forward_pass, layers
from ui.palette import GUESS_COLOUR, PALETTES

VIDEO = PALETTES["video"]


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


@pytest.fixture(scope="module")
def digit():
    return to_mnist(canvas_image(6))


def figure(net, x, **options):
    return layers.network_figure(net, net.activations(x), VIDEO, **options).to_dict()


def neuron_circles(net, shapes: list[dict], selected=None) -> dict:
    """{(depth, j): shape} of the neuron circles, in the drawing's order (the dotted ring
    around a selected neuron, an extra shape after it, left out)."""
    refs = [(d, j) for d in range(1, len(net.sizes)) for j in range(net.sizes[d])]
    out, k = {}, 0
    for ref in refs:
        out[ref] = shapes[k]
        k += 2 if ref == selected else 1
    assert k == len(shapes)
    return out


def gray_level(fill: str) -> float:
    r, g, b = (int(v) for v in fill.removeprefix("rgb(").removesuffix(")").split(","))
    assert r == g == b
    return r / 255


def test_one_frame_per_layer_in_order_and_the_slider_steps_through_them(net, digit):
    fig = figure(net, digit)
    names = [f["name"] for f in fig["frames"]]
    assert names == ["input", "hidden 1", "hidden 2", "output"]
    slider = fig["layout"]["sliders"][0]
    assert [s["args"][0] for s in slider["steps"]] == [[n] for n in names]
    assert slider["active"] == len(names) - 1          # it opens at the end: fully lit
    play = fig["layout"]["updatemenus"][0]["buttons"][0]
    assert play["label"] == forward_pass.PLAY_LABEL and play["args"][0] == names


def test_each_frame_lights_the_layers_reached_with_their_real_activations(net, digit):
    expected = netcore.reference.activations(net, digit)
    fig = figure(net, digit, selected=(2, 5))
    for reached, frame in enumerate(fig["frames"]):
        circles = neuron_circles(net, frame["layout"]["shapes"], selected=(2, 5))
        for (depth, j), style in circles.items():
            if depth <= reached:
                assert gray_level(style["fillcolor"]) == pytest.approx(
                    float(expected[depth][j]), abs=0.5 / 255 + 1e-6)
                assert style["line"]["dash"] == "solid"
            else:   # not computed yet: dark and dotted, whatever its activation
                assert style["fillcolor"] == layers.BACKGROUND
                assert style["line"]["dash"] == "dot"
    lit = [sum(1 for d, _ in neuron_circles(net, f["layout"]["shapes"], (2, 5))
               if d <= k) for k, f in enumerate(fig["frames"])]
    assert lit == [0, 16, 32, 42]


def test_connections_into_a_layer_light_up_in_its_frame(net, digit):
    fig = figure(net, digit, rank_by=layers.RANK_BY_SIGNAL)
    feeds = {i: t["meta"]["feeds"] for i, t in enumerate(fig["data"])
             if "feeds" in t.get("meta", {})}
    assert set(feeds.values()) == {1, 2, 3}
    for reached, frame in enumerate(fig["frames"]):
        assert frame["traces"] == sorted(feeds)      # only the connection traces change
        shown = dict(zip(frame["traces"], (d["line"]["color"] for d in frame["data"])))
        for i, f in feeds.items():
            own = fig["data"][i]["line"]["color"]
            if f <= reached:
                assert shown[i] == own
            else:
                assert shown[i] != own and shown[i].endswith(f",{forward_pass.WAITING_ALPHA:.2f})")
                assert shown[i].rsplit(",", 1)[0] == own.rsplit(",", 1)[0]   # same sign colour


def test_the_last_frame_marks_the_argmax_of_the_outputs_and_earlier_ones_do_not(net):
    for index in (0, 1, 2):   # three MNIST test digits with different answers
        x = netcore.load_mnist().test_images[index]
        guess = int(np.argmax(netcore.reference.activations(net, x)[-1]))
        for vertical in (False, True):
            frames = figure(net, x, vertical=vertical)["frames"]
            for k, frame in enumerate(frames):
                marked = [a for a in frame["layout"]["annotations"]
                          if a.get("font", {}).get("color") == GUESS_COLOUR
                          and a.get("visible", True)]
                rings = [s for s in frame["layout"]["shapes"]
                         if s["line"]["color"] == GUESS_COLOUR]
                if k < len(frames) - 1:
                    assert not marked and not rings
                    continue
                assert len(rings) == 1
                circles = neuron_circles(net, frame["layout"]["shapes"], selected=None)
                assert circles[(3, guess)] is rings[0]
                texts = " ".join(a["text"] for a in marked)
                assert (f"the network's choice: {guess}" in texts if vertical
                        else f"<b>{guess}</b> <b>\u2190 choice</b>" in texts)


def test_each_frame_names_the_formula_of_its_layer(net, digit):
    formulas = [f["layout"]["annotations"][-1]["text"] for f in figure(net, digit)["frames"]]
    assert formulas == ["a⁽⁰⁾ = your 784 pixels", "a⁽¹⁾ = σ(W⁽¹⁾ a⁽⁰⁾ + b⁽¹⁾)",
                        "a⁽²⁾ = σ(W⁽²⁾ a⁽¹⁾ + b⁽²⁾)", "a⁽³⁾ = σ(W⁽³⁾ a⁽²⁾ + b⁽³⁾)"]


@pytest.mark.parametrize("activation, symbol", [("relu", "ReLU"), ("tanh", "tanh"),
                                                ("sigmoid", "σ")])
def test_a_learners_network_of_other_sizes_gets_its_own_frames_and_squashing_names(
        activation, symbol, digit):
    own = netcore.Network((784, 12, 8, 6, 10), activation=activation, seed=3)
    fig = figure(own, digit)
    assert [f["name"] for f in fig["frames"]] == ["input", "hidden 1", "hidden 2", "hidden 3",
                                                  "output"]
    formulas = [f["layout"]["annotations"][-1]["text"] for f in fig["frames"]]
    assert formulas[1] == f"a⁽¹⁾ = {symbol}(W⁽¹⁾ a⁽⁰⁾ + b⁽¹⁾)"
    assert formulas[3] == f"a⁽³⁾ = {symbol}(W⁽³⁾ a⁽²⁾ + b⁽³⁾)"
    assert formulas[4] == "a⁽⁴⁾ = σ(W⁽⁴⁾ a⁽³⁾ + b⁽⁴⁾)"      # the output layer is always sigmoid
    expected = own.activations(digit)
    circles = neuron_circles(own, fig["frames"][2]["layout"]["shapes"])
    assert [gray_level(circles[(2, j)]["fillcolor"]) for j in range(8)] == pytest.approx(
        np.clip(expected[2], 0, 1), abs=0.5 / 255 + 1e-6)


def test_the_figure_opens_at_the_last_frame_and_any_frame_can_follow_any_other(net, digit):
    fig = figure(net, digit, selected=(1, 3), vertical=True)
    layout, last = fig["layout"], fig["frames"][-1]
    assert [forward_pass.circle_style(s) for s in layout["shapes"]] == last["layout"]["shapes"]
    fixed = len(layers._layer_names(net.sizes, layers.neuron_positions(net.sizes, True), True))
    for frame in fig["frames"]:
        # Plotly merges a frame into the figure: each one must set every key any frame changes.
        notes = frame["layout"]["annotations"]
        assert len(notes) == len(layout["annotations"]) and notes[:fixed] == [{}] * fixed
        assert all(n == {} or set(n) == set(base)
                   for n, base in zip(notes[fixed:], layout["annotations"][fixed:]))
        assert notes[-1]["text"].startswith("a⁽")     # the formula: changes in every frame
        for style, base in zip(frame["layout"]["shapes"], last["layout"]["shapes"], strict=True):
            assert set(style) == set(base) and set(style["line"]) == set(base["line"])
    assert all(n == {} or n == base for n, base in
               zip(last["layout"]["annotations"][fixed:], layout["annotations"][fixed:]))
    drawn = {i: t["line"]["color"] for i, t in enumerate(fig["data"])
             if "feeds" in t.get("meta", {})}
    assert dict(zip(last["traces"], (d["line"]["color"] for d in last["data"]))) == drawn


def test_frames_carry_no_coordinates_and_every_step_is_a_cut(net, digit):
    spec = figure(net, digit, top_n=None)           # all 12,960 connections
    size = len(plotly.io.to_json(spec, validate=False))
    for frame in spec["frames"]:
        assert all(set(d) - {"type"} == {"line"} and set(d["line"]) == {"color"}
                   for d in frame["data"])                   # (plotly.py may add the type)
        assert not any({"x0", "x1", "y0", "y1"} & set(s) for s in frame["layout"]["shapes"])
        assert len(json.dumps(frame)) < size / 50
    animations = [b["args"][1] for b in spec["layout"]["updatemenus"][0]["buttons"]]
    animations += [s["args"][1] for s in spec["layout"]["sliders"][0]["steps"]]
    assert all(a["transition"]["duration"] == 0 for a in animations)
    play = animations[0]["frame"]
    assert [f["duration"] for f in play] == [forward_pass.FRAME_MS] * 4 and play[0]["duration"] >= 1000
    assert [f["redraw"] for f in play] == [False, False, False, True]   # ends clickable


def test_the_animated_figure_passes_plotly_validation(net, digit):
    for vertical in (False, True):
        go.Figure(figure(net, digit, vertical=vertical))   # raises on a misspelt property


def test_layers_page_shows_the_animated_figure():
    at = page_test("layers.py", canvas_image(4)).run()
    assert not at.exception
    spec = chart(at, "layers_network")
    assert [f["name"] for f in spec["frames"]] == ["input", "hidden 1", "hidden 2", "output"]
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["label"] == forward_pass.PLAY_LABEL
    assert any(forward_pass.PLAY_LABEL in c.value for c in at.caption)
    at.toggle(key="layers_vertical").set_value(True).run()
    assert not at.exception
    assert len(chart(at, "layers_network")["frames"]) == 4


def test_before_the_learner_predicts_the_winner_the_figure_opens_with_only_the_input_lit(net, digit):
    fig = figure(net, digit, opens_at=0)
    first = fig["frames"][0]
    assert fig["layout"]["sliders"][0]["active"] == 0
    assert [forward_pass.circle_style(s) for s in fig["layout"]["shapes"]] == first["layout"]["shapes"]
    drawn = {i: t["line"]["color"] for i, t in enumerate(fig["data"]) if "feeds" in t.get("meta", {})}
    assert dict(zip(first["traces"], (d["line"]["color"] for d in first["data"]))) == drawn
    # the labels are frame 0's (the input's formula, no winner marked)
    for opened, framed in zip(fig["layout"]["annotations"], first["layout"]["annotations"], strict=True):
        assert framed == {} or opened == framed
    assert fig["layout"]["annotations"] != figure(net, digit)["layout"]["annotations"]


def test_the_layers_page_opens_its_drawing_at_the_input_until_the_check_is_answered():
    from apptest_helpers import answer_check
    at = page_test("layers.py", canvas_image(4)).run()
    assert chart(at, "layers_network")["layout"]["sliders"][0]["active"] == 0
    outputs = netcore.load_default().feedforward(to_mnist(canvas_image(4)))
    at = answer_check(at, "layers-brightest", int(np.argmax(outputs)))
    assert chart(at, "layers_network")["layout"]["sliders"][0]["active"] == 3
