"""What a learner chooses on /learning before training, and how long it would take here.

`Settings` is one plan (layers, activation, optimizer, learning rate, batch size,
epochs, images, seed); `PRESETS` are the plans the page offers, each with a reason.
The time estimate counts a plan's work and multiplies it by a speed measured on this
project's server (REFERENCE_SPEED; `measure_speed` measures it again, for
bench/bench_estimate.py); `problem` refuses a plan that cannot work or would run too long.
Pure Python and NumPy, no Streamlit.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from dataclasses import dataclass

import numpy as np

import netcore
from netcore.network import parameter_count
from ui.i18n import N_, t
from ui.words import duration

N_PIXELS, N_DIGITS = 784, 10
MAX_SECONDS = 120          # longer runs are refused: a learner should not wait minutes
TRAIN_SIZES = [100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]


@dataclass(frozen=True)
class Settings:
    """Everything the learner chooses before training."""
    hidden: tuple[int, ...] = (16, 16)   # hidden layer sizes, 0 to 4 of them
    activation: str = "sigmoid"
    optimizer: str = "sgd"
    learning_rate: float = 1.0
    batch_size: int = 32
    epochs: int = 10
    n_train: int = 60_000                # the first n MNIST training images
    seed: int = 0                        # starting weights and shuffling order

    @property
    def sizes(self) -> tuple[int, ...]:
        return (N_PIXELS, *self.hidden, N_DIGITS)

    @property
    def name(self) -> str:
        return "-".join(map(str, self.sizes))

    @property
    def n_params(self) -> int:
        return parameter_count(self.sizes)

    @property
    def n_batches(self) -> int:
        return math.ceil(self.n_train / self.batch_size)

    def config(self) -> netcore.TrainConfig:
        return netcore.TrainConfig(epochs=self.epochs, batch_size=self.batch_size,
                                   learning_rate=self.learning_rate, optimizer=self.optimizer,
                                   seed=self.seed)

    def network(self) -> netcore.Network:
        """A new network with random starting weights (the same ones for the same seed)."""
        return netcore.Network(self.sizes, self.activation, seed=self.seed)


@dataclass(frozen=True)
class Preset:
    label: str          # marked with N_(), translated where shown
    settings: Settings
    why: str            # likewise


PRESETS = {
    "video": Preset(N_("The video's network: 784-16-16-10"), Settings(),
                    N_("Two hidden layers of 16 sigmoid neurons, as in the video, trained with "
                       "stochastic gradient descent (SGD): plain steps downhill, one small batch "
                       "of images at a time.")),
    "none": Preset(N_("No hidden layer: 784-10"), Settings(hidden=(), epochs=5),
                   N_("Each output neuron looks straight at the pixels: one weight picture per "
                      "digit. Surprisingly good, but with no layer in between it can only weigh "
                      "pixels, not first build pieces such as loops and lines.")),
    "small": Preset(N_("Too small: 784-2-10"), Settings(hidden=(2,), epochs=5),
                    N_("Everything the network knows about a digit must squeeze through 2 "
                       "numbers: it tells some digits apart, but far from all ten.")),
    "fast": Preset(N_("Too high a learning rate: 20"), Settings(learning_rate=20.0, epochs=3),
                   N_("The video's network, but each step is 20 times bigger: it overshoots, the "
                      "neurons get stuck at 0 or 1 and it learns close to nothing.")),
    "blowup": Preset(N_("A learning rate that blows up"), Settings(
                     hidden=(128, 128, 128, 128), activation="relu", learning_rate=10.0,
                     epochs=1, n_train=10_000),
                     N_("Four ReLU layers and a huge step: the numbers grow past what the "
                        "computer can hold, and training has to stop.")),
    "wide": Preset(N_("A wider network: 784-64-10, ReLU"), Settings(
                   hidden=(64,), activation="relu", learning_rate=0.5, epochs=5),
                   N_("One hidden layer of 64 ReLU neurons: many more knobs than the video's "
                      "network, and fewer mistakes.")),
}
CUSTOM = "custom"


# ---- how long will it take? -------------------------------------------------------------
# Estimate = the work a plan counts times this machine's speed. Work, in multiply-adds:
# every training image costs 3 per weight (forward, then backprop's two products), every
# test image 1 (10,000 each epoch, and once before and once after training); every batch
# step costs the optimizer's update of each weight and bias (UPDATE_MACS) plus a fixed
# Python cost per layer of weights and one more (netcore's own bookkeeping), and
# STEP_BOOKKEEPING more (the page's progress callback and chart). Both constants are
# checked by bench/bench_estimate.py.
# The speed is measured in CPU seconds of the measuring thread, not wall-clock seconds:
# wall time counts whatever else the server does meanwhile (other learners' scripts hold
# Python's GIL), which once made the same plan's estimate 36 s, 4 s or 2.6 s by the start.
# It needs one BLAS thread: with more, BLAS's own threads work (and wait) beside this one.

UPDATE_MACS = {"sgd": 35, "adam": 90}   # per weight and step, as multiply-adds
STEP_BOOKKEEPING = 2                     # the page's cost per step, in layers' worth of it
REPEATS = 7                              # pairs of jobs timed; the median is kept


@dataclass(frozen=True)
class Speed:
    seconds_per_mac: float     # one multiply-add inside training (NumPy + BLAS)
    seconds_per_step: float    # a batch step's fixed Python cost, per layer of weights


def cpu_seconds(plan: Settings, images, labels, batch: int, optimizer: str = "sgd") -> float:
    """CPU seconds of this thread for one epoch of netcore.train, called as a Run calls it."""
    net = plan.network()
    start = time.thread_time()
    netcore.train(net, images, labels, netcore.TrainConfig(epochs=1, batch_size=batch,
                                                           optimizer=optimizer),
                  callback=lambda p: None, should_stop=lambda: False)
    return time.thread_time() - start


def measure_speed() -> Speed:
    """This machine's speed, from short jobs of netcore.train itself on made-up pixel bytes.

    Each constant is the median over REPEATS pairs of two jobs that share every other cost
    (the same steps, or the same images), timed back to back after a warm-up, with the
    garbage collector off (as timeit does: in a server full of objects one collection
    costs as much as a job). Assumes one BLAS thread (app.py sets it), whose work this
    thread's CPU clock then counts.
    """
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (2048, N_PIXELS), dtype=np.uint8)
    labels = rng.integers(0, N_DIGITS, 2048)
    wide, narrow = Settings(hidden=(128,)), Settings(hidden=(16, 16))

    def job(plan, n, batch):
        return cpu_seconds(plan, images[:n], labels[:n], batch)

    def median_pair(first, second):
        return statistics.median(job(*first) - job(*second) for _ in range(REPEATS))

    collecting = gc.isenabled()
    gc.disable()
    try:
        job(wide, 256, 128), job(narrow, 256, 2)   # warm-up: allocations, caches
        more_images = median_pair((wide, 2048, 1024), (wide, 256, 128))   # 2 steps each
        more_steps = median_pair((narrow, 256, 2), (narrow, 256, 256))    # 128 steps against 1
    finally:
        if collecting:
            gc.enable()
    per_mac = max(more_images / ((2048 - 256) * 3 * wide.n_params), 1e-13)
    per_step = more_steps / 127 - narrow.n_params * UPDATE_MACS["sgd"] * per_mac
    return Speed(per_mac, max(per_step / len(narrow.sizes), 1e-8))


# The speed the page's estimates use: measure_speed() on this project's machine (2 shared
# cores, AMD EPYC, one BLAS thread), medians of 5 fresh processes on 2026-12-01, which gave
# 1.33 to 1.46 s for the video plan. A constant, not a timing at each server start: even in
# CPU seconds, a start-up timing on a busy server still varied 1.8x from start to start.
# `python bench/bench_estimate.py` measures this machine against it: update it when a
# server's own figure differs (the 120 s limit is also kept on each run's own clock).
REFERENCE_SPEED = Speed(seconds_per_mac=1.47e-11, seconds_per_step=7.9e-6)


def machine_speed() -> Speed:
    """The speed estimates use (REFERENCE_SPEED): the same on every start of the server."""
    return REFERENCE_SPEED


def estimate_seconds(s: Settings, speed: Speed | None = None) -> float:
    """How long training `s` takes on an unshared core here (see the comment above)."""
    speed = speed or machine_speed()
    test_passes = s.epochs + 2
    macs = (s.epochs * s.n_train * 3 * s.n_params + test_passes * 10_000 * s.n_params
            + s.epochs * s.n_batches * UPDATE_MACS[s.optimizer] * s.n_params)
    steps = s.epochs * s.n_batches * (len(s.sizes) + STEP_BOOKKEEPING)   # layers + 1 + page
    return macs * speed.seconds_per_mac + steps * speed.seconds_per_step


def problem(s: Settings) -> str | None:
    """Why these settings cannot be trained here (a sentence in the learner's language), or None."""
    try:
        s.config().check(s.n_train)
    except ValueError as e:
        return t("These settings cannot work: {reason}.", reason=e)
    seconds = estimate_seconds(s)
    if seconds > MAX_SECONDS:
        return t("This would take about {time} on this server, and this page stops at {limit} s. "
                 "Use fewer or smaller hidden layers, fewer training images or fewer epochs.",
                 time=duration(seconds), limit=MAX_SECONDS)
    return None
