#!/usr/bin/env python
"""/inside: the server's work on each stroke (tracing your digit), and the once-per-network statistics.

    python bench/bench_inside.py            # about half a minute
    python bench/bench_inside.py --quick    # fewer repeats, a smoke check

Per stroke, on the shipped network and 280x280 RGBA canvas images (MNIST test digits
blown up as the canvas sends them), median of --runs strokes:

* baseline: what every lesson's canvas does with a stroke before the page's own
  content, `ui.state.make_digit` (the preprocessing, with its pictures) and the
  forward pass for the guess;
* /inside's trace: `ui.lessons.inside.trace` of the guess (its z split among the
  pixels), of a second-layer neuron, and of the guess minus another output, each with
  its two figures built and serialised to JSON as st.plotly_chart does.

Once per network: `netcore.neuron_stats.hidden_layer_stats` on the 10,000 test digits
(what the page caches), cold, median of a few runs.
Wall and CPU time both, since the machine may be shared (bench/README.md); the trace
is also given as a ratio to the baseline measured in the same run.
Prints a Markdown table and writes bench/out/inside.json. Exit status 0 even if the
goal (per-stroke trace well under 50 ms) is missed: this is a measurement.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import numpy as np  # noqa: E402

import netcore  # noqa: E402
from netcore import neuron_stats  # noqa: E402
from bench_pages import median_stages, serialise  # noqa: E402
from ui import images, state  # noqa: E402
from ui.lessons import inside  # noqa: E402

STROKE_TARGET_MS = 50
OUT = ROOT / "bench" / "out"


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    """(wall ms, CPU ms) since start."""
    wall, cpu = clocks()
    return (wall - start[0]) * 1e3, (cpu - start[1]) * 1e3


def stroke_once(net, image, palette) -> dict:
    """One stroke: {stage: (wall ms, CPU ms)}."""
    stages = {}
    start = clocks()
    digit = state.make_digit(image, source="drawing")
    guess = int(np.argmax(net.feedforward(digit.x)))
    stages["baseline: canvas image -> digit and guess"] = since(start)
    for name, (layer, neuron, against) in {
            "trace the guess": (len(net.sizes) - 1, guess, None),
            "trace hidden layer 2, neuron 5": (2, 5, None),
            "trace the guess minus another output": (len(net.sizes) - 1, guess, (guess + 1) % 10),
    }.items():
        start = clocks()   # what a visit draws: the two pictures, as PNG bytes
        traced = inside.trace(net, digit.x, layer, neuron, against)
        for picture in inside.trace_pictures(digit.x, traced, palette):
            images.png(picture)
        inside.check_sentence(traced)
        stages[name + " (+ pictures, PNG)"] = since(start)
        start = clocks()   # with the interactive charts switched on
        traced = inside.trace(net, digit.x, layer, neuron, against)
        for fig in inside.trace_figures(digit.x, traced, palette):
            serialise(fig)
        stages[name + " (+ charts, JSON)"] = since(start)
    return stages


def bench_strokes(net, runs: int) -> dict:
    return median_stages(stroke_once, net, runs, nth=2)


def bench_statistics(net, runs: int) -> dict:
    data = netcore.load_mnist()
    walls, cpus = [], []
    for _ in range(runs):
        start = clocks()
        neuron_stats.hidden_layer_stats(net, data.test_images, data.test_labels, top=inside.N_TOP)
        wall, cpu = since(start)
        walls.append(wall / 1e3)
        cpus.append(cpu / 1e3)
    return {"wall s": statistics.median(walls), "CPU s": statistics.median(cpus)}


def table(strokes: dict, stats: dict) -> str:
    base = next(v for k, v in strokes.items() if k.startswith("baseline"))
    rows = ["| Per stroke (median) | wall ms (CPU ms) | x baseline (wall) | Goal |",
            "|---|---|---|---|"]
    for stage, ms in strokes.items():
        ratio = "1.00" if ms is base else f"{ms['wall ms'] / base['wall ms']:.2f}"
        goal = "" if ms is base else (f"< {STROKE_TARGET_MS} ms: "
                                      + ("met" if ms["wall ms"] < STROKE_TARGET_MS else "NOT met"))
        rows.append(f"| {stage} | {ms['wall ms']:.2f} ({ms['CPU ms']:.2f}) | {ratio} | {goal} |")
    rows.append(f"| **once per network**: hidden-layer statistics on 10,000 test digits | "
                f"{stats['wall s']:.3f} s ({stats['CPU s']:.3f} s) | | cached |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke check)")
    parser.add_argument("--runs", type=int, default=100, help="strokes (default 100)")
    args = parser.parse_args()
    runs, stat_runs = (10, 1) if args.quick else (args.runs, 5)
    load_start = os.getloadavg()
    net = netcore.load_default()
    strokes = bench_strokes(net, runs)
    stats = bench_statistics(net, stat_runs)
    report = table(strokes, stats)
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / ("inside-quick.json" if args.quick else "inside.json")
    out.write_text(json.dumps({
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": len(os.sched_getaffinity(0)),
                    "load average at start": load_start, "load average at end": os.getloadavg()},
        "runs": {"strokes": runs, "statistics": stat_runs},
        "per stroke ms (median)": strokes, "statistics s (median)": stats, "table": report},
        indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
