#!/usr/bin/env python
"""What a learner waits for in the browser: each lesson, moved to and opened from a link.

    python bench/bench_browser.py --baseline /work/main   # this checkout beside main's, 5 reps
    python bench/bench_browser.py            # this checkout alone, 5 repetitions a page
    python bench/bench_browser.py --quick    # 2 repetitions a page (a smoke check)
    python bench/bench_browser.py --url http://127.0.0.1:8501   # a running server

Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright, the
browser tests' flags) against a warm `streamlit run app.py` with the production
settings (bench/servers.py; `--setup defaults` for Streamlit's defaults), one
1280x900 desktop window. Every page (ui.contents.LESSONS) is visited once before
timing, so the server's caches and the browser's scripts are warm.

--baseline DIR: a second server runs DIR's app.py (another checkout, e.g. main's)
and every timed visit is made on both, one after the other (which one first
alternates round by round), each server in its own browser context of the same
browser: the baseline column is measured in the same run, under the same load,
and the report gives the ratio (this checkout / baseline) of the medians. On a
shared machine the ratios are the figures to trust, not the seconds.

(a) moving: a digit (a hand-drawn '0', mouse strokes on the canvas) is drawn on
/, then the lessons are walked in order, each reached from the one before by a
click on its sidebar link (the session and its drawing are kept), --reps times
round. Timed in the page, from the click event to the first animation frame at
which the page is fully drawn.
(b) from a link: a new tab opens /<lesson>?mnist=<index> (a teacher's link with an
MNIST test digit: a new session has no drawing, the link brings the digit).
Timed from the navigation's start (performance.timeOrigin) to fully drawn. The
tab's browser context has seen the page before, so its HTTP cache holds
Streamlit's scripts (served with Cache-Control: immutable, one year).

"Fully drawn": the address is the lesson's, the app is connected, a full script
run has finished since the click (or the load) (its ForwardMsg script_finished,
read off the websocket) and the app shows it
(data-test-script-state="notRunning"), Streamlit's running indicator, every
loading skeleton and spinner are gone, every st.plotly_chart has its SVG
(`.main-svg`) and every picture (<img>) has loaded. See tests/browser/helpers.py:
wait_for_app waits the same way.

Reported per page: median (and min, max) of the repetitions, the number of
charts and pictures on the page, and for moving where the time went: until the
run's script_finished reached the browser (the rest is the browser drawing), and
the main thread's long tasks (over 50 ms at a stretch). The goals are under 0.8 s
moving and under 2 s from a link. A visit not fully drawn within TIMEOUT_MS is
left out of the figures and counted (with what was missing) in the report.
Writes bench/out/browser.{md,json} (--quick: browser-quick.*). Exit status 0
even if a goal is missed: this is a measurement.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench import servers  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.helpers import draw_stroke, ellipse, finish_stroke, wait_for_app  # noqa: E402
from ui.contents import LESSONS  # noqa: E402

OUT = ROOT / "bench" / "out"
MOVE_GOAL_S = 0.8
LINK_GOAL_S = 2.0
TIMEOUT_MS = 30_000
MNIST_INDEX = 3   # the link's test digit (?mnist=3)

# Installed in every page before its own scripts: notes when a full script run has
# finished (the ForwardMsg script_finished, read off the websocket) and when the
# learner's click happened, so the wait below cannot mistake the previous page's
# finished state for the new one's; and the long tasks. (Watching the app's
# data-test-script-state attribute is not enough: on a busy page React may commit
# a whole run's state changes at once, and the attribute never shows "running".)
WATCHER = """
window.__bench = {running: false, clickAt: null, scriptDoneAt: null, longTasks: 0};
// The script_finished status of a ForwardMsg (protobuf field 6, a varint), else null.
const scriptFinished = (bytes) => {
  let i = 0;
  const varint = () => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; }
    while (byte & 0x80 && i < bytes.length);
    return value;
  };
  while (i < bytes.length) {
    const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
    if (wire === 0) { const value = varint(); if (field === 6) return value; }
    else if (wire === 2) { const length = varint(); i += length; }
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else return null;
  }
  return null;
};
// Every websocket's messages are read as they arrive, before Streamlit's own handler:
// a full script run that finished successfully (status 0) since the click or the load
// marks the run as done, even if the page shows no "running" state in between.
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (event) => {
      if (event.data instanceof ArrayBuffer
          && scriptFinished(new Uint8Array(event.data)) === 0) {
        window.__bench.running = true;
        window.__bench.scriptDoneAt = performance.now();
      }
    });
  }
};
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.__bench.longTasks += task.duration;
}).observe({type: 'longtask', buffered: true});
document.addEventListener('click', () => {
  if (window.__bench.clickAt === null) window.__bench.clickAt = performance.now();
}, true);
"""

# True (and the time noted) at the first animation frame the page is fully drawn.
FULLY_DRAWN = """
(path) => {
  const b = window.__bench, app = document.querySelector('[data-testid="stApp"]');
  if (!app || !b.running) return false;
  if (app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (app.dataset.testScriptState !== 'notRunning') return false;
  if (location.pathname.replace(/\\/+$/, '') !== path.replace(/\\/+$/, '')) return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"], '
      + '[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (!chart.querySelector('.main-svg')) return false;
  const pictures = document.querySelectorAll('[data-testid="stMain"] img');
  for (const img of pictures) if (!img.complete || img.naturalWidth === 0) return false;
  b.doneAt = performance.now();
  b.charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
  b.pictures = pictures.length;
  return true;
}
"""


def lesson_path(lesson) -> str:
    return "/" + lesson.url_path


DIAGNOSIS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {bench: window.__bench, app: app ? {...app.dataset} : null, path: location.pathname,
          busy: [...document.querySelectorAll('[data-testid="stStatusWidgetRunningIcon"], '
                 + '[data-testid="stSkeleton"], [data-testid="stSpinner"]')].map((e) => e.dataset.testid),
          charts_without_svg: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .filter((c) => !c.querySelector('.main-svg')).length,
          pictures_not_loaded: [...document.querySelectorAll('[data-testid="stMain"] img')]
                 .filter((i) => !i.complete || i.naturalWidth === 0).length};
}
"""


class NotDrawn(Exception):
    """The page was not fully drawn in time (the message says what was missing)."""


def wait_drawn(page, path: str) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(FULLY_DRAWN, arg=path, polling="raf", timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        raise NotDrawn(f"{path} not fully drawn after {TIMEOUT_MS / 1e3:.0f} s: "
                       f"{page.evaluate(DIAGNOSIS)}") from None
    return page.evaluate("() => window.__bench")


def sidebar_link(page, lesson):
    links = page.locator('[data-testid="stSidebarNavLink"]')
    if lesson.url_path == "":
        return links.first      # the root page's link; its href ends in "/"
    return links.and_(page.locator(f'[href$="/{lesson.url_path}"]'))


@dataclass
class Visit:
    """One timed visit: seconds until fully drawn, until the script run was over (the
    browser saw script_finished), of long tasks (main thread busy over 50 ms at a
    stretch: mostly drawing charts), and the page's numbers of charts and pictures."""
    seconds: float
    script_seconds: float
    long_task_seconds: float
    charts: int
    pictures: int


def move_to(page, lesson) -> Visit:
    """Click the lesson's sidebar link and wait until the page is fully drawn."""
    page.evaluate("() => Object.assign(window.__bench, "
                  "{running: false, clickAt: null, scriptDoneAt: null, longTasks: 0})")
    sidebar_link(page, lesson).click()
    state = wait_drawn(page, lesson_path(lesson))
    return Visit((state["doneAt"] - state["clickAt"]) / 1e3,
                 (state["scriptDoneAt"] - state["clickAt"]) / 1e3, state["longTasks"] / 1e3,
                 state["charts"], state["pictures"])


def open_link(context, base_url: str, lesson) -> Visit:
    """A new tab opens the lesson's link; timed from the navigation's start."""
    page = context.new_page()
    try:
        page.goto(f"{base_url}{lesson_path(lesson)}?mnist={MNIST_INDEX}",
                  wait_until="commit", timeout=TIMEOUT_MS)
        state = wait_drawn(page, lesson_path(lesson))
        return Visit(state["doneAt"] / 1e3, state["scriptDoneAt"] / 1e3, state["longTasks"] / 1e3,
                     state["charts"], state["pictures"])
    finally:
        page.close()


def draw_digit(page) -> None:
    draw_stroke(page, ellipse())
    finish_stroke(page)


def summary(visits: list[Visit]) -> dict:
    if not visits:
        return {"median s": float("nan"), "min s": float("nan"), "max s": float("nan"),
                "runs s": [], "until script done, median s": float("nan"),
                "long tasks, median s": float("nan")}
    times = [v.seconds for v in visits]
    return {"median s": round(statistics.median(times), 3), "min s": round(min(times), 3),
            "max s": round(max(times), 3), "runs s": [round(t, 3) for t in times],
            "until script done, median s": round(statistics.median(v.script_seconds
                                                                   for v in visits), 3),
            "long tasks, median s": round(statistics.median(v.long_task_seconds
                                                            for v in visits), 3)}


class Target:
    """One server under test: its browser context, the tab that walks the lessons, its visits."""

    def __init__(self, name: str, base_url: str, browser):
        self.name, self.base_url = name, base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.add_init_script(WATCHER)
        self.moves = {lesson_path(le): [] for le in LESSONS}
        self.links = {lesson_path(le): [] for le in LESSONS}
        self.shown: dict[str, tuple[int, int]] = {}   # path -> (charts, pictures)
        self.failures: list[str] = []
        self.page = self.context.new_page()
        self.page.goto(base_url + "/", wait_until="domcontentloaded")
        wait_for_app(self.page)
        draw_digit(self.page)

    def _visit(self, what: str, rep: int, lesson, timed) -> None:
        try:
            visit = timed()
        except NotDrawn as exc:
            self.failures.append(f"{self.name}, {what}, round {rep + 1}: {exc}"[:600])
            print("  " + self.failures[-1], flush=True)
            return
        if rep >= 0:   # round -1: warm-up, not timed
            path = lesson_path(lesson)
            (self.moves if what == "moving" else self.links)[path].append(visit)
            if what == "moving":
                self.shown[path] = (visit.charts, visit.pictures)

    def move(self, rep: int, lesson) -> None:
        self._visit("moving", rep, lesson, lambda: move_to(self.page, lesson))

    def open(self, rep: int, lesson) -> None:
        self._visit("from a link", rep, lesson,
                    lambda: open_link(self.context, self.base_url, lesson))

    def result(self) -> dict:
        return {path: {"charts": self.shown.get(path, (None, None))[0],
                       "pictures": self.shown.get(path, (None, None))[1],
                       "moving": summary(self.moves[path]),
                       "from a link": summary(self.links[path])} for path in self.moves}


def measure(targets: dict[str, str], reps: int) -> tuple[dict, list[str]]:
    """targets: name -> base URL. Each visit is made on every target in turn (the order
    alternating round by round), so they share the machine's load alike."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            runs = [Target(name, url, browser) for name, url in targets.items()]
            order = LESSONS[1:] + LESSONS[:1]          # from / round to / again
            for rep in range(-1, reps):               # round -1: warm-up, not timed
                turn = runs if rep % 2 else runs[::-1]
                for lesson in order:
                    for run in turn:
                        run.move(rep, lesson)
                for lesson in LESSONS:
                    for run in turn:
                        run.open(rep, lesson)
                print(f"  round {rep + 1}/{reps} done", flush=True)
        finally:
            browser.close()
    return {run.name: run.result() for run in runs}, [f for run in runs for f in run.failures]


def _cell(s: dict) -> str:
    return f"{s['median s']:.2f} s ({s['min s']:.2f}-{s['max s']:.2f})"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b and b == b and a == a else "-"


def table(pages: dict) -> str:
    """One server's figures per page (see the module docstring)."""
    rows = ["| Lesson | Charts | Pictures | Moving: median (min-max) | of which script | "
            "long tasks | < 0.8 s? | From a link: median (min-max) | < 2 s? |",
            "|---|---:|---:|---:|---:|---:|---|---:|---|"]
    for path, p in pages.items():
        m, k = p["moving"], p["from a link"]
        rows.append(f"| {path} | {p['charts']} | {p['pictures']} | {_cell(m)} | "
                    f"{m['until script done, median s']:.2f} s | "
                    f"{m['long tasks, median s']:.2f} s | "
                    f"{'yes' if m['median s'] < MOVE_GOAL_S else 'NO'} | "
                    f"{_cell(k)} | {'yes' if k['median s'] < LINK_GOAL_S else 'NO'} |")
    move_meds = [p["moving"]["median s"] for p in pages.values()]
    link_meds = [p["from a link"]["median s"] for p in pages.values()]
    rows.append(f"| **all lessons** (median of the medians, range) | | | "
                f"**{statistics.median(move_meds):.2f} s** ({min(move_meds):.2f}-"
                f"{max(move_meds):.2f}) | | | {sum(v < MOVE_GOAL_S for v in move_meds)}/{len(move_meds)} "
                f"| **{statistics.median(link_meds):.2f} s** ({min(link_meds):.2f}-"
                f"{max(link_meds):.2f}) | {sum(v < LINK_GOAL_S for v in link_meds)}/{len(link_meds)} |")
    return "\n".join(rows)


def comparison(pages: dict, base: dict) -> str:
    """This checkout beside the baseline, page by page: medians and their ratio."""
    rows = ["| Lesson | Charts / pictures (baseline) | Moving: baseline | Moving: this | ratio | "
            "From a link: baseline | From a link: this | ratio | < 2 s? |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for path, p in pages.items():
        b = base[path]
        mb, mp = b["moving"]["median s"], p["moving"]["median s"]
        kb, kp = b["from a link"]["median s"], p["from a link"]["median s"]
        rows.append(f"| {path} | {p['charts']} / {p['pictures']} ({b['charts']} / {b['pictures']}) "
                    f"| {mb:.2f} s | {mp:.2f} s | {_ratio(mp, mb)} | {kb:.2f} s | {kp:.2f} s | "
                    f"{_ratio(kp, kb)} | {'yes' if kp < LINK_GOAL_S else 'NO'} |")
    med = {name: {what: statistics.median(x[path][what]["median s"] for path in x)
                  for what in ("moving", "from a link")} for name, x in (("b", base), ("p", pages))}
    rows.append(f"| **all lessons** (median of the medians) | | {med['b']['moving']:.2f} s | "
                f"{med['p']['moving']:.2f} s | {_ratio(med['p']['moving'], med['b']['moving'])} | "
                f"{med['b']['from a link']:.2f} s | {med['p']['from a link']:.2f} s | "
                f"{_ratio(med['p']['from a link'], med['b']['from a link'])} | "
                f"{sum(p['from a link']['median s'] < LINK_GOAL_S for p in pages.values())}"
                f"/{len(pages)} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 repetitions a page")
    parser.add_argument("--reps", type=int, default=5, help="repetitions a page (default 5)")
    parser.add_argument("--url", help="a running server to measure instead of starting one")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout (e.g. /work/main) whose app.py is measured "
                             "in the same run, visit for visit")
    parser.add_argument("--setup", default="production", choices=servers.SETUPS,
                        help="the server(s) started here (default production)")
    args = parser.parse_args()
    # A plain `kill` ends the run through the finally blocks, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    reps = 2 if args.quick else args.reps
    if not 1 <= reps <= 50:
        parser.error("--reps must be 1..50")
    if args.baseline is not None and not (args.baseline / "app.py").is_file():
        parser.error(f"--baseline {args.baseline}: no app.py there")
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")

    load_start = os.getloadavg()
    started = []
    wall0 = time.perf_counter()
    try:
        if args.url:
            targets = {"this": args.url.rstrip("/")}
        else:
            started.append(servers.start_app(args.setup, OUT / "logs", name=f"browser-{args.setup}"))
            targets = {"this": started[-1].base_url}
        if args.baseline is not None:
            started.append(servers.start_app(args.setup, OUT / "logs", root=args.baseline,
                                             name=f"browser-{args.setup}-baseline"))
            targets["baseline"] = started[-1].base_url
        results, failures = measure(targets, reps)
    finally:
        for server in started:
            server.stop()
    load_end = os.getloadavg()
    pages = results["this"]
    report = ""
    if "baseline" in results:
        report = (f"This checkout ({ROOT}) beside the baseline ({args.baseline}), medians of "
                  f"{reps} repetitions, ratio = this / baseline:\n\n"
                  + comparison(pages, results["baseline"]) + "\n\nThis checkout in full:\n\n")
    report += table(pages) + (f"\n\nNot fully drawn within {TIMEOUT_MS / 1e3:.0f} s (left out "
                             f"of the figures): {len(failures)} visits." if failures else "") + (
        f"\n\n{datetime.datetime.now().isoformat(timespec='seconds')}, server "
        f"{args.url or args.setup}, {reps} repetitions, {len(os.sched_getaffinity(0))} CPUs, "
        f"load average (1/5/15 min) {'/'.join(f'{v:.2f}' for v in load_start)} at the start, "
        f"{'/'.join(f'{v:.2f}' for v in load_end)} at the end.")
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    stem = "browser-quick" if args.quick else "browser"
    (OUT / f"{stem}.md").write_text(report + "\n")
    (OUT / f"{stem}.json").write_text(json.dumps({
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": len(os.sched_getaffinity(0)),
                    "load average at start": load_start, "load average at end": load_end},
        "server": args.url or args.setup, "baseline": str(args.baseline or ""),
        "repetitions": reps, "seconds": round(time.perf_counter() - wall0, 1),
        "goals s": {"moving": MOVE_GOAL_S, "from a link": LINK_GOAL_S},
        "pages": pages, "baseline pages": results.get("baseline"), "failures": failures,
        "table": report}, indent=2))
    print(f"\nwritten to bench/out/{stem}.md and bench/out/{stem}.json")


if __name__ == "__main__":
    main()
