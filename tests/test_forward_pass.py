"""The forward pass in motion on /layers: one SVG drawing with every step in it, and CSS.

The activations the drawing must show are computed here with netcore.reference (the plain
sigma(W a + b) loop), independently of Network.activations that the drawing is built from.
What the browser really shows at each step is tests/browser/test_browser_forward_pass.py's.
"""

import numpy as np
import pytest

import netcore
from apptest_helpers import canvas_image, page_test
from drawing_helpers import (SVG, drawing_html, drawn_connections, gray_level, keyframes,
                             lit_circles, parse, parts, rules, style_text, text_of)
from netcore.preprocess import to_mnist
from ui.lessons import forward_pass, layers
from ui.palette import GUESS_COLOUR, PALETTES

VIDEO = PALETTES["video"]
FORMULAS = ["a⁽⁰⁾ = your 784 pixels", "a⁽¹⁾ = σ(W⁽¹⁾ a⁽⁰⁾ + b⁽¹⁾)",
            "a⁽²⁾ = σ(W⁽²⁾ a⁽¹⁾ + b⁽²⁾)", "a⁽³⁾ = σ(W⁽³⁾ a⁽²⁾ + b⁽³⁾)"]


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


@pytest.fixture(scope="module")
def digit():
    return to_mnist(canvas_image(6))


def drawing(net, x, **options):
    return layers.network_drawing(net, net.activations(x), VIDEO, **options)


def test_one_step_per_layer_in_order_each_a_radio_button_with_its_name(net, digit):
    root = parse(drawing(net, digit).html)
    labels = {label.get("for"): label.text for label in root.iter("label")}
    assert [labels[f"fp-s{k}"] for k in range(4)] == ["input", "hidden 1", "hidden 2", "output"]
    assert [labels[f"fp-play-{p}"] for p in forward_pass.PLAYS] == [forward_pass.PLAY_LABEL] * 2
    radios = [i for i in root.iter("input") if i.get("type") == "radio"]
    assert {i.get("name") for i in radios} == {"fp-step"}          # one group: one state at a time
    assert {i.get("id") for i in radios} == set(labels)
    assert not any(i.get("checked") is not None for i in radios)   # the opening state is CSS's own


def test_each_neuron_is_lit_with_its_real_activation_and_says_it_on_hover(net, digit):
    expected = netcore.reference.activations(net, digit)
    circles = lit_circles(parse(drawing(net, digit, selected=(2, 5)).html), net.sizes)
    for (depth, j), circle in circles.items():
        assert gray_level(circle.get("fill")) == pytest.approx(float(expected[depth][j]),
                                                              abs=0.5 / 255 + 1e-6)
        title = circle.find(f"{SVG}title").text
        assert title.startswith(layers.neuron_label(depth, j, 4))
        assert title.endswith(f"activation {float(expected[depth][j]):.3f}")
    assert circles[(2, 5)].get("stroke") == layers.SELECTED


def test_every_layer_has_its_waiting_copy_and_its_connections_in_their_own_group(net, digit):
    root = parse(drawing(net, digit, top_n=None, rank_by=layers.RANK_BY_SIGNAL).html)
    for depth, n in enumerate(net.sizes[1:], start=1):
        (wait,) = parts(root, f"wait{depth}")
        copies = list(wait.iter(f"{SVG}circle"))
        assert len(copies) == n and all(c.find(f"{SVG}title") is None for c in copies)
        assert {c.get("fill") for c in copies} == {layers.BACKGROUND}
        assert {c.get("stroke-dasharray") for c in copies} == {"2 2"}
        (lines,) = parts(root, f"lines{depth}")
        assert lines.find(f"{SVG}path") is not None
    assert drawn_connections(root) <= layers.total_connections(net.sizes)
    strokes = {p.get("stroke").rsplit(",", 1)[0] for p in root.iter(f"{SVG}path")}
    assert len(strokes) == 2                                         # one colour per sign


def test_all_or_the_strongest_connections_are_drawn(net, digit):
    assert drawn_connections(parse(drawing(net, digit, top_n=None).html)) == 12_960
    shown = drawing(net, digit, top_n=300)
    assert drawn_connections(parse(shown.html)) == shown.connections == 300


def test_what_each_step_shows():
    n = 4
    for reached in range(n):
        shown = forward_pass.shown(reached, n)
        assert set(shown) == set(forward_pass.part_names(n))
        assert [d for d in (1, 2, 3) if shown[f"lines{d}"]] == list(range(1, reached + 1))
        assert [d for d in (1, 2, 3) if shown[f"wait{d}"]] == list(range(reached + 1, n))
        assert [k for k in range(n) if shown[f"formula{k}"]] == [reached]
        assert [k for k in range(n) if shown[f"on{k}"]] == [reached]
        assert shown["choice"] == (reached == n - 1) and shown["unchosen"] == (reached < n - 1)


def declared(part: str, shown: bool) -> str:
    return forward_pass._declarations(part, shown)


def where(part: str) -> str:
    return "bar" if part.startswith("on") else "stage"


@pytest.mark.parametrize("opens_at, opening", [(0, 0), (None, 3), (2, 2)])
def test_the_css_shows_each_steps_parts_when_its_button_is_pressed_and_opens_where_asked(
        net, digit, opens_at, opening):
    css = rules(style_text(parse(drawing(net, digit, opens_at=opens_at).html)))
    for part, on in forward_pass.shown(opening, 4).items():   # no button pressed yet
        assert css[f".fp .fp-{where(part)} .fp-{part}"] == declared(part, on)
    for k in range(4):
        for part, on in forward_pass.shown(k, 4).items():
            assert css[f".fp #fp-s{k}:checked ~ .fp-{where(part)} .fp-{part}"] == declared(part, on)


