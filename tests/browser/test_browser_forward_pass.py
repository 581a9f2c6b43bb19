"""The forward pass in motion on /layers, in a real browser at desktop and phone width.

Open /layers with an MNIST test digit (?mnist=N), answer the check above the drawing,
step back to the input with the step names under it, press Play, and read off what the
browser really shows frame by frame (computed styles: which formula is visible, which
layers still wait, whether the choice is marked): the layers come in order, each with its
formula, and the output layer is reached with the network's choice marked, the same digit
as the page's "Network's guess". Play runs in the page: no server round trip per step.
"""

from __future__ import annotations

import json

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
DRAWING = f".st-key-{state.LAYERS_DRAWING} .fp"
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
    wait_until(lambda: shown(page)["formula"] == 0 and shown(page)["waiting"] == [1, 2, 3],
               timeout_s=30, message="the drawing opening at the input before the check is answered")
    box.scroll_into_view_if_needed()
    box.get_by_text(str(guess), exact=True).click()
    box.get_by_role("button", name="Check my answer").click()
    wait_for_app(page)
    expect(box.get_by_test_id("stAlert")).to_contain_text("Right")


#: What the drawing shows, read off the browser's computed styles: the visible formula's
#: layer, the layers still waiting, whether the choice is marked, the lit step name.
SHOWN = """root => {
    const seen = cls => { const e = root.querySelector('.' + cls);
                          return e && getComputedStyle(e).visibility === 'visible'; };
    const layers = [...Array(8).keys()];
    const lit = [...root.querySelectorAll('.fp-step')].findIndex(
        e => getComputedStyle(e).backgroundColor === 'rgb(255, 214, 10)');
    return {formula: layers.find(k => seen('fp-formula' + k)) ?? null,
            waiting: layers.filter(k => seen('fp-wait' + k)),
            choice: seen('fp-choice'), unchosen: seen('fp-unchosen'), lit: lit,
            text: (root.querySelector('.fp-choice text:last-of-type') || {}).textContent};
}"""


def shown(page: Page) -> dict:
    return page.locator(DRAWING).evaluate(SHOWN)


def formula_text(page: Page, k: int) -> str:
    return page.locator(f"{DRAWING} .fp-formula{k} text").text_content()


def press(page: Page, name: str) -> None:
    """Press a button of the drawing's bar (a step name or Play), as a learner taps it."""
    label = page.locator(f"{DRAWING} .fp-bar label:visible").filter(has_text=name).first
    label.scroll_into_view_if_needed()
    label.click()


def record(page: Page) -> None:
    """From now on, note every state the drawing shows, in the browser, frame by frame."""
    page.locator(DRAWING).evaluate("""(root, shown) => {
        const read = eval(shown);
        window.seenStates = [];
        const look = () => {
            const now = JSON.stringify(read(root));
            if (now !== window.seenStates.at(-1)) window.seenStates.push(now);
            requestAnimationFrame(look);
        };
        look();
    }""", SHOWN)


def play_to_the_end(page: Page) -> list[dict]:
    """Step to the input, press Play, wait for the outputs with the choice marked; return
    the states shown on the way."""
    wait_for_app(page)             # the check's rerun has settled before a step is pressed
    press(page, "input")
    wait_until(lambda: shown(page)["formula"] == 0, message="the input step")
    assert shown(page) | {"text": None} == {"formula": 0, "waiting": [1, 2, 3], "choice": False,
                                            "unchosen": True, "lit": 0, "text": None}
    record(page)
    press(page, "Play the forward pass")
    wait_until(lambda: shown(page)["formula"] == 3 and shown(page)["choice"],
               timeout_s=60, message="the output layer with the choice marked")
    return [json.loads(s) for s in page.evaluate("window.seenStates")]


def assert_in_order(states: list[dict]) -> None:
    """Each layer in turn, its formula with it, the later ones waiting; the choice last."""
    steps = [(s["formula"], s["waiting"], s["choice"], s["lit"]) for s in states]
    assert steps == [(0, [1, 2, 3], False, 0), (1, [2, 3], False, 1), (2, [3], False, 2),
                     (3, [], True, 3)], steps


def test_play_runs_the_digit_through_the_layers_to_the_choice_at_desktop_width(app_server, page):
    open_app(page, app_server, f"/layers?mnist={MNIST_INDEX}")
    assert_no_error_box(page)
    answer_the_check(page, network_guess())
    guess = read_guess(page, timeout_ms=30_000)
    assert guess == str(network_guess())
    wait_until(lambda: shown(page)["choice"], message="the drawing fully lit once answered")
    assert shown(page)["text"] == f"{guess} ← choice"
    assert [formula_text(page, k) for k in range(4)] == FORMULAS
    assert_in_order(play_to_the_end(page))
    # Play again: the other Play button starts the run over from the input.
    record(page)
    press(page, "Play the forward pass")
    wait_until(lambda: shown(page)["formula"] == 3 and len(page.evaluate("window.seenStates")) > 1,
               timeout_s=60, message="the second play to reach the outputs")
    again = [json.loads(s) for s in page.evaluate("window.seenStates")]
    assert again[0]["choice"]                     # it was showing the outputs, and started over
    assert_in_order(again[1:])
    # Stepping by hand: hidden 2 shows the layers up to it, the outputs still waiting.
    press(page, "hidden 2")
    wait_until(lambda: shown(page)["formula"] == 2, message="the hidden 2 step")
    assert shown(page)["waiting"] == [3] and not shown(page)["choice"]
    # From the keyboard: the steps are radio buttons, the arrow keys move between them.
    page.locator(f"{DRAWING} #fp-s2").focus()
    page.keyboard.press("ArrowLeft")
    wait_until(lambda: shown(page)["formula"] == 1, message="the arrow key's step back")
    assert shown(page)["waiting"] == [2, 3]
    assert_no_error_box(page)


def test_play_runs_the_digit_through_the_layers_to_the_choice_on_a_phone(app_server,
                                                                         android_page):
    page = android_page
    open_app(page, app_server, f"/layers?mnist={MNIST_INDEX}")
    assert_no_error_box(page)
    answer_the_check(page, network_guess())
    guess = read_guess(page, timeout_ms=30_000)
    assert guess == str(network_guess())
    texts = page.locator(f"{DRAWING} svg text").all_text_contents()
    assert "hidden layer 1: 16 neurons" in texts           # the layers run top to bottom
    wait_until(lambda: shown(page)["choice"], message="the drawing fully lit once answered")
    assert shown(page)["text"] == f"the network's choice: {guess}"
    assert_in_order(play_to_the_end(page))
    width = page.locator(f"{DRAWING} svg").bounding_box()["width"]
    assert width <= 390, f"the drawing is {width} px wide in a 390 px window"
