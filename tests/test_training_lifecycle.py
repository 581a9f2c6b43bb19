"""A /learning run ends when its learner leaves, and frees its training slot for the next one.

`ui.lessons.learning.run.Run` asks `session_alive` (in the app: is this learner's browser
session still connected?) while it trains and while it queues; here that function
is a switch the test flips, as closing a tab flips Streamlit's answer. Waits below
are generous upper bounds for a shared machine, never speed goals.
"""

import inspect
import time

import pytest

import netcore
from ui.lessons.learning import run as training_run
from ui.lessons.learning.run import Run
from ui.lessons.learning.settings import Settings

LONG = Settings(hidden=(128, 128), epochs=100)      # minutes of training: never ends by itself
SHORT = Settings(hidden=(), epochs=1, n_train=1_000)
BOUND = 30   # seconds: far above ABANDONED_AFTER (patched below) plus one batch


@pytest.fixture(scope="module")
def data():
    return netcore.load_mnist()


@pytest.fixture(autouse=True)
def quick_to_notice(monkeypatch):
    monkeypatch.setattr(training_run, "ABANDONED_AFTER", 0.5)
    monkeypatch.setattr(training_run, "LOOK_EVERY", 0.05)


class Tab:
    """A learner's browser tab, as session_alive sees it."""

    def __init__(self):
        self.open = True

    def __call__(self) -> bool:
        return self.open


def wait_until(condition, timeout=BOUND):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def free_slots() -> int:
    slots, taken = training_run._TRAINING_SLOTS, 0
    while slots.acquire(blocking=False):
        taken += 1
    for _ in range(taken):
        slots.release()
    return taken


def test_runs_of_learners_who_left_stop_and_the_next_learner_trains_at_once(data):
    first, second = Tab(), Tab()
    runs = [Run(LONG, data, session_alive=tab).start() for tab in (first, second)]
    wait_until(lambda: all(r.latest is not None for r in runs))   # both slots are training
    third = Run(SHORT, data).start()
    time.sleep(0.3)
    assert third.waiting and third.latest is None and free_slots() == 0
    assert training_run.runs_training() == 2                      # what the page shows

    first.open = second.open = False                              # both tabs closed
    for run in runs:
        assert run.wait(BOUND), "an abandoned run went on training"
        assert run.abandoned and not run.timed_out and run.status == "stopped"
        assert run.fraction_done < 0.5
    wait_until(lambda: not third.waiting)          # its slot came as soon as one was freed
    assert third.wait(BOUND) and third.status == "finished" and not third.abandoned
    assert free_slots() == 2 and training_run.runs_training() == 0


def test_a_learner_reading_another_lesson_or_reconnecting_keeps_training(data):
    tab = Tab()
    run = Run(LONG, data, session_alive=tab).start()   # cannot finish by itself in the test
    wait_until(lambda: run.latest is not None)
    for _ in range(3):                  # short drops, each shorter than ABANDONED_AFTER
        tab.open = False
        time.sleep(0.15)
        tab.open = True
        time.sleep(0.15)
    assert not run.abandoned and not run.done
    run.stop()
    assert run.wait(BOUND) and run.status == "stopped" and not run.abandoned


def test_a_queued_run_whose_learner_left_leaves_the_queue_without_training(data):
    slots = training_run._TRAINING_SLOTS
    taken = [slots.acquire(blocking=False) for _ in range(2)]   # two other learners training
    assert all(taken)
    try:
        tab = Tab()
        run = Run(SHORT, data, session_alive=tab).start()
        time.sleep(0.2)
        assert run.waiting
        tab.open = False
        assert run.wait(BOUND)
        assert run.abandoned and run.latest is None and run.status == "failed"
        assert "never started" in run.error
        assert free_slots() == 0        # it took no slot on its way out
    finally:
        for _ in taken:
            slots.release()
    assert free_slots() == 2


def test_the_time_limit_is_kept_on_the_clock_whatever_the_estimate(data, monkeypatch):
    monkeypatch.setattr(training_run, "TIME_LIMIT", 0.3)
    run = Run(LONG, data).start()
    assert run.wait(BOUND)
    assert run.timed_out and run.status == "stopped" and not run.abandoned
    assert run.evaluation is not None and free_slots() == 2


def test_streamlits_session_check_is_still_there():
    """ui.lessons.learning.session.session_alive relies on Runtime.is_active_session(session_id),
    which is not public API: this fails as soon as Streamlit renames or reshapes it."""
    from streamlit.runtime import Runtime
    check = getattr(Runtime, "is_active_session", None)
    assert callable(check), "Streamlit no longer has Runtime.is_active_session"
    assert list(inspect.signature(check).parameters) == ["self", "session_id"]
    assert "any thread" in inspect.getdoc(check)   # still documented as thread-safe


def test_outside_a_server_a_run_is_never_taken_for_abandoned():
    from ui.lessons.learning import session as training_session
    alive = training_session.session_alive()
    assert alive() is True
