"""AppTest for /matrix: matrix notation, and loops against a matrix product."""

import numpy as np
import pytest

import netcore
from apptest_helpers import answer_check, canvas_image, page_test
from netcore.preprocess import to_mnist
from picture_helpers import media  # noqa: F401 (a fixture)
from ui import state


A1 = "a1 = sigmoid(W @ a0 + b)"      # the column of /matrix's table holding the line's result


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


def table(at, column: str):
    """The st.dataframe that has this column, as a pandas DataFrame (or None)."""
    return next((df.value for df in at.dataframe if column in df.value.columns), None)


def test_matrix_page_runs_without_a_digit():
    at = page_test("matrix.py").run()
    assert not at.exception
    assert any("canvas is empty" in info.value for info in at.info)
    assert table(at, A1) is None


def test_matrix_page_shows_the_hidden_layer_netcore_computes(net):
    image = canvas_image(4)
    at = page_test("matrix.py", image).run()
    assert not at.exception
    shown = table(at, A1)
    expected = net.activations(to_mnist(image))[1]
    assert len(shown) == 16
    np.testing.assert_allclose(shown[A1], expected, atol=1e-6)
    np.testing.assert_allclose(shown["net.activations(x)[1]"], expected, atol=1e-7)
    at.toggle(key=state.MATRIX_HOVER).set_value(True).run()   # the charts, shapes in words
    labels = " ".join(md.value for md in at.markdown)
    for shape in ("(16, 784)", "(784,)", "(16,)"):
        assert f"`{shape}`" in labels, shape
    at = answer_last_layer_checks(at, net)   # the later layers are shown once they are answered
    labels = " ".join(md.value for md in at.markdown)
    for shape in ("(16, 16)", "(10, 16)"):
        assert f"`{shape}`" in labels, shape


def test_matrix_page_follows_the_learners_own_network_of_another_shape():
    own = netcore.Network((784, 32, 10), seed=3)
    at = page_test("matrix.py", canvas_image(1), trained_net=own, use_trained=True).run()
    assert not at.exception
    shown = table(at, A1)
    np.testing.assert_allclose(shown[A1],
                               own.activations(to_mnist(canvas_image(1)))[1], atol=1e-6)
    at.toggle(key=state.MATRIX_HOVER).set_value(True).run()
    assert "`(32, 784)`" in " ".join(md.value for md in at.markdown)


def test_timing_button_measures_loops_and_the_matrix_product():
    at = page_test("matrix.py").run()
    assert at.session_state[state.MATRIX_RACE] is None
    at.button(key="matrix_time").click().run()
    assert not at.exception
    race = at.session_state[state.MATRIX_RACE]
    plain, neuron_loop, matrix = race.timings
    assert matrix.images == race.total == 1000 and race.repeats >= 1
    assert 1 <= plain.images <= neuron_loop.images <= 1000
    assert all(t.seconds > 0 for t in race.timings)
    assert race.worst < 1e-5            # all three ways give the same a(1)
    assert list(table(at, "method")["method"]) == [t.method for t in race.timings]
    assert any("times faster" in md.value for md in at.markdown)


def test_matrix_layer_pictures_hold_the_real_numbers_and_no_template(net):
    from apptest_helpers import chart, decode
    image = canvas_image(3)
    at = page_test("matrix.py", image).run()
    at.toggle(key=state.MATRIX_HOVER).set_value(True).run()   # the interactive charts
    assert len(at.get("plotly_chart")) == 5       # the first layer's; the later ones wait for the checks
    at = answer_last_layer_checks(at, net)
    assert len(at.get("plotly_chart")) == 15
    a = net.activations(to_mnist(image))
    W, b = net.weights[0], net.biases[0]
    expected = [W, a[0], W @ a[0], b, a[1]]
    for nth, values in enumerate(expected):
        spec = chart(at, f"matrix_layer1-{nth}")
        z = decode(spec["data"][0]["z"]).reshape(np.shape(values) if nth == 0 else (-1,))
        np.testing.assert_allclose(z, values, rtol=1e-6, atol=1e-6)
        # every colour is set in the figure: Streamlit's template (default colours) is not sent
        assert spec["layout"]["template"] == {"data": {}, "layout": {}}
    hover = chart(at, "matrix_layer1-1")["data"][0]["customdata"]   # one [name] per row
    assert len(hover) == 784 and hover[29] == ["pixel 29 (row 1, column 1)"]


