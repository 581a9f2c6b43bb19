#!/usr/bin/env python
"""Where a lesson's server time goes: every script run profiled with pyinstrument.

    pip install -r requirements-dev.txt   # pyinstrument: only this script needs it
    python bench/profile_pages.py                    # every lesson, 3 visits each
    python bench/profile_pages.py --pages matrix,why-layers --reps 5

Starts `streamlit run app.py` (production settings, bench/servers.py) with a
patch that runs each script run (`ScriptRunner._run_script`, in the script
thread) under pyinstrument. One simulated learner (bench/protocol.py) opens /,
draws an MNIST digit, then moves to each lesson by its page hash (as a sidebar
click does) and draws once there. For each lesson, the run of its last visit is
kept:

* bench/out/profiles/<lesson>-move.txt and -stroke.txt: pyinstrument's tree;
* bench/out/profiles.md / .json: per lesson, the run's time as the learner saw
  it (BackMsg to script_finished), the profiled run's wall and CPU time, the
  charts sent and their JSON bytes, the total bytes sent, and the functions of
  the project (pages/, ui/, netcore/, app.py) taking the most time, each with
  the library code it calls and without the project functions it calls.

The profiler slows the run down (about 10-30%); compare lessons with each other.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from apptest_helpers import canvas_image  # noqa: E402
from bench import servers  # noqa: E402
from bench.protocol import Learner, canvas_value  # noqa: E402
from ui.contents import LESSONS  # noqa: E402

OUT = ROOT / "bench" / "out"
PROFILE_DIR = OUT / "profiles"
TOP = 10

# Runs in the server: every script run (full or fragment) profiled in its own thread;
# the session is written as <n>.pyisession and <n>.json ({page hash, fragment, seconds}).
_PATCH = """
import itertools, json, os, time
from pathlib import Path
from pyinstrument import Profiler
from streamlit.runtime.scriptrunner import script_runner
_out = Path(os.environ["BENCH_PROFILE_DIR"]); _count = itertools.count()
_original = script_runner.ScriptRunner._run_script
def _run_script(self, rerun_data):
    profiler = Profiler(interval=0.0005)
    wall, cpu = time.perf_counter(), time.thread_time()
    profiler.start()
    try:
        return _original(self, rerun_data)
    finally:
        profiler.stop()
        n = next(_count)
        profiler.last_session.save(str(_out / f"{n}.pyisession"))
        (_out / f"{n}.json").write_text(json.dumps({
            "page hash": rerun_data.page_script_hash, "fragment": bool(rerun_data.fragment_id_queue),
            "wall s": time.perf_counter() - wall, "CPU s": time.thread_time() - cpu}))
script_runner.ScriptRunner._run_script = _run_script
"""


def project_hotspots(session, top: int = TOP) -> list[dict]:
    """The project's functions (pages/, ui/, netcore/, app.py) by the time spent in them and in
    the library code they call, less the time of the project functions they call in turn:
    `column_vector` gets the plotly calls it makes, `show_layer` not column_vector's."""
    totals: dict[str, float] = {}

    def is_project(frame) -> bool:
        path = frame.file_path or ""
        return path.startswith(str(ROOT)) and "site-packages" not in path

    def nearest_project_time(frame) -> float:
        """Time of the first project frames below `frame` (not counting deeper ones twice)."""
        return sum(child.time if is_project(child) else nearest_project_time(child)
                   for child in frame.children)

    def walk(frame) -> None:
        if is_project(frame):
            key = f"{Path(frame.file_path).relative_to(ROOT)}:{frame.function}"
            totals[key] = totals.get(key, 0.0) + frame.time - nearest_project_time(frame)
        for child in frame.children:
            walk(child)

    root = session.root_frame()
    if root is not None:
        walk(root)
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:top]
    return [{"function": k, "seconds": round(v, 4)} for k, v in ranked]


