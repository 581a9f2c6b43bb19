"""`python -m netcore.training`: train a network on MNIST from the terminal.

    python -m netcore.training                   # the default recipe (redraws first: minutes)
    python -m netcore.training --epochs 5 --no-augment --no-redrawn --out my-net.npz   # seconds
    python -m netcore.training --default         # remakes data/default-network.npz

Every option not given comes from `netcore.default.DEFAULT_RECIPE`. A progress
bar shows each epoch; the end reports the test accuracy. Printing happens only
here: netcore.train (the function) reports through its callback.

The same seed on the same machine gives the same weights, bit for bit, as long
as NumPy's BLAS uses as many threads: the shipped file was made with
OPENBLAS_NUM_THREADS=1 (recorded in its metadata), which is also no slower
for a network this small. `python -m netcore.training` sets it to 1 when it is
not set (netcore/training/__main__.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from netcore.default import DEFAULT_PATH, DEFAULT_RECIPE, SEED_NOTE
from netcore.network import ACTIVATIONS, Network, check_sizes
from netcore.redraw import PER_SEED, redrawn_copies
from netcore.training import Progress, TrainConfig, pooled_figures, train

RECIPE_OPTIONS = ("sizes", "activation", "epochs", "batch_size", "learning_rate", "optimizer",
                  "weight_decay", "seed", "augment", "redrawn", "train_on")
CANVAS = 280                 # the app's drawing canvas, in pixels
CANVAS_SIZES = (120, 260)    # redrawn digits' sides (the whole 28x28 picture), in pixels


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of whole "
                                         "numbers, e.g. 784,16,16,10") from None
    try:
        return check_sizes(sizes)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def build_parser() -> argparse.ArgumentParser:
    r = DEFAULT_RECIPE
    p = argparse.ArgumentParser(
        prog="python -m netcore.training",
        description="Train a network on the MNIST training images (the shipped recipe leaves "
                    "the last 5,000 out) and report its accuracy on the 10,000 test images. "
                    "Options not given follow the shipped default's recipe (netcore/default.py).")
    p.add_argument("--sizes", type=_sizes, metavar="N,N,...",
                   help=f"neurons per layer, 784 first and 10 last (default "
                        f"{','.join(map(str, r['sizes']))})")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS),
                   help=f"hidden layers' activation; the outputs are always sigmoids "
                        f"(default {r['activation']})")
    p.add_argument("--epochs", type=int, help=f"passes over the training set (default {r['epochs']})")
    p.add_argument("--batch-size", type=int, help=f"images per step (default {r['batch_size']})")
    p.add_argument("--learning-rate", type=float,
                   help=f"step size at the start, annealed to 0 (default {r['learning_rate']})")
    p.add_argument("--optimizer", choices=("adam", "sgd"), help=f"(default {r['optimizer']})")
    p.add_argument("--weight-decay", type=float,
                   help=f"AdamW-style pull of the weights toward 0 (default {r['weight_decay']})")
    p.add_argument("--seed", type=int,
                   help=f"seeds the starting weights, shuffling and distortions (default {r['seed']})")
    p.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                   help=f"also train on randomly distorted digits: each epoch shows "
                        f"{r['augment'] * 100:g}%% of the images distorted (default: on)")
    p.add_argument("--redrawn", action=argparse.BooleanOptionalAction, default=None,
                   help=f"also train on copies of the training digits traced and drawn again "
                        f"with other pens at other sizes (netcore.redraw), made first: about "
                        f"2 ms a copy on one core, {len(r['redrawn_seeds']) * PER_SEED} copies "
                        f"of each digit (default: {'on' if r['redrawn'] else 'off'})")
    p.add_argument("--train-on", type=int, metavar="N",
                   help=f"train on the first N of the 60,000 training digits (default "
                        f"{r.get('train_on', 60_000):,}; the rest are reported as held out)")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="processes making the redrawn copies (default: one per CPU; the "
                        "copies are the same whatever N)")
    p.add_argument("--out", type=Path, metavar="PATH",
                   help="write the trained network here (without it nothing is written, "
                        "except with --default)")
    p.add_argument("--default", action="store_true",
                   help=f"train exactly the shipped default's recipe and write it to "
                        f"{DEFAULT_PATH.relative_to(DEFAULT_PATH.parent.parent)} (or to --out)")
    return p


def recipe_from_args(args: argparse.Namespace) -> dict:
    """DEFAULT_RECIPE with the options given on the command line put in."""
    recipe = dict(DEFAULT_RECIPE)
    for name in RECIPE_OPTIONS:
        value = getattr(args, name)
        if value is None:
            continue
        if name == "augment":
            value = DEFAULT_RECIPE["augment"] if value else 0.0
        if name == "redrawn":
            value = DEFAULT_RECIPE["redrawn"] if value else 0.0
        recipe[name] = value
    return recipe


def make_config(recipe: dict) -> TrainConfig:
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in recipe.items() if k in fields})


def recipe_for_metadata(recipe: dict) -> dict:
    """The recipe as plain JSON values (the Distortion as a dict)."""
    out = {}
    for k, v in recipe.items():
        if dataclasses.is_dataclass(v):
            v = dataclasses.asdict(v)
        elif isinstance(v, tuple):
            v = list(v)
        out[k] = v
    if not out.get("augment"):
        out.pop("augment_copies", None)
        out.pop("distortion", None)
    if not out.get("redrawn"):
        out.pop("redrawn", None)
        out.pop("redrawn_seeds", None)
    return out


class ProgressBar:
    """Draws `epoch 3/60 [######----] loss .. train ..% test ..% 12.3s` as training goes.

    On a terminal the current epoch's bar is redrawn in place (at most 10 times
    a second), with the loss and accuracy averaged over the epoch so far; each
    finished epoch leaves one line, with the test accuracy. Elsewhere only those lines.
    """

    def __init__(self, stream=None, width: int = 24):
        self.stream = stream or sys.stdout
        self.width = width
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = -1.0
        self._sums = [0.0, 0.0, 0]   # loss and accuracy summed over the epoch's images so far
        self._unread: list[Progress] = []   # batches since the last redraw

    def __call__(self, p: Progress) -> None:
        if p.kind == "batch":
            if not self.live:
                return
            if p.batch == 1:
                self._sums, self._unread = [0.0, 0.0, 0], []
            self._unread.append(p)
            if p.elapsed - self._last < 0.1:
                return
            self._last = p.elapsed
            loss, accuracy, n = pooled_figures(self._unread)   # the batches since the last redraw
            self._unread = []
            self._sums = [self._sums[0] + loss * n, self._sums[1] + accuracy * n, self._sums[2] + n]
            loss, accuracy = self._sums[0] / self._sums[2], self._sums[1] / self._sums[2]
        else:
            loss, accuracy = p.loss, p.accuracy
        filled = round(self.width * p.batch / p.n_batches)
        digits = len(str(p.total_epochs))
        line = (f"epoch {p.epoch:>{digits}}/{p.total_epochs} [{'#' * filled:-<{self.width}}] "
                f"loss {loss:.4f}  train {accuracy:6.2%}")
        if p.kind == "epoch" and p.test_accuracy is not None:
            line += f"  test {p.test_accuracy:6.2%}"
        line += f"  {p.elapsed:5.1f}s"
        if p.kind == "epoch":
            self.stream.write("\r" + line + "\x1b[K\n" if self.live else line + "\n")
        else:
            self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()


def redraw_on_canvas(digit, rng: np.random.Generator, canvas: int = CANVAS,
                     sizes: tuple[int, int] = CANVAS_SIZES) -> np.ndarray:
    """A 28x28 digit (784,) in [0, 1] blown up (bilinear) to a random size in `sizes`
    and put at a random place on a black canvas x canvas RGBA picture (uint8):
    white, with alpha = ink, like the app's drawing canvas."""
    from PIL import Image

    from netcore.preprocess import resized

    side = int(rng.integers(sizes[0], sizes[1] + 1))
    big = resized(np.reshape(digit, (28, 28)), (side, side), Image.Resampling.BILINEAR)
    top, left = (int(v) for v in rng.integers(0, canvas - side + 1, 2))
    rgba = np.zeros((canvas, canvas, 4), np.uint8)
    rgba[..., :3] = 255
    rgba[top:top + side, left:left + side, 3] = np.rint(big * 255)
    return rgba


