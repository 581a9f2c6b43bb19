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


class Progress:
    """What the callback hears after every batch ("batch") and every epoch ("epoch").

    kind, epoch (1-based), batch (1-based within the epoch), n_batches, total_epochs;
    loss: mean cross-entropy of the last batch, or of the epoch;
    accuracy: training accuracy of the last batch, or of the epoch;
    elapsed: seconds of training so far;
    test_accuracy: after each epoch, when test data was given;
    outputs, targets: a batch's output activations and one-hot targets, (n, 10)
    each (None for an epoch), to work out figures over several batches at once
    (see `figures`).
    A batch's loss and accuracy are worked out from its outputs when first read,
    so a callback that only watches epochs costs training nothing per batch.
    """

    def __init__(self, kind: str, epoch: int, batch: int, n_batches: int, loss, accuracy,
                 elapsed: float, test_accuracy: float | None = None, total_epochs: int = 1):
        self.kind, self.epoch, self.batch, self.n_batches = kind, epoch, batch, n_batches
        self._loss, self._accuracy = loss, accuracy   # numbers, or None until first read
        self.elapsed, self.test_accuracy, self.total_epochs = elapsed, test_accuracy, total_epochs
        self.outputs = self.targets = None

    @classmethod
    def of_batch(cls, epoch, batch, n_batches, outputs, targets, elapsed, total_epochs) -> "Progress":
        p = cls("batch", epoch, batch, n_batches, None, None, elapsed, total_epochs=total_epochs)
        p.outputs, p.targets = outputs, targets
        return p

    @property
    def loss(self) -> float:
        if self._loss is None:
            self._loss, self._accuracy = figures(self.outputs, self.targets)
        return self._loss

    @property
    def accuracy(self) -> float:
        if self._accuracy is None:
            self._loss, self._accuracy = figures(self.outputs, self.targets)
        return self._accuracy

    @property
    def fraction_done(self) -> float:
        return ((self.epoch - 1) * self.n_batches + self.batch) / (self.total_epochs * self.n_batches)

    def __repr__(self) -> str:
        return (f"Progress({self.kind!r}, epoch={self.epoch}/{self.total_epochs}, "
                f"batch={self.batch}/{self.n_batches}, loss={self.loss:.4f}, "
                f"accuracy={self.accuracy:.4f}, elapsed={self.elapsed:.2f})")


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


def backprop(net: Network, x: np.ndarray, y: np.ndarray, into=None, x_scale=1.0):
    """Gradients of the mean loss over a batch, and the output activations.

    x: (n, n_in) inputs, y: (n, n_out) targets. Returns (grad_w, grad_b, out) with
    grad_w[l] shaped like net.weights[l] and grad_b[l] like net.biases[l].
    into: optional (grad_w, grad_b) lists of arrays to write the gradients in
    (training reuses one buffer instead of allocating new arrays every step).
    x_scale: the network's input is x * x_scale. Training passes MNIST's pixel
    bytes 0..255 and 1/255: scaling 16 sums per image is cheaper than 784 pixels.
    The loss is `cross_entropy`: per image the summed binary cross-entropy of
    the outputs, averaged over the batch; its gradient at the output layer's
    weighted sums is (out - y) / n.
    """
    # Forward, keeping every layer's activations: a(l+1) = f(a(l) @ W.T + b).
    layers = [x]
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = layers[-1] @ w.T
        if l == 0 and x_scale != 1:
            z *= x_scale
        z += b
        layers.append(net.layer_function(l)(z, out=z))
    out = layers[-1]
    # Backward: delta is d loss / d z, one row per image, from the output layer down.
    derivative = ACTIVATIONS[net.activation][1]
    delta = out - y
    delta *= 1 / len(x)                 # (n, 10) at the sigmoid output layer
    ones = np.ones(len(x), delta.dtype)
    if into is None:
        into = ([np.empty_like(w) for w in net.weights], [np.empty_like(b) for b in net.biases])
    grad_w, grad_b = into
    for l in range(len(net.weights) - 1, -1, -1):
        np.matmul(ones, delta, out=grad_b[l])             # the sum over the batch
        if l == 0 and x_scale != 1:
            delta *= x_scale
        # (n_in, n) @ (n, n_out): written as its transpose, the faster layout for BLAS here
        np.matmul(layers[l].T, delta, out=grad_w[l].T)
        if l > 0:
            delta = (delta @ net.weights[l]) * derivative(layers[l])  # (n, n_in)
    return grad_w, grad_b, out


def cross_entropy(out: np.ndarray, y: np.ndarray) -> float:
    """Mean over images of the summed binary cross-entropy of the outputs.

    y holds targets 0 or 1, so each term -[y log a + (1 - y) log(1 - a)] is
    -log of a (target 1) or of 1 - a (target 0): one logarithm per output, of
    |1 - y - a|, which is a where y = 1 and 1 - a where y = 0.
    """
    right = np.abs(1 - y - out)          # how much each output agrees with its target
    np.maximum(right, 1e-7, out=right)   # log(0) would be -inf
    return float(-np.add.reduce(np.log(right, out=right), axis=None) / len(out))


