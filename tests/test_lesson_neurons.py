"""AppTest for /neurons: the learner's digit as 784 activations, and how the drawing became them."""

import re

import numpy as np

from apptest_helpers import answer_check, canvas_image, feed_digit, page_test
from netcore.preprocess import to_mnist
from picture_helpers import (cell_colours, heat_map_colours, media,  # noqa: F401 (a fixture)
                             pictures)
from ui.images import GRAY_SCALE

WHITE = (0.299 * 255 + 0.587 * 255 + 0.114 * 255) / 255 * 255 / 255   # an opaque white pixel's ink


def _texts(at, kind):
    return " ".join(str(m.value) for m in getattr(at, kind))


def _white_choice(at, value):
    from ui import state
    options = at.radio(key=state.check_key("neurons-white", "answer")).options
    return options.index(value)


def _numbers_switch(at):
    """The "Print each number" switch: drawn (and on, on a desktop) once the checks are answered."""
    return [t for t in at.toggle if t.key == "neurons_numbers"]


def _gray_square(x):
    """The square the gray check asks about, found here independently: of the squares between
    0.25 and 0.8, row after row, the middle one."""
    grays = [k for k in range(x.size) if 0.25 < x[k] < 0.8]
    return grays[len(grays) // 2]


def _reveal(at, image):
    """Answer both checks rightly, with the answers computed here."""
    at = answer_check(at, "neurons-white", _white_choice(at, f"{WHITE:g}"))
    x = to_mnist(image)
    return answer_check(at, "neurons-gray", float(x[_gray_square(x)]))


def _input_picture(at, media):
    """The colours of the page's first picture's 28 x 28 cells, the picture, its cell size
    (read off the picture: 28 cells across)."""
    from ui import state
    from ui.lessons import neurons
    steps = len(neurons.preprocess_shown(at.session_state[state.DIGIT].steps))   # 5, or 6 with the pen
    picture = pictures(at, media)[-1 - steps]   # the 784 inputs, before the preprocessing steps
    cell = picture.shape[1] // 28
    return cell_colours(picture, (28, 28), cell), picture, cell


def _as_heat_map(x):
    """The colours the 784 values had as the gray heat map (0 black, 1 white)."""
    return heat_map_colours(np.reshape(x, (28, 28)), GRAY_SCALE, 0.0, 1.0)


def test_neurons_shows_the_real_input_values_and_they_follow_the_digit(media):
    at = _reveal(page_test("neurons.py", canvas_image(0)).run(), canvas_image(0))
    assert not at.get("plotly_chart")   # a picture: no plotly.js to load for this page
    x0 = to_mnist(canvas_image(0))
    shown, _, _ = _input_picture(at, media)
    np.testing.assert_allclose(shown, _as_heat_map(x0), atol=0.51)
    bright = int(np.argmax(x0))
    table = at.dataframe[0].value
    assert table["entry"][1] == f"a0[{bright}]"
    np.testing.assert_allclose(table["activation"], x0[[int(e[3:-1]) for e in table["entry"]]])

    feed_digit(at, canvas_image(7)).run()
    shown_again, _, _ = _input_picture(at, media)
    np.testing.assert_allclose(shown_again, _as_heat_map(to_mnist(canvas_image(7))), atol=0.51)
    assert np.abs(shown_again.astype(float) - shown).max() > 128


def test_neurons_numbers_toggle_removes_the_printed_numbers(media):
    at = _reveal(page_test("neurons.py", canvas_image(3)).run(), canvas_image(3))
    x = to_mnist(canvas_image(3))
    bright, dark = int(np.argmax(x)), int(np.argmin(x))
    _, picture, cell = _input_picture(at, media)

    def square(i):
        r, c = divmod(i, 28)
        return picture[r * cell:(r + 1) * cell, c * cell:(c + 1) * cell, 0]
    assert square(bright).min() < 128 <= square(bright).max()   # dark digits on a white square
    assert np.ptp(square(dark)) == 0                              # 0.0 prints nothing
    at.toggle(key="neurons_numbers").set_value(False).run()
    _, picture, cell = _input_picture(at, media)
    assert np.ptp(square(bright)) == 0


def test_neurons_shows_the_steps_of_the_drawing_as_pictures(media):
    at = page_test("neurons.py", canvas_image(3)).run()
    shown = pictures(at, media)
    from netcore import preprocess
    steps = preprocess.preprocess_steps(canvas_image(3))
    assert len(shown) == 1 + 5 + (steps.evened is not None)   # the 784 inputs, then the steps
    final = steps.final
    step5 = shown[-1]
    # the last step is the 28 x 28 input itself, under its title: its cells read the same values
    cell = step5.shape[1] // 28
    top = step5.shape[0] - 28 * cell
    got = cell_colours(step5, (28, 28), cell, origin=(0, top))
    mask = np.ones((28, 28), bool)
    mask[12:17, 12:17] = False   # the yellow x marking the centre of mass
    np.testing.assert_allclose(got[mask], _as_heat_map(final)[mask], atol=0.51)


def test_neurons_gray_value_answer_uses_a_real_pixel_of_the_drawing():
    image = canvas_image(5)
    at = page_test("neurons.py", image).run()
    answer = next(m.value for m in at.markdown if m.value.startswith("Take pixel"))
    r, c = map(int, re.search(r"row (\d+), column (\d+)", answer).groups())
    red, green, blue, alpha = image[r, c]
    assert f"R={red}, G={green}, B={blue}" in answer and f"A={alpha}" in answer
    ink = (0.299 * red + 0.587 * green + 0.114 * blue) / 255 * alpha / 255
    assert f"= **{ink:.3f}**" in answer


def test_the_white_check_explains_a_wrong_answer_then_the_right_one_with_the_digits_numbers():
    image = canvas_image(2)
    x = to_mnist(image)
    at = page_test("neurons.py", image).run()
    assert not _numbers_switch(at)   # no numbers printed yet
    pictures_before = len(at.get("image"))
    at = answer_check(at, "neurons-white", _white_choice(at, "255"))
    assert "divided by 255" in _texts(at, "warning")
    at = answer_check(at, "neurons-white", _white_choice(at, "0"))   # a second wrong answer
    shown = _texts(at, "info")
    assert f"{int((x == 0).sum())} of your digit's 784 squares hold exactly 0" in shown
    assert f"The answer is {WHITE:g}" in shown
    bright = int(np.argmax(x))
    assert f"(row {bright // 28}, column {bright % 28}) holds **{x[bright]:.2f}**" in shown
    assert len(at.get("image")) == pictures_before + 1   # the gray check's boxed square comes next


def test_the_gray_check_asks_about_a_real_gray_square_and_prints_the_numbers_once_answered(media):
    image = canvas_image(5)
    x = to_mnist(image)
    k = _gray_square(x)
    at = page_test("neurons.py", image).run()
    at = answer_check(at, "neurons-white", _white_choice(at, f"{WHITE:g}"))
    assert f"**Right.** Activations run from 0 (black) to 1 (white)" in _texts(at, "success")
    marked = pictures(at, media)[0]   # the boxed square, above the check
    cell = marked.shape[1] // 28
    yellow = np.argwhere((marked[..., 0] > 200) & (marked[..., 1] > 180) & (marked[..., 2] < 80))
    centre = (yellow.min(axis=0) + yellow.max(axis=0)) / 2 / cell - 0.5
    assert tuple(np.round(centre)) == divmod(k, 28)   # the dashed box: 3 x 3 squares round it
    assert 0.25 < x[k] < 0.8
    question = next(m.value for m in at.markdown if "dashed box" in m.value)
    assert f"(row {k // 28}, column {k % 28})" in question
    assert not _numbers_switch(at)

    too_bright = min(float(x[k]) + 0.3, 1.0)
    at = answer_check(at, "neurons-gray", too_bright)
    assert f"it holds less than {too_bright - 0.15:.2f}" in _texts(at, "warning")
    assert not _numbers_switch(at)
    at = answer_check(at, "neurons-gray", float(x[k]) - 0.1)   # within 0.15: right
    right = _texts(at, "success")
    assert f"Input neuron {k} (row {k // 28}, column {k % 28}) holds **{x[k]:.2f}**" in right
    assert _numbers_switch(at) and _numbers_switch(at)[0].value     # the numbers, now
    from ui import state
    assert {"neurons-white", "neurons-gray"} <= at.session_state[state.CHECKS_ANSWERED]
