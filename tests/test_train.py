"""netcore.training: backprop against finite differences, and how training runs and stops.

Also netcore.augment (the distortions training can mix in) and the
`python -m netcore.training` command (netcore.cli).
"""

import dataclasses
import math

import numpy as np
import pytest

from netcore import ACTIVATIONS, Network
from netcore.augment import Distortion, distort
from netcore.training import Progress, TrainConfig, backprop, cross_entropy, one_hot, train
from netcore.training.batches import Batches


# ------------------------------------------------------------------ backprop

def _float64_net(activation: str, seed: int = 1) -> Network:
    """A small random network computing in float64 (Network itself stores float32)."""
    net = Network((6, 5, 4, 3), activation, seed=seed)
    rng = np.random.default_rng(seed + 100)
    net.weights = [w.astype(np.float64) for w in net.weights]
    net.biases = [rng.normal(0, 0.5, b.shape) for b in net.biases]   # not all zero
    return net


def _batch(seed: int = 2, n: int = 7):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 6)).astype(np.float32)   # Network feeds float32 inputs: use them exactly
    y = one_hot(rng.integers(0, 3, n), 3).astype(np.float64)
    return x, y


def _numerical_gradients(net: Network, x, y, eps: float = 1e-6):
    """Central differences of cross_entropy (mean over images of the summed binary CE)."""
    grads = []
    for arrays in (net.weights, net.biases):
        for p in arrays:
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                keep = p[i]
                p[i] = keep + eps
                up = cross_entropy(net.feedforward(x), y)
                p[i] = keep - eps
                down = cross_entropy(net.feedforward(x), y)
                p[i] = keep
                g[i] = (up - down) / (2 * eps)
            grads.append(g)
    return grads


def _worst_relative_error(net: Network, x, y) -> float:
    grad_w, grad_b, out = backprop(net, x, y)
    assert out.dtype == np.float64
    worst = 0.0
    for analytic, numeric in zip(grad_w + grad_b, _numerical_gradients(net, x, y)):
        assert analytic.shape == numeric.shape
        err = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
        worst = max(worst, err)
    return worst


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_backprop_matches_finite_differences_of_the_mean_summed_cross_entropy(activation):
    net = _float64_net(activation)
    x, y = _batch()
    # float64 central differences agree to ~1e-9; a wrong factor or a transpose is off by >1e-2
    assert _worst_relative_error(net, x, y) < 1e-6


def test_the_finite_difference_check_catches_a_missing_derivative(monkeypatch):
    net = _float64_net("sigmoid")
    x, y = _batch()
    monkeypatch.setitem(ACTIVATIONS, "sigmoid", (ACTIVATIONS["sigmoid"][0], np.ones_like))
    assert _worst_relative_error(net, x, y) > 1e-2


def test_backprop_gradient_is_of_the_batch_mean_not_the_sum():
    net = _float64_net("tanh")
    x, y = _batch(n=7)
    one = backprop(net, x[:1], y[:1])[0][0]
    seven = backprop(net, np.repeat(x[:1], 7, axis=0), np.repeat(y[:1], 7, axis=0))[0][0]
    np.testing.assert_allclose(seven, one, rtol=1e-12)


def test_backprop_on_the_float32_network_agrees_with_float64():
    net32 = Network((6, 5, 4, 3), "sigmoid", seed=1)
    net64 = _float64_net("sigmoid")
    net32.biases = [b.astype(np.float32) for b in net64.biases]
    x, y = _batch()
    grad_w32, grad_b32, out32 = backprop(net32, x, y.astype(np.float32))
    grad_w64, grad_b64, out64 = backprop(net64, x, y)
    assert len(grad_w32) == len(grad_b32) == 3
    for a, b in zip([*grad_w32, *grad_b32, out32], [*grad_w64, *grad_b64, out64]):   # every layer
        assert a.dtype == np.float32 and b.dtype == np.float64 and a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_backprop_with_x_scale_equals_backprop_of_the_scaled_input():
    net = _float64_net("sigmoid")
    x, y = _batch()
    raw = np.rint(x.astype(np.float64) * 255)   # pixel bytes, as training passes them
    scaled = backprop(net, raw, y, x_scale=1 / 255)
    plain = backprop(net, raw / 255, y)
    for a, b in zip(scaled[0] + scaled[1] + [scaled[2]], plain[0] + plain[1] + [plain[2]]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-15)


