"""/learning's "Teach it your digit" in a real browser: open a test digit the shipped network
misreads (found here by computation), teach it the right label, read the new guess and the
before/after outputs, answer the check, see the test scores, undo. On a desktop and a phone;
a screenshot of each is saved in tests/artifacts/ (NETAPP_SHOTS names another folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apptest_helpers import misread_test_digit
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (assert_no_error_box, horizontal_overflow, open_app,
                                   read_guess, wait_for_app)

SHOTS = Path(os.environ.get("NETAPP_SHOTS", ARTIFACTS))
BUSY_MS = 120_000   # the machine running the tests may be shared by much other work


def teach_and_undo(page: Page, app_server: str, shot: str) -> None:
    index, label, guess = misread_test_digit()   # computed, so it holds for any shipped network
    open_app(page, app_server, f"learning?mnist={index}", timeout_ms=BUSY_MS)
    assert read_guess(page, timeout_ms=BUSY_MS) == str(guess)
    teach_button = page.get_by_role("button", name=f"Teach it that this is a {label}")
    teach_button.scroll_into_view_if_needed()
    teach_button.click()   # the label is the MNIST digit's own, chosen already
    wait_for_app(page, timeout_ms=BUSY_MS)
    assert read_guess(page, timeout_ms=BUSY_MS) == str(label)   # the whole page runs the taught one
    result = page.get_by_text(f"Before, the network read it as {guess}; it now reads it as {label}.")
    expect(result).to_be_visible(timeout=BUSY_MS)
    expect(page.locator(".st-key-teach-outputs, [class*='teach-outputs']").first).to_be_attached()
    check = page.locator(".st-key-check_learning-teach-accuracy_box")   # /learning has three checks
    check.get_by_text("It went down").click()
    check.get_by_role("button", name="Check my answer").click()
    wait_for_app(page, timeout_ms=BUSY_MS)
    before = page.get_by_test_id("stMetric").filter(has_text="Test digits right before")
    after = page.get_by_test_id("stMetric").filter(has_text="Test digits right after")
    expect(before).to_have_count(1)
    expect(after).to_have_count(1)
    expect(page.get_by_text("Which weights moved most")).to_be_visible()
    assert_no_error_box(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_text("What the 20 steps did").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{shot}-taught.png"), full_page=True)
    scroll_width, inner_width = horizontal_overflow(page)
    assert scroll_width <= inner_width, (scroll_width, inner_width)

    page.get_by_role("button", name="Undo: go back to the site's trained network").click()
    wait_for_app(page, timeout_ms=BUSY_MS)
    assert read_guess(page, timeout_ms=BUSY_MS) == str(guess)
    expect(page.get_by_text("What the 20 steps did")).to_have_count(0)
    assert_no_error_box(page)


@pytest.mark.timeout(600)
def test_teach_a_misread_digit_then_undo(page: Page, app_server: str):
    teach_and_undo(page, app_server, "teach-1280")


@pytest.mark.timeout(600)
def test_teach_and_undo_on_a_phone(phone_page: Page, app_server: str):
    teach_and_undo(phone_page, app_server, "teach-390")
