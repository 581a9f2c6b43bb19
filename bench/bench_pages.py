#!/usr/bin/env python
"""How long the server takes to answer a stroke, and to run each lesson page.

    python bench/bench_pages.py             # about a minute
    python bench/bench_pages.py --quick     # fewer repeats, a smoke check

Measures, on the real default network and a 280x280 RGBA canvas image (an
MNIST test digit blown up 10x in the alpha channel, as the canvas sends it):

* the fragment: from a new canvas image to the finished figures, the work the
  server does on every stroke of /layers and /neurons: `to_mnist`, the forward
  pass (`Network.activations`), the /layers network drawing (an SVG with its
  forward-pass CSS; the default: the 300 strongest connections) and the
  /neurons pictures (the 28x28 input with its numbers printed, `preprocess_steps`
  and its pictures), each encoded as the PNG st.image sends. Median of --runs runs.
* the /layers drawing with all 12,960 connections: build time and its HTML size
  in bytes (what travels to the browser).
* every lesson page (ui.contents.LESSONS): one AppTest script
  run with a digit, median of --page-runs fresh sessions after a warm-up.

Wall time and the process's CPU time are both reported: the machine may be
shared (see bench/README.md), and CPU time barely moves under load.
Prints a Markdown table and writes bench/out/pages.json. Exit status 0 even
if a target is missed: this is a measurement.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


import netcore  # noqa: E402
from apptest_helpers import canvas_image, page_test  # noqa: E402
from netcore.preprocess import preprocess_steps, to_mnist  # noqa: E402
from ui import contents, images  # noqa: E402
from ui.lessons import layers, neurons  # noqa: E402
from ui.palette import PALETTES  # noqa: E402

FRAGMENT_TARGET_MS = 50
PAGE_TARGET_MS = 300
OUT = ROOT / "bench" / "out"


def timed(fn, *args, **kwargs):
    """(result, wall ms, CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - wall) * 1e3, (time.process_time() - cpu) * 1e3


def png_bytes(picture) -> bytes:
    """What st.image sends of a picture made in ui.images: a PNG (images.show says PNG)."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def fragment_once(net, image, palette) -> dict:
    """One stroke's server work: {stage: (wall ms, CPU ms)}, and the total."""
    stages = {}

    def neurons_pictures(x):
        pictures = [images.pixel_picture(x, width=500, numbers=True)]
        pictures += [p for p, _ in neurons.preprocess_figures(preprocess_steps(image))]
        return [png_bytes(p) for p in pictures]

    wall0, cpu0 = time.perf_counter(), time.process_time()
    x, *stages["to_mnist"] = timed(to_mnist, image)
    acts, *stages["forward pass"] = timed(net.activations, x)
    _, *stages["/layers drawing (SVG)"] = timed(layers.network_drawing, net, acts, palette)
    _, *stages["/neurons pictures + PNG"] = timed(neurons_pictures, x)
    stages["total"] = [(time.perf_counter() - wall0) * 1e3, (time.process_time() - cpu0) * 1e3]
    return stages


def median_stages(once, net, runs: int, nth: int) -> dict:
    """`once(net, image, palette)` -> {stage: (wall ms, CPU ms)}, run once to warm up, then
    `runs` times over ten canvas digits: {stage: {"wall ms": median, "CPU ms": median}}."""
    palette = PALETTES["video"]
    images = [canvas_image(d, nth=nth) for d in range(10)]
    once(net, images[0], palette)   # warm-up: imports, first allocations
    samples = [once(net, images[k % 10], palette) for k in range(runs)]
    return {stage: {"wall ms": statistics.median(s[stage][0] for s in samples),
                    "CPU ms": statistics.median(s[stage][1] for s in samples)}
            for stage in samples[0]}


def bench_fragment(net, runs: int) -> dict:
    return median_stages(fragment_once, net, runs, nth=1)


