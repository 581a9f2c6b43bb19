#!/usr/bin/env python
"""What a learner waits for in the browser: each lesson, moved to and opened from a link.

    python bench/bench_browser.py            # 5 repetitions a page
    python bench/bench_browser.py --quick    # 2 repetitions a page (a smoke check)
    python bench/bench_browser.py --url http://127.0.0.1:8501   # a running server

Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright, the
browser tests' flags) against a warm `streamlit run app.py` with the production
settings (bench/servers.py; `--setup defaults` for Streamlit's defaults), one
1280x900 desktop window. Every page (ui.contents.LESSONS) is visited once before
timing, so the server's caches and the browser's scripts are warm.

(a) moving: a digit (a hand-drawn '0', mouse strokes on the canvas) is drawn on
/, then the lessons are walked in order, each reached from the one before by a
click on its sidebar link (the session and its drawing are kept), --reps times
round. Timed in the page, from the click event to the first animation frame at
which the page is fully drawn.
(b) from a link: a new tab opens /<lesson>?mnist=<index> (a teacher's link with an
MNIST test digit: a new session has no drawing, the link brings the digit).
Timed from the navigation's start (performance.timeOrigin) to fully drawn.

"Fully drawn": the address is the lesson's, the app is connected, a full script
run has finished since the click (or the load) (its ForwardMsg script_finished,
read off the websocket) and the app shows it
(data-test-script-state="notRunning"), Streamlit's running indicator, every
loading skeleton and spinner are gone, and every st.plotly_chart has its SVG
(`.main-svg`). See tests/browser/helpers.py: wait_for_app waits the same way.

Reported per page: median (and min, max) of the repetitions, the number of
charts on the page, and for moving where the time went: until the run's
script_finished reached the browser (the rest is the browser drawing), and the
main thread's long tasks (over 50 ms at a stretch). The goals are under 0.8 s
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
  b.doneAt = performance.now();
  b.charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
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
                 .filter((c) => !c.querySelector('.main-svg')).length};
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
    stretch: mostly drawing charts), and the page's number of charts."""
    seconds: float
    script_seconds: float
    long_task_seconds: float
    charts: int


def move_to(page, lesson) -> Visit:
    """Click the lesson's sidebar link and wait until the page is fully drawn."""
    page.evaluate("() => Object.assign(window.__bench, "
                  "{running: false, clickAt: null, scriptDoneAt: null, longTasks: 0})")
    sidebar_link(page, lesson).click()
    state = wait_drawn(page, lesson_path(lesson))
    return Visit((state["doneAt"] - state["clickAt"]) / 1e3,
                 (state["scriptDoneAt"] - state["clickAt"]) / 1e3, state["longTasks"] / 1e3,
                 state["charts"])


def open_link(context, base_url: str, lesson) -> Visit:
    """A new tab opens the lesson's link; timed from the navigation's start."""
    page = context.new_page()
    try:
        page.goto(f"{base_url}{lesson_path(lesson)}?mnist={MNIST_INDEX}",
                  wait_until="commit", timeout=TIMEOUT_MS)
        state = wait_drawn(page, lesson_path(lesson))
        return Visit(state["doneAt"] / 1e3, state["scriptDoneAt"] / 1e3, state["longTasks"] / 1e3,
                     state["charts"])
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


