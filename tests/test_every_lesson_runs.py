"""Every lesson page runs on its own, with and without a digit, and draws valid figures."""

import pytest

from apptest_helpers import canvas_image, page_test, validate_figures


CANVAS_LESSONS = ["neurons.py", "layers.py", "why_layers.py"]
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
