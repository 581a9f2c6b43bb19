"""AppTest for /sigmoid-and-bias.

Every expected number is computed here, independently, from the weights, the
learner's digit and the formulas (never read back from the page's own code).
"""

import numpy as np
import pytest

import netcore
from apptest_helpers import (answer_check, canvas_image, metric_float, page_test, sigma,
                             the_digit, video_bar_and_edge)
from ui.lessons import neuron


def demo_neuron_from_netcore():
    """(j, shares): for every trained neuron of layer 1, the share of the 10,000 MNIST test
    digits that a bias of -10 switches from on (sigma(w.a) >= 1/2) to off (below 0.1),
    computed here from the weights alone; j has the largest share."""
    net, data = netcore.load_default(), netcore.load_mnist()
    sums = data.test_images.astype(np.float64) @ net.weights[0].T.astype(np.float64)   # (10000, 16)
    switched = (sigma(sums) >= 0.5) & (sigma(sums - 10) < 0.1)
    return int(np.argmax(switched.mean(axis=0))), switched.mean(axis=0)


def test_the_default_neuron_is_switched_off_by_a_bias_of_minus_10_for_most_test_digits():
    j, shares = demo_neuron_from_netcore()
    assert shares[j] > 0.5                       # "most test digits": on without a bias, off with -10
    net, data = netcore.load_default(), netcore.load_mnist()
    sums = data.test_images.astype(np.float64) @ net.weights[0][j].astype(np.float64)
    assert np.mean(sigma(sums - 10) < 0.1) > 0.75   # and off with -10 for three digits in four
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    assert not at.exception
    assert at.selectbox(key="sigmoid_neuron").value == j
    assert any(f"neuron {j}" in c.value and f"{shares[j]:.0%}" in c.value for c in at.caption)


def test_bias_of_minus_10_gives_the_activation_sigmoid_of_sum_minus_10():
    j, _ = demo_neuron_from_netcore()
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    at.slider(key="sigmoid_bias").set_value(-10.0).run()
    assert not at.exception
    w = netcore.load_default().weights[0][j].astype(np.float64)
    s = w @ the_digit(at)
    assert metric_float(at, "Weighted sum w·a") == pytest.approx(s, abs=0.006)
    assert metric_float(at, "z = w·a + b") == pytest.approx(s - 10, abs=0.006)
    assert metric_float(at, "Activation σ(z)") == pytest.approx(sigma(s - 10), abs=6e-5)
    said = next(m.value for m in at.markdown if m.value.startswith("For your digit"))
    assert f"w·a = {s:.2f}" in said and f"z = {s - 10:.2f}" in said
    assert said.endswith("**off**.") == (sigma(s - 10) < 0.1)
    assert (sigma(s) >= 0.5) and sigma(s - 10) < 0.1   # this 3 is a typical digit: on, then off


def test_the_painted_bar_on_the_steep_part_of_the_curve():
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    at.selectbox(key="sigmoid_neuron").select("painted").run()
    at.slider(key="sigmoid_bias").set_value(-10.0).run()
    assert not at.exception
    bar, _ = video_bar_and_edge()   # the painted neuron starts as the bar
    s = bar @ the_digit(at)
    assert metric_float(at, "Weighted sum") == pytest.approx(s, abs=0.006)
    assert metric_float(at, "Activation") == pytest.approx(sigma(s - 10), abs=6e-5)
    assert 0.05 < sigma(s - 10) < 0.95   # this digit sits on the steep part: a real check


def test_moving_the_bias_moves_the_activation_the_way_sigmoid_says():
    j, _ = demo_neuron_from_netcore()
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    s = netcore.load_default().weights[0][j].astype(np.float64) @ the_digit(at)
    shown = []
    for b in (-20.0, -10.0, 0.0):
        at.slider(key="sigmoid_bias").set_value(b).run()
        shown.append(metric_float(at, "Activation"))
        assert shown[-1] == pytest.approx(sigma(s + b), rel=1e-3, abs=6e-5)
    assert shown == sorted(shown)


def test_the_bias_sentence_says_on_and_off_from_the_numbers():
    assert neuron.bias_demo_text(5.0).count("**on**") == 1 and "**off**" in neuron.bias_demo_text(5.0)
    high = neuron.bias_demo_text(14.0)   # sigma(4) = 0.98: still on with b = -10
    assert high.count("**on**") == 2 and "below -14.0" in high
    assert "off even without a bias" in neuron.bias_demo_text(-3.0)


def test_tanh_is_exactly_twice_sigmoid_of_twice_x_minus_1():
    from netcore.network import tanh
    xs = np.linspace(-20, 20, 4001)
    assert np.max(np.abs(tanh(xs) - (2 * sigma(2 * xs) - 1))) < 1e-12
    at = page_test("sigmoid_and_bias.py").run()
    at.slider(key="sigmoid_x").set_value(1.5).run()
    said = next(m.value for m in at.markdown if "2\\sigma(2x) - 1" in m.value)
    assert said.count(f"{np.tanh(1.5):.3f}") == 2   # tanh(x) and 2 sigma(2x) - 1, both shown
    assert "GELU" in said and "SiLU" in said


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