def test_adam_as_running_sums_takes_the_textbook_adam_steps():
    from netcore.training.optimizers import Adam
    rng = np.random.default_rng(0)
    p = rng.normal(size=50)
    textbook, m, v = p.copy(), np.zeros(50), np.zeros(50)
    adam = Adam(p)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, 30):
        g = rng.normal(size=50) * (1 + t % 3)
        lr = 0.01 / t
        adam.step(p, g, lr)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        textbook -= lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
        np.testing.assert_allclose(p, textbook, rtol=1e-10, atol=1e-13)


# ------------------------------------------------------------------ training runs

def _tiny_mnist(n: int = 2000, seed: int = 0):
    """Made-up 28x28 'digits': each class a fixed random blob pattern plus noise."""
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((10, 784)) < 0.2).astype(np.float32)
    labels = rng.integers(0, 10, n)
    images = np.clip(prototypes[labels] + rng.normal(0, 0.3, (n, 784)), 0, 1).astype(np.float32)
    return images, labels


@pytest.fixture(scope="module")
def mnist():
    from netcore.mnist import load_mnist
    return load_mnist()


def test_two_epochs_on_10k_mnist_images_learn_far_above_chance(mnist):
    net = Network((784, 16, 16, 10), seed=0)
    before = net.accuracy(mnist.test_images[:2000], mnist.test_labels[:2000])
    history = train(net, mnist.train_images[:10_000], mnist.train_labels[:10_000],
                    TrainConfig(epochs=2, batch_size=32))
    after = net.accuracy(mnist.test_images[:2000], mnist.test_labels[:2000])
    assert history.status == "finished"
    assert before < 0.2 and after > 0.7   # 0.80 when written; sigmoids start slowly
    assert history.epoch_loss[1] < history.epoch_loss[0]
    assert history.config["epochs"] == 2 and history.config["lr_schedule"] == "cosine"


@pytest.mark.parametrize("augment", [0.0, 0.5])
def test_training_is_deterministic_for_a_seed(augment):
    images, labels = _tiny_mnist()
    config = TrainConfig(epochs=2, batch_size=50, seed=7, weight_decay=0.01,
                         augment=augment, augment_copies=2)
    nets = [Network((784, 16, 16, 10), seed=3) for _ in range(3)]
    train(nets[0], images, labels, config)
    train(nets[1], images, labels, config)
    train(nets[2], images, labels, dataclasses.replace(config, seed=8))
    for a, b, c in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases,
                       nets[2].weights + nets[2].biases):
        assert np.array_equal(a, b)
    assert not np.array_equal(nets[0].weights[0], nets[2].weights[0])


def test_sgd_with_momentum_learns_and_adam_refuses_momentum():
    images, labels = _tiny_mnist()
    net = Network((784, 16, 16, 10), seed=0)
    history = train(net, images, labels, TrainConfig(epochs=3, batch_size=16, optimizer="sgd",
                                                     learning_rate=0.1, momentum=0.9))
    assert history.status == "finished" and net.accuracy(images, labels) > 0.9
    with pytest.raises(ValueError, match="momentum"):
        train(net, images, labels, TrainConfig(momentum=0.9))


def test_augmented_training_learns_and_keeps_the_input_unchanged(mnist):
    images, labels = np.array(mnist.train_images[:5000]), mnist.train_labels[:5000]
    net = Network((784, 16, 16, 10), seed=0)
    history = train(net, images, labels, TrainConfig(epochs=3, batch_size=32, augment=0.5,
                                                     augment_copies=2))
    assert history.status == "finished"
    assert net.accuracy(mnist.test_images[:2000], mnist.test_labels[:2000]) > 0.5   # 0.64 when written
    assert np.array_equal(images, mnist.train_images[:5000])
    with pytest.raises(ValueError, match="28x28"):
        train(Network((10, 3, 10)), images[:, :10], labels, TrainConfig(augment=0.5))


def test_should_stop_ends_early_with_a_usable_network():
    images, labels = _tiny_mnist()
    net = Network((784, 16, 16, 10), seed=0)
    asked = []

    def should_stop():
        asked.append(1)
        return len(asked) >= 150

    history = train(net, images, labels, TrainConfig(epochs=5, batch_size=16), should_stop=should_stop)
    assert history.status == "stopped"
    assert len(asked) == 150 and len(history.epoch_loss) == 1   # 125 batches an epoch
    assert all(np.isfinite(p).all() for p in net.weights + net.biases)
    assert net.accuracy(images, labels) > 0.6   # what it learned is kept (0.90 when written)


