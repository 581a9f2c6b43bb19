"""The network in plain NumPy, written to be read: Michael Nielsen's `network.py`, modernised.

These functions take a `Network` (its `weights[l]` of shape (n_out, n_in) and
`biases[l]` of shape (n_out,)) and do what the video describes, one layer at a
time, for the video's sigmoid network. The shape comments are for the video's
784-16-16-10 network. Training runs an optimised version of this code
(netcore.training: one flat buffer of parameters, reused arrays, Adam), and the
tests (tests/test_reference.py) hold the two equal to float32 rounding.
"""

from __future__ import annotations

import numpy as np

from netcore.training.gradients import one_hot


def sigmoid(z):
    """The logistic curve: squishes any number into the range 0 to 1.

    (Below z = -88, e^-z is too big for float32: NumPy warns, and the answer, 0, is still right.)
    """
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    """The slope of the sigmoid at z, which is sigma(z) (1 - sigma(z))."""
    return sigmoid(z) * (1 - sigmoid(z))


def feedforward(net, a):
    """The network's output for one image a (784,): each layer is sigma(W a + b)."""
    for w, b in zip(net.weights, net.biases):
        a = sigmoid(w @ a + b)    # (16, 784) @ (784,) + (16,) -> (16,)
    return a


def activations(net, a):
    """Every layer's activations for one image a (784,), the input first: [a0, a1, a2, a3]."""
    layers = [a]
    for w, b in zip(net.weights, net.biases):
        layers.append(sigmoid(w @ layers[-1] + b))   # (16, 784) @ (784,) + (16,) -> (16,)
    return layers


def backprop(net, x, y):
    """The gradient of the loss for one mini-batch, as (nabla_b, nabla_w), one array per layer.

    x holds the batch's n images as rows (n, 784), y their targets (n, 10): 1 for
    the right digit, 0 for the other nine. The loss is the cross-entropy of each
    output against its target, summed over the ten outputs and averaged over the
    n images. nabla_w[l] has the shape of net.weights[l], nabla_b[l] of net.biases[l].
    """
    # Forward: keep every layer's weighted sums z and activations, one column per image.
    activation = x.T                                  # (784, n)
    activations, zs = [activation], []
    for w, b in zip(net.weights, net.biases):
        z = w @ activation + b[:, None]               # (16, 784) @ (784, n) + (16, 1) -> (16, n)
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    # Backward: delta is how much the loss changes with each z. At a sigmoid output
    # with the cross-entropy loss it is simply a - y (divided by n: the loss is a mean).
    nabla_b, nabla_w = [None] * len(net.biases), [None] * len(net.weights)
    delta = (activations[-1] - y.T) / len(x)          # (10, n)
    nabla_b[-1] = delta.sum(axis=1)                   # (10, n) -> (10,)
    nabla_w[-1] = delta @ activations[-2].T           # (10, n) @ (n, 16) -> (10, 16)
    for l in range(2, len(net.sizes)):
        # (16, 10) @ (10, n) * (16, n) -> (16, n)
        delta = (net.weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])
        nabla_b[-l] = delta.sum(axis=1)               # (16, n) -> (16,)
        nabla_w[-l] = delta @ activations[-l - 1].T   # (16, n) @ (n, 784) -> (16, 784)
    return nabla_b, nabla_w


def update_mini_batch(net, x, y, eta, weight_decay=0.0):
    """One step of gradient descent on one mini-batch: every weight and bias moves a
    step eta against its gradient. weight_decay also shrinks the weights (not the
    biases) by the fraction eta * weight_decay first, as training does."""
    nabla_b, nabla_w = backprop(net, x, y)
    net.weights = [w * (1 - eta * weight_decay) - eta * nw for w, nw in zip(net.weights, nabla_w)]
    net.biases = [b - eta * nb for b, nb in zip(net.biases, nabla_b)]


def sgd(net, images, labels, epochs, mini_batch_size, eta, seed=0):
    """Stochastic gradient descent: in each epoch, shuffle the training images (n, 784)
    and take one step per mini-batch of them. labels (n,) are the right digits."""
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(images))
        for start in range(0, len(images), mini_batch_size):
            batch = order[start:start + mini_batch_size]
            update_mini_batch(net, images[batch], one_hot(labels[batch], net.sizes[-1]), eta)
