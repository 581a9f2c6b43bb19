"""AppTest for /weights, and the painting canvas behind it.

Every expected number is computed here, independently, from the weights, the
learner's digit and the formulas (never read back from the page's own code).
"""

import numpy as np
import pytest

import netcore
from apptest_helpers import (answer_check, canvas_image, metric_float, page_test, the_digit,
                             validate_figures, video_bar_and_edge)
from picture_helpers import cell_colours, heat_map_colours, media, pictures  # noqa: F401
from ui import palette, state
from ui.images import GRAY_SCALE
from ui.lessons import neuron, weights


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


def _four_sums(w):
    """w·a of the check's four pictures, built here from the weights w (784,): A lit where w > 0,
    B that grown by one pixel all round plus every pixel with a weight, C empty, D A 14 rows down."""
    grid = w.reshape(28, 28)
    a = grid > 0
    blob = grid != 0
    for r, c in zip(*np.nonzero(a)):
        blob[max(r - 1, 0):r + 2, max(c - 1, 0):c + 2] = True
    pictures = [a, blob, np.zeros((28, 28), bool), np.roll(a, 14, axis=0)]
    return [float(w @ p.ravel()) for p in pictures]


def _right_choice(w):
    sums = _four_sums(w)
    best = [k for k, s in enumerate(sums) if np.isclose(s, max(sums))]
    return 4 if len(best) > 1 else best[0]   # choices A, B, C, D, "Two or more tie"


def _texts(at, kind):
    return " ".join(str(m.value) for m in getattr(at, kind))


def test_the_ranking_check_for_the_bar_neuron_a_tie_and_the_sums_only_once_answered():
    bar, _ = video_bar_and_edge()
    sums = _four_sums(bar)
    assert _right_choice(bar) == 4 and sums[0] == sums[1] == bar.sum()   # A and B tie
    at = page_test("weights.py", canvas_image(3)).run()   # the bar preset is the default
    assert not any("Their weighted sums" in c.value for c in at.caption)   # no sums yet
    assert f"sum {bar.sum():.1f}" not in _texts(at, "markdown")   # the section below waits
    at = answer_check(at, "weights-rank", 0)   # A alone
    assert f"A does score the most, {sums[0]:.1f}, but not alone" in _texts(at, "warning")
    at = answer_check(at, "weights-rank", _right_choice(bar))
    right = _texts(at, "success")
    assert f"A and B tie at {sums[0]:.1f}" in right and "no negative weights" in right
    shown = next(c.value for c in at.caption if "Their weighted sums" in c.value)
    assert [float(t.split()[1]) for t in shown.split(": ")[1].rstrip(".").split(", ")] == \
        pytest.approx(sums, abs=0.05)
    assert f"sum {bar.sum():.1f}" in _texts(at, "markdown")   # the section below, revealed


def test_the_ranking_check_for_the_edge_neuron_and_for_a_trained_one():
    _, edge = video_bar_and_edge()
    sums = _four_sums(edge)
    at = page_test("weights.py", canvas_image(3)).run()
    at.button(key="weights_preset_edge").click().run()
    assert _right_choice(edge) == 0
    at = answer_check(at, "weights-rank", 1)   # B, the blob
    ring = -edge[edge < 0].sum()
    assert (f"B gets +{edge[edge > 0].sum():.1f} from the + weights under its light, but its "
            f"light on - weights takes back {ring:.1f}: it scores {sums[1]:.1f}"
            in _texts(at, "warning"))
    at = answer_check(at, "weights-rank", 4)   # a second wrong answer: the answer is shown
    shown = _texts(at, "info")
    assert "No two pictures tie" in shown and "The answer is A" in shown
    assert f"A **{sums[0]:.1f}**" in shown and f"B **{sums[1]:.1f}**" in shown

    at.selectbox(key="weights_neuron").select(7).run()   # a trained neuron: the verdict
    assert "earlier input" in _texts(at, "caption")       # says it was about another one
    at.button(key=state.check_key("weights-rank", "again")).click().run()
    w = netcore.load_default().weights[0][7].astype(np.float64)
    at = answer_check(at, "weights-rank", _right_choice(w))
    assert f"A **{_four_sums(w)[0]:.1f}**" in _texts(at, "success")


def test_weights_edge_explanation_shows_the_live_sums_of_the_painted_weights():
    at = page_test("weights.py", canvas_image(3)).run()
    at.button(key="weights_preset_edge").click().run()
    _, edge = video_bar_and_edge()
    at = answer_check(at, "weights-rank", _right_choice(edge))
    inside_sum = edge[edge > 0].sum()   # light exactly on the + weights: 30
    blob_sum = edge.sum()               # light on the + weights and the ring: 30 - 30 = 0
    texts = " ".join(m.value for m in at.markdown)
    assert f"sum {inside_sum:.1f}" in texts and f"sum {blob_sum:.1f}" in texts


def test_without_negative_weights_a_thick_patch_scores_as_much_as_the_stroke():
    at = page_test("weights.py", canvas_image(3)).run()   # the bar preset
    bar, _ = video_bar_and_edge()
    at = answer_check(at, "weights-rank", _right_choice(bar))
    texts = " ".join(m.value for m in at.markdown)
    assert texts.count(f"sum {bar.sum():.1f}") == 2 and "no negative weights" in texts


def test_all_zero_weights_score_nothing_and_the_black_pictures_are_drawn():
    at = page_test("weights.py", canvas_image(3)).run()
    at.button(key="weights_preset_zero").click().run()
    at = answer_check(at, "weights-rank", 4)   # every picture scores 0: all four tie
    assert not at.exception                   # the all-black test pictures are framed too
    assert "Every weight is 0, so every picture scores 0." in _texts(at, "success")
    assert "Every weight is zero" in _texts(at, "markdown")


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
    # as painting on /weights leaves the session: the weights, and the painted neuron chosen
    at = page_test("sigmoid_and_bias.py", canvas_image(0),
                   **{state.PAINTED: painted, state.NEURON: "painted"})
    at.run()
    s = painted.ravel() @ the_digit(at)
    assert metric_float(at, "Weighted sum") == pytest.approx(s, abs=0.006)


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


def test_weights_pictures_show_the_terms_and_the_edge_patterns_in_their_colours(media):
    """The page sends pictures, not charts (no plotly.js for this page): each weight x pixel
    in the palette's colours, the two test patterns in gray, the MNIST gallery."""
    at = page_test("weights.py", canvas_image(3)).run()
    at.button(key="weights_preset_edge").click().run()
    _, edge = video_bar_and_edge()
    at = answer_check(at, "weights-rank", _right_choice(edge))   # the patterns wait for it
    assert not at.get("plotly_chart")
    shown = pictures(at, media)
    assert len(shown) == 5   # terms, the check's four pictures, the two patterns, the gallery
    _, edge = video_bar_and_edge()
    terms = edge * the_digit(at)
    zmax = float(np.abs(terms).max())
    cell = 20   # 280 CSS px wide, twice the pixels: 560 / 28
    got = cell_colours(shown[0], (28, 28), cell)   # its title is page text above the picture
    expected = heat_map_colours(terms.reshape(28, 28), palette.PALETTES["video"].colorscale(),
                                -zmax, zmax)
    np.testing.assert_allclose(got, expected, atol=0.51)
    inside, blob = neuron.edge_test_patterns(edge)
    for picture, pattern in zip(shown[2:4], (inside, blob)):
        got = cell_colours(picture, (28, 28), picture.shape[1] // 28)
        np.testing.assert_allclose(got, heat_map_colours(pattern, GRAY_SCALE, 0.0, 1.0),
                                   atol=0.51)