def bench_all_connections(net, runs: int) -> dict:
    acts = net.activations(to_mnist(canvas_image(8)))
    palette = PALETTES["video"]
    builds, build_cpus, sizes = [], [], set()
    for _ in range(runs):
        drawing, build_ms, build_cpu = timed(layers.network_drawing, net, acts, palette,
                                             top_n=None)
        builds.append(build_ms)
        build_cpus.append(build_cpu)
        sizes.add(len(drawing.html))
    return {"connections": drawing.connections, "build ms": statistics.median(builds),
            "build CPU ms": statistics.median(build_cpus), "HTML bytes": max(sizes),
            "default (300) HTML bytes": len(layers.network_drawing(net, acts, palette).html)}


def bench_pages(runs: int) -> dict:
    image = canvas_image(3)
    results = {}
    for lesson in contents.LESSONS:
        page_test(lesson.file, image).run()     # warm-up: caches, imports
        walls, cpus, failed = [], [], None
        for _ in range(runs):
            at = page_test(lesson.file, image)
            at, wall, cpu = timed(at.run)
            failed = failed or (at.exception[0].message if at.exception else None)
            walls.append(wall)
            cpus.append(cpu)
        results["/" + lesson.url_path] = {"file": lesson.file, "wall ms": statistics.median(walls),
                                          "CPU ms": statistics.median(cpus), "error": failed}
    return results


def met(value: float, target: float, cpu: float | None = None) -> str:
    if value < target:
        return "yes"
    return "NO (wall), yes (CPU time)" if cpu is not None and cpu < target else "NO"


def table(fragment: dict, everything: dict, pages: dict) -> str:
    rows = ["| Measure | Median wall (CPU) | Target | Met? |", "|---|---|---|---|"]
    for stage, ms in fragment.items():
        wall, cpu = ms["wall ms"], ms["CPU ms"]
        if stage == "total":
            rows.append(f"| **fragment total** (new canvas image -> finished figures) | "
                        f"**{wall:.1f} ms** ({cpu:.1f} ms) | < {FRAGMENT_TARGET_MS} ms | "
                        f"{met(wall, FRAGMENT_TARGET_MS, cpu)} |")
        else:
            rows.append(f"| fragment: {stage} | {wall:.2f} ms ({cpu:.2f} ms) | | |")
    rows.append(f"| /layers, all {everything['connections']:,} connections: build | "
                f"{everything['build ms']:.1f} ms ({everything['build CPU ms']:.1f} ms) | | |")
    rows.append(f"| /layers, all connections: HTML size | {everything['HTML bytes']:,} bytes | | |")
    rows.append("| /layers, 300 strongest: HTML size | "
                f"{everything['default (300) HTML bytes']:,} bytes | | |")
    for path, page in pages.items():
        note = f" (error: {page['error']})" if page["error"] else ""
        rows.append(f"| page script {path} (`{page['file']}`){note} | {page['wall ms']:.0f} ms "
                    f"({page['CPU ms']:.0f} ms) | < {PAGE_TARGET_MS} ms | "
                    f"{met(page['wall ms'], PAGE_TARGET_MS, page['CPU ms'])} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke check)")
    parser.add_argument("--runs", type=int, default=50, help="fragment runs (default 50)")
    parser.add_argument("--page-runs", type=int, default=5, help="runs per page (default 5)")
    args = parser.parse_args()
    runs, page_runs = (10, 2) if args.quick else (args.runs, args.page_runs)

    load_start = os.getloadavg()
    net = netcore.load_default()
    fragment = bench_fragment(net, runs)
    everything = bench_all_connections(net, max(3, runs // 5))
    pages = bench_pages(page_runs)
    report = table(fragment, everything, pages)
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / ("pages-quick.json" if args.quick else "pages.json")
    out.write_text(json.dumps({
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": len(os.sched_getaffinity(0)),
                    "load average at start": load_start, "load average at end": os.getloadavg()},
        "runs": {"fragment": runs, "pages": page_runs},
        "targets ms": {"fragment": FRAGMENT_TARGET_MS, "page": PAGE_TARGET_MS},
        "fragment ms (median per stage)": fragment, "all connections": everything,
        "pages": pages, "table": report}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