@pytest.mark.parametrize("learning_rate", [10, 50])
def test_a_huge_learning_rate_ends_as_diverged_not_as_a_crash(learning_rate):
    # Four wide ReLU layers (the /learning page's "blows up" preset): the
    # activations overflow float32 within a few steps.
    images, labels = _tiny_mnist()
    net = Network((784, 128, 128, 128, 128, 10), activation="relu", seed=0)
    events = []
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # no warnings either
        history = train(net, images, labels, TrainConfig(epochs=2, learning_rate=learning_rate,
                                                         batch_size=32, optimizer="sgd"),
                        callback=events.append)
    assert history.status == "diverged"
    assert history.epoch_loss == []   # within the first epoch
    assert events and events[-1].kind == "batch" and len(events) < 20


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_huge_learning_rate_on_the_videos_relu_network_saturates_without_diverging(optimizer):
    # What happens instead with 16-16 ReLU layers and a learning rate of 50: the
    # first steps kill the hidden neurons (ReLU outputs 0, so nothing can grow
    # without bound), the clipped sigmoid outputs settle, and the run "finishes"
    # with finite weights at chance level.
    images, labels = _tiny_mnist()
    net = Network((784, 16, 16, 10), activation="relu", seed=0)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        history = train(net, images, labels, TrainConfig(epochs=2, learning_rate=50, batch_size=32,
                                                         optimizer=optimizer))
    assert history.status == "finished"
    assert all(np.isfinite(p).all() for p in net.weights + net.biases)
    assert net.accuracy(images, labels) < 0.2
    assert all(math.isfinite(x) for x in history.epoch_loss)


def test_sane_learning_rates_do_not_count_as_diverged():
    images, labels = _tiny_mnist()
    for optimizer, lr, batch in [("sgd", 3.0, 10), ("sgd", 1.0, 1), ("adam", 0.05, 16)]:
        net = Network((784, 16, 16, 10), seed=0)
        history = train(net, images[:500], labels[:500],
                        TrainConfig(epochs=1, batch_size=batch, optimizer=optimizer, learning_rate=lr))
        assert history.status == "finished"


@pytest.mark.parametrize("settings, match", [
    (dict(epochs=0), "epochs"), (dict(epochs=2.5), "epochs"), (dict(batch_size=0), "batch size"),
    (dict(batch_size=10**9), "batch size"), (dict(learning_rate=-1), "learning rate"),
    (dict(learning_rate=0), "learning rate"), (dict(learning_rate=float("nan")), "learning rate"),
    (dict(learning_rate=float("inf")), "learning rate"), (dict(learning_rate=1e9), "learning rate"),
    (dict(optimizer="foo"), "optimizer"), (dict(lr_schedule="zigzag"), "lr_schedule"),
    (dict(weight_decay=-0.1), "weight decay"), (dict(weight_decay=1), "weight decay"),
    (dict(optimizer="sgd", momentum=1.0), "momentum"), (dict(augment=1.5), "augment"),
    (dict(augment=0.5, augment_copies=0), "augment_copies"), (dict(distortion="wild"), "distortion"),
])
def test_absurd_settings_raise_value_error(settings, match):
    images, labels = _tiny_mnist(200)
    net = Network((784, 16, 16, 10))
    before = net.weights[0].copy()
    with pytest.raises(ValueError, match=match):
        train(net, images, labels, TrainConfig(**settings))
    assert np.array_equal(net.weights[0], before)


def test_callback_hears_every_batch_and_epoch_with_time_going_forward():
    images, labels = _tiny_mnist(1000)
    events: list[Progress] = []
    history = train(Network((784, 16, 16, 10)), images, labels, TrainConfig(epochs=2, batch_size=300),
                    test_images=images[:100], test_labels=labels[:100], callback=events.append)
    kinds = [(p.kind, p.epoch, p.batch) for p in events]
    assert kinds == [("batch", 1, 1), ("batch", 1, 2), ("batch", 1, 3), ("batch", 1, 4), ("epoch", 1, 4),
                     ("batch", 2, 1), ("batch", 2, 2), ("batch", 2, 3), ("batch", 2, 4), ("epoch", 2, 4)]
    times = [p.elapsed for p in events]
    assert times == sorted(times) and times[-1] > times[0] > 0
    assert all(p.n_batches == 4 and p.total_epochs == 2 for p in events)
    assert events[-1].fraction_done == 1.0
    epochs = [p for p in events if p.kind == "epoch"]
    assert [p.test_accuracy for p in epochs] == history.test_accuracy
    assert [p.loss for p in epochs] == history.epoch_loss
    assert all(math.isfinite(p.loss) and 0 <= p.accuracy <= 1 for p in events)


