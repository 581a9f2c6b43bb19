#!/usr/bin/env python
"""/learning's time estimate: stable from one server start to the next, and near the truth.

    python bench/bench_estimate.py           # about a minute
    python bench/bench_estimate.py --quick   # fewer plans and starts: a smoke check

1. Fresh starts. The estimate of the video's network (the page's "video" preset),
   worked out in new Python processes as a server start does, on a quiet process
   and with another Python thread busy in the same process (what other learners'
   scripts are to a server): the one-shot wall-clock timing the page used before
   (`old_machine_speed`, kept here for comparison), against `measure_speed` now.
2. Estimate against the truth: for each preset and a few plans of one's own, the
   estimate next to the seconds the page's own `Run` took (one at a time, one BLAS
   thread), and their ratio; the median and the range of the ratios.
3. The optimizer's update, in multiply-adds per weight and step (UPDATE_MACS in
   ui/lessons/learning/settings.py): measured here so that the constant can be checked.

Writes bench/out/estimate.md and .json. Exit status 0: this is a measurement.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"   # one BLAS thread, as app.py sets for the server

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
logging.getLogger("streamlit").setLevel(logging.ERROR)

import numpy as np  # noqa: E402

import netcore  # noqa: E402
from bench.bench_learning import TimedRun  # noqa: E402
from ui.lessons.learning.settings import (N_DIGITS, N_PIXELS, PRESETS, UPDATE_MACS, Settings,  # noqa: E402
                                  Speed, cpu_seconds, estimate_seconds, measure_speed,
                                  REFERENCE_SPEED)

OUT_DIR = ROOT / "bench" / "out"
OWN_PLANS = {
    "784-32-32-10 adam": Settings(hidden=(32, 32), optimizer="adam", learning_rate=0.01, epochs=3),
    "784-100-10 batch 8": Settings(hidden=(100,), batch_size=8, epochs=1, n_train=20_000),
    "784-256-256-10 batch 128": Settings(hidden=(256, 256), batch_size=128, epochs=2),
    "784-16-10 batch 1": Settings(hidden=(16,), batch_size=1, epochs=1, n_train=5_000),
}


def old_machine_speed() -> Speed:
    """The page's estimate before: one wall-clock timing at start-up (best of 3)."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (2048, N_PIXELS), dtype=np.uint8)
    labels = rng.integers(0, N_DIGITS, 2048)

    def best_time(sizes, n, batch):
        times = []
        for _ in range(3):
            net = netcore.Network(sizes)
            start = time.perf_counter()
            netcore.train(net, images[:n], labels[:n], netcore.TrainConfig(epochs=1, batch_size=batch))
            times.append(time.perf_counter() - start)
        return min(times)

    per_mac = best_time((N_PIXELS, 128, N_DIGITS), 2048, 256) / (
        2048 * 3 * Settings(hidden=(128,)).n_params)
    steps = best_time((N_PIXELS, N_DIGITS), 256, 2)
    per_step = max(steps - 256 * 3 * Settings(hidden=()).n_params * per_mac, 0.0) / 128
    return Speed(per_mac, per_step)


def old_estimate(s: Settings, speed: Speed) -> float:
    per_epoch = (s.n_train * 3 * s.n_params * speed.seconds_per_mac
                 + s.n_batches * (len(s.sizes) - 1) * speed.seconds_per_step
                 + 10_000 * s.n_params * speed.seconds_per_mac)
    return s.epochs * per_epoch


FRESH_START = """
import os, sys, threading, time
sys.path.insert(0, {root!r})
busy = {busy!r}
stop = False
def spin():
    x = 0
    while not stop:
        x += 1
if busy:
    threading.Thread(target=spin, daemon=True).start()
import logging; logging.getLogger("streamlit").setLevel(logging.ERROR)
from bench.bench_estimate import old_machine_speed, old_estimate
from ui.lessons.learning.settings import PRESETS, measure_speed, estimate_seconds
video = PRESETS["video"].settings
t = time.perf_counter(); old = old_estimate(video, old_machine_speed()); t_old = time.perf_counter() - t
t = time.perf_counter(); new = estimate_seconds(video, measure_speed()); t_new = time.perf_counter() - t
stop = True
print(old, new, t_old, t_new)
"""


def fresh_starts(n: int) -> list[dict]:
    rows = []
    for busy in (False, True):
        for _ in range(n):
            out = subprocess.run([sys.executable, "-c", FRESH_START.format(root=str(ROOT), busy=busy)],
                                 capture_output=True, text=True, check=True, cwd=ROOT).stdout
            old, new, t_old, t_new = map(float, out.split())
            rows.append({"busy_thread": busy, "old_estimate": old, "new_estimate": new,
                         "old_measure_s": t_old, "new_measure_s": t_new})
    return rows


