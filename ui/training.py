"""The /learning page's training: settings and presets, a time estimate, a run in the background.

A `Run` trains a brand-new `netcore.Network` with `netcore.train` in its own
thread, so the page stays responsive: the page polls it (an st.fragment that
reruns every half second), and Stop sets a threading.Event that `should_stop`
reads. Each learner's run lives in their own session state; nothing here is
shared between learners except the read-only MNIST arrays.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from dataclasses import asdict, dataclass

import numpy as np
import streamlit as st

import netcore
from netcore.mnist import MnistData
from netcore.train import figures
from ui import resources, state

N_PIXELS, N_DIGITS = 784, 10
MAX_SECONDS = 120          # longer runs are refused: a learner should not wait minutes
TIME_LIMIT = 2 * MAX_SECONDS   # a run on a busy server is stopped here, whatever the estimate
# At most this many runs train at once on the whole server (2 cores); later ones wait their
# turn, so learners who keep many tabs training cannot starve everyone else.
_TRAINING_SLOTS = threading.BoundedSemaphore(2)
MAX_CHART_POINTS = 300     # the loss curve averages batches so it never has more points
MAX_USABLE_PARAMS = 2_000_000   # bigger uploads would make every page slow
MAX_UPLOAD_MB = netcore.weightfile.MAX_FILE_BYTES // 2**20   # what network_from_bytes accepts
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
        return sum(n_in * n_out + n_out for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]))

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
        return (f"This would take about {format_seconds(seconds)} on this server, and this page "
                f"stops at {MAX_SECONDS} s. Use fewer or smaller hidden layers, fewer training "
                "images or fewer epochs.")
    return None


def format_seconds(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} minutes"


# ---- one training run ---------------------------------------------------------------------

class Curve:
    """Chart data, written by the training thread and read by the page.

    points: (epochs so far, mean loss, mean training accuracy) over every `every`
    batches; tests: (epochs so far, test accuracy) after each epoch. A loss that
    is not a finite number (a run blowing up) is never kept, so it is never drawn.
    Appending a tuple is atomic, so the page can read while training writes.
    The figures of a point are worked out once, over all its batches' outputs,
    rather than batch by batch: that keeps the page's training nearly as fast
    as netcore.train alone.
    """

    def __init__(self, n_batches: int, every: int):
        self.n_batches, self.every = n_batches, every
        self.points: list[tuple[float, float, float]] = []
        self.tests: list[tuple[float, float]] = []
        self._window: list[netcore.Progress] = []

    def add(self, p: netcore.Progress) -> None:
        if p.kind == "epoch":
            if p.test_accuracy is not None:
                self.tests.append((float(p.epoch), p.test_accuracy))
            return
        self._window.append(p)
        if len(self._window) == self.every or p.batch == p.n_batches:
            window, self._window = self._window, []
            loss, accuracy = figures(np.concatenate([b.outputs for b in window]),
                                     np.concatenate([b.targets for b in window]))
            if math.isfinite(loss):
                self.points.append((p.epoch - 1 + p.batch / p.n_batches, loss, accuracy))


@dataclass(frozen=True)
class Evaluation:
    """A network's guesses on the 10,000 MNIST test images."""
    guesses: np.ndarray   # (10000,) ints
    labels: np.ndarray    # (10000,) the true digits

    @property
    def n_correct(self) -> int:
        return int(np.sum(self.guesses == self.labels))

    @property
    def accuracy(self) -> float:
        return self.n_correct / len(self.labels)

    def confusion(self) -> np.ndarray:
        """(10, 10) counts: row = the true digit, column = what the network said."""
        counts = np.zeros((N_DIGITS, N_DIGITS), dtype=np.int64)
        np.add.at(counts, (self.labels, self.guesses), 1)
        return counts

    def mistakes(self, digit: int | None = None) -> np.ndarray:
        """Indices of the test images it gets wrong (only those showing `digit`, if given)."""
        wrong = self.guesses != self.labels
        if digit is not None:
            wrong &= self.labels == digit
        return np.flatnonzero(wrong)


