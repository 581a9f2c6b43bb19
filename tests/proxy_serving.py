"""Run deploy/proxy/serve.sh on free loopback ports for a test: HAProxy in front of two app
processes (servers "a" and "b"), found by their ports, each of which a test can stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.servers import free_port, healthy

ROOT = Path(__file__).resolve().parent.parent
SERVE_SH = ROOT / "deploy" / "proxy" / "serve.sh"
START_TIMEOUT_S = 90
SERVERS = ("a", "b")


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return []


def _live_group_of(pid: int) -> int | None:
    """The process group of a live (not zombie) process, or None."""
    try:   # /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces
        state, _ppid, group = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:3]
    except (OSError, ValueError):
        return None
    return None if state == "Z" else int(group)


@dataclass
class Proxy:
    """A running serve.sh: `url` is HAProxy's; `ports[name]` each app process's own."""
    proc: subprocess.Popen
    url: str
    ports: dict[str, int]
    log_path: Path
    env: dict[str, str] = field(repr=False)

    def group_pids(self) -> list[int]:
        """Every live process serve.sh started (its process group), serve.sh included."""
        return [int(p) for p in os.listdir("/proc")
                if p.isdigit() and _live_group_of(int(p)) == self.proc.pid]

    def app_pid(self, name: str) -> int:
        """The pid of app process `name` (the streamlit listening on its port)."""
        port = str(self.ports[name])
        for pid in self.group_pids():
            args = _cmdline(pid)
            if "streamlit" in args and port in args:
                return pid
        raise LookupError(f"no app process {name} on port {port}")

    def app_environ(self, name: str) -> dict[str, str]:
        raw = Path(f"/proc/{self.app_pid(name)}/environ").read_bytes().decode()
        return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)

    def stop_app(self, name: str) -> None:
        """Stop one app process (as a crash or a restart would), and wait until it is gone."""
        pid = self.app_pid(name)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while pid in self.group_pids():
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]


def start(log_path: Path) -> Proxy:
    """Start serve.sh on free ports; return once HAProxy and both app processes answer."""
    ports = {name: free_port() for name in SERVERS}
    proxy_port = free_port()
    env = dict(os.environ, NETAPP_PYTHON=sys.executable, NETAPP_PROXY_ADDRESS="127.0.0.1",
               NETAPP_PROXY_PORT=str(proxy_port), NETAPP_APP_PORT_A=str(ports["a"]),
               NETAPP_APP_PORT_B=str(ports["b"]), PYTHONUNBUFFERED="1",
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.pop("STREAMLIT_SERVER_COOKIE_SECRET", None)   # serve.sh makes one for both
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", buffering=1)
    proc = subprocess.Popen(["bash", str(SERVE_SH)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    proxy = Proxy(proc, f"http://127.0.0.1:{proxy_port}", ports, log_path, env)
    deadline = time.monotonic() + START_TIMEOUT_S
    urls = [proxy.url] + [f"http://127.0.0.1:{port}" for port in ports.values()]
    while not all(healthy(url) for url in urls):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proxy)
            raise RuntimeError(f"serve.sh did not come up (exit code {proc.returncode}):\n"
                               + proxy.log())
        time.sleep(0.25)
    try:
        wait_until_proxy_sees(proxy, SERVERS)
    except BaseException:
        stop(proxy)     # nothing a failed start began outlives it
        raise
    return proxy


def wait_until_proxy_sees(proxy: Proxy, names, timeout_s: float = 20) -> None:
    """HAProxy's health checks run every 2 s: wait until it counts `names` as up, by asking
    for fresh pages until its round robin has handed out a cookie for each."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout_s
    while not set(names) <= seen:
        if time.monotonic() > deadline:
            raise RuntimeError(f"HAProxy handed out cookies for {seen}, not {set(names)}")
        try:
            seen.add(server_cookie(proxy.url + "/"))
        except urllib.error.HTTPError as error:   # 503: no server up yet
            if error.code != 503:
                raise
        time.sleep(0.1)


def server_cookie(url: str, cookie: str | None = None) -> str | None:
    """The server named by the NETAPP_SERVER cookie HAProxy sets on `url`'s response (None if it
    sets none), asked with `cookie` (a Cookie header) if given."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as resp:
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "NETAPP_SERVER":
                return rest.split(";", 1)[0]
    return None


def stop(proxy: Proxy) -> int:
    """Stop serve.sh the way a teacher does (SIGTERM / Ctrl-C); return its exit code."""
    if proxy.proc.poll() is None:
        proxy.proc.send_signal(signal.SIGTERM)
        try:
            proxy.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proxy.proc.pid, signal.SIGKILL)
            proxy.proc.wait(timeout=10)
    return proxy.proc.returncode
