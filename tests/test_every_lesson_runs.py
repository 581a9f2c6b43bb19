"""Every lesson page runs on its own, with and without a digit, and draws valid figures."""

import pytest

from apptest_helpers import canvas_image, page_test, validate_figures


CANVAS_LESSONS = ["neurons.py", "layers.py", "why_layers.py", "inside.py"]
NEURON_AND_COUNTING_LESSONS = ["weights.py", "sigmoid_and_bias.py", "counting.py"]


@pytest.mark.parametrize("page", CANVAS_LESSONS)
def test_page_without_a_digit_asks_for_one(page):
    at = page_test(page).run()
    assert not at.exception, at.exception
    assert any("canvas is empty" in info.value for info in at.info)


@pytest.mark.parametrize("page", CANVAS_LESSONS)
def test_page_with_a_digit_runs_and_every_figure_is_valid_plotly(page):
    at = page_test(page, canvas_image(4)).run()
    assert not at.exception, at.exception
    assert not any("canvas is empty" in info.value for info in at.info)
    validate_figures(at)


@pytest.mark.parametrize("page", NEURON_AND_COUNTING_LESSONS)
def test_page_runs_clean_without_a_digit(page):
    at = page_test(page).run()
    assert not at.exception
    if page != "counting.py":
        assert any("canvas is empty" in info.value for info in at.info)
        assert not [m for m in at.metric if m.label.startswith(("Weighted sum", "Activation"))]


@pytest.mark.parametrize("page", NEURON_AND_COUNTING_LESSONS)
@pytest.mark.parametrize("digit", [3, 7])
def test_page_runs_clean_with_a_digit(page, digit):
    at = page_test(page, canvas_image(digit)).run()
    assert not at.exception
    assert not at.error


# The code a learner reads is the plain reference (netcore.reference), and the page says
# that an optimised version of it runs. Page file -> functions whose source it must show.
REFERENCE_CODE_SHOWN = {
    "intro.py": ["def feedforward(net, a)"],
    "layers.py": ["def activations(net, a)", "def feedforward(net, a)"],
    "why_layers.py": ["def activations(net, a)"],
    "weights.py": ["def activations(net, a)"],
    "sigmoid_and_bias.py": ["return 1 / (1 + np.exp(-z))", "def sigmoid_prime(z)"],
    "matrix.py": ["def activations(net, a)", "return 1 / (1 + np.exp(-z))"],
    "function.py": ["def feedforward(net, a)"],
    "learning.py": ["def sgd(", "def update_mini_batch(", "def backprop("],
}


@pytest.mark.parametrize("page", sorted(REFERENCE_CODE_SHOWN))
def test_page_shows_the_plain_reference_code_and_says_what_really_runs(page):
    from ui import state
    from ui.widgets import REFERENCE_NOTE
    at = page_test(page, canvas_image(3)).run()
    assert not at.exception, at.exception
    closed = "\n".join(block.value for block in at.code)   # laid out only once opened
    assert not any(source in closed for source in REFERENCE_CODE_SHOWN[page])
    at.session_state[state.code_key("The real code behind this page")] = True   # opened
    at.run()
    shown = "\n".join(block.value for block in at.code)
    for source in REFERENCE_CODE_SHOWN[page]:
        assert source in shown, f"{page} does not show {source!r}"
    assert "x_scale" not in shown and "into=" not in shown   # none of the tuned path's tricks
    assert any(caption.value == REFERENCE_NOTE for caption in at.caption)
