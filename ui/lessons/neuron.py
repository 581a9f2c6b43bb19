"""One neuron of the first hidden layer: its 784 weights and its weighted sum.

The weights are either painted by the learner on /weights (kept in
`state.PAINTED` as a 28x28 array) or those of a trained neuron j of layer 1
(row j of `net.weights[0]`). `state.NEURON` says which: "painted" or j, or None
until the learner picks or paints one; each page then shows its own default
(/weights the painting, /sigmoid-and-bias the trained neuron of `bias_demo_neuron`).
/weights and /sigmoid-and-bias both read it, so the neuron a learner paints or
picks on one page is the one the other page uses. The canvas on which the
weights are painted is `ui.lessons.weights`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import netcore
from netcore.preprocess import SIDE   # weights per row and column: one per input pixel
from ui import state
from ui.i18n import N_, nt, number, t


# The video's two example neurons, placed where many digits have a horizontal stroke
# (the top of a 2, 3, 5 or 7): +1 on a 3 x 10 bar; the edge version adds -1 on the
# one-pixel ring around it. The ring has 30 pixels, as many as the bar.
BAR_ROWS, BAR_COLS = slice(5, 8), slice(9, 19)
RING_ROWS, RING_COLS = slice(4, 9), slice(8, 20)
# name -> (the button's label, its help); shown through t().
PRESETS = {
    # TRANSLATORS: "Bar" is the video's bar-shaped neuron (a horizontal stroke of + weights).
    "bar": (N_("Bar"), N_("Bar: + weights only")),
    # TRANSLATORS: "Edge" as in an edge detector: + weights inside, - weights around them.
    "edge": (N_("Edge"), N_("Edge: + inside, - around")),
    "zero": (N_("All zero"), N_("All zero")),
}


def preset_weights(name: str) -> np.ndarray:
    """A 28x28 array of weights: "bar", "edge" or "zero"."""
    grid = np.zeros((SIDE, SIDE))
    if name == "edge":
        grid[RING_ROWS, RING_COLS] = -1.0
    if name in ("bar", "edge"):
        grid[BAR_ROWS, BAR_COLS] = 1.0
    elif name != "zero":
        raise ValueError(f"unknown preset {name!r}; choose one of {sorted(PRESETS)}")
    return grid


@dataclass(frozen=True)
class Neuron:
    """The neuron the lessons look at: 784 weights, and a bias when it is a trained one."""
    label: str
    weights: np.ndarray        # (784,) float64: w_0 .. w_783
    bias: float | None = None  # b_j of a trained neuron; a painted one has none of its own
    index: int | None = None   # j, for trained neuron j of layer 1

    def terms(self, x) -> np.ndarray:
        """The 784 products w_i a_i, (784,) float64."""
        return self.weights * np.asarray(x, dtype=np.float64)

    def weighted_sum(self, x) -> float:
        """w_0 a_0 + ... + w_783 a_783 for the input x (784,) or (n, 784) -> float or (n,).

        One input is summed in float64; a batch (e.g. all 10,000 MNIST test digits) keeps
        its own float precision rather than being copied into a float64 array first.
        """
        x = np.asarray(x)
        if x.ndim == 1:
            return float(x.astype(np.float64) @ self.weights)   # (784,) @ (784,) -> ()
        dtype = x.dtype if x.dtype.kind == "f" else np.float64
        return (x @ self.weights.astype(dtype)).astype(np.float64)   # (n, 784) @ (784,) -> (n,)


# ---- the painted weights and the choice of neuron (shared through ui.state)

def painted_weights() -> np.ndarray:
    """The learner's painted 28x28 weights; the bar preset until they paint their own."""
    grid = state.painted()
    if grid is None:
        grid = preset_weights("bar")
        state.set_painted(grid)
    return grid


def use_preset(name: str) -> None:
    state.set_painted(preset_weights(name))
    state.set_neuron_choice("painted")


def trained_neuron(net, j: int) -> Neuron:
    """Neuron j of layer 1 of `net`: row j of net.weights[0], and its bias."""
    return Neuron(t("trained neuron {j} of layer 1", j=j), net.weights[0][j].astype(np.float64),
                  float(net.biases[0][j]), j)


