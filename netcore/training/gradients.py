"""Backpropagation: the gradient of the loss with respect to every weight and bias.

The loss is the cross-entropy between each sigmoid output and its target
(1 for the right digit, 0 for the other nine). With a sigmoid output, its
error signal at the last layer is simply `a_L - y`, which keeps backprop short.
"""

from __future__ import annotations

import functools

import numpy as np

from netcore.network import ACTIVATIONS, DTYPE, Network


@functools.cache
def _identity(n: int) -> np.ndarray:
    eye = np.eye(n, dtype=DTYPE)
    eye.flags.writeable = False
    return eye


def one_hot(labels, n_classes: int) -> np.ndarray:
    """Targets (n, n_classes): row i is 1 at column labels[i] and 0 elsewhere (float32)."""
    return _identity(n_classes).take(labels, axis=0)


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


def figures(outputs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of outputs (n, n_out) for the right answers labels (n,)."""
    hits = np.count_nonzero(outputs.argmax(axis=1) == labels)
    return cross_entropy(outputs, one_hot(labels, outputs.shape[1])), hits / len(outputs)
