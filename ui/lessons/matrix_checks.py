"""/matrix's checks for understanding (ui.check): the last layer's W and b, before the page shows them."""

from __future__ import annotations

import netcore
from ui.check import Check, ask
from ui.i18n import number, t


def _the(depth: int, n_layers: int) -> str:
    """Layer `depth` as the checks' sentences name it: "the output layer", but "hidden layer 2"."""
    if depth == 0:
        return t("the input layer")
    if depth == n_layers - 1:
        return t("the output layer")
    return t("hidden layer {n}", n=depth)


def _capital(text: str) -> str:
    """The first letter upper-case, the rest as it is (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def _shape_text(shape) -> str:
    return f"{number(shape[0], ',')} × {number(shape[1], ',')}"


def last_layer_checks(net: netcore.Network) -> list[Check]:
    """What shape is the last layer's W (k × n)? How long is its b? Read off `net`'s arrays."""
    L = len(net.weights)                       # the last layer, counted from 1 as on the page
    W, b = net.weights[-1], net.biases[-1]
    k, n = W.shape
    here = _the(L, len(net.sizes))
    feeding = _the(L - 1, len(net.sizes))
    # W turned around, the right one, square, fed by the pixels (first four different ones)
    candidates = [(n, k), (k, n), (n, n), (k, net.sizes[0]), (k, k), (1, k * n)]
    shapes = list(dict.fromkeys(candidates))[:4]

    def why_shape(i) -> str:
        rows, cols = shapes[int(i)]
        if (rows, cols) == (n, k):
            return t("That is W turned around. W has one **row per neuron of this layer** "
                     "(k = {k}), row j holding the weights into neuron j, and one column per "
                     "input (n = {n}): only then is W {a_in} a column of {k}, one weighted "
                     "sum per neuron.", k=k, n=n, a_in=a_in)
        if cols == net.sizes[0] and L > 1:
            return t("Only the first layer is fed by the {pixels} pixels. This layer's "
                     "inputs are the {n} activations of {feeding}.", pixels=net.sizes[0], n=n,
                     feeding=feeding)
        return t("Rows: one per neuron of {here} (k = {k}). Columns: one per neuron feeding "
                 "it (n = {n}).", here=here, k=k, n=n)

    def why_length(v) -> str:
        v = int(v)
        if v == n != k:
            return t("{n} is how many inputs the layer has. A bias belongs to a neuron of the "
                     "layer itself, like a row of W.", n=n)
        if v == k * n:
            return t("That counts W's entries, the weights. There is one bias per neuron.")
        return t("One bias per neuron of {here}, as W has one row per neuron.", here=here)

    tex, a_in, b_tex = rf"$W^{{({L})}}$", rf"$a^{{({L - 1})}}$", rf"$b^{{({L})}}$"
    return [
        Check("matrix-last-w-shape",
              _capital(t("{here} has {k} neurons, fed by the {n} neurons of {feeding}. What is "
                         "the shape of its weight matrix {W} (rows × columns)?",
                         here=here, k=k, n=n, feeding=feeding, W=tex)),
              answer=shapes.index((k, n)), choices=tuple(map(_shape_text, shapes)),
              why_wrong=why_shape,
              explanation=t("**{shape}**, k × n: one row per neuron of {here} ({k}), one column "
                            "per neuron of {feeding} ({n}). In Python it is "
                            "`net.weights[{index}]`, of shape `{numpy_shape}`.",
                            shape=_shape_text(W.shape), here=here, k=k, feeding=feeding, n=n,
                            index=L - 1, numpy_shape=str(W.shape))),
        Check("matrix-last-b-length",
              t("And how many entries does its bias vector {b} have?", b=b_tex),
              answer=b.size, why_wrong=why_length,
              explanation=t("**{size}**, one per neuron: {W} {a_in} is a column of {k} weighted "
                            "sums, and {b} adds one bias to each. In Python, "
                            "`net.biases[{index}].shape == {numpy_shape}`.",
                            size=b.size, W=tex, a_in=a_in, k=k, b=b_tex, index=L - 1,
                            numpy_shape=str(b.shape))),
    ]


def ask_last_layer(net: netcore.Network) -> bool:
    """Ask both checks; True once both are answered (the page then shows the later layers)."""
    answered = [ask(question) for question in last_layer_checks(net)]
    return all(answered)
