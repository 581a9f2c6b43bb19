"""How each step moves the parameters: Adam or plain gradient descent, over one flat array.

While training, every weight and bias lives in one flat float32 array (the
network's arrays are views of it, see `flat_views`), so an optimiser updates
all 13,002 numbers of the video's network in a few NumPy calls.
"""

from __future__ import annotations

import math

import numpy as np

from netcore.network import DTYPE


class Adam:
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


class SGD:
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


def flat_views(arrays: list[np.ndarray]):
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
