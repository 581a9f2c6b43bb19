"""The lesson site in a real browser: drawing on the canvas, the drawing following
the learner from page to page, Clear, every page at desktop and phone width.

Playwright drives Debian's Chromium against one live `streamlit run app.py`
(session fixture `app_server`, see conftest.py). Each test opens a fresh
browser context, so a fresh Streamlit session.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    CANVAS_SIZE,
    DIGIT_CANVAS,
    alert_texts,
    assert_no_error_box,
    bright_pixels,
    draw_stroke,
    drawing_canvas,
    ellipse,
    finish_stroke,
    goto_lesson,
    guess_metric,
    horizontal_overflow,
    open_app,
    read_guess,
    touch_stroke,
    vertical_line,
    wait_for_app,
    wait_until,
)
from ui import contents

EMPTY_MESSAGE = "The canvas is empty"
#: A 22 px pen down ~220 px of canvas lights about 5,000 pixels; a stroke that
#: reached the canvas lights far more than this.
MIN_STROKE_PIXELS = 2_000


def _other_lesson() -> str | None:
    """The page to move to in the "drawing follows you" test: /neurons, or any
    other page that exists yet."""
    paths = [lesson.url_path for lesson in contents.LESSONS if lesson.url_path]
    if "neurons" in paths:
        return "neurons"
    return paths[0] if paths else None


def _canvases_cut_off(page: Page) -> list[str]:
    """Every drawing canvas on the page that is not all on screen: cut by its
    scroll box (too wide for its column) or reaching past the window's edge."""
    viewport = page.viewport_size["width"]
    boxes = page.locator(".dc-scroll").evaluate_all(
        """els => els.map(e => {
            const r = e.getBoundingClientRect();
            return {shown: e.clientWidth, full: e.scrollWidth, left: r.left, right: r.right};
        })""")
    return [f"a canvas {b['full']} px wide shows {b['shown']} px, from x={b['left']:.0f} "
            f"to {b['right']:.0f} in a {viewport} px window"
            for b in boxes
            if b["shown"] < b["full"] or b["left"] < 0 or b["right"] > viewport]


# --------------------------------------------------------------------------
# 1. Draw a 1 (and undo a stray stroke), then a 0
# --------------------------------------------------------------------------


def test_drawn_one_and_zero_are_recognised(app_server, page):
    open_app(page, app_server, "/")
    expect(guess_metric(page)).to_have_count(0)
    assert any(EMPTY_MESSAGE in t for t in alert_texts(page))

    draw_stroke(page, vertical_line())
    finish_stroke(page)
    assert_no_error_box(page)
    assert read_guess(page) == "1", "the network did not read the drawn 1 as a 1"

    # A stray stroke, taken back with Undo in the canvas's own toolbar (shown
    # while the mouse is over the canvas): the guess follows. The stroke starts
    # in the top-right corner, where the toolbar hides until hovered, the
    # moment the mouse arrives: it must draw all the same.
    one_ink = bright_pixels(page)
    page.mouse.move(5, 5)
    draw_stroke(page, [(265 - 5 * i, 10) for i in range(24)])
    finish_stroke(page)
    assert bright_pixels(page) > one_ink + 1_000, "a stroke from the top-right corner did not draw"
    drawing_canvas(page).hover()
    page.get_by_role("button", name="Undo").click()
    finish_stroke(page)
    wait_until(lambda: abs(bright_pixels(page) - one_ink) < 50, message="Undo to remove the stroke")
    assert read_guess(page) == "1"

    page.get_by_role("button", name="Clear").click()
    wait_for_app(page)
    expect(guess_metric(page)).to_have_count(0)
    wait_until(lambda: bright_pixels(page) == 0, message="the canvas to be empty after Clear")

    draw_stroke(page, ellipse())
    finish_stroke(page)
    assert_no_error_box(page)
    assert read_guess(page) == "0", "the network did not read the drawn 0 as a 0"


# --------------------------------------------------------------------------
# 2. The drawing follows the learner to another page
# --------------------------------------------------------------------------