def canvas_check(net: Network, images, labels, n: int = 2000, seed: int = 0) -> dict:
    """Accuracy on `n` test digits redrawn on the canvas and read back by preprocess.to_mnist,
    next to the accuracy on the same digits as they are."""
    from netcore.preprocess import to_mnist

    rng = np.random.default_rng(seed)
    pick = rng.choice(len(images), size=min(n, len(images)), replace=False)
    redrawn = np.stack([to_mnist(redraw_on_canvas(images[i], rng)) for i in pick])
    labels = np.asarray(labels)[pick]
    return {"n_digits": len(pick), "seed": seed, "canvas_px": CANVAS, "digit_px": list(CANVAS_SIZES),
            "direct_accuracy": net.accuracy(np.asarray(images)[pick], labels),
            "redrawn_accuracy": net.accuracy(redrawn, labels)}


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    given = [f"--{name.replace('_', '-')}" for name in RECIPE_OPTIONS if getattr(args, name) is not None]
    if args.train_on is not None and not 1 <= args.train_on <= 60_000:
        parser.error(f"--train-on must be from 1 to 60000, got {args.train_on}")
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, got {args.jobs}")
    if args.default and given:
        parser.error(f"--default trains exactly the shipped recipe; leave out {', '.join(given)}")
    recipe = recipe_from_args(args)
    sizes = recipe["sizes"]
    if sizes[0] != 784 or sizes[-1] != 10:
        parser.error(f"MNIST needs 784 inputs and 10 outputs, got --sizes {','.join(map(str, sizes))}")
    try:
        config = make_config(recipe).check(recipe.get("train_on", 60_000))
    except ValueError as e:
        parser.error(str(e))
    out = args.out if args.out is not None else (DEFAULT_PATH if args.default else None)

    from netcore.mnist import load_mnist, pixel_bytes

    wall_start = time.perf_counter()
    data = load_mnist()
    n_train = recipe.get("train_on", len(data.train_labels))
    images, labels = pixel_bytes(data.train_images[:n_train]), data.train_labels[:n_train]
    held_out = len(data.train_labels) - n_train
    copies, redrawing_seconds = None, 0.0
    if config.redrawn:
        seeds = recipe["redrawn_seeds"]
        print(f"Redrawing each of the {n_train:,} training digits {PER_SEED * len(seeds)} times "
              f"(traced, drawn with another pen at another size, read back by to_mnist) on "
              f"{args.jobs or os.cpu_count()} processes: minutes...", flush=True)
        start = time.perf_counter()
        copies = redrawn_copies(data.train_images[:n_train], seeds, jobs=args.jobs)
        redrawing_seconds = time.perf_counter() - start
        print(f"Made {copies.shape[0] * n_train:,} copies in {redrawing_seconds:.0f} s.", flush=True)
    net = Network(sizes, recipe["activation"], seed=recipe["seed"])
    print(f"Training {net} on {n_train:,} MNIST images"
          + (f" (the last {held_out:,} left out)" if held_out else "")
          + f": {config.epochs} epochs of batches of {config.batch_size}, {config.optimizer} "
          f"from learning rate {config.learning_rate:g} ({config.lr_schedule}), weight decay "
          f"{config.weight_decay:g}, " + (f"{config.augment:.0%} distorted each epoch"
                                          if config.augment else "no distortions")
          + (f", {config.redrawn:.0%} redrawn each epoch" if config.redrawn else "")
          + f", seed {recipe['seed']}.", flush=True)
    try:
        history = train(net, images, labels, config,
                        test_images=data.test_images, test_labels=data.test_labels,
                        callback=ProgressBar(), redrawn=copies)
    except KeyboardInterrupt:
        print("\nInterrupted: nothing written.", file=sys.stderr)
        return 130
    if history.status == "diverged":
        print(f"\nThe loss blew up in epoch {len(history.epoch_loss) + 1}: training diverged "
              "(try a smaller --learning-rate). Nothing written.", file=sys.stderr)
        return 1
    seconds = history.elapsed[-1]
    accuracy = history.test_accuracy[-1]
    print(f"Test accuracy: {accuracy:.2%} ({round(accuracy * len(data.test_labels)):,} of "
          f"{len(data.test_labels):,}); training took {seconds:.1f} s "
          f"({time.perf_counter() - wall_start:.1f} s with loading MNIST).")
    if out is None:
        return 0
    check = canvas_check(net, data.test_images, data.test_labels)
    print(f"Redrawn on a {CANVAS}x{CANVAS} canvas and read back by to_mnist: "
          f"{check['redrawn_accuracy']:.2%} of {check['n_digits']:,} test digits "
          f"(as they are: {check['direct_accuracy']:.2%}).")
    metadata = {
        "source": shlex.join(["python", "-m", "netcore.training",
                              *(sys.argv[1:] if argv is None else argv)]),
        "recipe": recipe_for_metadata(recipe),
        "status": history.status,
        "test_accuracy": accuracy,
        "train_accuracy": net.accuracy(data.train_images[:n_train], labels),
        **({"held_out_accuracy": net.accuracy(data.train_images[n_train:], data.train_labels[n_train:])}
           if held_out else {}),
        "canvas_check": check,
        "training_seconds": round(seconds, 2),
        **({"redrawing_seconds": round(redrawing_seconds, 1)} if config.redrawn else {}),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        # Same machine, versions, thread count and seed give the same weights, bit for bit.
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS", "not set"),
    }
    if args.default:
        metadata["seed_note"] = SEED_NOTE
    from netcore.weightfile import save_network

    save_network(net, out, metadata)
    print(f"Wrote {out}")
    return 0
