"""AppTest for /weights, /sigmoid-and-bias and /counting, and the helpers behind them.

Every expected number is computed here, independently, from the weights, the
learner's digit and the formulas (never read back from the page's own code).
"""

import numpy as np
import pytest

import netcore
from netcore.network import parameter_count
from apptest_helpers import (canvas_image, metric_value, page_test, validate_figures,
                             video_bar_and_edge)
from ui import palette, state, words
from ui.lessons import counting, neuron, weights

PAGES = ["weights.py", "sigmoid_and_bias.py", "counting.py"]


def sigma(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def the_digit(at) -> np.ndarray:
    return at.session_state[state.DIGIT].x.astype(np.float64)


def metric_float(at, label: str) -> float:
    return float(metric_value(at, label).replace(",", ""))


# ---- every page runs

@pytest.mark.parametrize("page", PAGES)
def test_page_runs_clean_without_a_digit(page):
    at = page_test(page).run()
    assert not at.exception
    if page != "counting.py":
        assert any("canvas is empty" in info.value for info in at.info)
        assert not [m for m in at.metric if m.label.startswith(("Weighted sum", "Activation"))]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("digit", [3, 7])
def test_page_runs_clean_with_a_digit(page, digit):
    at = page_test(page, canvas_image(digit)).run()
    assert not at.exception
    assert not at.error


# ---- /weights

def test_weights_presets_give_the_weighted_sum_computed_from_their_weights():
    at = page_test("weights.py", canvas_image(3)).run()
    bar, edge = video_bar_and_edge()
    x = the_digit(at)
    assert metric_float(at, "Weighted sum") == pytest.approx(bar @ x, abs=0.006)   # the default

    at.button(key="weights_preset_edge").click().run()
    assert not at.exception
    assert metric_float(at, "Weighted sum") == pytest.approx(edge @ x, abs=0.006)
    assert abs(edge @ x - bar @ x) > 1   # the ring covers ink of this 3: the number moved

    at.button(key="weights_preset_zero").click().run()
    assert metric_float(at, "Weighted sum") == 0


def test_weights_edge_explanation_shows_the_live_sums_of_the_painted_weights():
    at = page_test("weights.py", canvas_image(3)).run()
    at.button(key="weights_preset_edge").click().run()
    _, edge = video_bar_and_edge()
    inside_sum = edge[edge > 0].sum()   # light exactly on the + weights: 30
    blob_sum = edge.sum()               # light on the + weights and the ring: 30 - 30 = 0
    texts = " ".join(m.value for m in at.markdown)
    assert f"sum {inside_sum:.1f}" in texts and f"sum {blob_sum:.1f}" in texts


def test_without_negative_weights_a_thick_patch_scores_as_much_as_the_stroke():
    at = page_test("weights.py", canvas_image(3)).run()   # the bar preset
    bar, _ = video_bar_and_edge()
    texts = " ".join(m.value for m in at.markdown)
    assert texts.count(f"sum {bar.sum():.1f}") == 2 and "no negative weights" in texts


def test_choosing_a_trained_neuron_shows_its_real_weighted_sum():
    at = page_test("weights.py", canvas_image(4)).run()
    at.selectbox(key="weights_neuron").select(5).run()
    assert not at.exception
    w = netcore.load_default().weights[0][5].astype(np.float64)   # (784,): row 5 of W
    assert metric_float(at, "Weighted sum") == pytest.approx(w @ the_digit(at), abs=0.006)
    assert at.session_state[state.NEURON] == 5
    validate_figures(at)


def test_painted_weights_are_shared_with_the_sigmoid_page():
    painted = np.zeros((28, 28))
    painted[10:20, 10:14] = 1.0
    painted[10:20, 16:18] = -1.0
    at = page_test("sigmoid_and_bias.py", canvas_image(0), **{state.PAINTED: painted})
    at.run()
    s = painted.ravel() @ the_digit(at)
    assert metric_float(at, "Weighted sum") == pytest.approx(s, abs=0.006)


# ---- /sigmoid-and-bias

def test_bias_of_minus_10_gives_the_activation_sigmoid_of_sum_minus_10():
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    at.slider(key="sigmoid_bias").set_value(-10.0).run()
    assert not at.exception
    bar, _ = video_bar_and_edge()   # the painted neuron starts as the bar
    s = bar @ the_digit(at)
    assert metric_float(at, "Weighted sum") == pytest.approx(s, abs=0.006)
    assert metric_float(at, "Sum + bias") == pytest.approx(s - 10, abs=0.006)
    assert metric_float(at, "Activation") == pytest.approx(sigma(s - 10), abs=6e-5)
    assert 0.05 < sigma(s - 10) < 0.95   # this digit sits on the steep part: a real check


def test_moving_the_bias_moves_the_activation_the_way_sigmoid_says():
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    s = video_bar_and_edge()[0] @ the_digit(at)
    shown = []
    for b in (-20.0, -10.0, 0.0):
        at.slider(key="sigmoid_bias").set_value(b).run()
        shown.append(metric_float(at, "Activation"))
        assert shown[-1] == pytest.approx(sigma(s + b), rel=1e-3, abs=6e-5)
    assert shown == sorted(shown)


@pytest.mark.parametrize("x", [-4.0, 0.0, 1.5, 7.3])
def test_the_x_slider_shows_sigmoid_of_x(x):
    at = page_test("sigmoid_and_bias.py").run()
    at.slider(key="sigmoid_x").set_value(x).run()
    assert not at.exception
    assert metric_float(at, "σ(x)") == pytest.approx(sigma(x), abs=6e-5)


def test_a_trained_neuron_written_out_matches_the_network():
    at = page_test("sigmoid_and_bias.py", canvas_image(2)).run()
    at.selectbox(key="sigmoid_neuron").select(7).run()
    net = netcore.load_default()
    x = the_digit(at)
    a = sigma(net.weights[0][7].astype(np.float64) @ x + float(net.biases[0][7]))
    assert float(net.activations(x)[1][7]) == pytest.approx(a, abs=1e-5)
    formula = at.latex[-1].value
    assert f"b_{{7}}" in formula and neuron.activation_text(a) in formula


# ---- /counting

def test_counting_table_and_total_come_from_the_real_network():
    at = page_test("counting.py").run()
    assert not at.exception
    assert at.title[0].value == "13,002 knobs"
    assert metric_value(at, "Weights and biases") == "13,002"
    assert any("13,002" in box.value for box in at.success)
    assert list(at.table[0].value["knobs so far"]) == ["12,560", "12,832", "13,002"]


@pytest.mark.parametrize("text, total", [
    ("784,16,16,10", 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10),
    ("784,100,10", 79_510),
    ("784, 30, 10", 784 * 30 + 30 * 10 + 30 + 10),
    (" 2 3 ", 2 * 3 + 3),
    ("784, 100000, 10", 784 * 100_000 + 100_000 * 10 + 100_000 + 10),
])
def test_calculator_counts_any_sizes(text, total):
    at = page_test("counting.py").run()
    at.text_input(key="counting_sizes").input(text).run()
    assert not at.exception
    assert metric_value(at, "Weights and biases") == f"{total:,}"
    assert bool(at.info) == (total > 10_000_000)   # big ones are called big


@pytest.mark.parametrize("text, says", [
    ("abc", "not a whole number"), ("784,,10", "empty"), ("0", "at least one neuron"),
    ("-5, 10", "at least one neuron"), ("784", "at least two layers"), ("", "Type"),
    ("16.5, 10", "not a whole number"),
])
def test_calculator_explains_bad_input(text, says):
    at = page_test("counting.py").run()
    at.text_input(key="counting_sizes").input(text).run()
    assert not at.exception
    assert not [m for m in at.metric if m.label == "Weights and biases"]
    assert says in at.warning[0].value


def test_hand_setting_time_is_computed():
    at = page_test("counting.py").run()
    assert any("3.6 hours" in m.value for m in at.markdown)   # 13,002 s / 3600
    at.slider(key="counting_pace").set_value(10).run()
    assert any("1.5 days" in m.value for m in at.markdown)    # 130,020 s / 86,400


# ---- the helpers

def test_presets_are_the_video_neurons():
    bar, edge = video_bar_and_edge()
    assert np.array_equal(neuron.preset_weights("bar").ravel(), bar)
    assert np.array_equal(neuron.preset_weights("edge").ravel(), edge)
    assert (edge == 1).sum() == (edge == -1).sum() == 30


@pytest.mark.parametrize("seed", range(5))
def test_weights_survive_the_trip_through_a_canvas_drawing(seed):
    grid = np.random.default_rng(seed).choice([-1.0, 0.0, 1.0], size=(28, 28), p=[.2, .6, .2])
    for pal in palette.PALETTES.values():
        assert np.array_equal(weights.drawing_to_weights(
            weights.weights_to_drawing(grid, pal)), grid)


def test_a_drawn_rectangle_sets_the_weights_whose_centres_it_covers():
    fill = weights.weights_to_drawing(neuron.preset_weights("bar"), palette.PALETTES["video"])
    rect = dict(fill["objects"][0], originX="center", originY="center", left=40, top=41,
                width=16, height=24)   # canvas x 32..48, y 29..53: columns 4-5, rows 4-6 at 8 px
    grid = weights.drawing_to_weights({"objects": [rect]})
    expected = np.zeros((28, 28))
    expected[4:7, 4:6] = 1
    assert np.array_equal(grid, expected)


def test_counting_helpers():
    assert counting.parse_sizes("784, 16, 16, 10") == (784, 16, 16, 10)
    for sizes in [(784, 16, 16, 10), (3, 1), (5, 4, 3, 2, 1)]:
        assert (counting.count(sizes)[-1].running_total == parameter_count(sizes)
                == netcore.Network(sizes).n_params)
    assert words.duration(13_002) == "3.6 hours"
    with pytest.raises(counting.SizesError):
        counting.parse_sizes("7" * 300)


def test_the_two_forms_of_sigmoid_agree_and_the_text_never_says_0_or_1():
    xs = np.linspace(-30, 30, 601)
    first, second = neuron.sigmoid_two_ways(xs)
    assert np.max(np.abs(first - second)) < 1e-15
    assert np.allclose(first, sigma(xs))
    for z in (-20, -12, 12, 20, 35):
        text = neuron.activation_text(sigma(z))
        assert text not in ("0.0000", "1.0000") and 0 < float(text.split(" - ")[-1]) < 1
