"""Learning the weights: mini-batch gradient descent with backpropagation.

The loss is the cross-entropy between each sigmoid output and its target
(1 for the right digit, 0 for the other nine). With a sigmoid output, its
error signal at the last layer is simply `a_L - y`, which keeps backprop short.
Nothing is printed here: progress goes to a callback, and `train` returns the
history, so a terminal progress bar and a web page can both show it.
`python -m netcore.train` trains from the terminal (see netcore.cli).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from netcore.augment import Distortion, distort
from netcore.network import ACTIVATIONS, DTYPE, Network


@dataclass
class TrainConfig:
    epochs: int = 12              # passes over the training set
    batch_size: int = 128         # images per gradient step: small enough to take many steps
    learning_rate: float = 0.01   # Adam's step size at the start; decays to 0 over the run
    optimizer: str = "adam"       # "adam" adapts the step per weight; "sgd" is the textbook rule
    lr_schedule: str = "cosine"   # "cosine" anneals the step to zero, "constant" keeps it
    weight_decay: float = 0.0     # pulls weights toward 0 each step (AdamW-style); curbs overfitting
    seed: int = 0                 # shuffling (and distortions); same seed + same machine -> same weights
    momentum: float = 0.0         # "sgd" only: each step keeps this share of the previous one
    # Augmentation (28x28 images only): in every epoch each image is shown, with
    # this chance, as a randomly distorted copy (netcore.augment) instead of itself.
    augment: float = 0.0
    # How many distorted versions of each image are kept: one made at the start
    # of each of the first epochs, then reused (costs copies x n x 784 bytes).
    augment_copies: int = 8
    distortion: Distortion = field(default_factory=Distortion)

    def check(self, n_train: int) -> "TrainConfig":
        """Raise ValueError for settings that cannot make sense."""
        if not (isinstance(self.epochs, int) and 1 <= self.epochs <= 1000):
            raise ValueError(f"epochs must be a whole number from 1 to 1000, got {self.epochs!r}")
        if not (isinstance(self.batch_size, int) and 1 <= self.batch_size <= max(n_train, 1)):
            raise ValueError(f"batch size must be a whole number from 1 to the number of "
                             f"training images ({n_train}), got {self.batch_size!r}")
        lr = self.learning_rate
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and 0 < lr <= 100):
            raise ValueError(f"learning rate must be a number above 0 and at most 100, got {lr!r}")
        if not (isinstance(self.weight_decay, (int, float)) and 0 <= self.weight_decay < 1):
            raise ValueError(f"weight decay must be from 0 to below 1, got {self.weight_decay!r}")
        if self.optimizer not in ("adam", "sgd"):
            raise ValueError(f"optimizer must be 'adam' or 'sgd', got {self.optimizer!r}")
        if self.lr_schedule not in ("cosine", "constant"):
            raise ValueError(f"lr_schedule must be 'cosine' or 'constant', got {self.lr_schedule!r}")
        if not (isinstance(self.momentum, (int, float)) and 0 <= self.momentum < 1):
            raise ValueError(f"momentum must be from 0 to below 1, got {self.momentum!r}")
        if self.momentum and self.optimizer != "sgd":
            raise ValueError("momentum is for optimizer 'sgd' (Adam keeps its own running mean)")
        if not (isinstance(self.augment, (int, float)) and 0 <= self.augment <= 1):
            raise ValueError(f"augment must be a fraction from 0 to 1, got {self.augment!r}")
        if not (isinstance(self.augment_copies, int) and 1 <= self.augment_copies <= 100):
            raise ValueError(f"augment_copies must be a whole number from 1 to 100, "
                             f"got {self.augment_copies!r}")
        if not isinstance(self.distortion, Distortion):
            raise ValueError(f"distortion must be a netcore.augment.Distortion, "
                             f"got {type(self.distortion).__name__}")
        return self


@dataclass
class Progress:
    """What the callback hears after every batch ("batch") and every epoch ("epoch")."""
    kind: str
    epoch: int                 # 1-based
    batch: int                 # 1-based within the epoch
    n_batches: int
    loss: float                # mean cross-entropy of the last batch, or of the epoch
    accuracy: float            # training accuracy of the last batch, or of the epoch
    elapsed: float             # seconds of training so far
    test_accuracy: float | None = None   # after each epoch, when test data was given

    @property
    def fraction_done(self) -> float:
        return ((self.epoch - 1) * self.n_batches + self.batch) / (self.total_epochs * self.n_batches)

    total_epochs: int = 1


@dataclass
class History:
    config: dict
    epoch_loss: list = field(default_factory=list)
    epoch_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    elapsed: list = field(default_factory=list)
    status: str = "finished"   # "finished", "stopped" (asked to) or "diverged" (see train)


def one_hot(labels, n_classes: int) -> np.ndarray:
    y = np.zeros((len(labels), n_classes), dtype=DTYPE)
    y[np.arange(len(labels)), labels] = 1.0
    return y


def backprop(net: Network, x: np.ndarray, y: np.ndarray, into=None):
    """Gradients of the mean loss over a batch, and the output activations.

    x: (n, n_in) inputs, y: (n, n_out) targets. Returns (grad_w, grad_b, out) with
    grad_w[l] shaped like net.weights[l] and grad_b[l] like net.biases[l].
    into: optional (grad_w, grad_b) lists of arrays to write the gradients in
    (training reuses one buffer instead of allocating new arrays every step).
    The loss is `cross_entropy`: per image the summed binary cross-entropy of
    the outputs, averaged over the batch; its gradient at the output layer's
    weighted sums is (out - y) / n.
    """
    layers = net.activations(x)
    derivative = ACTIVATIONS[net.activation][1]
    out = layers[-1]
    delta = (out - y) / len(x)           # (n, 10): d loss / d z of the sigmoid output layer
    if into is None:
        into = ([np.empty_like(w) for w in net.weights], [np.empty_like(b) for b in net.biases])
    grad_w, grad_b = into
    for l in range(len(net.weights) - 1, -1, -1):
        np.matmul(delta.T, layers[l], out=grad_w[l])  # (n_out, n) @ (n, n_in) -> (n_out, n_in)
        np.add.reduce(delta, axis=0, out=grad_b[l])   # sum over the batch
        if l > 0:
            delta = (delta @ net.weights[l]) * derivative(layers[l])  # (n, n_in)
    return grad_w, grad_b, out


def cross_entropy(out: np.ndarray, y: np.ndarray) -> float:
    """Mean over images of the summed binary cross-entropy of the outputs.

    y holds targets 0 or 1, so each term -[y log a + (1 - y) log(1 - a)] is
    -log of a (target 1) or of 1 - a (target 0): one logarithm per output.
    """
    right = np.where(y > 0.5, out, 1 - out)          # how much each output agrees with its target
    np.maximum(right, 1e-7, out=right)   # log(0) would be -inf
    return float(-np.add.reduce(np.log(right, out=right), axis=None) / len(out))


class _Adam:
    """Adam over one flat array holding every parameter (a few NumPy calls per step)."""

    def __init__(self, params: np.ndarray, b1=0.9, b2=0.999, eps=1e-8):
        self.m = np.zeros_like(params)
        self.v = np.zeros_like(params)
        self.step_size = np.empty_like(params)   # scratch space, reused every step
        self.scratch = np.empty_like(params)
        self.b1, self.b2, self.eps, self.t = b1, b2, eps, 0

    def step(self, p, g, lr):
        """m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  p -= scale m / (sqrt(v) + eps)."""
        self.t += 1
        scale = lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        m, v, step, scratch = self.m, self.v, self.step_size, self.scratch
        m *= self.b1
        m += np.multiply(g, 1 - self.b1, out=scratch)
        v *= self.b2
        np.multiply(g, g, out=scratch)
        scratch *= 1 - self.b2
        v += scratch
        np.multiply(m, scale, out=step)
        np.sqrt(v, out=scratch)
        scratch += self.eps
        step /= scratch
        p -= step


class _SGD:
    """Plain gradient descent, or with momentum: v = momentum v + g; p -= lr v."""

    def __init__(self, params: np.ndarray, momentum=0.0):
        self.momentum = momentum
        self.v = np.zeros_like(params) if momentum else None

    def step(self, p, g, lr):
        if not self.momentum:
            p -= lr * g
            return
        self.v *= self.momentum
        self.v += g
        p -= lr * self.v


def _flat_views(arrays: list[np.ndarray]):
    """One contiguous array, and views of it shaped like `arrays` (filled with their values)."""
    flat = np.empty(sum(a.size for a in arrays), dtype=DTYPE)
    views, start = [], 0
    for a in arrays:
        view = flat[start:start + a.size].reshape(a.shape)
        view[...] = a
        views.append(view)
        start += a.size
    return flat, views


class _Distorted:
    """Distorted copies of the training images, stored as uint8 (0..255).

    Copy k is made (with netcore.augment.distort) at the start of epoch k + 1,
    until there are `copies`; each epoch then picks, per image, itself or one
    of the copies made so far.
    """

    def __init__(self, images: np.ndarray, config: TrainConfig):
        self.images, self.config = images, config
        self.rng = np.random.default_rng([config.seed, 1])   # apart from the shuffling
        self.copies = np.empty((config.augment_copies, *images.shape), np.uint8)
        self.made = 0

    def start_epoch(self) -> np.ndarray:
        """For each image, which copy to show this epoch (-1: the image itself)."""
        if self.made < len(self.copies):
            warped = distort(self.images, self.rng, self.config.distortion)
            np.rint(np.multiply(warped, 255, out=warped), out=warped)
            self.copies[self.made] = warped
            self.made += 1
        n = len(self.images)
        shown = self.rng.random(n) < self.config.augment
        return np.where(shown, self.rng.integers(0, self.made, n), -1)

    def batch(self, idx: np.ndarray, which: np.ndarray) -> np.ndarray:
        x = self.images[idx]
        pick = which[idx]
        rows = np.flatnonzero(pick >= 0)
        x[rows] = self.copies[pick[rows], idx[rows]] * DTYPE(1 / 255)
        return x


def train(net: Network, images, labels, config: TrainConfig | None = None, *,
          test_images=None, test_labels=None,
          callback: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> History:
    """Train `net` in place on images (n, n_in) in [0, 1] and integer labels (n,).

    callback(progress) is called after every batch and every epoch; should_stop()
    is asked after every batch, and training ends early (keeping what was
    learned) when it answers True. Stops by itself, with status "diverged", if
    the loss or a weight stops being a finite number (the network is then
    unusable). A step that is merely too big usually does not get there: the
    outputs and the loss are clipped, so the neurons saturate and the network
    ends near chance, "finished", with finite weights.
    Elapsed times include making distorted copies (config.augment).
    """
    config = (config or TrainConfig()).check(len(images))
    images = np.asarray(images, dtype=DTYPE)
    labels = np.asarray(labels)
    if images.ndim != 2 or images.shape[1] != net.sizes[0] or len(labels) != len(images):
        raise ValueError(f"need images (n, {net.sizes[0]}) and n labels, "
                         f"got {images.shape} and {labels.shape}")
    if config.augment and images.shape[1] != 784:
        raise ValueError(f"augment distorts 28x28 digits (784 inputs), not {images.shape[1]} inputs")
    targets = one_hot(labels, net.sizes[-1])
    rng = np.random.default_rng(config.seed)
    # Every weight and bias lives in one flat array (net's arrays become views of
    # it), so the optimiser updates all 13,002 numbers in a few NumPy calls.
    n_layers, n_weights = len(net.weights), sum(w.size for w in net.weights)
    params, views = _flat_views(net.weights + net.biases)
    net.weights, net.biases = views[:n_layers], views[n_layers:]
    grads, grad_views = _flat_views(views)
    into = (grad_views[:n_layers], grad_views[n_layers:])
    optimizer = _Adam(params) if config.optimizer == "adam" else _SGD(params, config.momentum)
    distorted = _Distorted(images, config) if config.augment else None
    n_batches = math.ceil(len(images) / config.batch_size)
    total_steps = config.epochs * n_batches
    history = History(config=asdict(config))
    start = time.perf_counter()
    step = 0
    with np.errstate(over="ignore", invalid="ignore"):   # divergence is reported, not warned
        for epoch in range(1, config.epochs + 1):
            which = distorted.start_epoch() if distorted else None
            order = rng.permutation(len(images))
            loss_sum, correct = 0.0, 0
            for batch in range(1, n_batches + 1):
                idx = order[(batch - 1) * config.batch_size: batch * config.batch_size]
                x = distorted.batch(idx, which) if distorted else images[idx]
                y = targets[idx]
                out = backprop(net, x, y, into)[2]
                lr = config.learning_rate
                if config.lr_schedule == "cosine":
                    lr *= 0.5 * (1 + math.cos(math.pi * step / total_steps))
                if config.weight_decay:
                    params[:n_weights] *= 1.0 - lr * config.weight_decay   # weights, not biases
                optimizer.step(params, grads, lr)
                loss = cross_entropy(out, y)
                step += 1
                hits = np.count_nonzero(out.argmax(axis=1) == labels[idx])
                correct += hits
                loss_sum += loss * len(idx)
                if callback:
                    callback(Progress("batch", epoch, batch, n_batches, loss, hits / len(idx),
                                      time.perf_counter() - start, total_epochs=config.epochs))
                # Non-finite weights make the outputs, so the loss, NaN; all are checked per epoch too.
                if not math.isfinite(loss):
                    history.status = "diverged"
                    return history
                if should_stop and should_stop():
                    history.status = "stopped"
                    return history
            if not np.isfinite(params).all():
                history.status = "diverged"
                return history
            history.epoch_loss.append(loss_sum / len(images))
            history.epoch_accuracy.append(correct / len(images))
            test_acc = None
            if test_images is not None:
                test_acc = net.accuracy(test_images, test_labels)
                history.test_accuracy.append(test_acc)
            history.elapsed.append(time.perf_counter() - start)
            if callback:
                callback(Progress("epoch", epoch, n_batches, n_batches, history.epoch_loss[-1],
                                  history.epoch_accuracy[-1], history.elapsed[-1], test_acc,
                                  total_epochs=config.epochs))
    return history
