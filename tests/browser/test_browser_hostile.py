"""Real browser: hostile uploads get a short clear message, and the page keeps working.

/function: the 58 KB PNG of 5000 x 5000 16-bit pixels (issue 9) is refused from
its header, then a real photo is read. /learning: a weight file whose metadata
holds web addresses, table pipes and line breaks is shown as plain text in one
table, with no link in it.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

import hostile_files as hostile
import netcore
from tests.browser.helpers import open_app
from tests.browser.test_browser_upload import DIGIT, guess_metric, photo_png, upload


def test_the_hostile_png_is_refused_and_a_photo_still_works(page: Page, app_server: str,
                                                             tmp_path):
    open_app(page, app_server, "function")
    bomb = tmp_path / "digit.png"
    bomb.write_bytes(hostile.sixteen_bit_png())
    upload(page, str(bomb))
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("5,000 x 5,000 pixels, more than 12.5 megapixels")
    assert len(error.inner_text()) < 250
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(guess_metric(page)).to_have_count(0)               # no digit came of it

    upload(page, photo_png(tmp_path / "my-digit.png", DIGIT))
    expect(guess_metric(page).get_by_test_id("stMetricValue")).to_have_text(str(DIGIT))
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def test_weight_file_metadata_is_shown_as_plain_text(page: Page, app_server: str):
    metadata = {"note": "see https://evil.example/login", "mirror": "www.evil.example",
                "mail": "me@evil.example", "rows": "x |\n| injected | row |\n|---|---|",
                "title": "# Big [click](http://x.y)"}
    data = netcore.network_to_bytes(netcore.Network((784, 16, 10), seed=1), metadata)
    open_app(page, app_server, "learning")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[{
        "name": "www.evil.example.npz", "mimeType": "application/octet-stream", "buffer": data}])
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Loaded", timeout=30_000)
    table = page.get_by_role("table").filter(has_text="How it was trained")   # not "How good"
    expect(table).to_have_count(1)
    expect(table.get_by_role("row")).to_have_count(5)           # a header and four rows
    shown = table.get_by_role("row").filter(has_text="How it was trained").inner_text()
    shown = shown.replace("\u2060", "")   # the invisible word joiners that keep addresses text
    for text in ["note: see https://evil.example/login", "mirror: www.evil.example",
                 "mail: me@evil.example", "rows: x | | injected | row | |---|---|",
                 "title: # Big [click](http://x.y)"]:
        assert text in shown, shown
    links = page.locator("a[href*='evil'], a[href*='x.y'], table a")
    assert links.count() == 0, [links.nth(i).evaluate("a => a.outerHTML") for i in
                                range(links.count())]
    assert page.get_by_role("heading", name="Big").count() == 0
