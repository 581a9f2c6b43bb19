"""A plain `streamlit run app.py` (no command-line flags, as the README, the image and
a classroom server run it) serves with the production settings of .streamlit/config.toml.

What the server shows of its settings: /_stcore/health and its XSRF cookie, the
config in the NewSession message a browser's session starts with (toolbar mode,
usage statistics, run-on-save), the favicon's URL in the page config, and the upload
endpoint's answers. Error details are checked on a tiny failing script served with the
same config file.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest
from streamlit.proto.NewSession_pb2 import Config

from serve_helpers import Session, health, streamlit_server
from test_serve_config import MB, largest_upload_bytes

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
STREAMLIT = [sys.executable, "-m", "streamlit", "run"]


def of_type(msgs, kind: str) -> list:
    return [getattr(m, kind) for m in msgs if m.WhichOneof("type") == kind]


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server(STREAMLIT + ["app.py"], cwd=ROOT,
                          log=ARTIFACTS / "serve-live-app.log") as url:
        yield url


@pytest.fixture(scope="module")
def first_run(app_url):
    """A learner's session and the messages of its first run of /."""
    with Session(app_url) as session:
        yield session, session.run()


def test_health_answers_ok(app_url):
    assert health(app_url) == "ok"


def test_session_config_is_the_production_one(first_run):
    _, msgs = first_run
    (new_session,) = of_type(msgs, "new_session")
    assert new_session.config.toolbar_mode == Config.ToolbarMode.VIEWER   # no Deploy button
    assert new_session.config.gather_usage_stats is False
    assert new_session.config.allow_run_on_save is False


def test_tab_icon_is_served_by_the_app_itself(first_run):
    _, msgs = first_run
    favicons = [c.favicon for c in of_type(msgs, "page_config_changed") if c.favicon]
    assert favicons and all(f.startswith("/media/") for f in favicons), favicons


def test_uploads_need_the_xsrf_token(first_run):
    session, _ = first_run
    assert session.upload(b"a small file", xsrf=False) == 403
    assert session.upload(b"a small file") == 204


def test_server_refuses_an_upload_bigger_than_the_app_accepts(first_run):
    """Refused from its announced size alone, before any byte of it is read
    (Streamlit's default limit, 200 MB, would have taken it)."""
    session, _ = first_run
    just_over = (largest_upload_bytes() // MB + 1) * MB + 1
    assert just_over < 200 * MB
    assert session.upload(None, content_length=just_over) == 413


def test_a_failing_script_shows_no_details_and_logs_them(tmp_path):
    """The learner gets Streamlit's generic message; the traceback and message go to
    the server's log (served with the project's config: cwd is the repository)."""
    marker = f"detail-{secrets.token_hex(4)}"
    script = tmp_path / "fails.py"
    script.write_text(f"def inner():\n    raise ValueError({marker!r})\n\ninner()\n")
    log = ARTIFACTS / "serve-live-failing.log"
    with streamlit_server(STREAMLIT + [str(script)], cwd=ROOT, log=log) as url:
        with Session(url) as session:
            msgs = session.run()
    shown = [d.new_element.exception for d in of_type(msgs, "delta")
             if d.WhichOneof("type") == "new_element"
             and d.new_element.WhichOneof("type") == "exception"]
    assert len(shown) == 1
    assert marker not in shown[0].message and not shown[0].stack_trace
    assert not shown[0].type, "the exception's type reached the learner"
    server_log = log.read_text()
    assert marker in server_log and "Traceback" in server_log and "inner()" in server_log