def test_batch_progress_works_out_loss_and_accuracy_of_that_batch():
    images, labels = _tiny_mnist(1000)
    events: list[Progress] = []
    history = train(Network((784, 16, 16, 10)), images, labels, TrainConfig(epochs=1, batch_size=300),
                    callback=events.append)
    batches = [p for p in events if p.kind == "batch"]
    sizes = [300, 300, 300, 100]
    # The epoch's figures are over the same outputs as its batches' figures.
    mean_loss = sum(p.loss * k for p, k in zip(batches, sizes)) / 1000
    mean_accuracy = sum(p.accuracy * k for p, k in zip(batches, sizes)) / 1000
    assert mean_loss == pytest.approx(history.epoch_loss[0], rel=1e-5)
    assert mean_accuracy == pytest.approx(history.epoch_accuracy[0], abs=1e-9)
    assert batches[0].loss > batches[-1].loss   # it learns within the epoch
    assert "loss=" in repr(batches[0])


def test_training_from_pixel_bytes_learns_what_training_from_floats_learns(mnist):
    from netcore.mnist import pixel_bytes
    floats, labels = mnist.train_images[:3000], mnist.train_labels[:3000]
    config = TrainConfig(epochs=2, batch_size=64, weight_decay=0.01, augment=0.3, augment_copies=2)
    nets = [Network((784, 16, 16, 10), seed=0) for _ in range(2)]
    train(nets[0], floats, labels, config)
    train(nets[1], pixel_bytes(floats), labels, config)
    for a, b in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases):
        # Not bit for bit (1/255 is applied after the sums), but the same network.
        np.testing.assert_allclose(a, b, atol=1e-3)
        assert not np.array_equal(a, 0)
    test = mnist.test_images[:2000], mnist.test_labels[:2000]
    assert nets[0].accuracy(*test) == pytest.approx(nets[1].accuracy(*test), abs=0.005)


def test_after_training_the_weights_are_plain_arrays_of_their_own():
    images, labels = _tiny_mnist(300)
    net = Network((784, 16, 16, 10))
    train(net, images, labels, TrainConfig(epochs=1, batch_size=100))
    for arr, shape in zip(net.weights + net.biases, [(16, 784), (16, 16), (10, 16), (16,), (16,), (10,)]):
        assert arr.shape == shape and arr.flags.c_contiguous and arr.flags.owndata
        assert arr.dtype == np.float32 and arr.flags.writeable


@pytest.mark.parametrize("images, labels, match", [
    (np.zeros((10, 784), np.int64), np.arange(10) % 10, "uint8 pixel bytes"),
    (np.zeros((10, 784), bool), np.arange(10) % 10, "uint8 pixel bytes"),
    (np.zeros((10, 784), np.float32), np.full(10, 10), "labels must be integers from 0 to 9"),
    (np.zeros((10, 784), np.float32), np.full(10, -1), "labels must be integers"),
    (np.zeros((10, 784), np.float32), np.zeros(10) + 0.5, "labels must be integers"),
    (np.full((10, 784), 255.0), np.arange(10), "values from 0 to 1, found 255 to 255"),
    (np.full((10, 784), -0.5), np.arange(10), "values from 0 to 1"),
    (np.full((10, 784), np.nan), np.arange(10), "values from 0 to 1"),
])
def test_images_and_labels_that_cannot_be_meant_raise_value_error(images, labels, match):
    net = Network((784, 16, 16, 10))
    before = net.weights[0].copy()
    with pytest.raises(ValueError, match=match):
        train(net, images, labels, TrainConfig(epochs=1, batch_size=5))
    assert np.array_equal(net.weights[0], before)


# ------------------------------------------------------------------ augment

