"""AppTest for / (This is a three): the canvas, its buttons and the first guess."""

from apptest_helpers import _mnist_test, canvas_image, metric_value, page_test, validate_figures
from picture_helpers import media  # noqa: F401 (a fixture)


def test_root_page_runs_and_shows_no_guess_without_a_digit():
    at = page_test("intro.py").run()
    assert not at.exception
    assert not [m for m in at.metric if m.label.startswith("Network's guess")]
    assert any("canvas is empty" in info.value for info in at.info)


def test_drawing_a_digit_shows_the_networks_guess():
    at = page_test("intro.py", canvas_image(0)).run()
    assert not at.exception
    assert metric_value(at, "Network's guess") == "0"
    validate_figures(at)


def test_picking_an_mnist_digit_of_a_class_changes_the_guess():
    at = page_test("intro.py", canvas_image(0)).run()
    at.selectbox(key="canvas_class").select(7).run()
    at.button(key="canvas_pick").click().run()
    assert not at.exception
    picked = at.session_state["digit"]
    assert picked.source == "mnist" and picked.label == 7
    # The pick is random, and the network misreads about 3% of test digits: compare with its answer.
    import netcore
    assert metric_value(at, "Network's guess") == str(netcore.load_default().predict(picked.x))


def test_clear_empties_the_input():
    at = page_test("intro.py", canvas_image(3)).run()
    at.button(key="canvas_clear").click().run()
    assert at.session_state["digit"] is None
    assert not [m for m in at.metric if m.label.startswith("Network's guess")]


def test_a_dot_and_a_canvas_full_of_ink_get_plain_messages_not_tracebacks():
    import numpy as np
    dot = np.zeros((280, 280, 4), np.uint8)
    dot[140:146, 140:146] = 255
    at = page_test("intro.py", dot).run()
    assert not at.exception
    assert any("very small mark" in info.value for info in at.info)
    full = np.full((280, 280, 4), 255, np.uint8)
    at = page_test("intro.py", full).run()
    assert not at.exception
    assert any("Almost everything here is ink" in info.value for info in at.info)
    at = page_test("intro.py", canvas_image(4)).run()
    assert not at.info, [info.value for info in at.info]


def test_root_page_sends_pictures_not_charts(media):
    """/ loads no plotly.js: the five threes, the guess's ten outputs and the 28 x 28 input are
    pictures, the threes in the gray heat map's colours of their MNIST pixels."""
    import numpy as np

    from picture_helpers import cell_colours, heat_map_colours, pictures
    from ui.images import GRAY_SCALE
    at = page_test("intro.py", canvas_image(2)).run()
    assert not at.exception and not at.get("plotly_chart")
    shown = pictures(at, media)
    assert len(shown) == 7   # five threes, the outputs, the input
    images, labels = _mnist_test()
    threes = images[np.flatnonzero(labels == 3)[:5]] / 255
    for picture, three in zip(shown[:5], threes):
        got = cell_colours(picture, (28, 28), picture.shape[1] // 28)
        np.testing.assert_allclose(got, heat_map_colours(three, GRAY_SCALE, 0.0, 1.0), atol=0.51)
