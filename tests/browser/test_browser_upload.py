"""Real browser: upload a photo of a handwritten digit on /function and read the network's guess.

The photo is made at test time: an MNIST test digit, blown up and drawn as dark
ink on light, slightly noisy paper, the way a phone would see it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from playwright.sync_api import expect

from apptest_helpers import mnist_digit
from tests.browser.helpers import open_app, wait_for_app

DIGIT = 2   # MNIST test digit #1 (the first 2); the default network reads its photo as a 2


def photo_png(path, digit: int, size: int = 480) -> str:
    strokes = np.asarray(Image.fromarray(mnist_digit(digit)).resize((size, size), Image.BILINEAR),
                         dtype=float)
    noise = np.random.default_rng(0).normal(0, 6, strokes.shape)
    gray = np.clip(np.round(228 - (228 - 30) * strokes / 255 + noise), 0, 255).astype(np.uint8)
    Image.fromarray(gray).convert("RGB").save(path)
    return str(path)


def upload(page, path: str) -> None:
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(path)
    wait_for_app(page)


def guess_metric(page):
    return page.get_by_test_id("stMetric").filter(has_text="Network's guess").first


def test_uploading_a_photo_of_a_digit_shows_the_right_guess(page, app_server, tmp_path):
    open_app(page, app_server, "function")
    expect(guess_metric(page)).to_have_count(0)            # no digit yet
    upload(page, photo_png(tmp_path / "my-digit.png", DIGIT))
    expect(guess_metric(page).get_by_test_id("stMetricValue")).to_have_text(str(DIGIT))
    expect(page.get_by_text("1. photo, 480\u00a0x\u00a0480")).to_be_visible()   # the steps
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def test_a_text_file_named_png_gets_a_clear_message_and_keeps_the_digit(page, app_server,
                                                                        tmp_path):
    open_app(page, app_server, "function?mnist=0")          # MNIST test digit 0 is a 7
    expect(guess_metric(page).get_by_test_id("stMetricValue")).to_have_text("7")
    fake = tmp_path / "digit.png"
    fake.write_text("not a picture at all, just words in a file called digit.png\n" * 10)
    upload(page, str(fake))
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("not a PNG or JPEG")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(guess_metric(page).get_by_test_id("stMetricValue")).to_have_text("7")
