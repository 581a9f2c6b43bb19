"""AppTest for /sigmoid-and-bias.

Every expected number is computed here, independently, from the weights, the
learner's digit and the formulas (never read back from the page's own code).
"""

import numpy as np
import pytest

import netcore
from apptest_helpers import (canvas_image, metric_float, page_test, sigma, the_digit,
                             video_bar_and_edge)
from ui.lessons import neuron


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


def test_the_two_forms_of_sigmoid_agree_and_the_text_never_says_0_or_1():
    xs = np.linspace(-30, 30, 601)
    first, second = neuron.sigmoid_two_ways(xs)
    assert np.max(np.abs(first - second)) < 1e-15
    assert np.allclose(first, sigma(xs))
    for z in (-20, -12, 12, 20, 35):
        text = neuron.activation_text(sigma(z))
        assert text not in ("0.0000", "1.0000") and 0 < float(text.split(" - ")[-1]) < 1


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
    assert "threshold: sum = 10" in threshold and "your digit" in threshold


def test_nice_ticks_are_round_and_cover_the_range():
    from ui.svg_plots import nice_ticks
    assert nice_ticks(-10.5, 10.5, 6) == [-10, -5, 0, 5, 10]
    assert nice_ticks(-0.08, 1.08, 5) == [0, 0.5, 1]
    assert nice_ticks(-1.15, 3.2, 5) == [-1, 0, 1, 2, 3]
