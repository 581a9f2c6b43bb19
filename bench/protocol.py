"""A simulated learner: Streamlit's own websocket protocol, no browser.

One `Learner` is one browser tab's session. It speaks to `ws://host:port/_stcore/stream`
(Streamlit 1.67, `streamlit/web/server/starlette/starlette_websocket.py`) the way the
frontend does:

* it connects with the subprotocol "streamlit" (the frontend also passes an XSRF
  token and a session id to resume in that header; a new tab passes neither);
* every message is one binary protobuf: the client sends `BackMsg`s, the server
  sends `ForwardMsg`s;
* `open(page)`: a `BackMsg.rerun_script` (a `ClientState`) with the URL's query
  string and page name ("" is `/`), no widget states: a full script run, the
  same the frontend sends when a tab opens a link;
* `goto(url_path)`: a `rerun_script` with the target's `page_script_hash` (from the
  `ForwardMsg.navigation` the server sent), as a sidebar link click sends;
* `draw(value)`: a `rerun_script` with one widget state, the canvas component's
  `json_value`, and the id of the fragment the canvas lives in, as the
  frontend's `setStateValue("drawing", {raw, data})` sends after a stroke;
* each of them waits until a `ForwardMsg.script_finished` says the run (or the
  fragment run) finished successfully, and notes the `st.metric` labelled
  "Network's guess" that arrived in the meantime: the answer.

The canvas (streamlit-drawable-canvas 0.13) is a components-v2 (bidi) component:
its element is a `BidiComponent` whose id is the widget id, and its state is JSON
`{"drawing": {"raw": <Fabric.js JSON>, "data": <PNG data URL of the canvas>}}`;
`ui/canvas.py` reads `json_data` (the "raw") and `image_data` (the PNG, decoded).
`canvas_value(image, stroke)` builds such a value from a 280x280 RGBA image.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import time
from dataclasses import dataclass, field

import numpy as np
from websockets.asyncio.client import connect

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

CANVAS_COMPONENT = "streamlit-drawable-canvas.streamlit_drawable_canvas"
GUESS_LABEL = "Network's guess"
# ForwardMsg.script_finished values (ForwardMsg.ScriptFinishedStatus)
FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
FINISHED_FRAGMENT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")
MAX_MESSAGE_BYTES = 64 * 2**20


class ProtocolError(Exception):
    """The server answered, but not as a working page would."""


def png_data_url(image: np.ndarray) -> str:
    """A canvas image as the component sends it: `canvas.toDataURL({format: "png"})`."""
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(image, np.uint8)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def fabric_path(image: np.ndarray, stroke: int, pen_width: int = 22) -> dict:
    """A Fabric.js free-drawing Path object through the image's ink, row by row.

    The app compares this JSON with the previous one to notice a new drawing and
    hands it back to the canvas on the next page; it never reads the path itself
    (the picture is the PNG). `stroke` makes every stroke's JSON unique.
    """
    alpha = np.asarray(image)[..., 3]
    step = max(1, alpha.shape[0] // 28)
    ys, xs = np.nonzero(alpha[::step, ::step] > 127)
    points = [(float(x * step), float(y * step)) for y, x in zip(ys, xs)] or [(140.0, 140.0)]
    path = [["M", *points[0]]] + [["L", x, y] for x, y in points[1:]]
    left, top = min(p[0] for p in points), min(p[1] for p in points)
    return {"type": "Path", "version": "6.7.1", "originX": "left", "originY": "top",
            "left": left - pen_width / 2, "top": top - pen_width / 2,
            "width": max(p[0] for p in points) - left, "height": max(p[1] for p in points) - top,
            "fill": None, "stroke": "#FFFFFF", "strokeWidth": pen_width, "strokeLineCap": "round",
            "strokeLineJoin": "round", "path": path, "stroke_id": stroke}


def canvas_value(image: np.ndarray, stroke: int = 0) -> str:
    """The canvas component's widget value (a JSON string) for one drawn image."""
    raw = {"version": "6.7.1", "objects": [fabric_path(image, stroke)], "background": "#000000"}
    return json.dumps({"drawing": {"raw": raw, "data": png_data_url(image)}})


@dataclass
class Run:
    """What one script or fragment run sent back."""
    seconds: float
    status: int
    answer: str | None            # the "Network's guess" metric's value, if one was shown
    messages: int
    bytes: int
    exceptions: list[str] = field(default_factory=list)
    charts: int = 0               # st.plotly_chart elements sent
    chart_bytes: int = 0          # their figures' JSON