def test_distort_reads_pixel_bytes_as_value_over_255():
    rng_floats, rng_bytes = np.random.default_rng(4), np.random.default_rng(4)
    bytes_ = (np.random.default_rng(0).random((20, 784)) * 255).astype(np.uint8)
    a = distort(bytes_.astype(np.float32) / 255, rng_floats)
    b = distort(bytes_, rng_bytes)
    assert b.dtype == np.float32 and b.max() <= 1
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_distort_is_reproducible_in_range_and_leaves_its_input_alone():
    images, _ = _tiny_mnist(300)
    keep = images.copy()
    a = distort(images, np.random.default_rng(5))
    b = distort(images, np.random.default_rng(5))
    assert a.shape == images.shape and a.dtype == np.float32
    assert np.array_equal(a, b) and np.array_equal(images, keep)
    assert a.min() >= 0 and a.max() <= 1
    assert not np.array_equal(a, images)


def test_no_distortion_is_the_identity_and_a_shift_moves_whole_pixels():
    images, _ = _tiny_mnist(50)
    none = Distortion(0, 0, 0, 0, 0, 0)
    assert np.array_equal(distort(images, np.random.default_rng(0), none), images)

    class OnePixelDown:   # a generator whose uniform() draws always give the top of the range
        def uniform(self, low, high, size):
            return np.broadcast_to(np.asarray(high, float), size).copy()

        def random(self, n):
            return np.ones(n)

    moved = distort(images, OnePixelDown(), Distortion(0, 0, 0, 1, 0, 0)).reshape(-1, 28, 28)
    grid = images.reshape(-1, 28, 28)
    np.testing.assert_array_equal(moved[:, 1:, 1:], grid[:, :-1, :-1])   # one down, one right
    assert not moved[:, 0].any() and not moved[:, :, 0].any()


def test_thicker_pen_adds_ink_and_thinner_pen_removes_it():
    images, _ = _tiny_mnist(100)
    still = dict(max_rotation_deg=0, max_shear=0, max_log_scale=0, max_shift=0)
    thick = distort(images, np.random.default_rng(0), Distortion(**still, thicken=1, thin=0))
    thin = distort(images, np.random.default_rng(0), Distortion(**still, thicken=0, thin=1))
    assert (thick >= images).all() and thick.sum() > images.sum() * 1.2
    assert (thin <= images).all() and thin.sum() < images.sum() * 0.9


# ------------------------------------------------------------------ the command

