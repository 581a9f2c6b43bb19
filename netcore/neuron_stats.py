"""What each hidden neuron does over a whole data set: its favourite images, its mean per digit.

Layers are counted as in `Network.activations`: 1 is the first hidden layer. For the
video's hope ("a second-layer neuron for the loop at the top of a 9 and an 8"),
`loop_detector_test` asks of a layer's per-digit means whether any neuron fires for
both 8s and 9s far more than for every other digit. Pure NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.network import Network

N_DIGITS = 10
LOOP_DIGITS = (8, 9)        # the digits with a loop on top, in the video's hope
FAR_MORE = 2.0              # "far more": at least twice as strongly as any other digit
# The lowest value each activation can take: how strongly a neuron fires is measured from here.
FLOOR = {"sigmoid": 0.0, "relu": 0.0, "tanh": -1.0}


@dataclass(frozen=True)
class LayerStats:
    """One layer's neurons over a set of images (n_neurons rows)."""
    layer: int
    class_means: np.ndarray   # (n_neurons, 10): mean activation on the images of each digit
    top_images: np.ndarray    # (n_neurons, top): indices of the images it fires for most, strongest first
    top_values: np.ndarray    # (n_neurons, top): its activation on those images


def hidden_layer_stats(net: Network, images, labels, top: int = 12,
                       chunk: int = 1000) -> list[LayerStats]:
    """LayerStats of every hidden layer of net on images (n, 784) with labels (n,), one pass.

    The images go through in chunks, so memory stays small for a wide network.
    Among equal activations, the earlier image counts as the stronger.
    """
    labels = np.asarray(labels)
    hidden = range(1, len(net.sizes) - 1)
    sums = {l: np.zeros((net.sizes[l], N_DIGITS)) for l in hidden}
    best = {l: (np.empty((net.sizes[l], 0), np.float32), np.empty((net.sizes[l], 0), np.int64))
            for l in hidden}
    for start in range(0, len(labels), chunk):
        a = net.activations(images[start:start + chunk])
        one_hot = np.eye(N_DIGITS)[labels[start:start + chunk]]          # (chunk, 10)
        for l in hidden:
            sums[l] += a[l].T.astype(np.float64) @ one_hot                # (16, chunk) @ (chunk, 10)
            values, index = _chunk_strongest(a[l].T, start, top)          # (16, top) each
            best[l] = _merge(np.hstack([best[l][0], values]), np.hstack([best[l][1], index]), top)
    counts = np.bincount(labels, minlength=N_DIGITS)
    return [LayerStats(l, sums[l] / np.maximum(counts, 1), best[l][1], best[l][0]) for l in hidden]


def _chunk_strongest(values, first: int, top: int):
    """Per row of values (neurons, images), the top largest and their image numbers (first + column)."""
    if values.shape[1] <= top:
        order = np.argsort(-values, axis=1, kind="stable")
    else:   # narrow each row down first: sorting every row of a wide layer whole is slow
        order = np.argpartition(-values, top - 1, axis=1)[:, :top]
        # where the cut fell between equal values, argpartition chose among them: sort that row whole
        cut = np.take_along_axis(values, order, 1).min(axis=1, keepdims=True)
        for row in np.flatnonzero(np.count_nonzero(values >= cut, axis=1) > top):
            order[row] = np.argsort(-values[row], kind="stable")[:top]
    return np.take_along_axis(values, order, 1), order + first


def _merge(values, index, top: int):
    """Per row, the top largest values with their image numbers, largest first (ties: lower number)."""
    order = np.lexsort((index, -values), axis=1)[:, :top]
    return np.take_along_axis(values, order, 1), np.take_along_axis(index, order, 1)


@dataclass(frozen=True)
class LoopTest:
    """Is any neuron of a layer a "loop on top" detector: firing for 8s and 9s far more than for the rest?"""
    neuron: int               # the neuron closest to one (the highest ratio)
    loop_means: tuple         # its mean activation on 8s and on 9s
    rival_digit: int          # the other digit it fires for most
    rival_mean: float         # its mean activation on that digit
    ratio: float              # (weaker of the 8 and 9 means - floor) / (rival mean - floor)
    n_passing: int            # how many of the layer's neurons reach FAR_MORE
    floor: float              # the activation's lowest value, 0 for sigmoid

    @property
    def passed(self) -> bool:
        return self.ratio >= FAR_MORE


def loop_detector_test(class_means, floor: float = 0.0) -> LoopTest:
    """The loop test on a layer's (n_neurons, 10) per-digit means (LayerStats.class_means)."""
    means = np.asarray(class_means, dtype=np.float64) - floor
    others = [d for d in range(N_DIGITS) if d not in LOOP_DIGITS]
    loop = means[:, list(LOOP_DIGITS)].min(axis=1)                     # (16,)
    rival = means[:, others].max(axis=1)                               # (16,)
    ratios = loop / np.maximum(rival, 1e-12)
    j = int(np.argmax(ratios))
    rival_digit = others[int(np.argmax(means[j, others]))]
    return LoopTest(j, tuple(float(m + floor) for m in means[j, list(LOOP_DIGITS)]), rival_digit,
                    float(means[j, rival_digit] + floor), float(ratios[j]),
                    int(np.sum(ratios >= FAR_MORE)), floor)
