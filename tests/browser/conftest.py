"""Fixtures for real-browser tests: a live `streamlit run app.py` server and
Playwright driving Debian's Chromium at /usr/bin/chromium.

Modelled on Streamlit's own e2e_playwright suite. Every test collected under
tests/browser/ gets the ``browser`` marker automatically, so
``pytest -m "not browser"`` runs everything else.

Fixtures
--------
app_server  (session)  base URL of the running app, e.g. "http://127.0.0.1:40123"
browser     (session)  a launched Playwright ``Browser`` (headless Chromium)
page        (function) a ``Page`` in a fresh 1280x900 desktop context
phone_page  (function) a ``Page`` in a fresh 390x844 touch/mobile context (DPR 2)

On a failing test, a screenshot goes to tests/artifacts/<test name>.png and
the server's output is always in tests/artifacts/streamlit-server.log.

Environment
-----------
NETAPP_APP       script to serve (default: <repo>/app.py)
NETAPP_CHROMIUM  browser binary (default: /usr/bin/chromium)
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from bench.servers import free_port, healthy

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
APP_PATH = Path(os.environ.get("NETAPP_APP", REPO_ROOT / "app.py")).resolve()
CHROMIUM = os.environ.get("NETAPP_CHROMIUM", "/usr/bin/chromium")

SERVER_START_TIMEOUT_S = 60
DEFAULT_TIMEOUT_MS = 30_000

# The network here is closed except for package registries: Chromium's own
# background traffic (component updates, sync, QUIC probes, ...) is refused, so
# switch it off. --no-sandbox because we run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# --------------------------------------------------------------------------
# Hooks
# --------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item ("rep_setup", "rep_call",
    # "rep_teardown") so fixtures can tell in their teardown whether the
    # test failed.
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


# --------------------------------------------------------------------------
# Streamlit server
# --------------------------------------------------------------------------


def _tail(path: Path, n_chars: int = 6000) -> str:
    try:
        return path.read_text(errors="replace")[-n_chars:]
    except OSError as exc:
        return f"<could not read {path}: {exc}>"


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    """Start `streamlit run` on a free loopback port; yield its base URL."""
    if not APP_PATH.is_file():
        pytest.fail(f"Streamlit app not found: {APP_PATH}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "streamlit-server.log"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               PYTHONUNBUFFERED="1")
    log = open(log_path, "w", buffering=1)
    log.write("$ " + " ".join(cmd) + "\n")
    proc = subprocess.Popen(
        cmd, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not healthy(base_url):
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before "
                    f"answering {base_url}/_stcore/health. Output "
                    f"({log_path}):\n{_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer {base_url}/_stcore/health within "
                    f"{SERVER_START_TIMEOUT_S}s. Output ({log_path}):\n"
                    f"{_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield base_url
    finally:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        log.close()


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's package) driven by Playwright."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Browser tests need Debian's "
            "chromium: run `apt-get update && apt-get install -y chromium` "
            "(`.ci/run` does this). `playwright install` cannot download "
            "browsers here.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            timeout=60_000,
        )
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


def _safe_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_")[:150]


def _new_page(browser, request, **context_kwargs):
    context = browser.new_context(**context_kwargs)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        node = request.node
        failed = any(
            getattr(getattr(node, f"rep_{when}", None), "failed", False)
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"{_safe_name(node.name)}.png"
            try:
                page.screenshot(path=str(shot), full_page=True, timeout=10_000)
                print(f"\nscreenshot of failed test: {shot}")
            except Exception as exc:  # noqa: BLE001 -- best effort only
                print(f"\ncould not save screenshot {shot}: {exc}")
        context.close()


@pytest.fixture
def page(browser, request):
    """A page in a fresh desktop context (1280x900)."""
    yield from _new_page(
        browser, request, viewport={"width": 1280, "height": 900}
    )


@pytest.fixture
def phone_page(browser, request):
    """A page in a fresh phone-sized touch context (390x844, DPR 2)."""
    yield from _new_page(
        browser, request,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