def figures(outputs: np.ndarray, targets: np.ndarray) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of outputs (n, n_out) against one-hot targets (n, n_out)."""
    hits = np.count_nonzero(outputs.argmax(axis=1) == targets.argmax(axis=1))
    return cross_entropy(outputs, targets), hits / len(outputs)


class _Adam:
    """Adam over one flat array holding every parameter (ten NumPy calls per step).

    Adam keeps running averages of the gradient g and of g^2, corrects their
    start-up bias, and steps p -= lr * m_avg / (sqrt(v_avg) + eps) (with the bias
    corrections folded into lr, as in Kingma and Ba's paper). Here m and v are
    kept as running sums, m = b1 m + g and v = b2 v + g^2, which are the averages
    times 1 / (1 - b1) and 1 / (1 - b2); those constants move into the step size
    and eps, so the same update costs fewer passes over the 13,002 numbers.
    """

    def __init__(self, params: np.ndarray, b1=0.9, b2=0.999, eps=1e-8):
        self.m = np.zeros_like(params)
        self.v = np.zeros_like(params)
        self.scratch = np.empty_like(params)   # reused every step
        self.b1, self.b2, self.eps, self.t = b1, b2, eps, 0

    def step(self, p, g, lr):
        self.t += 1
        b1, b2, m, v, s = self.b1, self.b2, self.m, self.v, self.scratch
        m *= b1
        m += g
        v *= b2
        v += np.multiply(g, g, out=s)
        # lr sqrt(1 - b2^t) / (1 - b1^t) * m_avg / (sqrt(v_avg) + eps), in terms of the sums:
        size = lr * math.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t) * (1 - b1) / math.sqrt(1 - b2)
        np.sqrt(v, out=s)
        s += self.eps / math.sqrt(1 - b2)
        np.divide(m, s, out=s)
        s *= size
        p -= s


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
    """One contiguous array, and views of it shaped like `arrays` (filled with their values).

    Each matrix is stored transposed, so its view is F-ordered: BLAS computes
    a @ W.T and the weight gradient (see backprop) fastest in that layout.
    """
    flat = np.empty(sum(a.size for a in arrays), dtype=DTYPE)
    views, start = [], 0
    for a in arrays:
        view = flat[start:start + a.size].reshape(a.shape[::-1]).T
        view[...] = a
        views.append(view)
        start += a.size
    return flat, views


class _Batches:
    """Each batch's inputs as float32, from the training images and their distorted copies.

    images: float (n, n_in) in [0, 1], or uint8 pixel bytes 0..255. Bytes are
    gathered (a quarter of the memory traffic of floats), converted into one
    reused buffer and passed with `scale` = 1/255 (see backprop's x_scale).
    With config.augment, copy k of the images is distorted (netcore.augment) at
    the start of epoch k + 1, until there are config.augment_copies, stored as
    uint8; each epoch then shows, per image, itself or one of the copies so far.
    """

    def __init__(self, images: np.ndarray, config: TrainConfig):
        self.images, self.config = images, config
        self.raw = images.dtype == np.uint8
        self.scale = DTYPE(1 / 255) if self.raw else 1.0
        self.buffer = np.empty((config.batch_size, images.shape[1]), DTYPE) if self.raw else None
        self.which = None   # per image, the copy shown this epoch (-1: the image itself)
        if config.augment:
            self.rng = np.random.default_rng([config.seed, 1])   # apart from the shuffling
            self.copies = np.empty((config.augment_copies, *images.shape), np.uint8)
            self.made = 0

    def start_epoch(self) -> None:
        if not self.config.augment:
            return
        if self.made < len(self.copies):
            warped = distort(self.images, self.rng, self.config.distortion)
            np.rint(np.multiply(warped, 255, out=warped), out=warped)
            self.copies[self.made] = warped
            self.made += 1
        n = len(self.images)
        shown = self.rng.random(n) < self.config.augment
        self.which = np.where(shown, self.rng.integers(0, self.made, n), -1)

    def batch(self, idx: np.ndarray) -> np.ndarray:
        x = self.images[idx]
        if self.which is not None:
            pick = self.which[idx]
            rows = np.flatnonzero(pick >= 0)
            copies = self.copies[pick[rows], idx[rows]]
            x[rows] = copies if self.raw else copies * DTYPE(1 / 255)
        if not self.raw:
            return x
        out = self.buffer[:len(idx)]
        np.copyto(out, x, casting="unsafe")
        return out


def _as_training_images(images) -> np.ndarray:
    if isinstance(images, np.ndarray) and images.dtype == np.uint8:
        return images
    images = np.asarray(images)
    if images.dtype.kind in "iub":
        raise ValueError(f"whole-number images must be uint8 pixel bytes 0..255, got "
                         f"{images.dtype}; pass floats from 0 to 1 otherwise")
    return np.asarray(images, dtype=DTYPE)


def train(net: Network, images, labels, config: TrainConfig | None = None, *,
          test_images=None, test_labels=None,
          callback: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> History:
    """Train `net` in place on images (n, n_in) and integer labels (n,).

    images: floats from 0 to 1, or uint8 pixel bytes 0..255 (read as value / 255,
    as load_mnist(dtype=np.uint8) gives them: the fastest way to train).
    callback(progress) is called after every batch and every epoch; should_stop()
    is asked after every batch, and training ends early (keeping what was
    learned) when it answers True. Stops by itself, with status "diverged", if
    the outputs or a weight stop being finite numbers (the network is then
    unusable). A step that is merely too big usually does not get there: the
    outputs and the loss are clipped, so the neurons saturate and the network
    ends near chance, "finished", with finite weights.
    Elapsed times include making distorted copies (config.augment).
    """
    config = (config or TrainConfig()).check(len(images))
    images = _as_training_images(images)
    labels = np.asarray(labels)
    if images.ndim != 2 or images.shape[1] != net.sizes[0] or len(labels) != len(images):
        raise ValueError(f"need images (n, {net.sizes[0]}) and n labels, "
                         f"got {images.shape} and {labels.shape}")
    if config.augment and images.shape[1] != 784:
        raise ValueError(f"augment distorts 28x28 digits (784 inputs), not {images.shape[1]} inputs")
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or (
            len(labels) and (labels.min() < 0 or labels.max() >= net.sizes[-1])):
        raise ValueError(f"labels must be whole numbers from 0 to {net.sizes[-1] - 1}")
    one_hots = np.eye(net.sizes[-1], dtype=DTYPE)   # row k: the target for digit k
    rng = np.random.default_rng(config.seed)
    # While training, every weight and bias lives in one flat array (net's arrays
    # become views of it), so the optimiser updates all 13,002 numbers in a few
    # NumPy calls.
    n_layers, n_weights = len(net.weights), sum(w.size for w in net.weights)
    params, views = _flat_views(net.weights + net.biases)
    net.weights, net.biases = views[:n_layers], views[n_layers:]
    grads, grad_views = _flat_views(views)
    into = (grad_views[:n_layers], grad_views[n_layers:])
    optimizer = _Adam(params) if config.optimizer == "adam" else _SGD(params, config.momentum)
    batches = _Batches(images, config)
    size, n = config.batch_size, len(images)
    n_batches = math.ceil(n / size)
    total_steps = config.epochs * n_batches
    epoch_out = np.empty((n, net.sizes[-1]), DTYPE)   # the epoch's outputs, for its loss and accuracy
    history = History(config=asdict(config))
    start = time.perf_counter()
    step = 0
    try:
        with np.errstate(over="ignore", invalid="ignore"):   # divergence is reported, not warned
            for epoch in range(1, config.epochs + 1):
                batches.start_epoch()
                order = rng.permutation(n)
                epoch_labels = labels[order]
                for batch in range(1, n_batches + 1):
                    part = slice((batch - 1) * size, batch * size)
                    y = one_hots.take(epoch_labels[part], axis=0)
                    out = backprop(net, batches.batch(order[part]), y, into, batches.scale)[2]
                    epoch_out[part] = out
                    lr = config.learning_rate
                    if config.lr_schedule == "cosine":
                        lr *= 0.5 * (1 + math.cos(math.pi * step / total_steps))
                    if config.weight_decay:
                        params[:n_weights] *= 1.0 - lr * config.weight_decay   # weights, not biases
                    optimizer.step(params, grads, lr)
                    step += 1
                    if callback:
                        callback(Progress.of_batch(epoch, batch, n_batches, out, y,
                                                   time.perf_counter() - start, config.epochs))
                    # Non-finite weights make outputs NaN (0 * inf is NaN too); all are checked per epoch.
                    if not math.isfinite(np.add.reduce(out, axis=None)):
                        history.status = "diverged"
                        return history
                    if should_stop and should_stop():
                        history.status = "stopped"
                        return history
                if not np.isfinite(params).all():
                    history.status = "diverged"
                    return history
                history.epoch_loss.append(cross_entropy(epoch_out, one_hots.take(epoch_labels, axis=0)))
                history.epoch_accuracy.append(float(np.mean(epoch_out.argmax(axis=1) == epoch_labels)))
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
    finally:   # training's views of the flat buffer become plain arrays again
        net.weights = [np.array(w, order="C") for w in net.weights]
        net.biases = [np.array(b) for b in net.biases]
