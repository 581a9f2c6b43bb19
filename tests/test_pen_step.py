"""The pen step of to_mnist on /neurons: a drawing's preprocessing pictures include it, with
the real stroke widths; an MNIST digit keeps MNIST's own pen (no such step)."""

import re

import numpy as np
import pytest

from apptest_helpers import canvas_image, chart, feed_digit, mnist_digit, page_test
from netcore.preprocess import preprocess_steps
from netcore.stroke import MNIST_WIDTH


def step_titles(at) -> list[str]:
    titles = []
    for k in range(8):
        try:
            figure = chart(at, f"neurons_step_{k}")
        except AssertionError:   # no chart with that key: the steps are over
            break
        titles.append(figure["layout"]["title"]["text"])
    return titles


def test_a_drawing_shows_the_pen_step_with_its_real_widths():
    image = canvas_image(2, size=120)   # as the canvas sends it
    at = page_test("neurons.py", image).run()
    titles = step_titles(at)
    assert titles[2] == "3. redrawn with MNIST's pen" and len(titles) == 6
    assert [t.split(". ")[0] for t in titles] == ["1", "2", "3", "4", "5", "6"]
    was, now = preprocess_steps(image).stroke_width
    caption = next(c.value for c in at.caption if "MNIST's are" in c.value)
    shown = [float(v) for v in re.findall(r"(\d+\.\d) pixels wide, MNIST's are about (\d+\.\d)",
                                          caption)[0]]
    assert shown == pytest.approx([round(was, 1), round(now, 1)])
    assert now == pytest.approx(MNIST_WIDTH * 20) and ("moved in" in caption) == (now < was)


def test_an_mnist_digit_keeps_its_own_pen():
    at = page_test("neurons.py")
    feed_digit(at, mnist_digit(4), source="mnist", label=4).run()
    titles = step_titles(at)
    assert len(titles) == 5 and not any("pen" in t for t in titles)
    from ui import state
    digit = at.session_state[state.DIGIT]
    np.testing.assert_array_equal(digit.x, preprocess_steps(mnist_digit(4), pen=None).final.ravel())
