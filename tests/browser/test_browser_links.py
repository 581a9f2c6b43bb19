"""A teacher's link keeps describing what is shown after the learner moves between lessons."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.helpers import open_app, wait_for_app
from ui import route, state


def _query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_the_mnist_digit_and_the_palette_stay_in_the_address_after_next(app_server, page):
    open_app(page, app_server, "/layers?mnist=42&palette=colorblind")
    # the digit is loaded: /layers asks its check about it (the guess is hidden until answered)
    box = page.locator(f".st-key-{state.check_key('layers-brightest', 'box')}")
    expect(box).to_contain_text("which output neuron will light up most for your digit?")
    for following in ("why-layers", "weights"):
        page.locator(f".st-key-{route.LINKS_KEY}").get_by_role("link", name="Next", exact=False).click()
        page.wait_for_url(lambda url, p=following: urlsplit(url).path.strip("/") == p)
        wait_for_app(page)
        assert _query(page).get("mnist") == ["42"], page.url
        assert _query(page).get("palette") == ["colorblind"], page.url
    # the copied address opens the same digit in a new session
    other = page.context.new_page()
    other.goto(page.url)
    wait_for_app(other)
    expect(other.get_by_text("Weighted sum for your digit").first).to_be_visible()
    assert _query(other).get("mnist") == ["42"]
    other.close()
