"""One /learning training run, in a background thread, and how a network does on the test set.

A `Run` trains a brand-new `netcore.Network` with `netcore.train` in its own
thread, so the page stays responsive: the page polls it (an st.fragment that
reruns every half second), and Stop sets a threading.Event that `should_stop`
reads. Each learner's run lives in their own session state (`ui.lessons.learning.session`);
nothing here is shared between learners except the read-only MNIST arrays and
the server's training slots. Pure Python and NumPy, no Streamlit.

Nothing a learner starts outlives their leaving: a Run is given `session_alive`,
a function that says whether the learner's browser session is still connected
(`ui.lessons.learning.session.session_alive`). Once it has said no for ABANDONED_AFTER
seconds in a row, the run stops after its current batch (or leaves the queue),
and its training slot is free at once. A learner reading another lesson is still
connected, so their run goes on.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np

import netcore
from netcore.mnist import MnistData
from netcore.training import pooled_figures
from ui.lessons.learning.settings import MAX_SECONDS, N_DIGITS, Settings

# Plans estimated over MAX_SECONDS are refused; this stops, on the clock, one that runs over
# anyway (a busy or slow server), keeping what it learned.
TIME_LIMIT = MAX_SECONDS
# A browser that reconnects (a network blip, a reload of the same session) comes back well
# within this; a closed tab does not.
ABANDONED_AFTER = 10.0
LOOK_EVERY = 0.5           # seconds between two looks at session_alive (it is cheap anyway)
# At most this many runs train at once on the whole server (2 cores); later ones wait their
# turn, so learners who keep many tabs training cannot starve everyone else.
SLOTS = 2
_TRAINING_SLOTS = threading.BoundedSemaphore(SLOTS)
_holding_a_slot: set["Run"] = set()   # the runs training now (adding and discarding are atomic)
MAX_CHART_POINTS = 300     # the loss curve averages batches so it never has more points
# Run.error of a run whose learner left while it queued (for the server's log; the page shows
# its own sentence for it, in the learner's language: ui.lessons.learning.text.run_summary)
NEVER_STARTED = ("this page was closed while the run waited for a free training slot, so it "
                 "never started")


def runs_training() -> int:
    """How many of the server's SLOTS are training a network now."""
    return len(_holding_a_slot)


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
            loss, accuracy, _ = pooled_figures(window)
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

    def __init__(self, settings: Settings, data: MnistData, pixels=None,
                 session_alive: Callable[[], bool] = lambda: True):
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
        self.abandoned = False                     # stopped because the learner's session ended
        self.waiting = False                       # queued for a free training slot
        self.collected = False                     # its network has been handed to the session
        self._data = data
        # what it trains on: uint8 pixel bytes when given (faster), else data's floats
        self._pixels = data.train_images if pixels is None else pixels
        self._session_alive = session_alive
        self._away_since: float | None = None      # when session_alive first said no
        self._next_look = 0.0
        self._started = 0.0                        # perf_counter when its slot was granted
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._train, daemon=True, name="learning-run")

    def start(self) -> "Run":
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask training to end after the current batch, keeping what it learned."""
        self._stop.set()

    def _learner_gone(self) -> bool:
        """True once session_alive has said no for ABANDONED_AFTER seconds in a row."""
        now = time.monotonic()
        if self.abandoned or now < self._next_look:
            return self.abandoned
        self._next_look = now + LOOK_EVERY
        if self._session_alive():
            self._away_since = None
        elif self._away_since is None:
            self._away_since = now
        elif now - self._away_since >= ABANDONED_AFTER:
            self.abandoned = True
        return self.abandoned

    def _should_stop(self) -> bool:
        if time.perf_counter() - self._started > TIME_LIMIT:
            self.timed_out = True
        return self.timed_out or self._stop.is_set() or self._learner_gone()

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
        try:
            if self._wait_for_a_slot():
                _holding_a_slot.add(self)
                try:
                    self._train_now()
                finally:
                    _holding_a_slot.discard(self)
                    _TRAINING_SLOTS.release()   # before the final scoring: the next run starts
                self._score()
        except Exception as e:  # noqa: BLE001 -- shown to the learner instead of a dead thread
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self.waiting = False
            self._done.set()

    def _wait_for_a_slot(self) -> bool:
        """Queue for one of the server's training slots; False if the learner left meanwhile."""
        self.waiting = True
        while not _TRAINING_SLOTS.acquire(timeout=LOOK_EVERY):
            if self._learner_gone():
                self.error = NEVER_STARTED
                return False
        self.waiting = False
        return True

    def _train_now(self) -> None:
        d, s = self._data, self.settings
        self._started = time.perf_counter()
        self.curve.tests.append((0.0, evaluate(self.net, d).accuracy))   # random weights
        with np.errstate(all="ignore"):   # a blowing-up run is reported, not warned about
            self.history = netcore.train(
                self.net, self._pixels[:s.n_train], d.train_labels[:s.n_train], s.config(),
                test_images=d.test_images, test_labels=d.test_labels,
                callback=self._on_progress, should_stop=self._should_stop)
        self.seconds = time.perf_counter() - self._started

    def _score(self) -> None:
        if self.history.status != "diverged":
            self.weights_now = (round(self.epochs_done, 1), first_layer(self.net))
            self.evaluation = evaluate(self.net, self._data)

    def metadata(self) -> dict:
        """What a weight file records about this network: plain numbers and strings only."""
        s = self.settings
        settings = {k: v for k, v in asdict(s).items() if k != "hidden"}
        return {"source": "trained on the /learning page", "sizes": list(s.sizes), **settings,
                "lr_schedule": self.history.config["lr_schedule"],
                "epochs_done": round(self.epochs_done, 3), "status": self.history.status,
                "seconds": round(self.seconds, 2), "test_accuracy": self.evaluation.accuracy}

