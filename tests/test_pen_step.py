"""The pen step of to_mnist on /neurons: a drawing's preprocessing pictures include it, with
the real stroke widths; an MNIST digit keeps MNIST's own pen (no such step)."""

import numpy as np
import pytest

from PIL import Image, ImageDraw

from apptest_helpers import feed_digit, mnist_digit, page_test
from netcore.preprocess import preprocess_steps
from netcore.stroke import MNIST_RANGE


def step_titles(at) -> list[str]:
    """The titles of the preprocessing pictures the page drew for its digit, numbered."""
    from ui import state
    from ui.lessons import neurons
    shown = neurons.preprocess_shown(at.session_state[state.DIGIT].steps)
    captions = [c.value for c in at.caption]
    assert all(caption in captions for _, caption in shown)   # each step's sentence is on the page
    return [f"{k}. {args['title']}" for k, (args, _) in enumerate(shown, start=1)]


@pytest.mark.parametrize("size, redrawn", [(90, True), (200, False)])
def test_a_drawing_shows_the_pen_step_with_its_real_widths(size, redrawn):
    # The canvas' 22 px pen on a small digit is bolder than MNIST's; on a 200 px one it is not.
    picture = Image.new("L", (280, 280), 0)
    draw = ImageDraw.Draw(picture)
    draw.line([(10, 10), (size - 10, 10), (size // 2, size - 10)], fill=255, width=22)
    image = np.asarray(picture)
    at = page_test("neurons.py", image).run()
    titles = step_titles(at)
    assert titles[2] == ("3. redrawn with MNIST's pen" if redrawn else "3. pen checked")
    assert [t.split(". ")[0] for t in titles] == ["1", "2", "3", "4", "5", "6"]
    was, now = preprocess_steps(image).stroke_width
    assert (was != now) == redrawn
    caption = next(c.value for c in at.caption if "most of MNIST's are" in c.value)
    low, high = (share * 20 for share in MNIST_RANGE)
    assert f"{was:.1f} pixels wide" in caption and f"{low:.1f} to {high:.1f}" in caption
    if redrawn:
        assert now == pytest.approx(high) and "moved in" in caption and f"to {now:.1f}" in caption
    else:
        assert "left as drawn" in caption


def test_an_mnist_digit_keeps_its_own_pen():
    at = page_test("neurons.py")
    feed_digit(at, mnist_digit(4), source="mnist", label=4).run()
    titles = step_titles(at)
    assert len(titles) == 5 and not any("pen" in t for t in titles)
    from ui import state
    digit = at.session_state[state.DIGIT]
    np.testing.assert_array_equal(digit.x, preprocess_steps(mnist_digit(4), pen=None).final.ravel())
