"""/matrix's checks for understanding (ui.check): the last layer's W and b, before the page shows them."""

from __future__ import annotations

import netcore
from ui.check import Check, ask
from ui.words import layer_name


def _the(layer: str) -> str:
    """ "the output layer", but "hidden layer 2"."""
    return layer if layer.startswith("hidden") else f"the {layer}"


def _shape_text(shape) -> str:
    return f"{shape[0]:,} × {shape[1]:,}"


def last_layer_checks(net: netcore.Network) -> list[Check]:
    """What shape is the last layer's W (k × n)? How long is its b? Read off `net`'s arrays."""
    L = len(net.weights)                       # the last layer, counted from 1 as on the page
    W, b = net.weights[-1], net.biases[-1]
    k, n = W.shape
    here = layer_name(L, len(net.sizes))
    feeding = layer_name(L - 1, len(net.sizes))
    # W turned around, the right one, square, fed by the pixels (first four different ones)
    candidates = [(n, k), (k, n), (n, n), (k, net.sizes[0]), (k, k), (1, k * n)]
    shapes = list(dict.fromkeys(candidates))[:4]

    def why_shape(i) -> str:
        rows, cols = shapes[int(i)]
        if (rows, cols) == (n, k):
            return (f"That is W turned around. W has one **row per neuron of this layer** "
                    f"(k = {k}), row j holding the weights into neuron j, and one column per "
                    f"input (n = {n}): only then is W {a_in} a column of {k}, one weighted "
                    "sum per neuron.")
        if cols == net.sizes[0] and L > 1:
            return (f"Only the first layer is fed by the {net.sizes[0]} pixels. This layer's "
                    f"inputs are the {n} activations of {_the(feeding)}.")
        return (f"Rows: one per neuron of {_the(here)} (k = {k}). Columns: one per neuron feeding "
                f"it (n = {n}).")

    def why_length(v) -> str:
        v = int(v)
        if v == n != k:
            return (f"{n} is how many inputs the layer has. A bias belongs to a neuron of the "
                    f"layer itself, like a row of W.")
        if v == k * n:
            return "That counts W's entries, the weights. There is one bias per neuron."
        return f"One bias per neuron of {_the(here)}, as W has one row per neuron."

    tex, a_in = rf"$W^{{({L})}}$", rf"$a^{{({L - 1})}}$"
    return [
        Check("matrix-last-w-shape",
              f"{_the(here).capitalize()} has {k} neurons, fed by the {n} neurons of "
              f"{_the(feeding)}. What is the shape of its weight matrix {tex} (rows × columns)?",
              answer=shapes.index((k, n)), choices=tuple(map(_shape_text, shapes)),
              why_wrong=why_shape,
              explanation=(f"**{_shape_text(W.shape)}**, k × n: one row per neuron of {_the(here)} "
                           f"({k}), one column per neuron of {_the(feeding)} ({n}). In Python it "
                           f"is `net.weights[{L - 1}]`, of shape `{W.shape}`.")),
        Check("matrix-last-b-length",
              rf"And how many entries does its bias vector $b^{{({L})}}$ have?",
              answer=b.size, why_wrong=why_length,
              explanation=(f"**{b.size}**, one per neuron: {tex} {a_in} is a column of "
                           f"{k} weighted sums, and $b^{{({L})}}$ adds one bias to each. In "
                           f"Python, `net.biases[{L - 1}].shape == {b.shape}`.")),
    ]


def ask_last_layer(net: netcore.Network) -> bool:
    """Ask both checks; True once both are answered (the page then shows the later layers)."""
    answered = [ask(question) for question in last_layer_checks(net)]
    return all(answered)
