"""The production settings in .streamlit/config.toml, read as Streamlit reads them,
and the once-per-process garbage-collector setup app.py runs."""

from __future__ import annotations

import gc
import math
import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

import netcore
from apptest_helpers import app_test
from ui import image_input as upload
from ui.lessons.learning import session as training_session

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"
MB = 2**20   # Streamlit's server.maxUploadSize unit (its upload route multiplies by 1024 * 1024)

EXPECTED = {
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "runner.postScriptGC": False,
    "server.headless": True,
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "server.allowRunOnSave": False,
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "browser.gatherUsageStats": False,
}


@pytest.fixture(scope="module")
def settings() -> dict:
    """Every "section.option" of the file and its value."""
    parsed = tomllib.loads(CONFIG.read_text())
    return {f"{section}.{name}": value
            for section, options in parsed.items() for name, value in options.items()}


def largest_upload_bytes() -> int:
    """The biggest file any of the app's uploaders accepts (photos, weight files)."""
    return max(upload.MAX_BYTES, netcore.weightfile.MAX_FILE_BYTES,
               training_session.MAX_UPLOAD_MB * MB)


@pytest.mark.parametrize("option", sorted(EXPECTED))
def test_production_setting(settings, option):
    assert settings.get(option) == EXPECTED[option], f"{option} in {CONFIG}"


def test_every_option_is_one_streamlit_knows(settings):
    """A misspelt option would be ignored silently, leaving Streamlit's default."""
    known = set(st_config._config_options_template)
    assert sorted(set(settings) - known) == []


def test_server_refuses_uploads_bigger_than_the_app_accepts(settings):
    """The smallest whole MB that still admits the largest upload the app accepts."""
    assert settings["server.maxUploadSize"] == math.ceil(largest_upload_bytes() / MB)


def test_uploaders_ask_no_more_than_the_server_allows(settings):
    """Each widget's own limit (what the browser checks) fits under the server's."""
    assert upload.MAX_BYTES <= settings["server.maxUploadSize"] * MB
    assert training_session.MAX_UPLOAD_MB <= settings["server.maxUploadSize"]


def test_app_freezes_its_startup_objects_once():
    from ui import process_setup
    app_test().run()
    assert process_setup._frozen
    assert gc.get_freeze_count() > 10_000, "app.py's run froze (almost) nothing"
    assert process_setup.freeze_startup_objects() is False, "a second freeze in one process"


def test_tab_icon_is_a_local_image():
    """app.py's page_icon (tests/test_serve_live.py checks the server serves it itself)."""
    from PIL import Image
    with Image.open(ROOT / "static" / "tab-icon.png") as icon:
        assert icon.format == "PNG" and icon.size[0] == icon.size[1] >= 32


def test_websocket_messages_are_capped_just_above_the_largest_a_stroke_can_need(settings):
    """The canvas' largest acceptable PNG data URL (ui.image_input's own bound) plus a
    megabyte for the drawing's JSON fits; Streamlit's 200 MB default is not kept."""
    from ui.canvas import CANVAS_SIZE
    side = upload.MAX_CANVAS_SCALE * CANVAS_SIZE
    largest_png_url = len(upload.CANVAS_URL_PREFIX) + 4 * math.ceil(side * (4 * side + 1) * 1.01 / 3)
    assert largest_png_url + MB <= settings["server.maxMessageSize"] * MB <= 32 * MB
