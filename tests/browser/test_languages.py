"""A teacher's ?lang= link opens every lesson in that language; the browser's language is the
default; the sidebar's menu switches and the choice stays in the address as the learner moves."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, wait_for_app
from ui import contents, route
from ui.i18n import LANGUAGES, translate


def _nav_titles(page) -> list[str]:
    """The sidebar's lesson titles (each link's last line: the icon's ligature name comes first)."""
    return [text.strip().split("\n")[-1].strip() for text in
            page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]


@pytest.mark.parametrize("code", ["ja", "fr"])
def test_every_lesson_opens_in_the_links_language(app_server, page, code):
    for k, lesson in enumerate(contents.LESSONS, start=1):
        open_app(page, app_server, f"/{lesson.url_path}?lang={code}&mnist=3")
        title = translate(code, lesson.title)
        assert title != lesson.title                       # the catalogue has it
        # the navigation lists every lesson in the language, the strip says where you are in it
        assert _nav_titles(page) == [translate(code, le.title) for le in contents.LESSONS]
        where = translate(code, "**Lesson {k} of {n}** · {title}", k=k,
                          n=len(contents.LESSONS), title=title).replace("**", "")
        expect(page.locator(f".st-key-{route.STRIP_KEY}")).to_contain_text(where)
        assert parse_qs(urlsplit(page.url).query).get("lang") == [code]


def test_the_browsers_language_is_the_default_and_the_menu_switches(app_server, browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_app(page, app_server, "/layers")
        expect(page.locator(f".st-key-{route.STRIP_KEY}")).to_contain_text(
            translate("de", "Layers"))
        # the menu, named in each language's own words; choose Japanese
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
        page.get_by_role("option", name=LANGUAGES["ja"][1]).click()
        page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("lang") == ["ja"])
        wait_for_app(page)
        expect(page.locator(f".st-key-{route.STRIP_KEY}")).to_contain_text(
            translate("ja", "Layers"))
        # Next keeps the language, in the page and in the address
        page.locator(f".st-key-{route.LINKS_KEY}").get_by_role(
            "link", name=translate("ja", "Next: {title}", title=translate("ja", "Why layers?"))
        ).click()
        page.wait_for_url(lambda url: urlsplit(url).path.strip("/") == "why-layers")
        wait_for_app(page)
        assert parse_qs(urlsplit(page.url).query).get("lang") == ["ja"], page.url
        expect(page.locator(f".st-key-{route.STRIP_KEY}")).to_contain_text(
            translate("ja", "Why layers?"))
    finally:
        context.close()


@pytest.mark.parametrize("code", ["ja", "fr", "de", "ko"])
def test_the_canvas_menu_shows_its_whole_choice_at_phone_width(app_server, browser, code):
    """The canvas' digit menu ("any digit") is as wide as its words in the language."""
    from ui import state
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_app(page, app_server, f"/?lang={code}")
        box = page.locator(f".st-key-{state.CANVAS_CLASS} input")
        expect(box).to_have_value(translate(code, "any digit"))
        whole, shown = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert whole <= shown, f"{translate(code, 'any digit')!r}: {whole} px in {shown} px"
    finally:
        context.close()
