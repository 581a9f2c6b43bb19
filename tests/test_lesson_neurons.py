"""AppTest for /neurons: the learner's digit as 784 activations, and how the drawing became them."""

import re

import numpy as np

from apptest_helpers import canvas_image, feed_digit, page_test
from netcore.preprocess import to_mnist
from picture_helpers import (cell_colours, heat_map_colours, media,  # noqa: F401 (a fixture)
                             pictures)
from ui.images import GRAY_SCALE


def _input_picture(at, media):
    """The colours of the page's first picture's 28 x 28 cells, the picture, its cell size
    (read off the picture: 28 cells across)."""
    picture = pictures(at, media)[0]
    cell = picture.shape[1] // 28
    return cell_colours(picture, (28, 28), cell), picture, cell


def _as_heat_map(x):
    """The colours the 784 values had as the gray heat map (0 black, 1 white)."""
    return heat_map_colours(np.reshape(x, (28, 28)), GRAY_SCALE, 0.0, 1.0)


def test_neurons_shows_the_real_input_values_and_they_follow_the_digit(media):
    at = page_test("neurons.py", canvas_image(0)).run()
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
    at = page_test("neurons.py", canvas_image(3)).run()
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
    assert len(shown) == 6   # the 784 inputs, then the five steps
    from netcore import preprocess
    final = preprocess.preprocess_steps(canvas_image(3)).final
    step5 = shown[5]
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
