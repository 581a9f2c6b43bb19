#!/usr/bin/env python
"""Retraining the 784-16-16-10 default on training digits redrawn like bench_drawn's sets.

    python bench/search_redrawn.py                        # the search's best recipe, seed 0
    python bench/search_redrawn.py --seed 1 --augment 0.35 --epochs 120 --redrawn 0.2

The search that came first: it scores each variant on bench_drawn.py's own
evaluation sets, so it can say what helps but cannot choose the shipped seed
(that would be choosing on the test set); bench/choose_default.py chose the
shipped recipe and seed on held-out training digits instead.

Issue 12 §3's idea, measured: every MNIST *training* digit (never a test digit) is
traced to its centre line and drawn again with a round pen of a random width from
8 to 36 px at a random size from 93 to 266 px on the 280 px canvas (the same
drawing code as bench/drawn_sets.py's evaluation sets), then read back by the
app's `to_mnist` (pen step included), so the network trains on what a drawing
becomes. Each epoch shows each digit, with chance --redrawn, as one of these
copies (netcore.TrainConfig.redrawn), else as itself or (with --augment) a
distorted copy; everything else is the shipped recipe.

The copies take about 15 minutes per three of each digit on one core and are
cached under /tmp (--cache), in chunks of 10,000 digits, seeded per chunk
(--copy-seeds: each seed makes three copies of every digit). The evaluation sets
are bench_drawn.py's own (same seeds, 1,000 redrawn test digits), cached too. The
network is not written anywhere unless --out is given. Prints one line of figures
and appends it, with the settings, to bench/out/search_redrawn.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import numpy as np  # noqa: E402

import bench_drawn  # noqa: E402
import drawn_sets  # noqa: E402
import netcore  # noqa: E402
from netcore import redraw  # noqa: E402
from netcore.default import DEFAULT_RECIPE  # noqa: E402
from netcore.mnist import pixel_bytes  # noqa: E402
from netcore.preprocess import to_mnist  # noqa: E402
from netcore.redraw import REDRAWN_SEEDS  # noqa: E402
from netcore.cli import make_config  # noqa: E402

def redrawn_copies(images, seeds, cache: Path) -> np.ndarray:
    """(3 * len(seeds), 60000, 784) uint8, from the cache or made (and cached): the same
    copies as netcore.redraw.redrawn_copies(images, seeds)."""
    parts = []
    for seed in seeds:
        chunks = []
        for start in range(0, len(images), redraw.CHUNK):
            path = cache / f"train_{seed}_{start:05d}.npy"
            if not path.exists():
                t = time.perf_counter()
                np.save(path, redraw.redrawn_chunk(images[start:start + redraw.CHUNK], start, (seed,)))
                print(f"made {path} in {time.perf_counter() - t:.0f} s", flush=True)
            chunks.append(np.load(path))
        parts.append(np.concatenate(chunks, axis=1))
    return np.concatenate(parts)


def evaluation_sets(data, cache: Path) -> dict:
    """bench_drawn.py's sets (1,000 redrawn test digits) as network inputs, with the pen step."""
    path = cache / "evaluation.npz"
    if not path.exists():
        sets, pick, _ = bench_drawn.build_sets(data, 1000)
        arrays = {"pick": pick}
        for i, (name, (pictures, labels)) in enumerate(sets.items()):
            arrays[f"x{i}"] = np.stack([to_mnist(p) for p in pictures])
            arrays[f"y{i}"] = labels
        np.savez_compressed(path, names=np.array(list(sets)), **arrays)
    stored = np.load(path)
    return {"pick": stored["pick"],
            **{str(name): (stored[f"x{i}"], stored[f"y{i}"]) for i, name in enumerate(stored["names"])}}


def figures(net, data, sets: dict) -> dict:
    pick = sets["pick"]
    out = {"MNIST test": net.accuracy(data.test_images, data.test_labels),
           "the 1,000 as they are": net.accuracy(data.test_images[pick], data.test_labels[pick])}
    out.update({name: net.accuracy(*xy) for name, xy in sets.items() if name != "pick"})
    pens = [out[f"MNIST test, redrawn, {pen}"] for pen in drawn_sets.PENS]
    out["redrawn, average of the three pens"] = float(np.mean(pens))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redrawn", type=float, default=0.5, help="chance of a redrawn copy")
    parser.add_argument("--augment", type=float, default=0.0, help="chance of a distorted copy")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--weight-decay", type=float, default=DEFAULT_RECIPE["weight_decay"])
    parser.add_argument("--learning-rate", type=float, default=DEFAULT_RECIPE["learning_rate"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copy-seeds", default=",".join(map(str, REDRAWN_SEEDS)), help="each makes 3 copies of every digit")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/search-redrawn"))
    parser.add_argument("--out", type=Path, help="write the network here")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    data = netcore.load_mnist()
    sets = evaluation_sets(data, args.cache)
    copies = None
    if args.redrawn:
        copies = redrawn_copies(data.train_images, [int(s) for s in args.copy_seeds.split(",")],
                                args.cache)
    recipe = {**DEFAULT_RECIPE, "epochs": args.epochs, "augment": args.augment, "seed": args.seed,
              "weight_decay": args.weight_decay, "learning_rate": args.learning_rate}
    config = make_config({**recipe, "redrawn": args.redrawn})
    net = netcore.Network(recipe["sizes"], recipe["activation"], seed=args.seed)
    start = time.perf_counter()
    netcore.train(net, pixel_bytes(data.train_images), data.train_labels, config, redrawn=copies)
    seconds = time.perf_counter() - start
    result = figures(net, data, sets)
    print(f"{seconds:.0f} s of training; " + "; ".join(f"{k} {v:.2%}" for k, v in result.items()))
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "search_redrawn.jsonl", "a") as f:
        f.write(json.dumps({"settings": {k: str(v) for k, v in vars(args).items()},
                            "training_seconds": seconds, **result}) + "\n")
    if args.out:
        netcore.save_network(net, args.out, {"search_redrawn": {k: str(v) for k, v in vars(args).items()}})


if __name__ == "__main__":
    main()
