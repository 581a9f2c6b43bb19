"""AppTest for / (This is a three): the canvas, its buttons and the first guess."""

from apptest_helpers import canvas_image, metric_value, page_test, validate_figures


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
