"""Helpers for real-browser tests of the Streamlit app.

Import them in a browser test as::

    from tests.browser.helpers import open_app, wait_for_app, assert_no_error_box

Waiting follows the approach of Streamlit's own e2e suite
(``wait_for_app_run`` in streamlit/streamlit's e2e_playwright/conftest.py):
rather than sleeping, ask the app. The root element carries its state::

    <div data-testid="stApp"
         data-test-connection-state="CONNECTED"
         data-test-script-state="notRunning">

``data-test-script-state`` goes initial -> running -> notRunning on every
(re)run, so "CONNECTED and notRunning, with no skeleton placeholders left"
means the script has finished and its elements have rendered.
"""

from __future__ import annotations

import math
import time
from typing import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

#: How long to wait for the app (connection, script run) by default, in ms.
DEFAULT_TIMEOUT_MS = 30_000
#: Some Streamlit widgets debounce their input by ~200 ms before a rerun
#: starts; waiting past that first keeps us from seeing the *previous* run's
#: "notRunning" state.
INITIAL_WAIT_MS = 250
#: Extra time after the run for the frontend to finish painting.
SETTLE_MS = 150


def wait_for_app(
    page: Page,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    initial_wait_ms: int = INITIAL_WAIT_MS,
    settle_ms: int = SETTLE_MS,
) -> None:
    """Block until Streamlit has finished running the script.

    Call it after ``page.goto(...)`` and after every interaction that makes
    the script rerun (click, slider move, canvas stroke, page switch), before
    asserting on the result.
    """
    page.wait_for_timeout(initial_wait_ms)
    app = page.locator('[data-testid="stApp"]')
    app.wait_for(state="attached", timeout=timeout_ms)
    # Websocket to the server is up.
    page.locator(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    ).wait_for(state="attached", timeout=timeout_ms)
    # The script run has finished.
    page.locator(
        '[data-testid="stApp"][data-test-script-state="notRunning"]'
    ).wait_for(state="attached", timeout=timeout_ms)
    # The "Running..." indicator in the top-right status widget is gone.
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(
        0, timeout=timeout_ms
    )
    # Every element has replaced its loading skeleton.
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    if settle_ms > 0:
        page.wait_for_timeout(settle_ms)


def open_app(
    page: Page, base_url: str, path: str = "", timeout_ms: int = DEFAULT_TIMEOUT_MS
) -> None:
    """Navigate to ``base_url`` + ``path`` (e.g. a multipage URL path) and wait
    for the script run to finish."""
    url = base_url.rstrip("/") + "/" + path.lstrip("/")
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    wait_for_app(page, timeout_ms=timeout_ms)


def assert_no_error_box(page: Page) -> None:
    """Assert the page shows no uncaught exception and no ``st.error`` box.

    Streamlit 1.67 renders an uncaught exception as
    ``[data-testid="stException"]`` and ``st.error(...)`` as an alert whose
    content is ``[data-testid="stAlertContentError"]``.
    """
    problems = []
    for test_id in ("stException", "stAlertContentError"):
        boxes = page.get_by_test_id(test_id)
        count = boxes.count()
        if count:
            texts = [t.strip()[:500] for t in boxes.all_inner_texts()]
            problems.append(f"{count} x {test_id}: {texts}")
    assert not problems, "error box(es) on the page:\n" + "\n".join(problems)


# --------------------------------------------------------------------------
# The drawing canvas (streamlit-drawable-canvas 0.13, a Fabric.js canvas)
# --------------------------------------------------------------------------
#
# The component renders three <canvas> elements on top of each other:
#   canvas.dc-background-canvas  the background image (an MNIST pick)
#   canvas.dc-canvas.lower-canvas  Fabric's drawing (strokes on black)
#   canvas.upper-canvas          Fabric's input layer: draw on this one
# After a stroke ends, the component waits 200 ms (debounce) before it sends
# the drawing to Python, which reruns the canvas's fragment.

#: The app's canvas side in CSS pixels (ui.canvas.CANVAS_SIZE).
CANVAS_SIZE = 280
#: Longer than the component's 200 ms send debounce.
STROKE_SEND_MS = 450
GUESS_LABEL = "Network's guess"

Point = tuple[float, float]


#: The learner's digit canvas (ui.canvas keys it "canvas-<n>"; Streamlit gives
#: its element the class st-key-canvas-<n>). Other canvases on a page, such as
#: /weights' painting canvas, have other keys.
DIGIT_CANVAS = '[class*="st-key-canvas-"]'


def drawing_canvas(page: Page):
    """The learner's digit canvas: the layer that takes the mouse and touches."""
    return page.locator(f"{DIGIT_CANVAS} canvas.upper-canvas")


