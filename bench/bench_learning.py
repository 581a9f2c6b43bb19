#!/usr/bin/env python
"""The /learning page's training against netcore.train on its own, on one core.

    python bench/bench_learning.py            # 7 runs of 2 epochs each, a few minutes
    python bench/bench_learning.py --quick    # 2 runs of each, 1 epoch: a smoke check

Three ways to train the same network on the 60,000 MNIST training images, with
the 10,000 test images scored after every epoch (the page always does that):

* netcore  -- `netcore.train(net, ...)` called directly, no callback.
* page     -- the page's own code path without a browser: `ui.lessons.learning.run.Run`, its
  background thread, its progress callback, the chart bookkeeping (`Curve`), the
  weight snapshots at epoch ends, and the extra scoring of the test images before
  training and at the end; timed from start() until the run says it is done.
* page+ui  -- the same, while another thread does the server-side work of the
  page's polling fragment every 0.5 s: build the learning-curve and weight
  figures from the run and serialise them to JSON (what Streamlit sends).

Seconds per epoch: each run's time divided by its epochs; the median over the
runs, which alternate between the three ways so that load from other work on a
shared machine hits them alike, and the fastest run (the least disturbed by such
load). Goal: page no more than 20% slower than netcore (ratio of the medians).

Then the video's network with the page's own preset ("The video's network",
SGD, learning rate 1, batches of 32, 10 epochs): seconds until the test accuracy
first reaches 95% (it is measured at epoch ends) and the final accuracy.
Goal: 95% in under 10 s.

Writes bench/out/learning.md and bench/out/learning.json (--quick writes
learning-quick.*). Exit status 0 even if a goal is missed: this is a measurement.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"   # one core for BLAS, before numpy is imported

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict, replace  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
logging.getLogger("streamlit").setLevel(logging.ERROR)   # "no runtime" warnings: not a server

import numpy as np  # noqa: E402
import plotly.io  # noqa: E402
import plotly.tools  # noqa: E402

import netcore  # noqa: E402
from netcore.mnist import pixel_bytes  # noqa: E402
from ui import palette  # noqa: E402
from ui.lessons.learning import figs as training_figs, run as training_run  # noqa: E402
from ui.lessons.learning.settings import PRESETS, Settings  # noqa: E402

OUT_DIR = ROOT / "bench" / "out"
GOAL_SLOWDOWN = 1.20
GOAL_SECONDS_TO_95 = 10.0
POLL_SECONDS = 0.5   # the page's fragment: st.fragment(run_every=0.5)


class TimedRun(training_run.Run):
    """The page's Run, also noting the CPU seconds its training thread used."""
    cpu = 0.0

    def _train(self) -> None:
        start = time.thread_time()
        super()._train()
        self.cpu = time.thread_time() - start


