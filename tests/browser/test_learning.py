"""/learning in a real browser: train a network, watch the bar fill, read its accuracy,
download it, refuse a bad weight file, two learners training at the same time, and the
training slots of learners who closed their tab freed for the next learner."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

import netcore
from tests.browser.helpers import (alert_texts, assert_no_error_box, horizontal_overflow,
                                   open_app, wait_for_app, wait_until)

TRAINING_TIMEOUT_S = 180   # the machine running the tests may be shared
ACCURACY = re.compile(r"gets ([\d.]+)% of the 10,000 test images right")


def set_number(page: Page, label: str, value: int) -> None:
    box = page.get_by_label(label)
    box.fill(str(value))
    box.press("Enter")
    wait_for_app(page)


def choose_preset(page: Page, label: str) -> None:
    """Pick a preset from "Start from". /learning now draws its checks (and their pictures)
    above the settings, so on a busy server the page can still be re-rendering when the box
    is clicked, and the re-render closes the list again: open it until the option shows."""
    box = page.get_by_test_id("stSelectbox").filter(has_text="Start from")
    option = page.get_by_role("option", name=label)

    def option_shown():
        if not option.is_visible():
            box.get_by_role("combobox").click()
            try:
                option.wait_for(state="visible", timeout=3000)
            except Exception:  # noqa: BLE001 -- closed by a re-render: open it again
                return False
        return True

    wait_until(option_shown, timeout_s=60, interval_s=0.5, message=f"the option {label!r}")
    option.click()
    wait_for_app(page)
    expect(box.get_by_role("combobox")).to_have_value(label)


def train_and_watch(page: Page) -> list[float]:
    """Click Train; return every value the progress bar showed, until it is full."""
    page.get_by_role("button", name="Train").click()
    bar = page.get_by_role("progressbar")
    seen: list[float] = []

    def full():
        try:
            value = float(bar.first.get_attribute("aria-valuenow", timeout=1000) or 0)
        except Exception:  # noqa: BLE001 -- the bar is redrawn twice a second
            return False
        if not seen or seen[-1] != value:
            seen.append(value)
        return value >= 100 and page.get_by_test_id("stAlertContentSuccess").count() > 0

    wait_until(full, timeout_s=TRAINING_TIMEOUT_S, interval_s=0.2, message="a finished run")
    wait_for_app(page)
    return seen


def accuracy_shown(page: Page) -> float:
    text = page.get_by_test_id("stAlertContentSuccess").first.inner_text()
    match = ACCURACY.search(text)
    assert match, text
    return float(match.group(1)) / 100


def layers_row(page: Page) -> list[str]:
    """The cells of the comparison table's "Layers" row: yours, then the site's network."""
    row = page.get_by_role("row").filter(has_text="Layers")
    return [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]


def test_train_watch_the_bar_fill_read_the_accuracy_and_download(page: Page, app_server: str):
    open_app(page, app_server, "learning")
    expect(page.get_by_role("heading", name="Learning")).to_be_visible()
    set_number(page, "Epochs (passes over the images)", 2)
    seen = train_and_watch(page)
    assert seen[-1] == 100 and seen == sorted(seen), seen
    accuracy = accuracy_shown(page)
    assert accuracy > 0.85
    comparison = page.get_by_role("table").filter(has_text="How it was trained")
    assert f"{accuracy:.2%}" in comparison.inner_text()
    assert_no_error_box(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download your network").click()
    net, meta = netcore.load_network(download.value.path())
    assert net.sizes == (784, 16, 16, 10) and meta["epochs"] == 2
    assert abs(meta["test_accuracy"] - accuracy) < 5e-5


def test_a_bad_weight_file_is_refused_with_a_message(page: Page, app_server: str):
    open_app(page, app_server, "learning")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[{
        "name": "notes.npz", "mimeType": "text/plain",
        "buffer": b"these are not the weights you are looking for"}])
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("was not loaded", timeout=30_000)
    expect(error).to_contain_text("does not start like a zip archive")
    expect(page.get_by_role("heading", name="How good is your network?")).to_have_count(0)


def test_two_learners_train_at_once_and_each_gets_their_own_network(browser, app_server: str):
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pages.append(context.new_page())
    first, second = pages
    try:
        open_app(first, app_server, "learning")
        set_number(first, "Epochs (passes over the images)", 2)
        open_app(second, app_server, "learning")
        choose_preset(second, "No hidden layer: 784-10")
        first.get_by_role("button", name="Train").click()
        second.get_by_role("button", name="Train").click()
        for learner in pages:
            expect(learner.get_by_test_id("stAlertContentSuccess")).to_have_count(
                1, timeout=TRAINING_TIMEOUT_S * 1000)
            wait_for_app(learner)
        assert layers_row(first) == ["Layers", "784-16-16-10 (sigmoid)", "784-16-16-10 (sigmoid)"]
        assert layers_row(second) == ["Layers", "784-10 (sigmoid)", "784-16-16-10 (sigmoid)"]
        assert accuracy_shown(first) != accuracy_shown(second)
    finally:
        for learner in pages:
            learner.context.close()


def test_phone_width_training_fits_the_screen(phone_page: Page, app_server: str):
    open_app(phone_page, app_server, "learning")
    choose_preset(phone_page, "No hidden layer: 784-10")
    train_and_watch(phone_page)
    assert accuracy_shown(phone_page) > 0.85
    scroll_width, inner_width = horizontal_overflow(phone_page)
    assert scroll_width <= inner_width, (scroll_width, inner_width)
    assert not [t for t in alert_texts(phone_page) if "rror" in t]


BUSY_SERVER_MS = 120_000   # a page opened while two networks train the two cores
SLOTS_TEXT = re.compile(r"Networks training on this server right now: (\d+) of (\d+)")


def networks_training(page: Page) -> int:
    """The count the page shows under the Train button (ui.lessons.learning.run.runs_training)."""
    caption = page.get_by_text(SLOTS_TEXT)
    expect(caption).to_have_count(1)
    return int(SLOTS_TEXT.search(caption.inner_text()).group(1))


def train_and_watch_labels(page: Page) -> list[str]:
    """Click Train; return every progress label shown until the run has succeeded."""
    page.get_by_role("button", name="Train").click()
    seen: list[str] = []

    def succeeded():
        try:
            label = page.get_by_test_id("stProgress").first.inner_text(timeout=1000).strip()
        except Exception:  # noqa: BLE001 -- the bar is redrawn twice a second
            label = ""
        if label and (not seen or seen[-1] != label):
            seen.append(label)
        return page.get_by_test_id("stAlertContentSuccess").count() > 0

    wait_until(succeeded, timeout_s=TRAINING_TIMEOUT_S, interval_s=0.1, message="a finished run")
    wait_for_app(page)
    return seen


@pytest.mark.timeout(600)   # three learners' pages on a server whose two cores are training
def test_runs_of_learners_who_closed_their_tab_stop_and_free_their_slots(browser, app_server: str):
    """Two learners start minute-long runs and close their tabs; the page then shows both
    training slots free (well before those runs could end or reach the 120 s limit), and a
    third learner's run starts without waiting in the queue."""
    def learner():
        return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    leavers = [learner(), learner()]
    stayer = learner()
    try:
        for page in leavers:   # a plan of a minute or so: it would hold its slot all that time
            open_app(page, app_server, "learning")
            set_number(page, "Neurons in hidden layer 1", 512)
            set_number(page, "Neurons in hidden layer 2", 512)
            set_number(page, "Epochs (passes over the images)", 30)
            page.get_by_role("button", name="Train").click()
        for page in leavers:
            expect(page.get_by_text(re.compile(r"Epoch \d+ of 30, step"))).to_have_count(
                1, timeout=60_000)
        open_app(stayer, app_server, "learning", timeout_ms=BUSY_SERVER_MS)
        assert networks_training(stayer) == 2          # both of the server's slots are busy

        for page in leavers:
            page.context.close()                       # both learners leave while training

        def slots_free():
            stayer.reload(wait_until="domcontentloaded")
            wait_for_app(stayer, timeout_ms=BUSY_SERVER_MS)
            return networks_training(stayer) == 0
        wait_until(slots_free, timeout_s=90, interval_s=1, message="the closed tabs' runs to stop")

        choose_preset(stayer, "No hidden layer: 784-10")
        labels = train_and_watch_labels(stayer)
        assert not [label for label in labels if label.startswith("Waiting")], labels
        assert accuracy_shown(stayer) > 0.85
    finally:
        for page in [*leavers, stayer]:
            page.context.close()

