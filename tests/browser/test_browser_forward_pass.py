"""The forward pass in motion on /layers, in a real browser at desktop and phone width.

Open /layers with an MNIST test digit (?mnist=N), step back to the input with the slider
under the drawing, press Play, and read off the drawing's SVG text that the layers came
in order (each one's formula) and that the output layer was reached with the network's
choice marked, the same digit as the page's "Network's guess". A click on a neuron of
the animated drawing still selects it.
"""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import netcore
from netcore.mnist import load_mnist
from netcore.preprocess import to_mnist
from ui import state

from tests.browser.helpers import (
    assert_no_error_box,
    open_app,
    read_guess,
    wait_for_app,
    wait_until,
)

MNIST_INDEX = 0      # a 7
CHART = '[class*="st-key-layers_network"]'
FORMULAS = ["a⁽⁰⁾ = your 784 pixels", "a⁽¹⁾ = σ(W⁽¹⁾ a⁽⁰⁾ + b⁽¹⁾)",
            "a⁽²⁾ = σ(W⁽²⁾ a⁽¹⁾ + b⁽²⁾)", "a⁽³⁾ = σ(W⁽³⁾ a⁽²⁾ + b⁽³⁾)"]
#: A phone's browser says "Mobile": /layers then draws the layers top to bottom.
ANDROID_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36")


@pytest.fixture
def android_page(browser, request):
    """A 390x844 phone page whose browser says it is a phone."""
    from tests.browser.conftest import _new_page
    yield from _new_page(browser, request, viewport={"width": 390, "height": 844},
                         device_scale_factor=2, is_mobile=True, has_touch=True,
                         user_agent=ANDROID_UA)


def network_guess() -> int:
    """The network's real guess for the test digit, as the app computes it (8-bit gray, then
    to_mnist): the argmax of its outputs, the right answer to /layers' check."""
    raw = (load_mnist().test_images[MNIST_INDEX].reshape(28, 28) * 255).round().astype(np.uint8)
    return int(np.argmax(netcore.load_default().feedforward(to_mnist(raw, pen=None))))


def answer_the_check(page: Page, guess: int) -> None:
    """Answer /layers' "which output lights up most?" rightly: until then the guess and the
    outputs are hidden and the drawing opens at the input."""
    box = page.locator(f".st-key-{state.check_key('layers-brightest', 'box')}")
    expect(box).to_contain_text("which output neuron will light up most for your digit?",
                                timeout=30_000)   # a busy machine: the first page is slow
    expect(page.get_by_test_id("stMetric").filter(has_text="Network's guess")).to_have_count(0)
    wait_until(lambda: notes(page)[-1:] == [FORMULAS[0]], timeout_s=30,
               message="the drawing opening at the input before the check is answered")
    box.scroll_into_view_if_needed()
    box.get_by_text(str(guess), exact=True).click()
    box.get_by_role("button", name="Check my answer").click()
    wait_for_app(page)
    expect(box.get_by_test_id("stAlert")).to_contain_text("Right")


def notes(page: Page) -> list[str]:
    """The text of every annotation drawn in the network figure (the formula is last)."""
    return page.locator(f"{CHART} text.annotation-text").all_text_contents()


def click_step(page: Page, label: str) -> None:
    """Click a step of the slider under the drawing, as a learner taps it."""
    step = page.locator(f"{CHART} text.slider-label").filter(has_text=label)
    step.scroll_into_view_if_needed()
    page.wait_for_timeout(300)     # Streamlit scrolls smoothly
    box = step.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def record_formulas(page: Page) -> None:
    """From now on, note every formula the drawing shows, in the browser, frame by frame."""
    page.locator(f"{CHART} .js-plotly-plot").evaluate("""gd => {
        window.shownFormulas = [];
        const look = () => {
            const texts = gd.querySelectorAll('text.annotation-text');
            const formula = texts.length ? texts[texts.length - 1].textContent : null;
            if (formula !== window.shownFormulas.at(-1)) window.shownFormulas.push(formula);
            requestAnimationFrame(look);
        };
        look();
    }""")


def play_to_the_end(page: Page, choice_text: str) -> list[str]:
    """Step to the input, press Play, wait for the outputs with the choice marked; return
    the formulas shown on the way."""
    wait_for_app(page)             # the check's rerun has settled before the slider is touched
    click_step(page, "input")
    wait_until(lambda: notes(page)[-1] == FORMULAS[0], message="the input step")
    assert not any(choice_text in n for n in notes(page)), "the choice is marked before the outputs"
    record_formulas(page)
    play = page.locator(f"{CHART} .updatemenu-button").filter(has_text="Play the forward pass")
    play.scroll_into_view_if_needed()
    play.click()
    wait_until(lambda: notes(page)[-1] == FORMULAS[-1]
               and any(choice_text in n for n in notes(page)),
               timeout_s=60, message="the output layer with the choice marked")
    # the slider follows the play (Plotly moves it as the last frame lands; give it a moment)
    wait_until(lambda: page.locator(f"{CHART} .js-plotly-plot").evaluate(
        "gd => gd._fullLayout.sliders[0].active") == len(FORMULAS) - 1,
        timeout_s=5, message="the slider to follow the play to the outputs")
    return page.evaluate("window.shownFormulas")


def test_play_runs_the_digit_through_the_layers_to_the_choice_at_desktop_width(app_server, page):
    open_app(page, app_server, f"/layers?mnist={MNIST_INDEX}")
    assert_no_error_box(page)
    answer_the_check(page, network_guess())
    guess = read_guess(page, timeout_ms=30_000)
    assert guess == str(network_guess())
    expect(page.locator(f"{CHART} .updatemenu-button")).to_have_count(2)
    assert f"{guess} ← choice" in notes(page)           # it opens fully lit
    shown = play_to_the_end(page, "← choice")
    assert shown == FORMULAS
    assert f"{guess} ← choice" in notes(page)

    # A click on neuron 5 of hidden layer 2 (the 16 + 5th hover point) still selects it.
    point = page.locator(f"{CHART} path.point").nth(16 + 5)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_app(page)
    expect(page.get_by_role("combobox", name="Neuron (layer, neuron)")).to_have_value(
        "hidden layer 2, neuron 5")
    assert_no_error_box(page)


def test_play_runs_the_digit_through_the_layers_to_the_choice_on_a_phone(app_server,
                                                                         android_page):
    page = android_page
    open_app(page, app_server, f"/layers?mnist={MNIST_INDEX}")
    assert_no_error_box(page)
    answer_the_check(page, network_guess())
    guess = read_guess(page, timeout_ms=30_000)
    assert guess == str(network_guess())
    assert "hidden layer 1: 16 neurons" in notes(page)    # the layers run top to bottom
    choice = f"the network's choice: {guess}"
    assert choice in notes(page)
    shown = play_to_the_end(page, choice)
    assert shown == FORMULAS
    width = page.locator(f"{CHART} .main-svg").first.bounding_box()["width"]
    assert width <= 390, f"the drawing is {width} px wide in a 390 px window"
