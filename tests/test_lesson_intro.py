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


def _choice(at, check_id, starts):
    """The index of the check's choice whose text begins with `starts`."""
    from ui import state
    options = at.radio(key=state.check_key(check_id, "answer")).options
    return next(k for k, text in enumerate(options) if text.startswith(starts))


def _texts(at, kind):
    return " ".join(str(m.value) for m in getattr(at, kind))


def test_the_inputs_check_hides_the_28_x_28_picture_until_answered_and_explains_both_answers():
    import numpy as np

    import netcore
    from apptest_helpers import answer_check
    from netcore.preprocess import to_mnist
    image = canvas_image(3)
    n_in = netcore.load_default().sizes[0]          # the network's input layer
    x = to_mnist(image)
    assert n_in == x.size
    at = page_test("intro.py", image).run()
    assert len(at.get("image")) == 2   # the five threes and the outputs, not yet the input

    at = answer_check(at, "intro-inputs", _choice(at, "intro-inputs", "10:"))
    assert "what comes *out*" in _texts(at, "warning")
    assert len(at.get("image")) == 2

    at = answer_check(at, "intro-inputs", _choice(at, "intro-inputs", f"{n_in:,}:"))
    right = _texts(at, "success")
    assert "Right on the second try" in right
    assert f"28 x 28 = {n_in}" in right and "280 x 280 pixels of 4 bytes, 313,600 numbers" in right
    lit = int(np.count_nonzero(x))
    assert f"On your digit {lit} of them hold more than 0; the other {n_in - lit}" in right
    assert len(at.get("image")) == 3   # and now the 28 x 28 input
    from ui import state
    assert "intro-inputs" in at.session_state[state.CHECKS_ANSWERED]


def test_root_page_sends_its_threes_as_one_picture(media):
    """/'s five threes are one picture (one row), in their MNIST pixels' grays; the guess's ten
    outputs are bars drawn as SVG: the page loads no plotly.js."""
    import numpy as np

    from picture_helpers import cell_colours, pictures
    at = page_test("intro.py", canvas_image(2)).run()
    assert not at.exception
    # the ten outputs: an SVG of a few kilobytes, made on every stroke (a PNG of them cost the
    # server more than a class drawing at once can afford: bench/bench_load.py, README)
    assert not at.get("plotly_chart")
    from picture_helpers import output_bars_shown
    from netcore.preprocess import to_mnist
    from ui import resources
    np.testing.assert_allclose(output_bars_shown(at),
                               resources.default_network().feedforward(to_mnist(canvas_image(2))),
                               atol=5e-5)
    row = pictures(at, media)[0]
    scale = row.shape[0] // 28
    images, labels = _mnist_test()
    threes = images[np.flatnonzero(labels == 3)[:5]] / 255
    for k, three in enumerate(threes):
        got = cell_colours(row, (28, 28), scale, origin=(k * 30 * scale, 0))[..., 0]
        np.testing.assert_allclose(got, three.reshape(28, 28) * 255, atol=1)   # gray levels
