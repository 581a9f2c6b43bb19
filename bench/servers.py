"""Start and watch the app's server processes for the benchmarks (bench_load.py, bench_browser.py).

* `start_app(setup)`: one `streamlit run app.py` on a free loopback port, with
  Streamlit's defaults (`setup="defaults"`: run from an empty directory, the
  project's .streamlit/config.toml, which Streamlit also reads beside app.py,
  overridden on the command line by Streamlit's own defaults (DEFAULT_FLAGS), and
  the app's gc.freeze() off (NETAPP_GC_FREEZE=0)) or with the production settings
  (`setup="production"`: the project's config, if any, plus `PRODUCTION_FLAGS` on
  the command line and `gc.freeze()` once the heavy imports are done).
* `start_proxy(ports)`: a minimal HAProxy (Debian's /usr/sbin/haproxy) on a free
  port in front of the given app ports, round robin per connection (each
  websocket connection is one Streamlit session, so the benchmark's learners need
  no cookie stickiness; browsers would).
* `ProcessStats`: a process's CPU seconds and resident memory, from /proc.

Everything listens on 127.0.0.1 only. Every process started here is started in
its own process group and ended by `stop()`, also when the benchmark fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
HAPROXY = "/usr/sbin/haproxy"
START_TIMEOUT_S = 90

# Needed to run a server unattended on loopback; not performance settings.
BASE_FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1",
              "--browser.gatherUsageStats", "false"]
# What issue 9 section 1 asks for (the serve-config branch puts them in
# .streamlit/config.toml; flags override that file, so both agree).
PRODUCTION_FLAGS = ["--runner.postScriptGC", "false", "--server.fileWatcherType", "none",
                    "--server.runOnSave", "false"]
# Streamlit's own defaults for what the project's config changes that costs time per run
# (flags override the config file, which Streamlit reads beside app.py whatever the cwd).
DEFAULT_FLAGS = ["--runner.postScriptGC", "true", "--server.fileWatcherType", "auto",
                 "--server.runOnSave", "false"]
# `python -c` launcher for the production setup: the heavy libraries imported,
# then gc.freeze() (their objects leave the garbage collector's generations, so
# a full collection no longer walks them), then Streamlit's own command line.
_FROZEN_LAUNCHER = (
    "import gc, sys\n"
    "import numpy, plotly.graph_objects, streamlit, streamlit.web.cli\n"
    "gc.collect(); gc.freeze()\n"
    "sys.argv = ['streamlit'] + sys.argv[1:]\n"
    "sys.exit(streamlit.web.cli.main())\n"
)
SETUPS = ("defaults", "production")


def free_port() -> int:
    """A free TCP port on loopback (the benchmark's and the tests' servers all use this)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base_url: str) -> bool:
    """Whether Streamlit's /_stcore/health at base_url answers "ok"."""
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


@dataclass
class ProcessStats:
    """CPU seconds and RSS of one process, read from /proc (no psutil needed)."""
    pid: int

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        utime, stime = int(fields[11]), int(fields[12])   # fields 14 and 15 of stat(5)
        return (utime + stime) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def alive(self) -> bool:
        return Path(f"/proc/{self.pid}").exists()


@dataclass
class Server:
    """A process this module started: its name, URL (if it serves one) and log."""
    name: str
    proc: subprocess.Popen
    base_url: str
    log_path: Path
    workdir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def stats(self) -> ProcessStats:
        return ProcessStats(self.proc.pid)

    def wait_healthy(self, timeout_s: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        while not healthy(self.base_url):
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; "
                                   f"log {self.log_path}:\n{tail(self.log_path)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer {self.base_url} within "
                                   f"{timeout_s:.0f} s; log {self.log_path}:\n{tail(self.log_path)}")
            time.sleep(0.25)

    def stop(self) -> None:
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.workdir is not None:
            self.workdir.cleanup()
            self.workdir = None


def tail(path: Path, n_chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n_chars:]
    except OSError as exc:
        return f"<could not read {path}: {exc}>"


def _spawn(name: str, cmd: list[str], cwd: Path, log_dir: Path, base_url: str,
           workdir=None, env_extra: dict | None = None) -> Server:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log = open(log_path, "w", buffering=1)
    log.write("$ " + " ".join(cmd) + "\n")
    env = dict(os.environ, PYTHONUNBUFFERED="1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               **(env_extra or {}))
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    log.close()   # the child holds its own copy
    return Server(name, proc, base_url, log_path, workdir)


def start_app(setup: str, log_dir: Path, port: int | None = None, name: str | None = None,
              wait: bool = True, root: Path = ROOT) -> Server:
    """One `streamlit run app.py` with the given setup (see the module docstring).

    root: the checkout whose app.py is run (default this one; another one, e.g. main's, for a
    baseline measured in the same run; Python writes no bytecode into it).
    """
    root = Path(root).resolve()
    app = root / "app.py"
    if setup not in SETUPS:
        raise ValueError(f"setup must be one of {SETUPS}, not {setup!r}")
    port = port or free_port()
    flags = BASE_FLAGS + ["--server.port", str(port)]
    workdir = None
    if setup == "defaults":
        # An empty working directory: Streamlit reads .streamlit/config.toml from the
        # working directory, and the project's file would no longer be "the defaults".
        workdir = tempfile.TemporaryDirectory(prefix="bench-defaults-")
        cwd = Path(workdir.name)
        cmd = [sys.executable, "-m", "streamlit", "run", str(app), *flags, *DEFAULT_FLAGS]
        env_extra = {"NETAPP_GC_FREEZE": "0"}
    else:
        env_extra = {}
        cwd = root
        cmd = [sys.executable, "-c", _FROZEN_LAUNCHER, "run", str(app), *flags,
               *PRODUCTION_FLAGS]
    if root != ROOT:
        env_extra["PYTHONDONTWRITEBYTECODE"] = "1"
    server = _spawn(name or f"{setup}-{port}", cmd, cwd, log_dir, f"http://127.0.0.1:{port}",
                    workdir, env_extra)
    if wait:
        try:
            server.wait_healthy()
        except BaseException:
            server.stop()
            raise
    return server


HAPROXY_CONFIG = """\
global
    maxconn 1000
defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend learners
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /_stcore/health
{servers}
"""


def start_proxy(app_ports: list[int], log_dir: Path, port: int | None = None) -> Server:
    """HAProxy in front of the app ports (config written to a temporary directory)."""
    if not os.access(HAPROXY, os.X_OK):
        raise RuntimeError(f"{HAPROXY} not found: apt-get install haproxy")
    port = port or free_port()
    workdir = tempfile.TemporaryDirectory(prefix="bench-haproxy-")
    cfg = Path(workdir.name) / "haproxy.cfg"
    cfg.write_text(HAPROXY_CONFIG.format(port=port, servers="\n".join(
        f"    server app{k} 127.0.0.1:{p} check inter 2s" for k, p in enumerate(app_ports))))
    server = _spawn(f"haproxy-{port}", [HAPROXY, "-db", "-f", str(cfg)], Path(workdir.name),
                    log_dir, f"http://127.0.0.1:{port}", workdir)
    try:
        server.wait_healthy(30)
    except BaseException:
        server.stop()
        raise
    return server
