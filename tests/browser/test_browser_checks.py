"""A check for understanding in a real browser at phone width: /layers' "which output lights up
most?" answered wrongly (its reason and a second try), then rightly (the explanation with the
network's numbers, the outputs revealed, the progress strip counting it)."""

from __future__ import annotations

import numpy as np
from playwright.sync_api import expect

import netcore
from netcore.mnist import load_mnist
from netcore.preprocess import to_mnist
from ui.lessons import layers_checks
from tests.browser.helpers import assert_no_error_box, guess_metric, open_app, wait_for_app
from ui import route, state

MNIST_INDEX = 0   # test digit #0, a 7 the network reads rightly
STRIP = f".st-key-{route.STRIP_KEY}"


def _answer(box, choice: str) -> None:
    box.get_by_text(choice, exact=True).click()
    box.get_by_role("button", name="Check my answer").click()


def test_a_phone_answers_the_layers_check_wrongly_then_rightly(app_server, phone_page):
    page = phone_page
    images = load_mnist().test_images
    # the app makes the pick its input as it would any picture: 8-bit gray, then to_mnist
    raw = (images[MNIST_INDEX].reshape(28, 28) * 255).round().astype(np.uint8)
    outputs = netcore.load_default().feedforward(to_mnist(raw, pen=None))
    order = np.argsort(-outputs)
    guess, wrong = int(order[0]), int(order[3])

    open_app(page, app_server, f"/layers?mnist={MNIST_INDEX}")
    assert_no_error_box(page)
    box = page.locator(f".st-key-{state.check_key('layers-brightest', 'box')}")
    expect(box).to_contain_text("which output neuron will light up most for your digit?")
    expect(page.locator(STRIP)).to_contain_text("0 of 1 check")
    expect(guess_metric(page)).to_have_count(0)

    box.scroll_into_view_if_needed()
    _answer(box, str(wrong))
    wait_for_app(page)
    warning = box.get_by_test_id("stAlert")
    expect(warning).to_contain_text(f"Not quite: {wrong} is not it.")
    expect(warning).to_contain_text(f"Output neuron {wrong} holds only "
                                    f"{layers_checks.shown(outputs[wrong])}: "
                                    "3 of the ten outputs are brighter.")
    expect(warning).to_contain_text("Have another go.")
    expect(guess_metric(page)).to_have_count(0)
    expect(page.locator(STRIP)).to_contain_text("0 of 1 check")

    _answer(box, str(guess))
    wait_for_app(page)
    right = box.get_by_test_id("stAlert")
    expect(right).to_contain_text("Right on the second try.")
    expect(right).to_contain_text(f"Output neuron {guess} holds {outputs[guess]:.2f}, the most "
                                  f"of the ten; the next is neuron {int(order[1])} with "
                                  f"{layers_checks.shown(outputs[order[1]])}")
    expect(guess_metric(page).get_by_test_id("stMetricValue")).to_have_text(str(guess))
    expect(page.locator(STRIP)).to_contain_text("Layers · 1 of 1 check")
    assert_no_error_box(page)