def netcore_alone(settings: Settings, data, pixels) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this thread) of netcore.train alone."""
    net = settings.network()
    start, cpu = time.perf_counter(), time.thread_time()
    history = netcore.train(net, pixels[:settings.n_train],
                            data.train_labels[:settings.n_train], settings.config(),
                            test_images=data.test_images, test_labels=data.test_labels)
    seconds, cpu = time.perf_counter() - start, time.thread_time() - cpu
    assert history.status == "finished"
    return seconds, cpu


def page_run(settings: Settings, data, pixels,
             with_ui: bool = False) -> tuple[float, float]:
    """Seconds from starting a ui.lessons.learning.run.Run to its end, so they include what the page adds
    (scoring the random network first, the confusion matrix's guesses at the end), and the
    CPU seconds of its training thread."""
    start = time.perf_counter()
    run = TimedRun(settings, data, pixels).start()
    if with_ui:
        pal = palette.PALETTES["video"]
        while not run.wait(POLL_SECONDS):
            curves = training_figs.learning_curves(run.curve.points, run.curve.tests,
                                                   settings.epochs)
            weights = training_figs.weight_pictures(run.weights_now[1], pal)
            for figure in (curves, weights):   # what st.plotly_chart does with a figure
                plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(figure, True),
                                  validate=False)
    run.wait()
    seconds = time.perf_counter() - start
    assert run.status == "finished", run.error
    return seconds, run.cpu


def time_to_95(data, pixels) -> dict:
    """The video preset from the page: when did the test accuracy first reach 95%?"""
    settings = PRESETS["video"].settings
    wall = time.perf_counter()
    run = training_run.Run(settings, data, pixels).start()
    run.wait()
    wall = time.perf_counter() - wall
    h = run.history   # elapsed and test accuracy at each epoch's end, as the page got them
    epoch_ends = list(zip(range(1, len(h.elapsed) + 1), h.elapsed, h.test_accuracy))
    first = next(((e, t, a) for e, t, a in epoch_ends if a >= 0.95), None)
    return {"settings": asdict(settings), "status": run.status,
            "epoch_ends": [{"epoch": e, "seconds": round(t, 3), "test_accuracy": a}
                           for e, t, a in epoch_ends],
            "seconds_to_95": None if first is None else round(first[1], 3),
            "epoch_reaching_95": None if first is None else first[0],
            "final_test_accuracy": run.evaluation.accuracy,
            "training_seconds": round(run.seconds, 3), "wall_seconds": round(wall, 3)}


def compare(name: str, settings: Settings, data, pixels, repeats: int) -> dict:
    ways = {"netcore": lambda: netcore_alone(settings, data, pixels),
            "page": lambda: page_run(settings, data, pixels),
            "page+ui": lambda: page_run(settings, data, pixels, with_ui=True)}
    per_epoch = {way: [] for way in ways}
    cpu_per_epoch = {way: [] for way in ways}
    for i in range(repeats):
        order = list(ways) if i % 2 == 0 else list(reversed(ways))
        for way in order:
            wall, cpu = ways[way]()
            per_epoch[way].append(wall / settings.epochs)
            cpu_per_epoch[way].append(cpu / settings.epochs)
            print(f"  {name} run {i + 1}/{repeats} {way:8s} {per_epoch[way][-1]:.3f} s/epoch "
                  f"(training thread CPU {cpu_per_epoch[way][-1]:.3f} s)", flush=True)
    cpu = {way: statistics.median(v) for way, v in cpu_per_epoch.items()}
    medians = {way: statistics.median(v) for way, v in per_epoch.items()}
    best = {way: min(v) for way, v in per_epoch.items()}
    return {"settings": asdict(settings), "seconds_per_epoch": per_epoch,
            "median_seconds_per_epoch": medians, "min_seconds_per_epoch": best,
            "cpu_seconds_per_epoch": cpu_per_epoch, "median_cpu_seconds_per_epoch": cpu,
            "page_slowdown": medians["page"] / medians["netcore"],
            "page_ui_slowdown": medians["page+ui"] / medians["netcore"],
            "page_slowdown_of_fastest": best["page"] / best["netcore"],
            "page_ui_slowdown_of_fastest": best["page+ui"] / best["netcore"]}


def markdown(results: dict) -> str:
    lines = ["# /learning: the page's training vs netcore.train alone", "",
             f"{results['date']}, {results['machine']}, one BLAS thread, median of "
             f"{results['repeats']} runs each (interleaved).", "",
             "Seconds per epoch as median (fastest run in brackets); the ratios are of the "
             "medians (of the fastest runs in brackets).", "",
             "| network (preset) | epochs | netcore s/epoch | page s/epoch | page+ui s/epoch "
             "| page / netcore | page+ui / netcore | goal: page / netcore |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in results["comparisons"].items():
        m, b = r["median_seconds_per_epoch"], r["min_seconds_per_epoch"]
        ok = "met" if r["page_slowdown"] <= GOAL_SLOWDOWN else "MISSED"
        cells = [f"{m[way]:.3f} ({b[way]:.3f})" for way in ("netcore", "page", "page+ui")]
        lines.append(f"| {name} | {r['settings']['epochs']} | {' | '.join(cells)} | "
                     f"{r['page_slowdown']:.2f} ({r['page_slowdown_of_fastest']:.2f}) | "
                     f"{r['page_ui_slowdown']:.2f} ({r['page_ui_slowdown_of_fastest']:.2f}) | "
                     f"<= {GOAL_SLOWDOWN:.2f}: {ok} |")
    lines += ["", "CPU seconds per epoch of the training thread (median), which load from other "
              "programs does not inflate: " + "; ".join(
                  f"{name}: netcore {r['median_cpu_seconds_per_epoch']['netcore']:.3f}, page "
                  f"{r['median_cpu_seconds_per_epoch']['page']:.3f}, page+ui "
                  f"{r['median_cpu_seconds_per_epoch']['page+ui']:.3f}"
                  for name, r in results["comparisons"].items()) + "."]
    v = results["video_to_95"]
    reached = (f"{v['seconds_to_95']:.2f} s (after epoch {v['epoch_reaching_95']})"
               if v["seconds_to_95"] is not None else "not reached")
    goal = "met" if v["seconds_to_95"] is not None and v["seconds_to_95"] < GOAL_SECONDS_TO_95 \
        else "MISSED"
    lines += ["", "| the video's network from the page | |", "|---|---|",
              f"| time to 95% test accuracy | {reached}; "
              f"goal < {GOAL_SECONDS_TO_95:.0f} s: {goal} |",
              f"| whole run ({v['settings']['epochs']} epochs) | {v['training_seconds']:.2f} s "
              f"training, {v['wall_seconds']:.2f} s wall |",
              f"| final test accuracy | {v['final_test_accuracy']:.2%} |"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 runs of 1 epoch: a smoke check")
    args = parser.parse_args()
    repeats, epochs = (2, 1) if args.quick else (7, 2)
    data = netcore.load_mnist()
    pixels = pixel_bytes(data.train_images)   # what the page trains on (ui.resources)
    cases = {"784-16-16-10 sigmoid (video)": replace(PRESETS["video"].settings,
                                                      epochs=epochs),
             "784-64-10 ReLU (wider)": replace(PRESETS["wide"].settings, epochs=epochs)}
    results = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
               "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
                          f"{platform.python_version()}, NumPy {np.__version__}",
               "repeats": repeats, "comparisons": {}}
    for name, settings in cases.items():
        print(name, flush=True)
        results["comparisons"][name] = compare(name, settings, data, pixels, repeats)
    print("the video's network, 95% test accuracy", flush=True)
    results["video_to_95"] = time_to_95(data, pixels)
    table = markdown(results)
    print("\n" + table)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stem = "learning-quick" if args.quick else "learning"
    (OUT_DIR / f"{stem}.md").write_text(table)
    (OUT_DIR / f"{stem}.json").write_text(json.dumps(results, indent=2))
    print(f"wrote {OUT_DIR / (stem + '.md')} and {OUT_DIR / (stem + '.json')}")


if __name__ == "__main__":
    main()