def test_play_runs_through_every_step_in_order_as_cuts_and_holds_the_last(net, digit):
    css = style_text(parse(drawing(net, digit, opens_at=0).html))
    plain, frames = rules(css), keyframes(css)
    for play in forward_pass.PLAYS:
        for part in forward_pass.part_names(4):
            name = f"fp-{play}-{part}"
            assert plain[f".fp #fp-play-{play}:checked ~ .fp-{where(part)} .fp-{part}"] == (
                f"animation: {name} {4 * forward_pass.FRAME_MS}ms step-end both")
            steps = [(100 * k / 4, declared(part, forward_pass.shown(k, 4)[part])) for k in range(4)]
            assert frames[name] == steps + [(100.0, steps[-1][1])]
    assert forward_pass.FRAME_MS >= 1000                              # time to read a formula
    # The two Play buttons take turns: pressing Play again restarts the run (a new name).
    assert plain[".fp #fp-play-a:checked ~ .fp-bar .fp-play-b"] == "display: inline-block"
    assert plain[".fp #fp-play-a:checked ~ .fp-bar .fp-play-a"] == "display: none"


def test_the_choice_marks_the_argmax_of_the_outputs(net):
    for index in (0, 1, 2):   # three MNIST test digits with different answers
        x = netcore.load_mnist().test_images[index]
        guess = int(np.argmax(netcore.reference.activations(net, x)[-1]))
        for vertical in (False, True):
            root = parse(drawing(net, x, vertical=vertical).html)
            marks = parts(root, "choice")
            ring = [c for m in marks for c in m.iter(f"{SVG}circle")]
            assert len(ring) == 1 and ring[0].get("stroke") == GUESS_COLOUR
            output = lit_circles(root, net.sizes)[(3, guess)]
            assert (ring[0].get("cx"), ring[0].get("cy")) == (output.get("cx"), output.get("cy"))
            said = " ".join(text_of(m) for m in marks)
            assert (f"the network's choice: {guess}" in said if vertical
                    else f"{guess} \u2190 choice" in said)
            (plain,) = parts(root, "unchosen")
            assert text_of(plain) == str(guess)


def test_each_step_names_the_formula_of_its_layer(net, digit):
    root = parse(drawing(net, digit).html)
    assert [text_of(parts(root, f"formula{k}")[0]) for k in range(4)] == FORMULAS


@pytest.mark.parametrize("activation, symbol", [("relu", "ReLU"), ("tanh", "tanh"),
                                                ("sigmoid", "σ")])
def test_a_learners_network_of_other_sizes_gets_its_own_steps_and_squashing_names(
        activation, symbol, digit):
    own = netcore.Network((784, 12, 8, 6, 10), activation=activation, seed=3)
    root = parse(drawing(own, digit).html)
    labels = [label.text for label in root.iter("label") if label.get("for").startswith("fp-s")]
    assert labels == ["input", "hidden 1", "hidden 2", "hidden 3", "output"]
    formulas = [text_of(parts(root, f"formula{k}")[0]) for k in range(5)]
    assert formulas[1] == f"a⁽¹⁾ = {symbol}(W⁽¹⁾ a⁽⁰⁾ + b⁽¹⁾)"
    assert formulas[3] == f"a⁽³⁾ = {symbol}(W⁽³⁾ a⁽²⁾ + b⁽³⁾)"
    assert formulas[4] == "a⁽⁴⁾ = σ(W⁽⁴⁾ a⁽³⁾ + b⁽⁴⁾)"      # the output layer is always sigmoid
    expected = own.activations(digit)
    circles = lit_circles(root, own.sizes)
    assert [gray_level(circles[(2, j)].get("fill")) for j in range(8)] == pytest.approx(
        np.clip(expected[2], 0, 1), abs=0.5 / 255 + 1e-6)
    css = rules(style_text(root))
    assert css[".fp #fp-s4:checked ~ .fp-stage .fp-wait4"] == "visibility: hidden"
    assert css[".fp #fp-s3:checked ~ .fp-stage .fp-wait4"] == "visibility: visible"


def test_the_drawing_is_one_html_block_without_a_line_break(net, digit):
    # st.markdown ends a raw HTML block at a blank line: the drawing must have none.
    for vertical in (False, True):
        assert "\n" not in drawing(net, digit, vertical=vertical, top_n=None).html


def test_layers_page_shows_the_drawing_with_play_and_its_how_to():
    at = page_test("layers.py", canvas_image(4)).run()
    assert not at.exception
    root = parse(drawing_html(at))
    assert [label.text for label in root.iter("label")][:2] == [forward_pass.PLAY_LABEL] * 2
    assert any(forward_pass.PLAY_LABEL in c.value for c in at.caption)
    children = [c.get("class") for c in root]
    assert children.index("fp-bar") < children.index("fp-stage")   # controls above the drawing
    at.toggle(key="layers_vertical").set_value(True).run()
    assert not at.exception
    children = [c.get("class") for c in parse(drawing_html(at))]
    assert children.index("fp-stage") < children.index("fp-bar")   # on a phone: under it