def current_neuron(net, default="painted") -> Neuron:
    """The painted neuron, or trained neuron j of layer 1 of `net`, as `state.NEURON` says
    (`default`, "painted" or j, while the learner has chosen neither)."""
    choice = state.neuron_choice()
    if choice is None:
        choice = default
    if choice != "painted" and 0 <= int(choice) < net.sizes[1]:
        return trained_neuron(net, int(choice))
    return Neuron(t("your painted neuron"), painted_weights().ravel().astype(np.float64))


def neuron_picker(net, key: str, default="painted") -> Neuron:
    """A selectbox: the painted weights or any trained neuron of layer 1; returns the choice
    (`default` until the learner picks or paints one)."""
    options = ["painted", *range(net.sizes[1])]
    choice = state.neuron_choice()
    choice = default if choice is None else choice
    index = options.index(choice) if choice in options else 0
    st.selectbox(t("Which neuron of layer 1"), options, index=index, key=key,
                 help=t("Layer 0 is the input (784 pixels); layer 1 is the first hidden layer, "
                        "{n} neurons.", n=net.sizes[1]),
                 format_func=lambda o: (t("your painted weights") if o == "painted"
                                        else t("trained neuron {j} (real weights)", j=o)),
                 on_change=lambda: state.set_neuron_choice(state.widget(key)))
    return current_neuron(net, default)


# ---- the bias demo of /sigmoid-and-bias

DEMO_BIAS = -10.0   # the video's example: "only active when the weighted sum is above 10"


def switched_off_by_bias(sums, bias: float = DEMO_BIAS) -> np.ndarray:
    """For weighted sums w·a: True where the neuron is on without a bias (σ(w·a) >= 1/2)
    and off with it (σ(w·a + bias) < 0.1). sums: any shape; a bool array of that shape."""
    sums = np.asarray(sums, dtype=np.float64)
    return (netcore.sigmoid(sums) >= 0.5) & (netcore.sigmoid(sums + bias) < 0.1)


@st.cache_data(show_spinner=False, max_entries=8)
def bias_demo_shares(first_layer_weights: np.ndarray, _images, images_id: str) -> np.ndarray:
    """(n_neurons,): for each neuron of layer 1, the share of `_images` (n, 784) that
    DEMO_BIAS switches from on to off (`switched_off_by_bias`). Cached per set of weights;
    images_id names the images (they are not hashed)."""
    weights = np.asarray(first_layer_weights, dtype=np.float32)
    sums = np.asarray(_images, dtype=np.float32) @ weights.T   # (n, 784) @ (784, k) -> (n, k)
    return switched_off_by_bias(sums).mean(axis=0)


def bias_demo_neuron(net, images, images_id: str) -> tuple[int, float]:
    """(j, share): the trained neuron of layer 1 that a bias of DEMO_BIAS switches off for the
    largest share of `images`, so the demo works for a typical digit, and that share."""
    shares = bias_demo_shares(np.asarray(net.weights[0]), images, images_id)
    j = int(np.argmax(shares))
    return j, float(shares[j])


def on_or_off(a: float) -> str:
    """A word for an activation: "off" below 0.1, "on" above 0.9, else "partly on"."""
    # TRANSLATORS: a neuron that is switched off / on (its activation near 0 / near 1).
    return t("off") if a < 0.1 else t("on") if a > 0.9 else t("partly on")


def bias_demo_text(weighted_sum: float, bias: float = DEMO_BIAS) -> str:
    """What the bias does to this neuron for the learner's digit, with its numbers (Markdown)."""
    s = float(weighted_sum)
    before, after = (float(netcore.sigmoid(np.float64(s + b))) for b in (0.0, bias))
    text = t("For your digit, w·a = {s:.2f}. With b = 0, z = {s:.2f} and σ(z) = {before}: "
             "**{state_before}**. With b = {bias:g}, z = {z:.2f} and σ(z) = {after}: "
             "**{state_after}**.", s=s, before=activation_text(before),
             state_before=on_or_off(before), bias=bias, z=s + bias, after=activation_text(after),
             state_after=on_or_off(after))
    if after >= 0.1:
        text += " " + t("Your digit's weighted sum is high enough that b = {bias:g} leaves it "
                        "on; a bias below {limit:.1f} would push z under 0.", bias=bias, limit=-s)
    elif before < 0.5:
        text += " " + t("Its weighted sum is below 0 already, so the neuron is off even without "
                        "a bias.")
    return text