def test_the_two_forms_of_sigmoid_agree_and_the_text_never_says_0_or_1():
    xs = np.linspace(-30, 30, 601)
    first, second = neuron.sigmoid_two_ways(xs)
    assert np.max(np.abs(first - second)) < 1e-15
    assert np.allclose(first, sigma(xs))
    for z in (-20, -12, 12, 20, 35):
        text = neuron.activation_text(sigma(z))
        assert text not in ("0.0000", "1.0000") and 0 < float(text.split(" - ")[-1]) < 1


# --- the checks for understanding ---------------------------------------------------------------

def _texts(at, kind) -> str:
    return " ".join(str(m.value) for m in getattr(at, kind))


def test_the_sigma_of_minus_1000_check_explains_a_wrong_choice_then_the_apps_value():
    from ui.lessons.sigmoid_and_bias_checks import FAR_LEFT_VALUES
    value = float(netcore.sigmoid(np.float64(-1000)))
    values = list(FAR_LEFT_VALUES)
    right = int(np.argmin([abs(v - value) for v in values]))
    half = values.index(0.5)
    at = answer_check(page_test("sigmoid_and_bias.py").run(), "sigmoid-far-left", half)
    assert not at.exception
    assert "only at x = 0" in _texts(at, "warning")
    at = answer_check(at, "sigmoid-far-left", right)
    success = _texts(at, "success")
    assert "Right on the second try" in success
    assert f"{value:.2e}" in success and 0 < value < 1e-20
    assert "inf" in success   # and what the formula typed straight into NumPy gives


def test_the_threshold_bias_check_gates_the_bias_paragraph():
    # The bias where sigma(10 + b) crosses 1/2, found on the bias slider's grid with netcore.
    biases = np.arange(-30.0, 30.5, 0.5)
    right = float(biases[np.argmin(np.abs(netcore.sigmoid(10.0 + biases) - 0.5))])
    at = page_test("sigmoid_and_bias.py").run()
    hidden = {m.value for m in at.markdown}
    at = answer_check(at, "sigmoid-threshold-bias", -right)   # the sign slip
    assert "sign is the catch" in _texts(at, "warning")
    assert {m.value for m in at.markdown} == hidden   # nothing revealed after a wrong answer
    at = answer_check(at, "sigmoid-threshold-bias", right)
    assert not at.exception
    success = _texts(at, "success")
    assert f"b = {right:g}" in success
    assert f"{float(netcore.sigmoid(np.float64(-5.0))):.4f}" in success   # a sum of 5
    revealed = {m.value for m in at.markdown} - hidden
    assert len(revealed) == 1 and "bias" in revealed.pop()
def _svgs(at) -> list[str]:
    """The SVG pictures the page shows (st.image sends an SVG inline, as a data: URI)."""
    import base64
    prefix = "data:image/svg+xml;base64,"
    urls = [img.url for element in at.get("image") for img in element.proto.imgs]
    return [base64.b64decode(url[len(prefix):]).decode() for url in urls if url.startswith(prefix)]


@pytest.mark.parametrize("x", [-6.0, 2.0])
def test_the_curves_are_pictures_with_the_learners_point_on_sigma(x):
    """No chart on the page (no plotly.js to load): four SVG pictures; the first marks
    (x, sigma(x)) where the plot's axes (x -10.5..10.5, y -0.08..1.08, inside margins of
    60, 12, 16 and 48 px of 700 x 300) put it."""
    import re
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    at.slider(key="sigmoid_x").set_value(x).run()
    assert not at.exception and not at.get("plotly_chart")
    svgs = _svgs(at)
    assert len(svgs) == 4
    cx, cy = map(float, re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svgs[0]).groups())
    shown_x = -10.5 + (cx - 60) / (700 - 60 - 12) * 21
    shown_y = 1.08 - (cy - 16) / (300 - 16 - 48) * 1.16
    assert shown_x == pytest.approx(x, abs=0.05) and shown_y == pytest.approx(sigma(x), abs=0.01)
    assert f"σ({x:g}) = {sigma(x):.3f}" in svgs[0]


def test_the_bias_picture_marks_the_threshold_at_minus_b():
    at = page_test("sigmoid_and_bias.py", canvas_image(3)).run()
    at.slider(key="sigmoid_bias").set_value(-10.0).run()
    threshold = _svgs(at)[2]
    assert "threshold: w·a = 10" in threshold and "your digit" in threshold


def test_nice_ticks_are_round_and_cover_the_range():
    from ui.svg_plots import nice_ticks
    assert nice_ticks(-10.5, 10.5, 6) == [-10, -5, 0, 5, 10]
    assert nice_ticks(-0.08, 1.08, 5) == [0, 0.5, 1]
    assert nice_ticks(-1.15, 3.2, 5) == [-1, 0, 1, 2, 3]