class Learner:
    """One simulated browser tab: `async with Learner(ws_url) as learner: await learner.open()`."""

    def __init__(self, base_url: str, timeout_s: float = 60.0):
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.timeout_s = timeout_s
        self.ws = None
        self.session_id: str | None = None
        self.page_hash = ""                      # the page the last run showed
        self.pages: dict[str, str] = {}          # url_pathname -> page_script_hash
        self.canvas_id: str | None = None        # the digit canvas' widget id, once seen
        self.canvas_fragment: str | None = None  # the fragment it is drawn in
        self.query_string = ""
        self._inbox: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> "Learner":
        self.ws = await asyncio.wait_for(
            connect(self.ws_url, subprotocols=["streamlit"], max_size=MAX_MESSAGE_BYTES,
                    open_timeout=self.timeout_s, ping_interval=None),
            self.timeout_s)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass
            self._reader = None

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                self._inbox.put_nowait((time.perf_counter(), data))
        except Exception as exc:    # a closed or broken connection ends the waiting run
            self._inbox.put_nowait((time.perf_counter(), exc))
        else:
            self._inbox.put_nowait((time.perf_counter(), ConnectionError("connection closed")))

    # -- the three things a learner does ----------------------------------------------

    async def open(self, page: str = "", query_string: str = "") -> Run:
        """A full load of /<page>?<query_string>, as the browser does on a link."""
        self.query_string = query_string
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        msg.rerun_script.page_name = page
        self._context(msg)
        return await self._run(msg, FINISHED)

    async def goto(self, url_path: str) -> Run:
        """Move to another lesson, as a click on its sidebar link does."""
        if url_path not in self.pages:
            raise ProtocolError(f"no page {url_path!r} in the navigation: {sorted(self.pages)}")
        msg = BackMsg()
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.page_script_hash = self.pages[url_path]
        self._context(msg)
        return await self._run(msg, FINISHED)

    async def draw(self, value: str) -> Run:
        """Send a canvas value (see `canvas_value`); the canvas' fragment reruns."""
        if self.canvas_id is None:
            raise ProtocolError("no drawing canvas on this page")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.append(WidgetState(id=self.canvas_id, json_value=value))
        if self.canvas_fragment:
            state.fragment_id = self.canvas_fragment
        self._context(msg)
        return await self._run(msg, FINISHED_FRAGMENT if self.canvas_fragment else FINISHED)

    # -- the exchange ------------------------------------------------------------------

    @staticmethod
    def _context(msg: BackMsg) -> None:
        info = msg.rerun_script.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"

    async def _run(self, msg: BackMsg, success: int) -> Run:
        while not self._inbox.empty():            # leftovers of an earlier run
            self._handle(self._inbox.get_nowait()[1], None)
        if success == FINISHED:                   # a full run: the page's own canvas, if any
            self.canvas_id = self.canvas_fragment = None
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0, -1, None, 0, 0)
        deadline = start + self.timeout_s
        while True:
            try:
                when, data = await asyncio.wait_for(self._inbox.get(),
                                                    max(0.01, deadline - time.perf_counter()))
            except asyncio.TimeoutError:
                raise TimeoutError(f"no script_finished within {self.timeout_s:.0f} s "
                                   f"({run.messages} messages)") from None
            status = self._handle(data, run)
            if status is None or status == FINISHED_EARLY:
                continue                          # e.g. ui.state's rerun through app.py
            run.status, run.seconds = status, when - start
            if status not in (FINISHED, FINISHED_FRAGMENT):
                raise ProtocolError(f"script finished with status {status}")
            if run.exceptions:
                raise ProtocolError("the page raised: " + " | ".join(run.exceptions))
            return run

    def _handle(self, data, run: Run | None) -> int | None:
        """Digest one ForwardMsg; its script_finished status, if it is one."""
        if isinstance(data, Exception):
            raise ConnectionError(f"websocket: {data}")
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        if run is not None:
            run.messages += 1
            run.bytes += len(data)
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            self.session_id = fwd.new_session.initialize.session_id or self.session_id
            self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            self._note_pages(fwd.new_session.app_pages)
        elif kind == "navigation":
            self.page_hash = fwd.navigation.page_script_hash or self.page_hash
            self._note_pages(fwd.navigation.app_pages)
        elif kind == "page_info_changed":
            self.query_string = fwd.page_info_changed.query_string
        elif kind == "page_not_found":
            raise ProtocolError(f"page not found: {fwd.page_not_found.page_name!r}")
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            which = element.WhichOneof("type")
            if which == "bidi_component" and element.bidi_component.component_name == CANVAS_COMPONENT:
                self.canvas_id = element.bidi_component.id
                self.canvas_fragment = fwd.delta.fragment_id or None
            elif which == "metric" and element.metric.label.startswith(GUESS_LABEL) and run:
                run.answer = element.metric.body
            elif which == "plotly_chart" and run is not None:
                run.charts += 1
                run.chart_bytes += len(element.plotly_chart.spec)
            elif which == "exception" and run is not None:
                run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "script_finished":
            return fwd.script_finished
        return None

    def _note_pages(self, app_pages) -> None:
        for page in app_pages:
            self.pages[page.url_pathname] = page.page_script_hash