# ---- trying the neuron on pictures

def edge_test_patterns(weights) -> tuple[np.ndarray, np.ndarray]:
    """Two pictures (28x28, pixels 0 or 1): why negative weights around make an edge detector.

    inside: lit exactly where the weights are positive. No picture with pixels in [0, 1]
        gets a larger weighted sum: every + weight is collected, no - weight is touched.
    blob: the same grown by one pixel all round, plus every other pixel with a weight: a
        thick bright patch that also covers any negative surround, rather than a stroke
        with dark around it.
    """
    grid = np.asarray(weights, dtype=np.float64).reshape(SIDE, SIDE)
    inside = grid > 0
    padded = np.pad(inside, 1)
    grown = np.zeros_like(inside)
    for dr in (0, 1, 2):        # OR of the 3 x 3 neighbourhood of every pixel
        for dc in (0, 1, 2):
            grown |= padded[dr:dr + SIDE, dc:dc + SIDE]
    return inside.astype(np.float64), (grown | (grid != 0)).astype(np.float64)


def mnist_sample(labels) -> np.ndarray:
    """The index of the first test digit of each class 0..9: a fixed, varied set to try."""
    labels = np.asarray(labels)
    return np.array([int(np.flatnonzero(labels == d)[0]) for d in range(10)])


# ---- the neuron's activation, written out

def sigmoid_two_ways(x) -> tuple[np.ndarray, np.ndarray]:
    """1 / (1 + e^-x) and e^x / (e^x + 1), each computed literally in float64.

    The same function on paper; in floating point the second overflows (inf / inf = nan)
    once e^x passes the largest float, near x = 710.
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (np.exp(x) + 1.0)


def largest_terms(chosen: Neuron, x, k: int) -> np.ndarray:
    """Indices i of the k terms w_i a_i largest in size, largest first."""
    return np.argsort(-np.abs(chosen.terms(x)), kind="stable")[:k]


def written_out(chosen: Neuron, x, bias: float, shown: int = 3) -> str:
    """LaTeX (aligned, short lines that fit a phone): the neuron's activation with real numbers.

    sigma(the `shown` biggest terms w_i a_i + ... + b), then the total, the bias and the value.
    """
    j = "" if chosen.index is None else chosen.index
    x = np.asarray(x, dtype=np.float64)
    terms = []
    for n, i in enumerate(largest_terms(chosen, x, shown)):
        w = chosen.weights[i]
        sign = "-" if w < 0 else ("" if n == 0 else "+")
        terms.append(rf"{sign} {abs(w):.2f} \cdot {x[i]:.2f}")
    sign_b = "-" if bias < 0 else "+"
    total = chosen.weighted_sum(x)
    z = total + bias
    # TRANSLATORS: a label under part of a formula (LaTeX \text{...}): keep it short.
    all_terms = nt("{n} term", "{n} terms", x.size)
    return "\n".join([
        r"\begin{aligned}",
        rf"a^{{(1)}}_{{{j}}} &= \sigma\big(" + " ".join(terms[:2]) + r" \\",
        r"&\qquad " + " ".join(terms[2:]) + rf" + \cdots {sign_b} {abs(bias):.2f}\big) \\",
        rf"&= \sigma\big(\underbrace{{{total:.2f}}}_{{\text{{{all_terms}}}}} {sign_b} "
        rf"\underbrace{{{abs(bias):.2f}}}_{{b_{{{j}}}}}\big) \\",
        rf"&= \sigma({z:.2f}) = " + activation_text(netcore.sigmoid(np.float64(z)), local=False),
        r"\end{aligned}",
    ])


def activation_text(a: float, local: bool = True) -> str:
    """An activation in (0, 1) with enough decimals that it never reads as exactly 0 or 1,
    written the learner's way (decimal comma in French), or as in mathematics (local=False:
    for LaTeX)."""
    a = float(a)
    write = number if local else format
    for decimals in range(4, 9):
        text = f"{a:.{decimals}f}"
        if 0 < float(text) < 1:
            return write(a, f".{decimals}f")
    if a <= 0 or a >= 1:   # sigma never gets there, but a float near it rounds to it
        return f"≈ {a:.0f}"
    return write(a, ".1e") if a < 0.5 else "1 - " + write(1 - a, ".1e")
