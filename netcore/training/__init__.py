"""Learning the weights: mini-batch gradient descent with backpropagation.

The settings (TrainConfig), what a callback hears (Progress), what training
returns (History) and the loop itself (train). The gradients come from
netcore.training.gradients, the steps from netcore.training.optimizers, the batches
from netcore.training.batches. Nothing is printed here: progress goes to a
callback, and `train` returns the history, so a terminal progress bar and a
web page can both show it.
`python -m netcore.training` trains from the terminal (see netcore.cli).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from netcore.augment import Distortion
from netcore.network import DTYPE, Network
from netcore.training.gradients import backprop, cross_entropy, figures, one_hot
from netcore.training.batches import Batches, as_training_images
from netcore.training.optimizers import SGD, Adam, flat_views

__all__ = ["History", "Progress", "TrainConfig", "backprop", "cross_entropy", "figures",
           "one_hot", "pooled_figures", "train"]


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
    # In every epoch each image is shown, with this chance, as one of its redrawn
    # copies (train's `redrawn`: made beforehand, e.g. traced and drawn again with
    # other pens and read back by to_mnist, netcore.redraw) instead of the above.
    redrawn: float = 0.0

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
        if not (isinstance(self.redrawn, (int, float)) and 0 <= self.redrawn <= 1):
            raise ValueError(f"redrawn must be a fraction from 0 to 1, got {self.redrawn!r}")
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
    outputs, labels: a batch's output activations (n, 10) and right answers (n,)
    (None for an epoch), to work out figures over several batches at once
    (see `pooled_figures`).
    A batch's loss and accuracy are worked out from its outputs when first read,
    so a callback that only watches epochs costs training nothing per batch.
    """

    def __init__(self, kind: str, epoch: int, batch: int, n_batches: int, loss, accuracy,
                 elapsed: float, test_accuracy: float | None = None, total_epochs: int = 1):
        self.kind, self.epoch, self.batch, self.n_batches = kind, epoch, batch, n_batches
        self._loss, self._accuracy = loss, accuracy   # numbers, or None until first read
        self.elapsed, self.test_accuracy, self.total_epochs = elapsed, test_accuracy, total_epochs
        self.outputs = self.labels = None

    @classmethod
    def of_batch(cls, epoch, batch, n_batches, outputs, labels, elapsed, total_epochs) -> "Progress":
        p = cls("batch", epoch, batch, n_batches, None, None, elapsed, total_epochs=total_epochs)
        p.outputs, p.labels = outputs, labels
        return p

    @property
    def loss(self) -> float:
        if self._loss is None:
            self._loss, self._accuracy = figures(self.outputs, self.labels)
        return self._loss

    @property
    def accuracy(self) -> float:
        if self._accuracy is None:
            self._loss, self._accuracy = figures(self.outputs, self.labels)
        return self._accuracy

    @property
    def fraction_done(self) -> float:
        return ((self.epoch - 1) * self.n_batches + self.batch) / (self.total_epochs * self.n_batches)

    def __repr__(self) -> str:
        return (f"Progress({self.kind!r}, epoch={self.epoch}/{self.total_epochs}, "
                f"batch={self.batch}/{self.n_batches}, loss={self.loss:.4f}, "
                f"accuracy={self.accuracy:.4f}, elapsed={self.elapsed:.2f})")


def pooled_figures(batches: list[Progress]) -> tuple[float, float, int]:
    """(mean loss, accuracy, images) over every image of several batches' Progress, worked
    out in one go: cheaper than batch by batch, so a chart can average many batches."""
    outputs = np.concatenate([p.outputs for p in batches])
    loss, accuracy = figures(outputs, np.concatenate([p.labels for p in batches]))
    return loss, accuracy, len(outputs)


@dataclass
class History:
    config: dict
    epoch_loss: list = field(default_factory=list)
    epoch_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    elapsed: list = field(default_factory=list)
    status: str = "finished"   # "finished", "stopped" (asked to) or "diverged" (see train)


def train(net: Network, images, labels, config: TrainConfig | None = None, *,
          test_images=None, test_labels=None,
          callback: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None, redrawn=None) -> History:
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
    redrawn: (copies, n, n_in) uint8 versions of the images, made beforehand, shown
    instead of them with chance config.redrawn (needed when it is above 0).
    A frozen network (such as load_default(), shared by every learner) is refused
    with ValueError: train a copy, `net.copy()`.
    """
    if net.frozen:
        raise ValueError("cannot train a frozen network (read-only, maybe shared with every "
                         "learner, like load_default()); train a copy instead: net.copy()")
    config = (config or TrainConfig()).check(len(images))
    images = as_training_images(images)
    labels = np.asarray(labels)
    if images.ndim != 2 or images.shape[1] != net.sizes[0] or len(labels) != len(images):
        raise ValueError(f"need images (n, {net.sizes[0]}) and n labels, "
                         f"got {images.shape} and {labels.shape}")
    if config.augment and images.shape[1] != 784:
        raise ValueError(f"augment distorts 28x28 digits (784 inputs), not {images.shape[1]} inputs")
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or (
            len(labels) and (labels.min() < 0 or labels.max() >= net.sizes[-1])):
        raise ValueError(f"labels must be integers from 0 to {net.sizes[-1] - 1} (an integer "
                         f"array), got {labels.dtype} from {labels.min() if len(labels) else '-'} "
                         f"to {labels.max() if len(labels) else '-'}")
    if config.redrawn:
        redrawn = np.asarray(redrawn) if redrawn is not None else None
        if (redrawn is None or redrawn.dtype != np.uint8 or redrawn.ndim != 3
                or redrawn.shape[1:] != images.shape or len(redrawn) == 0):
            raise ValueError(f"redrawn={config.redrawn} needs the redrawn copies: uint8 of shape "
                             f"(copies, {len(images)}, {images.shape[1]}), got "
                             f"{None if redrawn is None else (redrawn.dtype, redrawn.shape)}")
    rng = np.random.default_rng(config.seed)
    # While training, every weight and bias lives in one flat array (net's arrays
    # become views of it), so the optimiser updates all 13,002 numbers in a few
    # NumPy calls.
    n_layers, n_weights = len(net.weights), sum(w.size for w in net.weights)
    params, views = flat_views(net.weights + net.biases)
    net.weights, net.biases = views[:n_layers], views[n_layers:]
    grads, grad_views = flat_views(views)
    into = (grad_views[:n_layers], grad_views[n_layers:])
    optimizer = Adam(params) if config.optimizer == "adam" else SGD(params, config.momentum)
    batches = Batches(images, config, redrawn)
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
                    y = one_hot(epoch_labels[part], net.sizes[-1])
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
                        callback(Progress.of_batch(epoch, batch, n_batches, out, epoch_labels[part],
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
                loss, accuracy = figures(epoch_out, epoch_labels)
                history.epoch_loss.append(loss)
                history.epoch_accuracy.append(accuracy)
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
