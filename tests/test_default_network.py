"""The shipped default network (data/default-network.npz): the video's 784-16-16-10
sigmoid network, at least 96.3% right on the 10,000 MNIST test digits, read-only,
and as good on digits redrawn on the app's canvas as on MNIST's own."""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import netcore
from netcore.cli import canvas_check, recipe_for_metadata, redraw_on_canvas
from netcore.default import DEFAULT_PATH, DEFAULT_RECIPE, default_metadata, load_default
from netcore.preprocess import to_mnist

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def net():
    return load_default()


@pytest.fixture(scope="module")
def mnist():
    return netcore.load_mnist()


def test_it_is_the_videos_network(net):
    assert net.sizes == (784, 16, 16, 10)
    assert net.activation == "sigmoid"
    assert net.n_params == 13_002
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)


def test_its_arrays_are_read_only(net):
    for arr in net.weights + net.biases:
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[0] = 1.0
    with pytest.raises(ValueError):
        net.weights[0] += 1.0
    assert net.copy().weights[0].flags.writeable   # a copy is the way to change it


def test_it_loads_whatever_the_working_directory(tmp_path, monkeypatch, net):
    monkeypatch.chdir(tmp_path)
    again = load_default()
    assert all(np.array_equal(a, b) for a, b in zip(again.weights, net.weights))
    assert DEFAULT_PATH.is_absolute() and DEFAULT_PATH.name == "default-network.npz"


def test_at_least_96_3_percent_on_the_10000_test_digits(net, mnist):
    accuracy = net.accuracy(mnist.test_images, mnist.test_labels)
    assert accuracy >= 0.963
    assert default_metadata()["test_accuracy"] == pytest.approx(accuracy, abs=1e-9)


def test_metadata_records_the_recipe_in_netcore_default(net):
    meta = default_metadata()
    assert meta["recipe"] == recipe_for_metadata(DEFAULT_RECIPE)
    assert meta["recipe"]["sizes"] == [784, 16, 16, 10] and meta["recipe"]["activation"] == "sigmoid"
    assert meta["status"] == "finished"
    assert 0 < meta["training_seconds"] <= 120   # 300 epochs: about a minute
    # The redrawn copies it trained on, made first by netcore.redraw (minutes, recorded apart).
    assert meta["recipe"]["redrawn"] > 0 and meta["redrawing_seconds"] > 0
    # The last 5,000 training digits were held out to choose the seed, and are read as well.
    assert meta["recipe"]["train_on"] == 55_000 and meta["held_out_accuracy"] >= 0.963
    assert {"machine", "numpy", "python", "canvas_check", "source"} <= set(meta)
    # The shipped file was made before the package was renamed netcore.training.
    assert meta["source"] in ("python -m netcore.training --default", "python -m netcore.train --default")


def test_redrawn_digits_on_the_canvas_are_read_about_as_well(net, mnist):
    # 2,000 test digits blown up to 120..260 px, put anywhere on a black 280x280
    # RGBA canvas and brought back by to_mnist, the app's own path for a drawing.
    check = canvas_check(net, mnist.test_images, mnist.test_labels, n=2000, seed=1)
    assert check["redrawn_accuracy"] >= check["direct_accuracy"] - 0.01
    assert check["direct_accuracy"] >= 0.95


def test_a_cropped_and_stretched_redraw_is_read_about_as_well(net, mnist):
    # The other way of redrawing: crop each digit's ink, scale that (bilinear) so
    # its longer side is 100..240 px, and paste it as plain gray on the canvas.
    from PIL import Image

    rng = np.random.default_rng(2)
    pick = rng.choice(len(mnist.test_labels), 1000, replace=False)
    redrawn = []
    for i in pick:
        digit = mnist.test_images[i].reshape(28, 28)
        rows, cols = np.flatnonzero(digit.any(1)), np.flatnonzero(digit.any(0))
        ink = digit[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        scale = rng.integers(100, 241) / max(ink.shape)
        h, w = max(1, round(ink.shape[0] * scale)), max(1, round(ink.shape[1] * scale))
        big = np.asarray(Image.fromarray(ink).resize((w, h), Image.Resampling.BILINEAR))
        canvas = np.zeros((280, 280), np.float32)
        top, left = rng.integers(0, 281 - h), rng.integers(0, 281 - w)
        canvas[top:top + h, left:left + w] = np.clip(big, 0, 1)
        redrawn.append(to_mnist(canvas))
    labels = mnist.test_labels[pick]
    direct = net.accuracy(mnist.test_images[pick], labels)
    assert net.accuracy(np.stack(redrawn), labels) >= direct - 0.01


def test_the_canvas_redraw_fits_and_keeps_the_ink():
    rng = np.random.default_rng(0)
    digit = np.zeros(784, np.float32)
    digit.reshape(28, 28)[4:24, 10:18] = 1.0
    for _ in range(20):
        rgba = redraw_on_canvas(digit, rng)
        assert rgba.shape == (280, 280, 4) and rgba.dtype == np.uint8
        alpha = rgba[..., 3]
        rows, cols = np.flatnonzero(alpha.any(1)), np.flatnonzero(alpha.any(0))
        assert 120 * 20 / 28 - 2 <= rows[-1] - rows[0] + 1 <= 260 * 20 / 28 + 2
        assert to_mnist(rgba) is not None


def test_distortion_settings_are_recorded_as_plain_numbers():
    recipe = recipe_for_metadata(DEFAULT_RECIPE)
    if DEFAULT_RECIPE["augment"]:
        assert recipe["distortion"] == dataclasses.asdict(DEFAULT_RECIPE["distortion"])


def test_digits_redrawn_with_a_pen_of_any_width_and_size_are_read_about_as_well(net, mnist):
    # 300 test digits traced to their centre line and drawn again with a round pen of
    # 10, 22 (the canvas') or 34 px, a third of the canvas tall to nearly all of it
    # (bench/drawn_sets.py, which bench/bench_drawn.py measures at length).
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import drawn_sets
    finally:
        sys.path.remove(str(ROOT / "bench"))
    sets, pick = drawn_sets.mnist_redrawn(mnist.test_images, mnist.test_labels, 300, seed=7)
    direct = net.accuracy(mnist.test_images[pick], mnist.test_labels[pick])
    pictures = np.concatenate([p for p, _ in sets.values()])
    labels = np.concatenate([lab for _, lab in sets.values()])
    drawn = net.accuracy(np.stack([to_mnist(p) for p in pictures]), labels)
    as_drawn = net.accuracy(np.stack([to_mnist(p, pen=None) for p in pictures]), labels)
    # Issue 12's bar: drawn digits within a point of the same digits as they are (the
    # network trained on training digits redrawn this way; bench/bench_drawn.py has the
    # figures on 1,000 and on other writers' digits).
    assert drawn >= direct - 0.01
    assert drawn > as_drawn   # the pen step is worth having


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_the_recipe_remakes_the_shipped_weights_array_for_array(tmp_path, net):
    # What the README promises: `python -m netcore.training --default` on this machine
    # gives the shipped weights again (about 12 minutes on two cores: it redraws the
    # 55,000 training digits six times, netcore.redraw, then trains the whole recipe).
    out = tmp_path / "again.npz"
    done = subprocess.run([sys.executable, "-m", "netcore.training", "--default", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    again = netcore.load_network(out, max_bytes=None)[0]
    assert again.sizes == net.sizes
    for mine, shipped in zip(again.weights + again.biases, net.weights + net.biases):
        np.testing.assert_array_equal(mine, shipped)