def _canvas_origin(page: Page) -> Point:
    """Scroll the canvas into view; its top-left corner in the window once it
    has stopped moving (Streamlit scrolls smoothly)."""
    canvas = drawing_canvas(page)
    canvas.scroll_into_view_if_needed()
    box, previous = canvas.bounding_box(), None
    for _ in range(50):
        if box is not None and box == previous:
            break
        page.wait_for_timeout(50)
        box, previous = canvas.bounding_box(), box
    assert box is not None, "the drawing canvas is not on the page"
    return box["x"], box["y"]


def draw_stroke(page: Page, points: Sequence[Point], steps: int = 1) -> None:
    """Draw one stroke with the mouse through `points` (canvas pixels, 0..280),
    with `steps` mouse-move events from each point to the next (Fabric joins
    successive positions with straight segments, so 1 is enough)."""
    x0, y0 = _canvas_origin(page)
    page.mouse.move(x0 + points[0][0], y0 + points[0][1])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x0 + x, y0 + y, steps=steps)
    page.mouse.up()


def touch_stroke(page: Page, points: Sequence[Point]) -> None:
    """Draw one stroke with a finger: real touch events through the Chrome
    DevTools protocol (Playwright's page.touchscreen can only tap)."""
    x0, y0 = _canvas_origin(page)
    cdp = page.context.new_cdp_session(page)
    try:
        def touch(kind: str, pts: Iterable[Point]) -> None:
            cdp.send("Input.dispatchTouchEvent", {
                "type": kind,
                "touchPoints": [{"x": x0 + x, "y": y0 + y} for x, y in pts],
            })
        touch("touchStart", [points[0]])
        for point in points[1:]:
            touch("touchMove", [point])
        touch("touchEnd", [])
    finally:
        cdp.detach()


def finish_stroke(page: Page) -> None:
    """Wait until the canvas has sent the stroke and the app has rerun."""
    page.wait_for_timeout(STROKE_SEND_MS)
    wait_for_app(page)


def vertical_line(top: float = 30, bottom: float = 250, lean: float = 12,
                  n: int = 30) -> list[Point]:
    """A '1': one stroke down the full height, leaning slightly like handwriting."""
    cx = CANVAS_SIZE / 2
    return [(cx + lean / 2 - lean * t, top + (bottom - top) * t)
            for t in (i / n for i in range(n + 1))]


def ellipse(rx: float = 70, ry: float = 105, n: int = 40) -> list[Point]:
    """A '0': a tall ellipse as a closed polyline of n points, from the top."""
    c = CANVAS_SIZE / 2
    return [(c + rx * math.sin(2 * math.pi * k / n), c - ry * math.cos(2 * math.pi * k / n))
            for k in range(n + 1)]


def bright_pixels(page: Page, layer: str = "drawing", threshold: int = 128) -> int:
    """How many of the canvas's pixels are bright (red channel > threshold).

    layer: "drawing" (the strokes, Fabric's lower canvas) or "background"
    (the picture behind them: an MNIST pick).
    """
    selector = {"drawing": "canvas.dc-canvas.lower-canvas",
                "background": "canvas.dc-background-canvas"}[layer]
    return page.locator(f"{DIGIT_CANVAS} {selector}").evaluate(
        """(c, threshold) => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] > threshold) n++;
            return n;
        }""",
        threshold,
    )


def wait_until(condition: Callable[[], object], timeout_s: float = 10,
               interval_s: float = 0.1, message: str = "condition"):
    """Poll `condition` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {message} "
                                 f"(last value: {value!r})")
        time.sleep(interval_s)


def guess_metric(page: Page):
    """The st.metric labelled "Network's guess" (a locator; may match nothing)."""
    return page.get_by_test_id("stMetric").filter(has_text=GUESS_LABEL)


def read_guess(page: Page, timeout_ms: int = 10_000) -> str:
    """The network's guess shown on the page (waits for the metric to appear)."""
    metric = guess_metric(page)
    expect(metric).to_have_count(1, timeout=timeout_ms)
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def alert_texts(page: Page) -> list[str]:
    """The text of every st.info / st.warning / st.error / st.success box."""
    return [t.strip() for t in page.get_by_test_id("stAlert").all_inner_texts()]


def goto_lesson(page: Page, url_path: str) -> None:
    """Move to another lesson the way a learner does, through the sidebar's
    navigation link, so the session (and the learner's digit) is kept.

    A new page.goto() would open a new session. On a phone the sidebar is
    collapsed: open it first, and close it again afterwards.
    """
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.is_visible():
        expand.click()
    path = "/" + url_path.strip("/")
    links = page.locator('[data-testid="stSidebarNavLink"]')
    if path == "/":   # the root page's link is the first one; its href ends in "/"
        links.first.click()
    else:
        links.and_(page.locator(f'[href$="{path}"]')).click()
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == path.rstrip("/"))
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    narrow = page.viewport_size is not None and page.viewport_size["width"] < 640
    if narrow and sidebar.get_attribute("data-collapsed") == "false":
        page.get_by_test_id("stSidebarCollapseButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")


def horizontal_overflow(page: Page) -> tuple[int, int]:
    """(document scroll width, window inner width)."""
    return tuple(page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"))
