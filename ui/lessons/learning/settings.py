"""What a learner chooses on /learning before training, and how long it would take here.

`Settings` is one plan (layers, activation, optimizer, learning rate, batch size,
epochs, images, seed); `PRESETS` are the plans the page offers, each with a reason.
The time estimate comes from timing `netcore.train` itself on this machine, once
per process; `problem` refuses a plan that cannot work or would run too long.
Pure Python and NumPy, no Streamlit.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass

import numpy as np

import netcore
from netcore.network import parameter_count
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
    label: str
    settings: Settings
    why: str


PRESETS = {
    "video": Preset("The video's network: 784-16-16-10", Settings(),
                    "Two hidden layers of 16 sigmoid neurons, as in the video, trained with "
                    "stochastic gradient descent (SGD): plain steps downhill, one small batch of "
                    "images at a time."),
    "none": Preset("No hidden layer: 784-10", Settings(hidden=(), epochs=5),
                   "Each output neuron looks straight at the pixels: one weight picture per "
                   "digit. Surprisingly good, but with no layer in between it can only weigh "
                   "pixels, not first build pieces such as loops and lines."),
    "small": Preset("Too small: 784-2-10", Settings(hidden=(2,), epochs=5),
                    "Everything the network knows about a digit must squeeze through 2 "
                    "numbers: it tells some digits apart, but far from all ten."),
    "fast": Preset("Too high a learning rate: 20", Settings(learning_rate=20.0, epochs=3),
                   "The video's network, but each step is 20 times bigger: it overshoots, the "
                   "neurons get stuck at 0 or 1 and it learns close to nothing."),
    "blowup": Preset("A learning rate that blows up", Settings(
                     hidden=(128, 128, 128, 128), activation="relu", learning_rate=10.0,
                     epochs=1, n_train=10_000),
                     "Four ReLU layers and a huge step: the numbers grow past what the "
                     "computer can hold, and training has to stop."),
    "wide": Preset("A wider network: 784-64-10, ReLU", Settings(
                   hidden=(64,), activation="relu", learning_rate=0.5, epochs=5),
                   "One hidden layer of 64 ReLU neurons: many more knobs than the video's "
                   "network, and fewer mistakes."),
}
CUSTOM = "custom"


# ---- how long will it take? -------------------------------------------------------------

@dataclass(frozen=True)
class Speed:
    seconds_per_mac: float     # one multiply-add inside training (NumPy + BLAS)
    seconds_per_step: float    # the fixed cost of one batch step, per layer of weights


@functools.cache
def machine_speed() -> Speed:
    """Measured once per process by timing netcore.train itself on two small made-up jobs
    (pixel bytes, as a Run trains on)."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (2048, N_PIXELS), dtype=np.uint8)
    labels = rng.integers(0, N_DIGITS, 2048)

    def best_time(sizes, n, batch):
        times = []
        for _ in range(3):
            net = netcore.Network(sizes)
            start = time.perf_counter()
            netcore.train(net, images[:n], labels[:n],
                          netcore.TrainConfig(epochs=1, batch_size=batch))
            times.append(time.perf_counter() - start)
        return min(times)

    big = (N_PIXELS, 128, N_DIGITS)            # dominated by multiply-adds
    per_mac = best_time(big, 2048, 256) / (2048 * 3 * Settings(hidden=(128,)).n_params)
    steps = best_time((N_PIXELS, N_DIGITS), 256, 2)   # 128 tiny steps, 1 layer each
    per_step = max(steps - 256 * 3 * Settings(hidden=()).n_params * per_mac, 0.0) / 128
    return Speed(per_mac, per_step)


def estimate_seconds(s: Settings, speed: Speed | None = None) -> float:
    """Training time: about 3 multiply-adds per weight per image (forward, then backward),
    a fixed cost per batch step, and one pass over the 10,000 test images per epoch."""
    speed = speed or machine_speed()
    per_epoch = (s.n_train * 3 * s.n_params * speed.seconds_per_mac
                 + s.n_batches * (len(s.sizes) - 1) * speed.seconds_per_step
                 + 10_000 * s.n_params * speed.seconds_per_mac)
    return s.epochs * per_epoch


def problem(s: Settings) -> str | None:
    """Why these settings cannot be trained here (a sentence), or None."""
    try:
        s.config().check(s.n_train)
    except ValueError as e:
        return f"These settings cannot work: {e}."
    seconds = estimate_seconds(s)
    if seconds > MAX_SECONDS:
        return (f"This would take about {duration(seconds)} on this server, and this page "
                f"stops at {MAX_SECONDS} s. Use fewer or smaller hidden layers, fewer training "
                "images or fewer epochs.")
    return None
