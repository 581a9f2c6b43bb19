"""The route at phone width, in a real browser: from / follow "Next" through every lesson in the
video's order to /learning, without opening the sidebar; the colour switch works from the strip."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_error_box, horizontal_overflow, open_app, wait_for_app
from ui import contents, route

STRIP = f".st-key-{route.STRIP_KEY}"
LINKS = f".st-key-{route.LINKS_KEY}"


def _sidebar_closed(page: Page) -> None:
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")


def _on_screen_width(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], (
        f"{locator} reaches outside the {page.viewport_size['width']} px window: {box}")


def test_a_phone_follows_next_from_the_first_lesson_to_the_last(app_server, phone_page):
    page = phone_page
    open_app(page, app_server, "/")
    for k, lesson in enumerate(contents.LESSONS):
        _sidebar_closed(page)
        assert_no_error_box(page)
        assert urlsplit(page.url).path.strip("/") == lesson.url_path
        # the page's own heading names what its contents title does (some say more: "Just a
        # function" is headed "The network is just a function")
        heading = page.get_by_test_id("stMain").locator("h1").first
        expect(heading).to_contain_text(lesson.title.split()[-1].rstrip("?"), ignore_case=True)
        expect(page.locator(STRIP)).to_contain_text(f"Lesson {k + 1} of {len(contents.LESSONS)}")
        expect(page.locator(STRIP)).to_contain_text(lesson.title)
        # the steps visited so far are ticked, the others not
        for j, other in enumerate(contents.LESSONS):
            step = page.locator(STRIP).get_by_role("link", name=str(j + 1), exact=True)
            ticked = page.locator(STRIP).get_by_role("link", name=f"{j + 1}✓", exact=True)
            expect(ticked if j <= k else step).to_have_count(1)
        links = page.locator(LINKS)
        if k == len(contents.LESSONS) - 1:
            expect(links.get_by_role("link", name="Next", exact=False)).to_have_count(0)
            expect(page.get_by_text("You have reached the end of the route")).to_be_visible()
            back = links.get_by_role("link", name=f"Back to the start: {contents.LESSONS[0].title}")
            back.scroll_into_view_if_needed()
            expect(back).to_be_visible()
            _on_screen_width(page, back)
            break
        following = contents.LESSONS[k + 1]
        next_link = links.get_by_role("link", name=f"Next: {following.title}", exact=True)
        next_link.scroll_into_view_if_needed()
        expect(next_link).to_be_visible()
        _on_screen_width(page, next_link)
        next_link.click()
        page.wait_for_url(lambda url, p=following.url_path: urlsplit(url).path.strip("/") == p)
        wait_for_app(page)
    assert horizontal_overflow(page)[0] <= horizontal_overflow(page)[1]


def test_a_phone_switches_the_colours_without_opening_the_sidebar(app_server, phone_page):
    page = phone_page
    open_app(page, app_server, "/layers")
    _sidebar_closed(page)
    blind = page.locator(STRIP).get_by_role("radio", name="+ blue / - orange")
    expect(blind).to_be_visible()
    _on_screen_width(page, blind)
    blind.click()
    wait_for_app(page)
    _sidebar_closed(page)
    assert parse_qs(urlsplit(page.url).query).get("palette") == ["colorblind"]
    expect(page.locator(STRIP).get_by_role("radio", checked=True)).to_have_text("+ blue / - orange")
    # the choice stays with the learner on the next lesson
    page.locator(LINKS).get_by_role("link", name="Next: Why layers?").click()
    page.wait_for_url(lambda url: urlsplit(url).path.strip("/") == "why-layers")
    wait_for_app(page)
    expect(page.locator(STRIP).get_by_role("radio", checked=True)).to_have_text("+ blue / - orange")
    assert parse_qs(urlsplit(page.url).query).get("palette") == ["colorblind"]
