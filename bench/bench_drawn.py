#!/usr/bin/env python
"""Drawn digits and other writers' digits: the default network before and after issue 12 §3.

    python bench/bench_drawn.py                 # about 3 minutes (more on a busy machine)
    python bench/bench_drawn.py --n 200         # fewer redrawn MNIST digits: a smoke check
    python bench/bench_drawn.py --before REV    # another commit's data/default-network.npz

Builds its evaluation sets itself (bench/drawn_sets.py), every one with a fixed
seed, none from MNIST's training images:

* MNIST test digits redrawn as canvas strokes: N test digits (1,000 unless
  --n) traced to their centre line and drawn again with a round pen of 10, 22
  (the app's) and 34 pixels at a random size from a third of the 280-pixel box
  to nearly all of it (93 to 266 px);
* scikit-learn's UCI digits (1,797 8 x 8 digits by 43 other writers): enlarged
  onto the canvas, and traced and redrawn with the app's pen;
* the machine's TrueType fonts (fc-list; 10 digits x 3 slants each): printed,
  and traced and redrawn with the app's pen.

Every picture goes through the app's own `netcore.preprocess.to_mnist`, once
with the pen step (to MNIST's range of widths, the app's path now) and once without
(`pen=None`, the path before). Each set is read by the default network
before (from git, --before, default: the commit before issue 12 §3) and the
one in data/ now, in the same run, so the four combinations stand side by
side; "before" is the old network on the old path, "after" the new network on
the new path. The MNIST test images themselves are read directly.

Writes bench/out/drawn.md and bench/out/drawn.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import numpy as np  # noqa: E402

import drawn_sets  # noqa: E402
import netcore  # noqa: E402
from netcore.default import DEFAULT_PATH  # noqa: E402
from netcore.preprocess import to_mnist  # noqa: E402
from netcore.stroke import MNIST_RANGE  # noqa: E402

OUT = ROOT / "bench" / "out"
BEFORE = "b3d0834"   # the last commit with the default network trained before issue 12 §3
MNIST_SEED = 12
OTHER_SETS = (("UCI 8 x 8 digits, enlarged", drawn_sets.uci_enlarged, 13),
              ("UCI 8 x 8 digits, redrawn with the app's pen", drawn_sets.uci_redrawn, 14),
              ("fonts, printed", drawn_sets.fonts_printed, 15),
              ("fonts, redrawn with the app's pen", drawn_sets.fonts_redrawn, 16))


def network_at(rev: str) -> netcore.Network:
    """data/default-network.npz as committed at `rev`."""
    blob = subprocess.run(["git", "show", f"{rev}:data/{DEFAULT_PATH.name}"], cwd=ROOT,
                          capture_output=True, check=True).stdout
    with tempfile.NamedTemporaryFile(suffix=".npz") as f:
        f.write(blob)
        f.flush()
        return netcore.load_network(f.name, max_bytes=None)[0]


def ink_side(picture: np.ndarray) -> int:
    rows, cols = np.flatnonzero(picture.any(1)), np.flatnonzero(picture.any(0))
    return int(max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1)


def build_sets(data, n: int) -> dict:
    """{set name: (pictures, labels)} and, for the redrawn MNIST digits, the digits picked."""
    sets, timing = {}, {}
    start = time.perf_counter()
    redrawn, pick = drawn_sets.mnist_redrawn(data.test_images, data.test_labels, n, MNIST_SEED)
    for pen, (pictures, labels) in redrawn.items():
        sets[f"MNIST test, redrawn, {pen}"] = (pictures, labels)
    every = [np.concatenate(parts) for parts in zip(*redrawn.values())]
    sides = np.array([ink_side(p) for p in every[0]])
    small, large = sides < 150, sides >= 210
    sets["MNIST test, redrawn, all pens, drawn small (< 150 px)"] = (every[0][small], every[1][small])
    sets["MNIST test, redrawn, all pens, drawn large (>= 210 px)"] = (every[0][large], every[1][large])
    timing["mnist"] = time.perf_counter() - start
    for name, build, seed in OTHER_SETS:
        start = time.perf_counter()
        sets[name] = build(seed)
        timing[name] = time.perf_counter() - start
    return sets, pick, timing


def inputs(pictures: np.ndarray, pen: float | None) -> np.ndarray:
    return np.stack([to_mnist(p, pen=pen) for p in pictures])


def evaluate(nets: dict, sets: dict, data, pick) -> list[dict]:
    rows = [{"set": "MNIST test, as they are", "n": len(data.test_labels),
             **{f"{net} net": nets[net].accuracy(data.test_images, data.test_labels)
                for net in nets}},
            {"set": "MNIST test, the redrawn digits as they are", "n": len(pick),
             **{f"{net} net": nets[net].accuracy(data.test_images[pick], data.test_labels[pick])
                for net in nets}}]
    for name, (pictures, labels) in sets.items():
        row = {"set": name, "n": len(labels)}
        for pen, path in ((None, "as drawn"), (MNIST_RANGE, "MNIST pen")):
            x = inputs(pictures, pen)
            for net in nets:
                row[f"{net} net, {path}"] = nets[net].accuracy(x, labels)
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| set | n | before: old net, strokes as drawn | old net, MNIST pen | "
             "new net, as drawn | after: new net, MNIST pen |", "|---|---|---|---|---|---|"]
    for r in rows:
        if "old net" in r:   # read directly, no drawing
            cells = [f"{r['old net']:.2%}", "", "", f"{r['new net']:.2%}"]
        else:
            cells = [f"{r[k]:.2%}" for k in ("old net, as drawn", "old net, MNIST pen",
                                             "new net, as drawn", "new net, MNIST pen")]
        lines.append(f"| {r['set']} | {r['n']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="MNIST test digits to redraw")
    parser.add_argument("--before", default=BEFORE, help="commit of the network to compare")
    parser.add_argument("--after", type=Path, default=DEFAULT_PATH,
                        help="weight file of the new network (default: the one in data/)")
    args = parser.parse_args()
    load_start = os.getloadavg()
    data = netcore.load_mnist()
    nets = {"old": network_at(args.before), "new": netcore.load_network(args.after, max_bytes=None)[0]}
    sets, pick, timing = build_sets(data, args.n)
    start = time.perf_counter()
    rows = evaluate(nets, sets, data, pick)
    timing["preprocessing and reading"] = time.perf_counter() - start
    report = (f"Drawn digits, {datetime.date.today()}: old net = data/{DEFAULT_PATH.name} at "
              f"{args.before}, new net = {args.after}.\n\n" + table(rows))
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "drawn.md").write_text(report + "\n")
    (OUT / "drawn.json").write_text(json.dumps({
        "date": str(datetime.datetime.now()), "before": args.before, "rows": rows,
        "seconds": timing, "load average": [load_start, os.getloadavg()],
        "machine": platform.platform(), "fonts": [str(p) for p in drawn_sets.font_files()],
    }, indent=2))
    print(f"\nwritten to bench/out/drawn.md and bench/out/drawn.json ({timing})")


if __name__ == "__main__":
    main()
