"""/inside in a real browser: a digit drawn on /, then /inside: its trace, a second-layer neuron
picked from the grid of buttons, and that neuron's favourite test digits."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import netcore
from netcore import neuron_stats
from tests.browser.helpers import (assert_no_error_box, draw_stroke, ellipse, finish_stroke,
                                   goto_lesson, open_app, read_guess, wait_for_app)
from ui import state


def _favourite_digits(layer: int, neuron: int) -> str:
    data = netcore.load_mnist()
    stats = neuron_stats.hidden_layer_stats(netcore.load_default(), data.test_images,
                                            data.test_labels)[layer - 1]
    return ", ".join(str(int(data.test_labels[k])) for k in stats.top_images[neuron])


def _pick(page: Page, key: str, label: str) -> None:
    page.locator(f".st-key-{key}").get_by_text(label, exact=True).click()
    wait_for_app(page)


def test_a_drawn_digit_is_traced_and_a_second_layer_neurons_gallery_opens(app_server, page):
    open_app(page, app_server, "/")
    draw_stroke(page, ellipse())
    finish_stroke(page)
    guess = read_guess(page)
    goto_lesson(page, "inside")
    assert_no_error_box(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"The network reads your digit as {guess}")).to_be_visible()
    expect(main.get_by_text("Check: the 784 shares add up to")).to_be_visible()

    _pick(page, state.INSIDE_LAYER, "hidden layer 2")
    _pick(page, state.INSIDE_NEURON, "5")
    assert_no_error_box(page)
    gallery = page.locator(".st-key-inside_gallery")
    image = gallery.locator("img")
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(gallery).to_contain_text(f"They are {_favourite_digits(2, 5)}.")
    # the other neuron's gallery replaces it
    _pick(page, state.INSIDE_NEURON, "11")
    expect(gallery).to_contain_text(f"They are {_favourite_digits(2, 11)}.")
