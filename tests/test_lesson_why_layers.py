"""AppTest for /why-layers: the hope drawn in code, and the real first layer's weights."""

import re

import numpy as np
import pytest

import netcore
from apptest_helpers import answer_check, canvas_image, page_test
from netcore.preprocess import to_mnist
from picture_helpers import (heat_map_colours, media,  # noqa: F401 (media: a fixture)
                             panel_cells, pictures)


def _half_counts(weights):
    """Per neuron: how many of its largest |w| it takes to reach half of its sum of |w| (here,
    independently of the page, one neuron at a time)."""
    counts = []
    for row in np.abs(np.asarray(weights, dtype=np.float64)):
        running, n = 0.0, 0
        for w in sorted(row, reverse=True):
            running, n = running + w, n + 1
            if running >= row.sum() / 2:
                break
        counts.append(n)
    return np.array(counts)


def _right_choice(net):
    median = np.median(_half_counts(net.weights[0]))
    return 0 if median < 60 else 1 if median <= 300 else 2


def _texts(at, kind):
    return " ".join(str(m.value) for m in getattr(at, kind))


def _pictures(at) -> int:
    return len(at.get("image"))


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


def _firing_list(at):
    line = next(m.value for m in at.markdown if m.value.startswith("**Firing most"))
    return [int(j) for j in re.findall(r"neuron (\d+) \(", line)]


def test_why_layers_lists_the_first_layer_neurons_in_order_of_activation(net, media):
    from ui import images
    lists = []
    for digit in (0, 7):
        at = page_test("why_layers.py", canvas_image(digit)).run()
        at = answer_check(at, "why-layers-spread", _right_choice(net))
        assert not at.get("plotly_chart")   # pictures only: no plotly.js to load
        a1 = net.activations(to_mnist(canvas_image(digit)))[1]
        order = np.argsort(-a1, kind="stable")
        listed = _firing_list(at)
        assert listed == list(order[:len(listed)]) and len(listed) == 5
        bars = pictures(at, media)[-1]   # the bars, brightest first, drawn from these numbers
        expected = images.bar_picture(a1[order], [f"neuron {j}" for j in order], width=720,
                                      height=260, title="First hidden layer, brightest first")
        np.testing.assert_array_equal(bars, np.asarray(expected.convert("RGB")))
        lists.append(listed)
    assert lists[0] != lists[1]


def test_why_layers_weight_pictures_are_the_real_first_layer_weights(net, media):
    from ui import palette
    at = page_test("why_layers.py", canvas_image(1)).run()
    at = answer_check(at, "why-layers-spread", _right_choice(net))
    weights = net.weights[0]
    zmax = float(np.percentile(np.abs(weights), 99))
    panels = panel_cells(pictures(at, media)[3], 16, cols=4)
    for j, shown in enumerate(panels):
        expected = heat_map_colours(weights[j].reshape(28, 28),
                                    palette.PALETTES["video"].colorscale(), -zmax, zmax)
        np.testing.assert_allclose(shown, expected, atol=0.51)


def test_why_layers_choosing_another_digit_redraws_the_hope(media):
    at = page_test("why_layers.py").run()
    nine = pictures(at, media)[0]
    at.radio(key="why_layers_digit").set_value(4).run()
    four = pictures(at, media)[0]
    assert np.abs(nine.astype(int) - four).max() > 128


def test_why_layers_hope_edges_and_parts_are_sent_as_pictures_of_the_drawn_strokes(media):
    from ui import figures
    from ui.lessons import why_layers
    at = page_test("why_layers.py").run()
    at.radio(key="why_layers_digit").set_value(8).run()
    whole, parts, edges = why_layers.hope_digit(8)
    shown = pictures(at, media)
    edge_cols = 3 if len(edges) <= 9 else 4
    for picture, pieces, cols in ((shown[1], edges, edge_cols),
                                  (shown[2], [p for _, p in parts], len(parts))):
        for cells, piece in zip(panel_cells(picture, len(pieces), cols), pieces):
            expected = np.asarray(figures.gray_scale_image(why_layers.in_context(piece, whole)))
            np.testing.assert_allclose(cells, expected, atol=0.51)
            assert expected[..., 0].max() > 200   # the piece itself is drawn bright


def test_gray_scale_image_has_the_heat_maps_colours():
    import plotly.colors

    from ui import figures
    scale = [(stop, plotly.colors.unlabel_rgb(colour)) for stop, colour in figures.GRAY_SCALE]
    got = np.asarray(figures.gray_scale_image(np.array([[0.0, 1.0, 0.3]])))[0]
    assert tuple(got[0]) == scale[0][1] and tuple(got[1]) == scale[-1][1]
    # between two stops: linear in each channel, as plotly.js colours a heat map
    (s0, c0), (s1, c1) = next((a, b) for a, b in zip(scale, scale[1:]) if a[0] <= 0.3 <= b[0])
    mid = plotly.colors.find_intermediate_color(c0, c1, (0.3 - s0) / (s1 - s0))
    np.testing.assert_allclose(got[2], mid, atol=0.51)


def test_the_spread_check_hides_the_real_weights_until_answered_and_explains_with_them(net):
    counts = _half_counts(net.weights[0])
    right = _right_choice(net)
    assert right == 1   # the shipped network: large blotchy areas, not one little edge each
    at = page_test("why_layers.py").run()          # no digit needed: the weights are the answer
    hidden = _pictures(at)
    assert "needs 30 of its 784 weights" in _texts(at, "markdown")   # the video's edge neuron
    at = answer_check(at, "why-layers-spread", 0)   # what the hope predicts
    fewest = int(np.argmin(counts))
    assert (f"even the most compact neuron, {fewest}, needs {counts[fewest]} weights"
            in _texts(at, "warning"))
    assert _pictures(at) == hidden
    assert "Honestly" not in _texts(at, "markdown")   # the paragraph below gives it away
    at = answer_check(at, "why-layers-spread", right)
    assert "Honestly, these do not look like tidy little edges" in _texts(at, "markdown")
    shown = _texts(at, "success")
    most = int(np.argmax(counts))
    assert (f"from **{counts[fewest]}** (neuron {fewest}) to **{counts[most]}** (neuron {most})"
            in shown and f"{np.median(counts):g} in the middle" in shown)
    assert _pictures(at) == hidden + 1   # the 16 weight pictures, one image
