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
