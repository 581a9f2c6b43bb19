"""A plain `streamlit run` server for tests of how the app is served, and a minimal
client of Streamlit's websocket protocol (what the browser's first connection does).

    with streamlit_server(["streamlit", "run", "app.py"], cwd=ROOT, log=path) as url:
        health(url)                       # "ok"
        with Session(url) as s:           # one learner's session
            msgs = s.run()                # every ForwardMsg of one script run

Unlike tests/browser/conftest.py's fixture, the server gets no --flags: it runs on
the settings in .streamlit/config.toml alone, as in production. Loopback only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from bench.servers import free_port

START_TIMEOUT_S = 90


def get(url: str, timeout: float = 5):
    """(status, headers, body) of a GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def health(base_url: str) -> str | None:
    """The body of /_stcore/health, or None while the server does not answer."""
    try:
        status, _, body = get(base_url + "/_stcore/health", timeout=2)
    except (urllib.error.URLError, OSError):
        return None
    return body.decode().strip() if status == 200 else None


@contextlib.contextmanager
def streamlit_server(command: list[str], cwd: Path, log: Path, port: int | None = None,
                     env: dict | None = None, address_flags: bool = True) -> Iterator[str]:
    """Run `command` (plus --server.address/--server.port on loopback, unless
    address_flags is False: then the command itself must listen on `port`) until
    healthy; yield the base URL; stop the process group on exit. Output goes to `log`."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", buffering=1) as out:
        proc = subprocess.Popen(
            command + (["--server.address", "127.0.0.1", "--server.port", str(port)]
                       if address_flags else []),
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while health(base_url) != "ok":
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server not healthy (exit {proc.poll()}): "
                                         f"{log.read_text(errors='replace')[-4000:]}")
                time.sleep(0.25)
            yield base_url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)


class Session:
    """One websocket session on a Streamlit server, as a browser tab opens it."""

    def __init__(self, base_url: str, timeout_s: float = 60):
        self.base_url, self.timeout_s = base_url, timeout_s
        self.xsrf_cookie = xsrf_cookie(base_url)
        self.session_id: str | None = None

    def __enter__(self) -> "Session":
        from websockets.sync.client import connect
        ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self._connection = connect(ws_url, subprotocols=["streamlit", self.xsrf_cookie],
                                   additional_headers={"Cookie": f"_streamlit_xsrf={self.xsrf_cookie}"},
                                   max_size=None, open_timeout=self.timeout_s)
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def run(self, query_string: str = "", page_name: str = "") -> list:
        """Ask for a script run; return its ForwardMsgs until the run (and any rerun
        it asks for) has finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        back = BackMsg()
        back.rerun_script.query_string = query_string
        back.rerun_script.page_name = page_name
        self.ws.send(back.SerializeToString())
        msgs, deadline = [], time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            msg = ForwardMsg()
            msg.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            msgs.append(msg)
            if msg.WhichOneof("type") == "new_session":
                self.session_id = msg.new_session.initialize.session_id
            # A run that ends early for a rerun (st.rerun, a page switch) goes on.
            if (msg.WhichOneof("type") == "script_finished"
                    and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                return msgs
        raise AssertionError(f"no script_finished within {self.timeout_s}s")

    def upload(self, data: bytes | None, content_length: int | None = None,
               xsrf: bool = True) -> int:
        """PUT a file to the upload endpoint as the file uploader does; the HTTP status.
        `content_length` alone (data None) announces a body the server should refuse
        before reading it."""
        boundary = "----upload-test"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ).encode() + (data or b"") + f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}",
                   "Cookie": f"_streamlit_xsrf={self.xsrf_cookie}"}
        if xsrf:
            headers["X-Xsrftoken"] = self.xsrf_cookie
        url = f"{self.base_url}/_stcore/upload_file/{self.session_id}/test-file"
        if data is None:
            return _announce_only(url, headers, content_length)
        request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return resp.status
        except urllib.error.HTTPError as err:
            return err.code


def _announce_only(url: str, headers: dict, content_length: int) -> int:
    """Send only the headers of a PUT announcing `content_length` bytes; the status."""
    import http.client
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("PUT", parts.path)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(content_length))
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def xsrf_cookie(base_url: str) -> str:
    """The XSRF cookie the server sets (on /_stcore/health, as on the page itself)."""
    _, headers, _ = get(base_url + "/_stcore/health")
    for cookie in headers.get_all("Set-Cookie") or []:
        name, _, rest = cookie.partition("=")
        if name.strip() == "_streamlit_xsrf":
            return rest.split(";")[0]
    raise AssertionError("the server set no _streamlit_xsrf cookie (XSRF protection off?)")
