"""deploy/proxy/: HAProxy's config is valid and sticky, serve.sh runs two app processes behind
it with one cookie secret, a learner's cookie keeps them on their process until it stops, and
stopping serve.sh stops everything it started. (The browser side: tests/browser/test_proxy.py.)"""

from __future__ import annotations

import re
import subprocess

import pytest

import proxy_serving
from proxy_serving import ROOT, server_cookie
from ui import serving

HAPROXY = "/usr/sbin/haproxy"
CONFIG = ROOT / "deploy" / "proxy" / "haproxy.cfg"
PORTS_ENV = {"NETAPP_PROXY_ADDRESS": "127.0.0.1", "NETAPP_PROXY_PORT": "18500",
             "NETAPP_APP_PORT_A": "18601", "NETAPP_APP_PORT_B": "18602"}


def backend(name: str) -> str:
    """The lines of one backend section of haproxy.cfg, comments dropped."""
    text = re.sub(r"#.*", "", CONFIG.read_text())
    match = re.search(rf"^backend {name}\n(.*?)(?=^\S|\Z)", text, re.M | re.S)
    assert match, f"no backend {name}"
    return match.group(1)


def test_haproxy_accepts_the_config():
    check = subprocess.run([HAPROXY, "-c", "-f", str(CONFIG)], env=PORTS_ENV,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_learners_are_pinned_by_a_cookie_the_app_can_read():
    apps = backend("apps")
    (cookie,) = re.findall(r"^\s*cookie (\S+) (.*)$", apps, re.M)
    assert cookie[0] == serving.SERVER_COOKIE
    assert "insert" in cookie[1].split()
    assert "indirect" not in cookie[1].split()   # else HAProxy hides it from the app
    # each server's cookie value is the name serve.sh gives that process on that port
    servers = dict(re.findall(
        r'^\s*server \w+ "127\.0\.0\.1:\$\{(NETAPP_APP_PORT_\w)\}" cookie (\w+)', apps, re.M))
    script = (ROOT / "deploy" / "proxy" / "serve.sh").read_text()
    started = {f"NETAPP_APP_PORT_{port}": name for name, port
               in re.findall(r'^start_app (\w+) "\$NETAPP_APP_PORT_(\w)"', script, re.M)}
    assert servers == started and len(servers) == 2, (servers, started)
    assert "NETAPP_SERVER_NAME=\"$1\"" in script and serving.SERVER_NAME_ENV == "NETAPP_SERVER_NAME"


def test_health_checks_websockets_and_failover_are_configured():
    text = CONFIG.read_text()
    assert re.search(r"^\s*timeout tunnel \d+h", text, re.M)       # websockets stay open
    assert re.search(r"^\s*option redispatch", text, re.M)
    for name in ("apps", "probes"):
        lines = backend(name)
        assert "option httpchk GET /_stcore/health" in lines, name
        assert re.search(r"default-server check ", lines), name
    # the probes Streamlit makes before (re)opening its websocket keep the learner's cookie
    assert "cookie" not in backend("probes")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    running = proxy_serving.start(ROOT / "tests" / "artifacts" / "serve-proxy-unit.log")
    yield running
    proxy_serving.stop(running)


def test_both_app_processes_share_one_cookie_secret_and_know_their_names(proxy):
    envs = {name: proxy.app_environ(name) for name in proxy_serving.SERVERS}
    assert {name: env["NETAPP_SERVER_NAME"] for name, env in envs.items()} == {"a": "a", "b": "b"}
    secrets = {env["STREAMLIT_SERVER_COOKIE_SECRET"] for env in envs.values()}
    assert len(secrets) == 1 and len(secrets.pop()) >= 32


def test_a_learner_stays_on_their_process_until_it_stops(proxy):
    page = proxy.url + "/"
    assert {server_cookie(page) for _ in range(4)} == {"a", "b"}   # new learners take turns
    for name in proxy_serving.SERVERS:      # a learner with a cookie keeps it: no new one
        assert server_cookie(page, f"NETAPP_SERVER={name}") is None
    proxy.stop_app("a")
    assert server_cookie(page, "NETAPP_SERVER=a") == "b"   # moved, and told where they are now
    assert server_cookie(page, "NETAPP_SERVER=b") is None
    # Streamlit's health ping, before its websocket reconnects, leaves the old cookie alone
    assert server_cookie(proxy.url + "/_stcore/health", "NETAPP_SERVER=a") is None


def test_stopping_serve_sh_stops_every_process_it_started(tmp_path):
    running = proxy_serving.start(tmp_path / "serve.log")
    started = running.group_pids()
    assert len(started) >= 4, started      # serve.sh, two streamlit, haproxy
    assert proxy_serving.stop(running) == 143   # SIGTERM
    assert running.group_pids() == []
