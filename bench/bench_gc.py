#!/usr/bin/env python
"""What Streamlit's per-run garbage collection costs with this app in memory, and
what `gc.freeze()` after the imports leaves of it.

    python bench/bench_gc.py                # about a minute
    python bench/bench_gc.py --soak 240     # then 4 minutes of learners coming and going

Streamlit's default `runner.postScriptGC = true` runs `gc.collect(2)` after every
script and fragment run (so after every drawing stroke). The config turns it off,
and app.py freezes the objects alive after its imports (ui.process_setup). In a
fresh process per variant, this script loads what a server holds once a learner has
visited every lesson (every page run once under AppTest with a digit: Streamlit,
NumPy, Plotly, PIL, the default network, MNIST), then times a full collection, the
one postScriptGC does, median of --runs:

* default:  nothing frozen (Streamlit's default, postScriptGC on: this runs per stroke);
* frozen after app.py's imports: app.py run once first (it calls
  ui.process_setup.freeze_startup_objects(), as on the server's first run);
* frozen after every page ran: the floor, for comparison.

With postScriptGC off, full collections only happen when Python's own thresholds
trigger them (rarely); the figure shows what each still costs when it does.

Then, on a real `streamlit run` server per setting (loopback, one learner's session
over Streamlit's websocket protocol, tests/serve_helpers.py), the time from asking
for a run of `/` to its script_finished, back to back (a run's trailing collection
delays the next one), median of --rounds: Streamlit's defaults (postScriptGC on,
nothing frozen), postScriptGC on with the freeze, and this app's settings (off,
frozen). A full run of `/` is more work than a stroke's fragment, so the saving per
stroke is the difference, not the ratio.

--soak S: on a server with this app's settings, learners open a lesson (a rotating
one, with an MNIST digit) and leave, one after another, for S seconds; the server's
resident memory every 10 s shows whether it stays bounded without the per-run collection.
Prints Markdown tables and writes bench/out/gc.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("default", "frozen after app.py's imports", "frozen after every page ran")


def measure(variant: str, runs: int) -> dict:
    """In this process: load the app, freeze as `variant` says, time gc.collect(2)."""
    import gc
    import os
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    os.chdir(ROOT)
    from apptest_helpers import app_test, canvas_image, page_test
    from ui import contents
    if variant == VARIANTS[1]:
        app_test().run()     # app.py freezes in its first run, as on the server
    image = canvas_image(3)
    for lesson in contents.LESSONS:
        page_test(lesson.file, image).run()
    if variant == VARIANTS[2]:
        gc.collect()
        gc.freeze()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        gc.collect(2)
        times.append(time.perf_counter() - start)
    return {"variant": variant, "median_ms": 1000 * statistics.median(times),
            "max_ms": 1000 * max(times), "tracked_objects": len(gc.get_objects()),
            "frozen_objects": gc.get_freeze_count()}


SERVER_SETTINGS = (("Streamlit's defaults", True, False), ("postScriptGC on, frozen", True, True),
                   ("this app: postScriptGC off, frozen", False, True))


def server_round_trips(rounds: int) -> list[dict]:
    sys.path[:0] = [str(ROOT / "tests")]
    from serve_helpers import Session, streamlit_server
    unfrozen = ROOT / ".bench-gc-app-unfrozen.py"   # beside app.py: same relative paths
    unfrozen.write_text((ROOT / "app.py").read_text().replace(
        "process_setup.freeze_startup_objects()", "pass"))
    rows = []
    try:
        for name, post_script_gc, frozen in SERVER_SETTINGS:
            script = "app.py" if frozen else unfrozen.name
            command = [sys.executable, "-m", "streamlit", "run", script,
                       "--runner.postScriptGC", str(post_script_gc).lower()]
            with streamlit_server(command, cwd=ROOT, log=ROOT / "bench/out/gc-server.log") as url:
                with Session(url) as session:
                    session.run()
                    session.run()            # warm: caches, imports, the freeze
                    times = []
                    for _ in range(rounds):
                        start = time.perf_counter()
                        session.run()
                        times.append(time.perf_counter() - start)
            rows.append({"setting": name, "median_ms": 1000 * statistics.median(times),
                         "p90_ms": 1000 * sorted(times)[int(0.9 * (len(times) - 1))]})
    finally:
        unfrozen.unlink(missing_ok=True)
    return rows


def rss_mb(port: int) -> float:
    """Resident memory of the streamlit process listening on `port`, in MB."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(cmdline) and str(port).encode() in cmdline:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            continue
    raise LookupError(f"no streamlit process on port {port}")


def soak(seconds: float) -> list[dict]:
    """This app's settings (postScriptGC off, frozen): learners open a random lesson
    with an MNIST digit, run it, and leave, one after another, for `seconds`; the
    server's memory every 10 s. Left sessions live on disconnectedSessionTTL (120 s)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from serve_helpers import Session, free_port, streamlit_server
    from ui import contents
    paths = [lesson.url_path for lesson in contents.LESSONS]
    port, samples, n = free_port(), [], 0
    command = [sys.executable, "-m", "streamlit", "run", "app.py"]
    with streamlit_server(command, cwd=ROOT, log=ROOT / "bench/out/gc-soak.log", port=port) as url:
        start = next_sample = time.monotonic()
        while time.monotonic() - start < seconds:
            with Session(url) as session:
                session.run(query_string=f"mnist={n % 10_000}", page_name=paths[n % len(paths)])
            n += 1
            if time.monotonic() >= next_sample:
                samples.append({"s": round(time.monotonic() - start), "sessions": n,
                                "rss_mb": round(rss_mb(port), 1)})
                next_sample += 10
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--soak", type=float, default=0, metavar="S",
                        help="then S seconds of sessions coming and going, memory sampled")
    parser.add_argument("--variant", help=argparse.SUPPRESS)   # the child process's part
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(measure(args.variant, args.runs)))
        return
    rows = []
    for variant in VARIANTS:
        out = subprocess.run([sys.executable, __file__, "--variant", variant,
                              "--runs", str(args.runs)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    base = rows[0]["median_ms"]
    print("| variant | gc.collect(2) median | max | objects not frozen | frozen | vs default |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['variant']} | {r['median_ms']:.1f} ms | {r['max_ms']:.1f} ms "
              f"| {r['tracked_objects']:,} | {r['frozen_objects']:,} "
              f"| {r['median_ms'] / base:.2f}x |")
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(exist_ok=True)
    server = server_round_trips(args.rounds)
    print("\n| server setting | run of / to script_finished, median | p90 |")
    print("|---|---|---|")
    for r in server:
        print(f"| {r['setting']} | {r['median_ms']:.0f} ms | {r['p90_ms']:.0f} ms |")
    samples = soak(args.soak) if args.soak else []
    if samples:
        print("\n| seconds | sessions so far | server RSS |\n|---|---|---|")
        for sample in samples:
            print(f"| {sample['s']} | {sample['sessions']} | {sample['rss_mb']:.0f} MB |")
    (out_dir / "gc.json").write_text(json.dumps({"collect": rows, "server": server,
                                                 "soak": samples}, indent=2))


if __name__ == "__main__":
    main()