def newest_run(before: set[str], timeout_s: float = 10) -> Path | None:
    """The profile file written since `before` (the server writes it as the run ends)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        new = sorted((p for p in PROFILE_DIR.glob("*.json") if p.name not in before),
                     key=lambda p: int(p.stem))
        if new:
            return new[-1]
        time.sleep(0.05)
    return None


async def visit_all(base_url: str, pages: list[str], reps: int) -> dict:
    images = [canvas_image(d, nth=2) for d in range(10)]
    results: dict[str, dict] = {}
    async with Learner(base_url, 60) as learner:
        await learner.open("")
        await learner.draw(canvas_value(images[3], 0))
        stroke = 1
        for rep in range(reps):
            for url_path in pages:
                for kind in ("move", "stroke"):
                    before = {p.name for p in PROFILE_DIR.glob("*.json")}
                    if kind == "move":
                        run = await learner.goto(url_path)
                    elif learner.canvas_id is None:
                        continue
                    else:
                        run = await learner.draw(canvas_value(images[stroke % 10], stroke))
                        stroke += 1
                    await asyncio.sleep(0.2)
                    record = newest_run(before)
                    entry = results.setdefault(f"/{url_path} {kind}", {"seen s": []})
                    entry["seen s"].append(run.seconds)
                    entry.update(charts=run.charts, chart_bytes=run.chart_bytes, bytes=run.bytes,
                                 messages=run.messages, profile=str(record) if record else None)
            # the canvas' id changes with the page: the next lesson's move finds it again
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated url paths (default: every lesson; "
                                        "'' is /)")
    parser.add_argument("--reps", type=int, default=3, help="visits per lesson (default 3)")
    args = parser.parse_args()
    # A plain `kill` ends the run through the finally blocks, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        from pyinstrument.session import Session
    except ImportError:
        sys.exit("pyinstrument is needed: pip install pyinstrument")
    pages = ([p.strip().strip("/") for p in args.pages.split(",")] if args.pages is not None
             else [lesson.url_path for lesson in LESSONS])
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    for old in PROFILE_DIR.glob("*"):
        old.unlink()

    port = servers.free_port()
    launcher = _PATCH + servers._FROZEN_LAUNCHER
    cmd = [sys.executable, "-c", launcher, "run", str(servers.APP), *servers.BASE_FLAGS,
           "--server.port", str(port), *servers.PRODUCTION_FLAGS]
    os.environ["BENCH_PROFILE_DIR"] = str(PROFILE_DIR)
    server = servers._spawn("profile", cmd, ROOT, OUT / "logs", f"http://127.0.0.1:{port}")
    try:
        server.wait_healthy()
        results = asyncio.run(visit_all(server.base_url, pages, args.reps))
    finally:
        server.stop()

    rows = ["| Run | Seen by the learner (median) | Profiled run wall (CPU) | Charts | Chart JSON "
            "| Sent | Top project functions (s, with the library calls they make) |", "|---|---:|---:|---:|---:|---:|---|"]
    for name, entry in results.items():
        record = Path(entry["profile"]) if entry["profile"] else None
        meta = json.loads(record.read_text()) if record else {}
        hot = []
        if record is not None:
            session = Session.load(str(record.with_suffix(".pyisession")))
            hot = project_hotspots(session)
            from pyinstrument.renderers import ConsoleRenderer
            text = ConsoleRenderer(unicode=False, color=False, show_all=False,
                                   short_mode=False).render(session)
            slug = name.strip("/").replace(" ", "-").replace("/", "") or "intro"
            if slug.startswith("-"):
                slug = "intro" + slug
            (PROFILE_DIR / f"{slug}.txt").write_text(text)
        entry.update(meta=meta, hotspots=hot)
        hot_text = "; ".join(f"`{h['function'].split(':')[-1]}` {h['seconds']:.3f}"
                             for h in hot[:5])
        rows.append(f"| {name} | {statistics.median(entry['seen s']) * 1e3:.0f} ms | "
                    f"{meta.get('wall s', float('nan')) * 1e3:.0f} ms "
                    f"({meta.get('CPU s', float('nan')) * 1e3:.0f} ms) | {entry['charts']} | "
                    f"{entry['chart_bytes'] / 1e3:.0f} kB | {entry['bytes'] / 1e3:.0f} kB | "
                    f"{hot_text} |")
    report = "\n".join(rows) + f"\n\nload average {os.getloadavg()}"
    print(report)
    (OUT / "profiles.md").write_text(report + "\n")
    (OUT / "profiles.json").write_text(json.dumps(results, indent=2))
    print(f"\nwritten to bench/out/profiles.md, bench/out/profiles.json, bench/out/profiles/*.txt")


if __name__ == "__main__":
    main()