def test_the_command_trains_reports_and_writes_a_weight_file(tmp_path, capsys):
    from netcore.cli import main
    from netcore.weightfile import load_network

    out = tmp_path / "net.npz"
    assert main(["--epochs", "1", "--no-augment", "--no-redrawn", "--sizes", "784,8,10",
                 "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "epoch 1/1" in printed and "Test accuracy:" in printed and "Redrawn" in printed
    net, meta = load_network(out)
    assert net.sizes == (784, 8, 10)
    assert meta["recipe"]["epochs"] == 1 and meta["recipe"]["augment"] == 0
    assert meta["recipe"]["seed"] == 3 and "distortion" not in meta["recipe"]
    assert "redrawn" not in meta["recipe"] and "redrawing_seconds" not in meta
    assert 0.5 < meta["test_accuracy"] <= 1 and meta["training_seconds"] > 0   # 0.76 when written
    assert {"machine", "numpy", "canvas_check", "source"} <= set(meta)


def test_the_command_trains_on_redrawn_copies_of_the_digits_it_trains_on(tmp_path, capsys):
    from netcore.cli import main
    from netcore.weightfile import load_network

    out = tmp_path / "net.npz"
    assert main(["--epochs", "2", "--no-augment", "--redrawn", "--train-on", "300", "--jobs", "1",
                 "--sizes", "784,8,10", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Redrawing each of the 300 training digits 6 times" in printed
    assert "Made 1,800 copies" in printed and "the last 59,700 left out" in printed
    net, meta = load_network(out)
    assert meta["recipe"]["train_on"] == 300 and meta["recipe"]["redrawn"] > 0
    assert meta["recipe"]["redrawn_seeds"] == [99, 98] and meta["redrawing_seconds"] > 0
    assert 0 <= meta["held_out_accuracy"] <= 1


@pytest.mark.parametrize("argv", [["--default", "--epochs", "3"], ["--default", "--no-redrawn"],
                                  ["--train-on", "0"], ["--jobs", "0"], ["--epochs", "0"],
                                  ["--sizes", "784,16,9"], ["--sizes", "7x8"],
                                  ["--learning-rate", "nan"]])
def test_the_command_refuses_bad_options(argv, capsys):
    from netcore.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "error" in capsys.readouterr().err


def test_the_progress_bar_redraws_in_place_on_a_terminal_and_prints_epoch_lines():
    import io

    from netcore.cli import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    # Batch 1: two images, one right (outputs 0.9 / 0.1 for target digit 0), one wrong.
    first = np.array([[0.9, 0.1], [0.9, 0.1]], np.float32), np.array([0, 1])
    second = np.array([[0.5, 0.5]], np.float32), np.array([0])
    for stream, live in ((Terminal(), True), (io.StringIO(), False)):
        bar = ProgressBar(stream, width=10)
        bar(Progress.of_batch(1, 1, 2, *first, 0.5, total_epochs=2))
        bar(Progress.of_batch(1, 2, 2, *second, 0.55, total_epochs=2))
        bar(Progress("epoch", 1, 2, 2, 1.5, 0.5, 0.8, 0.625, total_epochs=2))
        text = stream.getvalue()
        lines = text.split("\n")
        assert lines[-1] == "" and len(lines) == 2   # one finished line per epoch
        assert "epoch 1/2 [##########] loss 1.5000  train 50.00%  test 62.50%    0.8s" in lines[0]
        assert ("\r" in text) is live
        if live:   # the running bar: half full, the first batch's figures
            loss = -(2 * math.log(0.9) + 2 * math.log(0.1)) / 2
            assert f"epoch 1/2 [#####-----] loss {loss:.4f}  train 50.00%" in text


def test_python_m_netcore_training_runs_the_command():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "netcore.training", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert "--default" in done.stdout and "--no-augment" in done.stdout and "--out" in done.stdout


def test_redrawn_copies_are_shown_with_their_chance_and_leave_other_training_alone():
    images, labels = _tiny_mnist(500)
    raw = np.rint(images * 255).astype(np.uint8)
    # Copies that say which copy they are: every pixel of copy k is k + 1.
    redrawn = np.broadcast_to(np.arange(1, 4, dtype=np.uint8)[:, None, None], (3, *raw.shape)).copy()
    for chance in (0.0, 0.4, 1.0):
        batches = Batches(raw, TrainConfig(batch_size=500, redrawn=chance), redrawn)
        batches.start_epoch()
        x = batches.batch(np.arange(500))   # pixel bytes, as floats (scale 1/255 comes later)
        shown = np.isin(x[:, 0], (1, 2, 3)) & (x == x[:, :1]).all(1)
        assert shown.mean() == pytest.approx(chance, abs=0.07)
        np.testing.assert_array_equal(x[~shown], raw[~shown])   # the rest as they are
    config = TrainConfig(epochs=1, batch_size=50, seed=4)
    nets = [Network((784, 16, 16, 10), seed=3) for _ in range(2)]
    train(nets[0], raw, labels, config)
    train(nets[1], raw, labels, config, redrawn=redrawn)   # redrawn=0: copies not used
    for a, b in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases):
        assert np.array_equal(a, b)


def test_training_on_redrawn_copies_is_deterministic_and_refuses_missing_copies():
    images, labels = _tiny_mnist(500)
    raw = np.rint(images * 255).astype(np.uint8)
    rng = np.random.default_rng(0)
    redrawn = np.stack([np.roll(raw, int(s), axis=1) for s in rng.integers(1, 3, 2)])
    config = TrainConfig(epochs=2, batch_size=50, seed=4, redrawn=0.5)
    nets = [Network((784, 16, 16, 10), seed=3) for _ in range(3)]
    train(nets[0], raw, labels, config, redrawn=redrawn)
    train(nets[1], raw, labels, config, redrawn=redrawn)
    train(nets[2], raw, labels, dataclasses.replace(config, redrawn=0.0))
    assert all(np.array_equal(a, b) for a, b in zip(nets[0].weights, nets[1].weights))
    assert not np.array_equal(nets[0].weights[0], nets[2].weights[0])
    for bad in (None, redrawn[:, :10], redrawn.astype(np.float32), redrawn[:0]):
        with pytest.raises(ValueError, match="redrawn copies"):
            train(Network((784, 16, 16, 10)), raw, labels, config, redrawn=bad)
    with pytest.raises(ValueError, match="redrawn must be"):
        train(Network((784, 16, 16, 10)), raw, labels, TrainConfig(redrawn=1.5), redrawn=redrawn)