def evaluate(net: netcore.Network, data: MnistData) -> Evaluation:
    return Evaluation(np.asarray(net.predict(data.test_images)), np.asarray(data.test_labels))


def first_layer(net: netcore.Network, limit: int = 16) -> np.ndarray:
    """A copy of the weights into the first `limit` neurons after the input: (k, 784)."""
    return np.array(net.weights[0][:limit], dtype=np.float32)


class Run:
    """One learner's training run, in a background thread. Read it from any thread."""

    def __init__(self, settings: Settings, data: MnistData, pixels=None):
        self.settings = settings
        self.net = settings.network()              # always a new network, never a shared one
        self.start_weights = first_layer(self.net)
        self.weights_now = (0, self.start_weights)   # (epochs done, first-layer weights then)
        total = settings.epochs * settings.n_batches
        self.curve = Curve(settings.n_batches, math.ceil(total / MAX_CHART_POINTS))
        self.latest: netcore.Progress | None = None
        self.history: netcore.History | None = None
        self.evaluation: Evaluation | None = None
        self.error: str | None = None
        self.seconds = 0.0
        self.timed_out = False                     # stopped at TIME_LIMIT, not by the learner
        self.waiting = False                       # queued for a free training slot
        self.collected = False                     # its network has been handed to the session
        self._data = data
        # what it trains on: uint8 pixel bytes when given (faster), else data's floats
        self._pixels = data.train_images if pixels is None else pixels
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._train, daemon=True, name="learning-run")

    def start(self) -> "Run":
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask training to end after the current batch, keeping what it learned."""
        self._stop.set()

    def _should_stop(self) -> bool:
        if self.latest is not None and self.latest.elapsed > TIME_LIMIT:
            self.timed_out = True
        return self.timed_out or self._stop.is_set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def status(self) -> str:
        """"running", "finished", "stopped", "diverged" or "failed"."""
        if not self.done:
            return "running"
        return "failed" if self.error else self.history.status

    @property
    def fraction_done(self) -> float:
        return self.latest.fraction_done if self.latest else 0.0

    @property
    def epochs_done(self) -> float:
        p = self.latest
        return 0.0 if p is None else p.epoch - 1 + p.batch / p.n_batches

    def _on_progress(self, p: netcore.Progress) -> None:
        self.latest = p
        self.curve.add(p)
        if p.kind == "epoch":
            self.weights_now = (p.epoch, first_layer(self.net))

    def _train(self) -> None:
        self.waiting = True          # for a free slot (see _TRAINING_SLOTS)
        with _TRAINING_SLOTS:
            self.waiting = False
            self._train_now()

    def _train_now(self) -> None:
        d, s = self._data, self.settings
        start = time.perf_counter()
        try:
            self.curve.tests.append((0.0, evaluate(self.net, d).accuracy))   # random weights
            with np.errstate(all="ignore"):   # a blowing-up run is reported, not warned about
                self.history = netcore.train(
                    self.net, self._pixels[:s.n_train], d.train_labels[:s.n_train], s.config(),
                    test_images=d.test_images, test_labels=d.test_labels,
                    callback=self._on_progress, should_stop=self._should_stop)
            self.seconds = time.perf_counter() - start
            if self.history.status != "diverged":
                self.weights_now = (round(self.epochs_done, 1), first_layer(self.net))
                self.evaluation = evaluate(self.net, d)
        except Exception as e:  # noqa: BLE001 -- shown to the learner instead of a dead thread
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self._done.set()

    def metadata(self) -> dict:
        """What a weight file records about this network: plain numbers and strings only."""
        s = self.settings
        settings = {k: v for k, v in asdict(s).items() if k != "hidden"}
        return {"source": "trained on the /learning page", "sizes": list(s.sizes), **settings,
                "lr_schedule": self.history.config["lr_schedule"],
                "epochs_done": round(self.epochs_done, 3), "status": self.history.status,
                "seconds": round(self.seconds, 2), "test_accuracy": self.evaluation.accuracy}


# ---- the learner's session -----------------------------------------------------------------

def current_run() -> Run | None:
    return state.get(state.TRAIN_RUN)


def training_now() -> bool:
    run = current_run()
    return run is not None and not run.done


def start_run(settings: Settings) -> Run:
    run = Run(settings, resources.mnist(), resources.mnist_training_bytes()).start()
    state.set(state.TRAIN_RUN, run)
    return run


def collect_finished_run() -> None:
    """Once a run has ended, make its network the learner's own (unless it blew up)."""
    run = current_run()
    if run is None or not run.done or run.collected:
        return
    run.collected = True
    if run.status in ("finished", "stopped"):
        adopt(run.net.freeze(), run.metadata(), run.evaluation)


