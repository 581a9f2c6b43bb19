"""AppTest for /neurons: the learner's digit as 784 activations, and how the drawing became them."""

import re

import numpy as np

from apptest_helpers import canvas_image, chart, decode, feed_digit, page_test
from netcore.preprocess import to_mnist


def test_neurons_shows_the_real_input_values_and_they_follow_the_digit():
    at = page_test("neurons.py", canvas_image(0)).run()
    x0 = to_mnist(canvas_image(0))
    shown = decode(chart(at, "neurons_input")["data"][0]["z"])
    np.testing.assert_allclose(shown.ravel(), x0, atol=1e-6)
    texts = chart(at, "neurons_input")["data"][0]["text"]
    bright = int(np.argmax(x0))
    assert texts[bright // 28][bright % 28] == f"{x0[bright]:.1f}"
    table = at.dataframe[0].value
    assert table["entry"][1] == f"a0[{bright}]"
    np.testing.assert_allclose(table["activation"], x0[[int(e[3:-1]) for e in table["entry"]]])

    feed_digit(at, canvas_image(7)).run()
    shown_again = decode(chart(at, "neurons_input")["data"][0]["z"]).ravel()
    np.testing.assert_allclose(shown_again, to_mnist(canvas_image(7)), atol=1e-6)
    assert np.abs(shown_again - x0).max() > 0.5


def test_neurons_numbers_toggle_removes_the_printed_numbers():
    at = page_test("neurons.py", canvas_image(3)).run()
    assert "text" in chart(at, "neurons_input")["data"][0]
    at.toggle(key="neurons_numbers").set_value(False).run()
    assert "text" not in chart(at, "neurons_input")["data"][0]


def test_neurons_gray_value_answer_uses_a_real_pixel_of_the_drawing():
    image = canvas_image(5)
    at = page_test("neurons.py", image).run()
    answer = next(m.value for m in at.markdown if m.value.startswith("Take pixel"))
    r, c = map(int, re.search(r"row (\d+), column (\d+)", answer).groups())
    red, green, blue, alpha = image[r, c]
    assert f"R={red}, G={green}, B={blue}" in answer and f"A={alpha}" in answer
    ink = (0.299 * red + 0.587 * green + 0.114 * blue) / 255 * alpha / 255
    assert f"= **{ink:.3f}**" in answer
