"""Teaching a trained network one example: a few gradient steps on it, mixed with ordinary digits.

A learner's drawing that the network misreads, with the digit it really is, becomes a few
steps of plain gradient descent. Each step's batch holds several copies of the example
and a fresh handful of MNIST training images, so the network learns the example without
simply forgetting the rest (the training images pull the weights back towards what they
were good at). Chapter 2's idea, learning from examples, on one example. Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from netcore.network import DTYPE, Network
from netcore.training.batches import BYTE
from netcore.training.gradients import backprop, one_hot


@dataclass(frozen=True)
class TeachConfig:
    steps: int = 20               # a few steps: a nudge to a trained network, not a retraining
    copies: int = 8               # copies of the example per batch: 8 of 40 images, a fifth of the loss
    n_mixed: int = 32             # MNIST training images per batch, new ones each step, against forgetting
    learning_rate: float = 0.1    # plain SGD; 1.0 (fine for training from scratch) over-corrects here
    seed: int = 0                 # which training images are mixed in; same seed -> same result

    def check(self, n_train: int) -> "TeachConfig":
        """Raise ValueError for settings that cannot make sense."""
        def whole(name, low, high):
            value = getattr(self, name)
            if not (isinstance(value, int) and low <= value <= high):
                raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
        whole("steps", 1, 1000)
        whole("copies", 1, 1000)
        whole("n_mixed", 0, 1000)
        if self.steps * self.n_mixed > n_train:
            raise ValueError(f"{self.steps} steps of {self.n_mixed} training images need "
                             f"{self.steps * self.n_mixed:,}, but only {n_train:,} were given")
        lr = self.learning_rate
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and 0 < lr <= 100):
            raise ValueError(f"learning rate must be a number above 0 and at most 100, got {lr!r}")
        return self


def mixed_in(n_train: int, config: TeachConfig) -> np.ndarray:
    """(steps, n_mixed) indices of the training images mixed into each step, all different."""
    rng = np.random.default_rng(config.seed)
    picks = rng.choice(n_train, config.steps * config.n_mixed, replace=False)
    return picks.reshape(config.steps, config.n_mixed)


def teach(net: Network, x, label: int, images, labels, config: TeachConfig | None = None):
    """Teach `net`, in place, that the image x (n_in,), pixels 0 to 1, shows the digit `label`.

    Every step is one step of gradient descent on a batch of `copies` copies of x
    (target: `label`) and `n_mixed` training images (n, n_in) with their labels (n,),
    floats 0 to 1 or uint8 bytes: each weight and bias moves by learning_rate times
    its slope, downhill. Returns (steps, n_out): the outputs for x before each step.
    A frozen network (the shared default) is refused: teach a copy, `net.copy()`.
    """
    if net.frozen:
        raise ValueError("cannot teach a frozen network (read-only, maybe shared with every "
                         "learner); teach a copy instead: net.copy()")
    config = (config or TeachConfig()).check(len(images))
    n_out = net.sizes[-1]
    x = np.asarray(x, dtype=DTYPE)
    if x.shape != (net.sizes[0],) or not (np.isfinite(x).all() and 0 <= x.min() and x.max() <= 1):
        raise ValueError(f"x must be one image of {net.sizes[0]} pixels from 0 to 1, got shape {x.shape}")
    if not (isinstance(label, (int, np.integer)) and 0 <= label < n_out):
        raise ValueError(f"label must be a whole number from 0 to {n_out - 1}, got {label!r}")
    example = np.repeat(x[None], config.copies, axis=0)                  # (8, 784)
    targets = one_hot(np.full(config.copies, label), n_out)              # (8, 10)
    before = np.empty((config.steps, n_out), DTYPE)
    for step, pick in enumerate(mixed_in(len(images), config)):
        mixed = images[pick] * BYTE if images.dtype == np.uint8 else images[pick]   # (32, 784)
        x_batch = np.concatenate([example, mixed])                        # (40, 784)
        y_batch = np.concatenate([targets, one_hot(labels[pick], n_out)])  # (40, 10)
        grad_w, grad_b, out = backprop(net, x_batch, y_batch)
        for w, b, gw, gb in zip(net.weights, net.biases, grad_w, grad_b):
            w -= config.learning_rate * gw
            b -= config.learning_rate * gb
        before[step] = out[0]
    return before