def test_drawing_follows_to_another_page(app_server, page):
    other = _other_lesson()
    if other is None:
        pytest.skip("only the intro page exists yet")
    open_app(page, app_server, "/")
    draw_stroke(page, vertical_line())
    finish_stroke(page)
    assert read_guess(page) == "1"
    drawn = bright_pixels(page)
    assert drawn > MIN_STROKE_PIXELS, f"only {drawn} bright pixels after drawing a 1"

    goto_lesson(page, other)
    assert_no_error_box(page)
    # The canvas reopens with the strokes (Fabric loads them asynchronously).
    shown = wait_until(lambda: bright_pixels(page), message=f"the strokes on /{other}'s canvas")
    assert abs(shown - drawn) < 0.05 * drawn, (
        f"/{other}'s canvas shows {shown} bright pixels, the drawing on / had {drawn}")
    assert not any(EMPTY_MESSAGE in t for t in alert_texts(page)), (
        f"/{other} says the canvas is empty although the learner drew a 1")
    if guess_metric(page).count():
        assert read_guess(page) == "1"

    # And back: the same digit is still the input on the first page.
    goto_lesson(page, "")
    assert_no_error_box(page)
    assert read_guess(page) == "1"
    assert wait_until(lambda: bright_pixels(page), message="the strokes back on /") > MIN_STROKE_PIXELS


# --------------------------------------------------------------------------
# 3. Clear empties the canvas (and drawing over an MNIST pick replaces it)
# --------------------------------------------------------------------------


def test_clear_empties_the_canvas(app_server, page):
    open_app(page, app_server, "/")
    draw_stroke(page, ellipse())
    finish_stroke(page)
    assert read_guess(page) == "0"

    page.get_by_role("button", name="Clear").click()
    wait_for_app(page)
    assert_no_error_box(page)
    wait_until(lambda: bright_pixels(page) == 0, message="the canvas to be empty after Clear")
    expect(guess_metric(page)).to_have_count(0)
    assert any(EMPTY_MESSAGE in t for t in alert_texts(page)), alert_texts(page)

    # An MNIST pick shows as the canvas's background picture; Clear removes it too.
    page.get_by_role("button", name="Pick an MNIST digit").click()
    wait_for_app(page)
    expect(guess_metric(page)).to_have_count(1)
    wait_until(lambda: bright_pixels(page, "background"), message="the MNIST digit on the canvas")
    page.get_by_role("button", name="Clear").click()
    wait_for_app(page)
    wait_until(lambda: bright_pixels(page, "background") == 0,
               message="the MNIST picture to leave the canvas after Clear")
    expect(guess_metric(page)).to_have_count(0)

    # Drawing over an MNIST pick makes the drawing the input: the picture goes,
    # the strokes stay.
    page.get_by_role("button", name="Pick an MNIST digit").click()
    wait_for_app(page)
    wait_until(lambda: bright_pixels(page, "background"), message="the MNIST digit on the canvas")
    draw_stroke(page, vertical_line())
    finish_stroke(page)
    wait_until(lambda: bright_pixels(page, "background") == 0,
               message="the MNIST picture to leave the canvas when drawn over")
    assert read_guess(page) == "1", "the 1 drawn over an MNIST pick is not the input"
    assert bright_pixels(page) > MIN_STROKE_PIXELS, "the strokes drawn over an MNIST pick vanished"
    assert "mnist=" not in page.url, f"the URL still names the MNIST pick: {page.url}"
    page.get_by_role("button", name="Clear").click()
    wait_for_app(page)
    wait_until(lambda: bright_pixels(page) == 0, message="the canvas to be empty after Clear")

    # A cleared canvas stays empty on the next page.
    other = _other_lesson()
    if other is not None:
        goto_lesson(page, other)
        assert_no_error_box(page)
        page.wait_for_timeout(300)
        assert bright_pixels(page) == 0 and bright_pixels(page, "background") == 0
        expect(guess_metric(page)).to_have_count(0)
        assert any(EMPTY_MESSAGE in t for t in alert_texts(page)), alert_texts(page)


# --------------------------------------------------------------------------
# 4. Every page loads with an MNIST digit, at desktop and at phone width
# --------------------------------------------------------------------------


def _check_every_page(page: Page, app_server: str, phone: bool) -> None:
    open_app(page, app_server, "/")
    page.get_by_role("button", name="Pick an MNIST digit").click()
    wait_for_app(page)
    assert_no_error_box(page)
    picked = page.url.split("mnist=")[-1] if "mnist=" in page.url else "?"
    problems = []
    for lesson in contents.LESSONS:
        name = f"/{lesson.url_path} ({lesson.file}, MNIST test digit #{picked})"
        if lesson.url_path:
            goto_lesson(page, lesson.url_path)
        try:
            assert_no_error_box(page)
        except AssertionError as err:
            problems.append(f"{name}: {err}")
        problems += [f"{name}: {cut}" for cut in _canvases_cut_off(page)]
        if phone:
            scroll_width, inner_width = horizontal_overflow(page)
            if scroll_width > inner_width + 1:
                problems.append(f"{name}: page is {scroll_width} px wide in a "
                                f"{inner_width} px window (scrolls sideways)")
        if drawing_canvas(page).count() == 0:
            continue   # a page without the learner's canvas (e.g. /counting)
        try:
            wait_until(lambda: bright_pixels(page, "background"), timeout_s=5,
                       message="the picked digit on the canvas")
        except AssertionError:
            problems.append(f"{name}: the picked MNIST digit is not shown on the canvas")
        if any(EMPTY_MESSAGE in t for t in alert_texts(page)):
            problems.append(f"{name}: says the canvas is empty although a digit was picked")
    assert not problems, "\n".join(problems)


