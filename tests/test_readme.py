"""README.md as a newcomer reads it: every Python block runs as written from the
repository root, and every command it names (`python -m ...`, `python path.py`) exists."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# What a block may use without defining it: the learner's drawing, as the canvas
# gives it (280x280 RGBA, white ink in alpha): MNIST test digit 0 blown up 10x.
# Only `import netcore` here, which every block starts with anyway: importing more
# (netcore.preprocess, say) would hide a block's missing import.
INPUTS = """
import numpy as _np
import netcore as _netcore
my_rgba_canvas = _np.full((280, 280, 4), 255, _np.uint8)
my_rgba_canvas[..., 3] = _np.kron(_netcore.load_mnist().test_images[0].reshape(28, 28) * 255,
                                  _np.ones((10, 10))).astype(_np.uint8)
"""


# One BLAS thread, as app.py and `python -m netcore.training` set it: a network this
# small trains no slower, and many threads on a busy machine can make it 5x slower.
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def test_the_readme_has_python_and_bash_blocks():
    assert len(blocks("python")) >= 1 and len(blocks("bash")) >= 3


# What the example's comments promise, checked after it runs: a read-only default,
# a (784,) input in [0, 1], the plain code's answer, and training that finishes.
PROBES = {"netcore.train(": """
import numpy as np
assert net.frozen and not net.weights[0].flags.writeable
assert x.shape == (784,) and 0 <= x.min() and x.max() <= 1
assert net.predict(x) == int(np.argmax(netcore.reference.feedforward(net, x)))
assert len(net.activations(x)) == 4
assert history.status == "finished" and len(history.test_accuracy) == history.config["epochs"]
assert history.test_accuracy[-1] > 0.9, history.test_accuracy
print("what the comments say holds")
"""}


@pytest.mark.parametrize("number", range(len(blocks("python"))))
def test_every_python_block_runs_as_written_from_the_repository_root(number):
    block = blocks("python")[number]
    probes = [probe for key, probe in PROBES.items() if key in block]
    # In a fresh interpreter, as `python` started at the root would run it.
    code = INPUTS + block + "\nprint('block ran')\n" + "".join(probes)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, f"README python block {number + 1} failed:\n{done.stderr[-3000:]}"
    assert "block ran\n" in done.stdout
    assert done.stdout.count("what the comments say holds") == len(probes)


def test_the_training_example_is_probed():
    assert any("netcore.train(" in block for block in blocks("python"))


def _commands() -> list[str]:
    """Every `python -m module` and `python path.py` the README names, in blocks or in text."""
    return sorted(set(re.findall(r"python3? (-m [\w.]+|[\w/.-]+\.py)", README)))


def test_the_readme_names_the_training_command_by_its_module():
    assert "-m netcore.training" in _commands()


@pytest.mark.parametrize("command", _commands())
def test_every_command_the_readme_names_exists(command):
    if command.startswith("-m "):
        module = command[3:]
        found = subprocess.run([sys.executable, "-c", f"import importlib.util as u; "
                                f"print(u.find_spec({module!r}) is not None)"],
                               cwd=ROOT, capture_output=True, text=True)
        assert found.stdout.strip() == "True", f"`python -m {module}`: no such module\n{found.stderr}"
    else:
        assert (ROOT / command).is_file(), f"`python {command}`: no such file"


def test_the_training_command_the_readme_names_starts():
    # `python -m netcore.training --default` itself takes ~20 s and rewrites the
    # shipped file; its --help shows the same command parses and starts.
    done = subprocess.run([sys.executable, "-m", "netcore.training", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--default" in done.stdout
