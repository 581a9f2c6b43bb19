#!/usr/bin/env python
"""/learning's "Teach it your digit": the server time of one teaching, on one core.

    python bench/bench_teach.py            # 40 misread test digits at each learning rate
    python bench/bench_teach.py --quick    # 8 of them: a smoke check

What one press of "Teach it" costs the server beyond the page's own rerun (the code
path of ui.lessons.learning.teach.teach_digit without Streamlit): copy the network in
use, netcore.training.teaching.teach (20 steps of 8 copies of the digit + 32 MNIST
training digits), freeze the copy, and score it on the 10,000 test digits. Timed
side by side, in alternation, with the baseline: scoring the shipped network once on
the test digits (what every learner's first visit to /learning does). Medians and the
ratio to the baseline, wall and CPU time; the machine may be shared, so read ratios.
Also the figures behind the page's choices: how many of the misread digits are read
right after teaching, and the test accuracy after, per learning rate.
Goal: a teaching (teach + score) in well under a second of server time.
Writes bench/out/teach.json. Exit status 0 even if the goal is missed.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"   # one core for BLAS, as the server runs

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import netcore  # noqa: E402
from netcore.training.teaching import TeachConfig, teach  # noqa: E402

RATES = (0.03, 0.1, 0.3, 1.0)   # the page's choices (ui.lessons.learning.teach.RATES)


def timed(f):
    wall, cpu = time.perf_counter(), time.process_time()
    value = f()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    n_digits = 8 if args.quick else 40
    data, default = netcore.load_mnist(), netcore.load_default()
    images, labels = data.test_images, data.test_labels
    misread = np.flatnonzero(default.predict(images) != labels)[:n_digits]
    results = {}
    for rate in RATES:
        config = replace(TeachConfig(), learning_rate=rate)
        rows = {"teach": [], "score": [], "baseline": [], "teach_cpu": [], "score_cpu": [],
                "baseline_cpu": []}
        read_right, accuracy = 0, []
        for index in misread:
            def one_teaching():
                net = default.copy()
                teach(net, images[index], int(labels[index]), data.train_images,
                      data.train_labels, config)
                return net.freeze()
            net, wall, cpu = timed(one_teaching)
            rows["teach"].append(wall), rows["teach_cpu"].append(cpu)
            guesses, wall, cpu = timed(lambda: net.predict(images))
            rows["score"].append(wall), rows["score_cpu"].append(cpu)
            _, wall, cpu = timed(lambda: default.predict(images))   # the baseline, in turn
            rows["baseline"].append(wall), rows["baseline_cpu"].append(cpu)
            read_right += int(net.predict(images[index]) == labels[index])
            accuracy.append(float(np.mean(guesses == labels)))
        med = {k: statistics.median(v) * 1000 for k, v in rows.items()}
        results[rate] = {
            "digits": len(misread), "read_right_after": read_right,
            "test_accuracy_before": default.accuracy(images, labels),
            "test_accuracy_after_median": statistics.median(accuracy),
            "test_accuracy_after_min": min(accuracy),
            "ms_median": med,
            "teaching_over_baseline": (med["teach"] + med["score"]) / med["baseline"],
        }
    print(f"{'rate':>5} {'read right':>11} {'test acc after (median, min)':>30} "
          f"{'teach ms':>9} {'score ms':>9} {'baseline ms':>12} {'(teach+score)/baseline':>23}")
    for rate, r in results.items():
        m = r["ms_median"]
        print(f"{rate:>5g} {r['read_right_after']:>5} of {r['digits']:<3} "
              f"{r['test_accuracy_after_median']:>20.2%}, {r['test_accuracy_after_min']:.2%} "
              f"{m['teach']:>9.1f} {m['score']:>9.1f} {m['baseline']:>12.1f} "
              f"{r['teaching_over_baseline']:>23.2f}")
    print(f"test accuracy before: {results[RATES[0]]['test_accuracy_before']:.2%}; "
          f"load average {os.getloadavg()[0]:.1f}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / ("teach-quick.json" if args.quick else "teach.json")).write_text(
        json.dumps({"load_average": os.getloadavg(), "rates": results}, indent=1))


if __name__ == "__main__":
    main()