# --- the checks for understanding ---------------------------------------------------------------

W_SHAPE, B_LENGTH = "matrix-last-w-shape", "matrix-last-b-length"


def _texts(at, kind) -> str:
    return " ".join(str(m.value) for m in getattr(at, kind))


def _choice(at, check_id, text) -> int:
    return list(at.radio(key=state.check_key(check_id, "answer")).options).index(text)


def answer_last_layer_checks(at, net):
    """Answer both checks rightly, from the last layer's arrays."""
    k, n = net.weights[-1].shape
    at = answer_check(at, W_SHAPE, _choice(at, W_SHAPE, f"{k:,} × {n:,}"))
    return answer_check(at, B_LENGTH, net.biases[-1].size)


def test_the_last_layer_checks_come_before_its_shape_and_explain_the_turned_around_w(net):
    k, n = net.weights[-1].shape
    at = page_test("matrix.py", canvas_image(4)).run()
    at.toggle(key=state.MATRIX_HOVER).set_value(True).run()   # the charts, named by layer
    assert not at.exception
    assert not [c for c in at.get("plotly_chart") if "matrix_layer3" in c.proto.id]
    at = answer_check(at, W_SHAPE, _choice(at, W_SHAPE, f"{n:,} × {k:,}"))   # n x k
    assert "turned around" in _texts(at, "warning")
    at = answer_check(at, W_SHAPE, _choice(at, W_SHAPE, f"{k:,} × {n:,}"))
    assert f"`{net.weights[-1].shape}`" in _texts(at, "success")
    assert not [c for c in at.get("plotly_chart") if "matrix_layer3" in c.proto.id]
    at = answer_check(at, B_LENGTH, n)   # one per input: wrong
    assert "inputs the layer has" in _texts(at, "warning")
    at = answer_check(at, B_LENGTH, net.biases[-1].size)
    assert not at.exception
    assert "Right on the second try" in _texts(at, "success")
    assert [c for c in at.get("plotly_chart") if "matrix_layer3" in c.proto.id]


def test_the_last_layer_checks_follow_the_learners_own_network():
    own = netcore.Network((784, 32, 12, 10), seed=3)
    at = page_test("matrix.py", canvas_image(1), trained_net=own, use_trained=True).run()
    at.toggle(key=state.MATRIX_HOVER).set_value(True).run()   # shapes written out beside the charts
    assert "`(12, 32)`" not in _texts(at, "markdown")
    at = answer_last_layer_checks(at, own)
    assert "**10 × 12**" in _texts(at, "success")
    assert "`(12, 32)`" in _texts(at, "markdown")
def test_matrix_shows_each_layer_as_one_picture_with_the_real_numbers(net, media):
    """By default no chart (no plotly.js to load): one picture per layer, its columns W a, b
    and a(1) in the colours their heat maps had (the layout of matrix.layer_picture)."""
    from picture_helpers import heat_map_colours, pictures
    from ui import images
    from ui.palette import PALETTES
    image = canvas_image(3)
    at = page_test("matrix.py", image).run()
    assert not at.exception and not at.get("plotly_chart")
    assert len(pictures(at, media)) == 1   # the later layers wait for the checks
    at = answer_last_layer_checks(at, net)
    shown = pictures(at, media)
    assert len(shown) == 3   # one picture per layer
    a = net.activations(to_mnist(image))
    W, b = net.weights[0], net.biases[0]
    k = images.HIDPI
    H, label_h, col_w, strip_w = 300 * k, 40 * k, 96 * k, 44 * k
    w_part = (26 + 250 + 56) * k
    gray, signed = images.GRAY_SCALE, PALETTES["video"].colorscale()
    for nth, (values, scale, signed_values) in enumerate(
            [(W @ a[0], signed, True), (b, signed, True), (a[1], gray, False)], start=1):
        x = w_part + nth * col_w + (col_w - strip_w) // 2 + 3 * k
        ys = label_h + ((np.arange(16) + 0.15) * H / 16).astype(int)
        got = shown[0][ys, x]
        zmax = float(np.abs(values).max()) if signed_values else 1.0
        expected = heat_map_colours(values, scale, -zmax if signed_values else 0.0, zmax)
        np.testing.assert_allclose(got, expected, atol=0.51)