def against_the_truth(plans: dict) -> list[dict]:
    data = netcore.load_mnist()
    pixels = netcore.load_mnist(dtype="uint8").train_images
    speed = measure_speed()
    rows = []
    for name, s in plans.items():
        estimate = estimate_seconds(s, speed)
        start = time.perf_counter()
        run = TimedRun(s, data, pixels).start()
        run.wait()
        wall = time.perf_counter() - start
        rows.append({"plan": name, "estimate_s": estimate, "cpu_s": run.cpu, "wall_s": wall,
                     "cpu_ratio": run.cpu / estimate, "wall_ratio": wall / estimate,
                     "status": run.status})
    return rows


def update_macs(speed: Speed) -> dict:
    """Multiply-adds per weight and step that the optimizer's update costs, per optimizer:
    a wide and a narrow network with the same three layers differ per step only by the
    wide one's extra weights to update."""
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (256, N_PIXELS), dtype=np.uint8)
    labels = rng.integers(0, N_DIGITS, 256)
    wide, narrow = Settings(hidden=(256, 256)), Settings(hidden=(16, 16))

    def per_step(plan, optimizer):
        return statistics.median(
            (cpu_seconds(plan, images, labels, 2, optimizer)
             - cpu_seconds(plan, images, labels, 256, optimizer)) / 127 for _ in range(5))

    return {optimizer: (per_step(wide, optimizer) - per_step(narrow, optimizer))
            / ((wide.n_params - narrow.n_params) * speed.seconds_per_mac)
            for optimizer in ("sgd", "adam")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    starts = fresh_starts(2 if args.quick else 3)
    plans = {name: p.settings for name, p in PRESETS.items()}
    if not args.quick:
        plans.update(OWN_PLANS)
    truth = against_the_truth(plans)
    speed = measure_speed()
    updates = update_macs(speed)

    lines = ["# /learning's time estimate", "",
             f"Load average at the end: {os.getloadavg()[0]:.2f}. Speed measured now: {speed}; "
             f"the page uses REFERENCE_SPEED = {REFERENCE_SPEED} (seconds per multiply-add: "
             f"measured / reference = {speed.seconds_per_mac / REFERENCE_SPEED.seconds_per_mac:.2f}; "
             f"update the reference when this machine's figure differs).", "",
             "## The video's network, estimated at fresh starts", "",
             "| start | other Python thread busy | before (one wall-clock timing) | now (CPU-time medians) |",
             "|---|---|---|---|"]
    for i, r in enumerate(starts, 1):
        lines.append(f"| {i} | {'yes' if r['busy_thread'] else 'no'} | {r['old_estimate']:.2f} s "
                     f"| {r['new_estimate']:.2f} s |")
    for label, key in (("before", "old_estimate"), ("now", "new_estimate")):
        values = [r[key] for r in starts]
        lines.append(f"\n{label}: largest / smallest estimate = {max(values) / min(values):.2f}")
    lines += ["", "## Estimate against the page's own Run (one at a time)", "",
              "CPU: the run's thread's CPU seconds (what the estimate models: an unshared core); "
              "wall: start to done, which grows with whatever else the machine runs.", "",
              "| plan | status | estimate | CPU | CPU / estimate | wall | wall / estimate |",
              "|---|---|---|---|---|---|---|"]
    for r in truth:
        lines.append(f"| {r['plan']} | {r['status']} | {r['estimate_s']:.2f} s | {r['cpu_s']:.2f} s "
                     f"| {r['cpu_ratio']:.2f} | {r['wall_s']:.2f} s | {r['wall_ratio']:.2f} |")
    lines.append("")
    for kind in ("cpu", "wall"):   # a run that blows up ends at once: not a test of the estimate
        ratios = [r[f"{kind}_ratio"] for r in truth if r["status"] != "diverged"]
        lines.append(f"- {kind} / estimate over the runs that did not blow up: median "
                     f"{statistics.median(ratios):.2f}, from {min(ratios):.2f} to {max(ratios):.2f}")
    lines += ["",
              "## The optimizer's update, multiply-adds per weight and step", "",
              *(f"- {k}: measured {v:.0f}, UPDATE_MACS has {UPDATE_MACS[k]}" for k, v in updates.items())]
    text = "\n".join(lines) + "\n"
    print(text)
    OUT_DIR.mkdir(exist_ok=True)
    name = "estimate-quick" if args.quick else "estimate"
    (OUT_DIR / f"{name}.md").write_text(text)
    (OUT_DIR / f"{name}.json").write_text(json.dumps(
        {"starts": starts, "truth": truth, "update_macs": updates, "speed": speed.__dict__}, indent=1))


if __name__ == "__main__":
    main()