def test_every_page_loads_at_desktop_width(app_server, page):
    _check_every_page(page, app_server, phone=False)


def test_every_page_loads_at_phone_width(app_server, phone_page):
    _check_every_page(phone_page, app_server, phone=True)


# --------------------------------------------------------------------------
# 5. Drawing with a finger on a phone
# --------------------------------------------------------------------------


def test_touch_drawing_on_a_phone(app_server, phone_page):
    page = phone_page
    open_app(page, app_server, "/")
    assert not _canvases_cut_off(page)
    drawing_canvas(page).scroll_into_view_if_needed()
    scroll_before = page.evaluate("() => window.scrollY")
    touch_stroke(page, vertical_line())
    finish_stroke(page)
    assert_no_error_box(page)
    assert bright_pixels(page) > MIN_STROKE_PIXELS, "the finger stroke did not reach the canvas"
    assert page.evaluate("() => window.scrollY") == scroll_before, (
        "drawing with a finger scrolled the page")
    assert read_guess(page) == "1", "the network did not read the finger-drawn 1 as a 1"
    scroll_width, inner_width = horizontal_overflow(page)
    assert scroll_width <= inner_width + 1

    # A stroke started in the canvas's top-right corner, where the component's
    # toolbar waits unseen until hovered (a finger cannot hover), still draws,
    # and does not switch the canvas out of drawing mode.
    ink_before = bright_pixels(page)
    touch_stroke(page, [(268 - 4 * i, 6) for i in range(40)])
    finish_stroke(page)
    assert bright_pixels(page) > ink_before + 1_000, (
        "a finger stroke from the top-right corner did not draw")
    touch_stroke(page, [(40, 140 + 2 * i) for i in range(30)])
    finish_stroke(page)
    assert bright_pixels(page) > ink_before + 2_000, "drawing stopped working"
    # No "Edit" (pencil) toggle on the digit canvas: it stops the pen drawing. No bin
    # either: it brings back the drawing carried over from another page (Clear empties).
    expect(page.locator(f'{DIGIT_CANVAS} .dc-toolbar button[aria-label="Edit"]')).to_be_hidden()
    expect(page.locator(f'{DIGIT_CANVAS} .dc-toolbar button[aria-label="Reset canvas & history"]'
                        )).to_be_hidden()
    expect(page.locator(f'{DIGIT_CANVAS} .dc-toolbar button[aria-label="Undo"]')).to_be_attached()
    assert_no_error_box(page)


# --------------------------------------------------------------------------
# 6. Input unlike a digit gets a plain message, not an error
# --------------------------------------------------------------------------


def test_dot_and_scribble_get_plain_messages(app_server, page):
    open_app(page, app_server, "/")

    # One click: a single dot.
    draw_stroke(page, [(140, 140), (141, 140)], steps=1)
    finish_stroke(page)
    assert_no_error_box(page)
    assert bright_pixels(page) > 0, "the dot did not reach the canvas"
    dot_messages = alert_texts(page)
    assert dot_messages, "a single dot got no message"

    page.get_by_role("button", name="Clear").click()
    wait_for_app(page)

    # Scribble over the whole canvas: zig-zag lines 12 px apart.
    zigzag = []
    for i, y in enumerate(range(5, CANVAS_SIZE, 12)):
        xs = (5, CANVAS_SIZE - 5) if i % 2 == 0 else (CANVAS_SIZE - 5, 5)
        zigzag += [(xs[0], y), (xs[1], y)]
    draw_stroke(page, zigzag)
    finish_stroke(page)
    assert_no_error_box(page)
    assert bright_pixels(page) > 0.8 * CANVAS_SIZE ** 2, "the scribble did not cover the canvas"
    messages = alert_texts(page)
    assert any("ink" in m for m in messages), f"no message about a canvas full of ink: {messages}"
