"""No request leaves the machine when a learner opens any page: every request the
browser makes (documents, scripts, styles, fonts, images, the tab icon, component
frames, websockets) goes to the app's own host.

One test per lesson in ui.contents.LESSONS, each in a fresh browser context: open the
page from its link, draw a digit where the page has the digit canvas, and record
everything the browser asks for.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import (
    DIGIT_CANVAS,
    draw_stroke,
    finish_stroke,
    open_app,
    vertical_line,
    wait_for_app,
)
from ui import contents

#: Schemes that never reach a network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension"}


def outside(urls: list[str], app_url: str) -> list[str]:
    """The URLs among `urls` that go anywhere but the app's own host and port."""
    own = urlsplit(app_url).netloc
    return sorted({u for u in urls
                   if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).netloc != own})


def record_requests(page: Page) -> list[str]:
    """Every URL the page's context asks for from now on (frames and websockets too)."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda ws: urls.append(ws.url.replace("ws://", "http://", 1)))
    return urls


def test_outside_filter_sees_another_host():
    """The check itself: a font server's URL counts as outside, the app's own do not."""
    app = "http://127.0.0.1:8501"
    assert outside([app + "/static/x.js", "data:image/png;base64,AA", app + "/media/i.png",
                    "https://fonts.gstatic.com/s/i/x.svg", "http://127.0.0.1:9/x"], app) == [
        "http://127.0.0.1:9/x", "https://fonts.gstatic.com/s/i/x.svg"]


@pytest.mark.parametrize("lesson", contents.LESSONS, ids=lambda lesson: lesson.url_path or "root")
def test_page_requests_only_the_app(app_server, page, lesson):
    urls = record_requests(page)
    open_app(page, app_server, "/" + lesson.url_path)
    if page.locator(f"{DIGIT_CANVAS} canvas.upper-canvas").count():
        draw_stroke(page, vertical_line())
        finish_stroke(page)
    else:
        wait_for_app(page)
    page.wait_for_load_state("networkidle")
    icons = page.locator('link[rel*="icon"]').evaluate_all("els => els.map(e => e.href)")
    assert icons and outside(icons, app_server) == [], f"tab icon: {icons}"
    assert any(urlsplit(u).path.startswith("/_stcore/stream") for u in urls), \
        "recorded no websocket: the recorder missed the app's own traffic"
    assert outside(urls, app_server) == []