def measure(base_url: str, reps: int) -> dict:
    from playwright.sync_api import sync_playwright

    moves = {lesson_path(le): [] for le in LESSONS}
    links = {lesson_path(le): [] for le in LESSONS}
    charts: dict[str, int] = {}
    failures: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(WATCHER)
            page = context.new_page()
            page.goto(base_url + "/", wait_until="domcontentloaded")
            wait_for_app(page)
            draw_digit(page)
            order = LESSONS[1:] + LESSONS[:1]          # from / round to / again
            for rep in range(-1, reps):               # round -1: warm-up, not timed
                for lesson in order:
                    try:
                        visit = move_to(page, lesson)
                    except NotDrawn as exc:
                        failures.append(f"moving, round {rep + 1}: {exc}"[:600])
                        print("  " + failures[-1], flush=True)
                        continue
                    if rep >= 0:
                        charts[lesson_path(lesson)] = visit.charts
                        moves[lesson_path(lesson)].append(visit)
                for lesson in LESSONS:
                    try:
                        visit = open_link(context, base_url, lesson)
                    except NotDrawn as exc:
                        failures.append(f"from a link, round {rep + 1}: {exc}"[:600])
                        print("  " + failures[-1], flush=True)
                        continue
                    if rep >= 0:
                        links[lesson_path(lesson)].append(visit)
                print(f"  round {rep + 1}/{reps} done", flush=True)
        finally:
            browser.close()
    return {path: {"charts": charts.get(path), "moving": summary(moves[path]),
                   "from a link": summary(links[path])} for path in moves}, failures


def table(pages: dict) -> str:
    rows = ["| Lesson | Charts | Moving: median (min-max) | of which script | long tasks | "
            "< 0.8 s? | From a link: median (min-max) | < 2 s? |",
            "|---|---:|---:|---:|---:|---|---:|---|"]
    for path, p in pages.items():
        m, k = p["moving"], p["from a link"]
        rows.append(f"| {path} | {p['charts']} | {m['median s']:.2f} s ({m['min s']:.2f}-"
                    f"{m['max s']:.2f}) | {m['until script done, median s']:.2f} s | "
                    f"{m['long tasks, median s']:.2f} s | "
                    f"{'yes' if m['median s'] < MOVE_GOAL_S else 'NO'} | "
                    f"{k['median s']:.2f} s ({k['min s']:.2f}-{k['max s']:.2f}) | "
                    f"{'yes' if k['median s'] < LINK_GOAL_S else 'NO'} |")
    move_meds = [p["moving"]["median s"] for p in pages.values()]
    link_meds = [p["from a link"]["median s"] for p in pages.values()]
    rows.append(f"| **all lessons** (median of the medians, range) | | "
                f"**{statistics.median(move_meds):.2f} s** ({min(move_meds):.2f}-"
                f"{max(move_meds):.2f}) | | | {sum(v < MOVE_GOAL_S for v in move_meds)}/{len(move_meds)} "
                f"| **{statistics.median(link_meds):.2f} s** ({min(link_meds):.2f}-"
                f"{max(link_meds):.2f}) | {sum(v < LINK_GOAL_S for v in link_meds)}/{len(link_meds)} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 repetitions a page")
    parser.add_argument("--reps", type=int, default=5, help="repetitions a page (default 5)")
    parser.add_argument("--url", help="a running server to measure instead of starting one")
    parser.add_argument("--setup", default="production", choices=servers.SETUPS,
                        help="the server started here (default production)")
    args = parser.parse_args()
    # A plain `kill` ends the run through the finally blocks, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    reps = 2 if args.quick else args.reps
    if not 1 <= reps <= 50:
        parser.error("--reps must be 1..50")
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")

    load_start = os.getloadavg()
    server = None if args.url else servers.start_app(args.setup, OUT / "logs",
                                                     name=f"browser-{args.setup}")
    base_url = (args.url or server.base_url).rstrip("/")
    wall0 = time.perf_counter()
    try:
        pages, failures = measure(base_url, reps)
    finally:
        if server is not None:
            server.stop()
    load_end = os.getloadavg()
    report = table(pages) + (f"\n\nNot fully drawn within {TIMEOUT_MS / 1e3:.0f} s (left out "
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
        "server": args.url or args.setup, "repetitions": reps,
        "seconds": round(time.perf_counter() - wall0, 1),
        "goals s": {"moving": MOVE_GOAL_S, "from a link": LINK_GOAL_S},
        "pages": pages, "failures": failures, "table": report}, indent=2))
    print(f"\nwritten to bench/out/{stem}.md and bench/out/{stem}.json")


if __name__ == "__main__":
    main()