def adopt(net: netcore.Network, metadata: dict, evaluation: Evaluation) -> None:
    state.set(state.TRAINED_NET, net)
    state.set(state.TRAINED_META, metadata)
    state.set(state.TRAINED_EVAL, (net, evaluation))


def own_evaluation() -> Evaluation | None:
    net, stored = state.get(state.TRAINED_NET), state.get(state.TRAINED_EVAL)
    if net is None:
        return None
    if stored is None or stored[0] is not net:
        stored = (net, evaluate(net, resources.mnist()))
        state.set(state.TRAINED_EVAL, stored)
    return stored[1]


@st.cache_resource(show_spinner=False)
def default_evaluation() -> Evaluation:
    return evaluate(resources.default_network(), resources.mnist())


@st.cache_resource(show_spinner=False)
def default_metadata() -> dict:
    return netcore.load_network(netcore.default.DEFAULT_PATH, max_bytes=None)[1]


# ---- weight files ---------------------------------------------------------------------------

def read_weight_file(data: bytes) -> tuple[netcore.Network, dict]:
    """A network the pages can use, from an uploaded file; WeightFileError says why not."""
    net, metadata = netcore.network_from_bytes(data)
    if net.sizes[0] != N_PIXELS or net.sizes[-1] != N_DIGITS:
        raise netcore.WeightFileError(
            f"this network has {net.sizes[0]} inputs and {net.sizes[-1]} outputs; the pages need "
            f"{N_PIXELS} inputs (one per pixel) and {N_DIGITS} outputs (one per digit)")
    if net.n_params > MAX_USABLE_PARAMS:
        raise netcore.WeightFileError(
            f"this network has {net.n_params:,} weights and biases; the pages accept up to "
            f"{MAX_USABLE_PARAMS:,} so that they stay quick")
    return net.freeze(), metadata


UPLOAD_KEY = "learning_upload_file"
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>$#|~"})


def plain(text) -> str:
    """Text from a file a stranger made, with Markdown's special characters made harmless."""
    return str(text).translate(_MARKDOWN)


def upload_changed() -> None:
    """on_change of the uploader: load the file once, before the page draws anything."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    name = plain(uploaded.name[:100])
    try:
        net, metadata = read_weight_file(uploaded.getvalue())
    except netcore.WeightFileError as e:
        outcome = ("error", f"{name} was not loaded: {plain(e)}. Nothing was changed.")
    else:
        adopt(net, {**metadata, "loaded_from": uploaded.name[:100]},
              evaluate(net, resources.mnist()))
        outcome = ("ok", f"Loaded {name}: a {'-'.join(map(str, net.sizes))} network "
                         f"({net.activation}). It is now your network.")
    state.set(state.UPLOAD_RESULT, (uploaded.file_id, *outcome))


def upload_outcome(uploaded) -> tuple[str, str] | None:
    """("ok" or "error", message) for the file now in the uploader, or None."""
    seen = state.get(state.UPLOAD_RESULT)
    if uploaded is None or seen is None or seen[0] != uploaded.file_id:
        return None
    return seen[1], seen[2]


def use_mine_changed() -> None:
    state.set(state.USE_TRAINED, bool(st.session_state.get("learning_use_mine")))


def weight_file_bytes(net: netcore.Network, metadata: dict | None) -> bytes:
    """The weight file the download button serves; metadata from a loaded file is kept."""
    return netcore.network_to_bytes(net, metadata)

