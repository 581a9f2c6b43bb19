"""One neuron traced back to the pixels: which pixels push it up or down, and what input it likes.

A neuron is named by its layer and index, counting layers as `Network.activations`
does: layer 0 is the input, layer 1 the first hidden layer, layer L = len(weights)
the output. Its weighted sum is z = weights[layer - 1] @ a[layer - 1] + biases[layer - 1].

`pixel_contributions` splits z exactly among the 784 pixels: the contributions add
up to z(your image) - z(blank image), and z(blank image) is what the biases alone make
(`blank_z`). `linear_pattern` is the pixel pattern a neuron would respond to if the
layers below it were straight lines (their weight matrices multiplied together).
Pure NumPy, float64 throughout so the totals check to many decimals.
"""

from __future__ import annotations

import numpy as np

from netcore.network import ACTIVATIONS, Network, sigmoid

TINY_STEP = 1e-9   # a z that barely moved: its secant slope is the tangent slope there


def _check_neuron(net: Network, layer: int, neuron: int) -> None:
    if not 1 <= layer <= len(net.weights):
        raise ValueError(f"layer should be 1 to {len(net.weights)} (0 is the input), got {layer}")
    if not 0 <= neuron < net.sizes[layer]:
        raise ValueError(f"layer {layer} has neurons 0 to {net.sizes[layer] - 1}, got {neuron}")


def _function(net: Network, l: int):
    """The activation function of the layer weights[l] feeds, and its slope written from its output."""
    f = net.layer_function(l)
    return f, ACTIVATIONS["sigmoid" if f is sigmoid else net.activation][1]


def weighted_sums(net: Network, x, layer: int) -> list[np.ndarray]:
    """The z of layers 1 to `layer` for one image x (784,) or a batch (n, 784), in float64."""
    a, zs = np.asarray(x, dtype=np.float64), []
    for l in range(layer):
        w, b = net.weights[l].astype(np.float64), net.biases[l].astype(np.float64)
        z = a @ w.T + b                        # (784,) @ (784, 16) + (16,) -> (16,)
        zs.append(z)
        a = _function(net, l)[0](z)
    return zs


def blank_z(net: Network, layer: int, neuron: int) -> float:
    """The neuron's z on a blank (all-black) image: made by the biases alone."""
    _check_neuron(net, layer, neuron)
    return float(weighted_sums(net, np.zeros(net.sizes[0]), layer)[-1][neuron])


def pixel_contributions(net: Network, x, layer: int, neuron: int) -> np.ndarray:
    """How much each pixel of x (784,) moves the neuron's z, compared with a blank image.

    Backpropagation with one change: where backprop multiplies by each neuron's slope
    at x, f'(z), this multiplies by its slope between the blank image and x,
    (f(z) - f(z_blank)) / (z - z_blank) (DeepLIFT's "rescale" rule, Shrikumar et
    al. 2017). Every step is then exact, so the contributions add up to
    z(x) - z(blank) to rounding. For a first-layer neuron they are simply w_p x_p.
    Returns (784,) float64: + pushes the neuron up, - holds it down.
    """
    _check_neuron(net, layer, neuron)
    x = np.asarray(x, dtype=np.float64)
    # z of every layer below, for the digit (row 0) and for a blank image (row 1)
    zs, blanks = zip(*weighted_sums(net, np.stack([x, np.zeros_like(x)]), layer))
    # Walk back from the neuron to the pixels, carrying how much the chosen z moves
    # per unit that each neuron's z moves (1 for the chosen neuron itself).
    per_z = np.zeros(net.sizes[layer])
    per_z[neuron] = 1.0
    for l in range(layer - 1, -1, -1):
        per_a = per_z @ net.weights[l].astype(np.float64)     # (16,) @ (16, 784) -> (784,)
        if l == 0:                                            # the layer below is the pixels
            return per_a * x                                  # each pixel moved from 0 to x_p
        per_z = per_a * secant_slopes(net, l - 1, zs[l - 1], blanks[l - 1])


def secant_slopes(net: Network, l: int, z, z_blank) -> np.ndarray:
    """(f(z) - f(z_blank)) / (z - z_blank) for the layer weights[l] feeds; f'(z) where z barely moved."""
    f, slope_from_output = _function(net, l)
    moved = z - z_blank
    still = np.abs(moved) < TINY_STEP
    return np.where(still, slope_from_output(f(z)),
                    (f(z) - f(z_blank)) / np.where(still, 1.0, moved))


def linear_pattern(net: Network, layer: int, neuron: int) -> np.ndarray:
    """The pixel pattern the neuron would respond to if no layer below squished its sums.

    For a first-layer neuron, its own 784 weights. For a second-layer neuron j, the first
    layer's weight pictures added up, each multiplied by the weight from that neuron
    into j: sum_i weights[1][j, i] * weights[0][i, :]; deeper, the same again. The real
    neuron passes each sum through the activation first, so this is a sketch of it.
    Returns (784,) float64.
    """
    _check_neuron(net, layer, neuron)
    pattern = net.weights[layer - 1][neuron].astype(np.float64)   # (16,): weights into j
    for l in range(layer - 2, -1, -1):
        pattern = pattern @ net.weights[l].astype(np.float64)      # (16,) @ (16, 784) -> (784,)
    return pattern
