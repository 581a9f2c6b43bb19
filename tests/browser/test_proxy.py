"""Two app processes behind HAProxy (deploy/proxy/serve.sh), in a real browser: a learner draws,
uploads and trains through the proxy; when one process stops, the other process's learners go
on untouched and the moved learners are told what happened and can draw again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import proxy_serving
from proxy_serving import ROOT
from tests.browser.helpers import (alert_texts, assert_no_error_box, bright_pixels, draw_stroke,
                                   drawing_canvas, ellipse, finish_stroke, goto_lesson,
                                   guess_metric, open_app, read_guess, vertical_line, wait_for_app,
                                   wait_until)
from tests.browser.test_browser_upload import DIGIT, photo_png, upload
from tests.browser.test_learning import accuracy_shown, set_number, train_and_watch
from ui import serving

ARTIFACTS = ROOT / "tests" / "artifacts"   # as in conftest.py
MOVED = "The server you were on stopped"
MIN_STROKE_PIXELS = 2_000     # as in test_site.py: a stroke that reached the canvas lights more
RECONNECT_TIMEOUT_MS = 60_000


@pytest.fixture
def proxy(request):
    running = proxy_serving.start(ARTIFACTS / f"serve-{request.node.name}.log")
    yield running
    proxy_serving.stop(running)


def server_of(page: Page) -> str | None:
    """The app process HAProxy pinned this learner to (its cookie)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get(serving.SERVER_COOKIE)


def new_learner(browser, cookies=()) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    if cookies:
        context.add_cookies(list(cookies))
    return context.new_page()


def moved_messages(page: Page) -> list[str]:
    return [text for text in alert_texts(page) if MOVED in text]


def draw(page: Page, stroke) -> str:
    expect(drawing_canvas(page)).to_be_visible()
    draw_stroke(page, stroke)
    # Which step failed, if one does: the stroke reaching the canvas, or the answer coming back.
    wait_until(lambda: bright_pixels(page) > MIN_STROKE_PIXELS, timeout_s=10,
               message="the stroke to reach the canvas")
    finish_stroke(page)
    return read_guess(page, timeout_ms=30_000)   # the machine may be shared with other work


def test_draw_upload_and_train_through_the_proxy(browser, proxy, tmp_path):
    page = new_learner(browser)
    try:
        open_app(page, proxy.url, "/")
        assert server_of(page) in proxy_serving.SERVERS
        assert draw(page, vertical_line()) == "1"

        open_app(page, proxy.url, "function")        # a new session, on the same process
        upload(page, photo_png(tmp_path / "my-digit.png", DIGIT))
        expect(guess_metric(page).first.get_by_test_id("stMetricValue")).to_have_text(str(DIGIT))

        open_app(page, proxy.url, "learning")
        set_number(page, "Epochs (passes over the images)", 1)
        seen = train_and_watch(page)
        assert seen[-1] == 100 and seen == sorted(seen), seen
        assert accuracy_shown(page) > 0.8
        assert_no_error_box(page)
        assert not moved_messages(page)
    finally:
        page.context.close()


def save_screenshots(pages: list[Page], test_name: str) -> None:
    """After a failure: every learner's page in tests/artifacts/ (the server log is there too)."""
    for number, page in enumerate(pages):
        try:
            page.screenshot(path=str(ARTIFACTS / f"{test_name}-learner{number}.png"),
                            full_page=True, timeout=10_000)
        except Exception as exc:  # noqa: BLE001 -- best effort only
            print(f"could not save a screenshot of learner {number}: {exc}")


def test_stopping_one_process_moves_only_its_learners(browser, proxy, request):
    learners: dict[str, Page] = {}
    opened = []
    try:
        while len(learners) < 2:        # HAProxy hands new learners to a and b in turn
            assert len(opened) < 6, "HAProxy put every learner on the same process"
            page = new_learner(browser)
            opened.append(page)
            open_app(page, proxy.url, "/")
            learners.setdefault(server_of(page), page)
        moving, staying = learners["a"], learners["b"]
        assert draw(moving, vertical_line()) == "1"
        assert draw(staying, ellipse()) == "0"
        assert not moved_messages(moving) and not moved_messages(staying)

        proxy.stop_app("a")

        # The moved learner: reconnected to b, told so, clean canvas, and drawing works again.
        expect(moving.get_by_test_id("stAlert").filter(has_text=MOVED)).to_have_count(
            1, timeout=RECONNECT_TIMEOUT_MS)
        wait_for_app(moving)
        assert server_of(moving) == "b"
        (message,) = moved_messages(moving)
        assert "drawing and any network you trained were lost" in message
        assert bright_pixels(moving) == 0 and guess_metric(moving).count() == 0
        assert draw(moving, vertical_line()) == "1"
        goto_lesson(moving, "neurons")    # the next full run: the message was said once
        assert not moved_messages(moving)
        assert_no_error_box(moving)

        # The learner on b noticed nothing: same drawing, same answer, and a new stroke answered.
        expect(staying.locator('[data-testid="stApp"]')).to_have_attribute(
            "data-test-connection-state", "CONNECTED")
        assert not moved_messages(staying)
        assert bright_pixels(staying) > MIN_STROKE_PIXELS and read_guess(staying) == "0"
        staying.get_by_role("button", name="Clear").click()
        wait_for_app(staying)
        assert draw(staying, vertical_line()) == "1"

        # Learners who open the site now never see the message, even with a's old cookie.
        stale = {"name": serving.SERVER_COOKIE, "value": "a", "url": proxy.url}
        for cookies in ((), (stale,)):
            fresh = new_learner(browser, cookies)
            opened.append(fresh)
            open_app(fresh, proxy.url, "/")
            assert server_of(fresh) == "b"
            assert not moved_messages(fresh)
            assert draw(fresh, vertical_line()) == "1"
    except BaseException:
        save_screenshots(opened, request.node.name)
        raise
    finally:
        for page in opened:
            page.context.close()
