"""/learning's time estimate is the same plan's same figure from one server start to the next.

It used to be one wall-clock timing at start-up, so another thread busy in the server
(another learner's script) made it 10 to 60 times too long. Now it is counted work
times one recorded speed (REFERENCE_SPEED, measured in CPU seconds by measure_speed on
this project's machine). How close it is to real runs, and this machine's own speed
against the reference, is measured in bench/bench_estimate.py, not here.
"""

import os
import subprocess
import sys
from pathlib import Path

from ui.lessons.learning.settings import MAX_SECONDS, PRESETS, Settings, Speed, estimate_seconds, problem

VIDEO = PRESETS["video"].settings
STABLE = 1.5   # largest / smallest estimate allowed over fresh starts (it was 2.4 to 60)
ROOT = Path(__file__).resolve().parent.parent

# A fresh server start: a new process with one BLAS thread (app.py sets it before NumPy is
# imported, and the speed is counted in the measuring thread's CPU seconds). With `busy`,
# another Python thread spins meanwhile, holding the GIL half the time, as other
# learners' scripts do in a server.
FRESH_START = """
import sys, threading
sys.path.insert(0, {root!r})
stop = threading.Event()
def spin():
    n = 0
    while not stop.is_set():
        n += 1
if {busy!r}:
    threading.Thread(target=spin, daemon=True).start()
from ui.lessons.learning.settings import PRESETS, estimate_seconds, machine_speed
print(estimate_seconds(PRESETS["video"].settings, machine_speed()))
stop.set()
"""


def estimate_at_a_fresh_start(busy: bool) -> float:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", FRESH_START.format(root=str(ROOT), busy=busy)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return float(out.stdout.split()[-1])


def test_three_fresh_starts_give_the_same_estimate_even_with_the_server_busy():
    estimates = [estimate_at_a_fresh_start(busy) for busy in (False, True, True)]
    assert max(estimates) / min(estimates) < STABLE, estimates


def test_the_estimate_counts_the_work_of_each_part_of_a_plan():
    speed = Speed(seconds_per_mac=1e-11, seconds_per_step=1e-5)
    base = estimate_seconds(VIDEO, speed)
    assert estimate_seconds(VIDEO, speed) == base                       # no hidden state
    wider = Settings(hidden=(64, 64))
    assert estimate_seconds(wider, speed) > 1.5 * base                  # more weights
    smaller_batches = Settings(batch_size=4)
    assert estimate_seconds(smaller_batches, speed) > 3 * base          # more steps
    adam = Settings(optimizer="adam", learning_rate=0.01)
    assert estimate_seconds(adam, speed) > base                         # a dearer update
    fewer = Settings(epochs=1, n_train=1_000)
    assert estimate_seconds(fewer, speed) < base / 50


def test_a_plan_is_refused_from_the_estimate_and_the_refusal_says_how_long():
    huge = Settings(hidden=(512, 512, 512, 512), epochs=100)
    message = problem(huge)
    assert message and "would take about" in message and f"{MAX_SECONDS} s" in message
    assert problem(VIDEO) is None
