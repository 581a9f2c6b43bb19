"""Counting a network's weights and biases, for /counting: parse layer sizes, count layer by layer.

The counting itself is plain Python, so it is easy to test. A layer of k = n_out neurons fed
by n = n_in neurons has a k x n weight matrix W (one row per neuron, shape (n_out, n_in), as in
`netcore`) and k biases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

import netcore
from ui.check import Check
from ui.words import layer_name

MAX_CHARS = 200          # the text box takes no more than this
BIG = 10_000_000         # above this many knobs, say that the network is big
CHECK_UP_TO = 1_000_000  # build the network with netcore to check the count only when it is cheap


class SizesError(ValueError):
    """Layer sizes a learner typed that do not describe a network; the message says why."""


def parse_sizes(text: str) -> tuple[int, ...]:
    """ "784, 16, 16, 10" -> (784, 16, 16, 10). Commas separate; spaces alone work too.

    Raises SizesError with a sentence a learner can act on.
    """
    text = (text or "").strip()
    if not text:
        raise SizesError("Type the number of neurons in each layer, input first, separated by "
                         "commas, for example 784, 16, 16, 10.")
    if len(text) > MAX_CHARS:
        raise SizesError(f"That is more than {MAX_CHARS} characters; a few layer sizes will do.")
    parts = [p.strip() for p in text.split(",")] if "," in text else text.split()
    if any(not p for p in parts):
        raise SizesError("There is an empty place between two commas (or a comma at an end). "
                         "Give every layer a size, for example 784, 16, 16, 10.")
    sizes = []
    for part in parts:
        try:
            size = int(part)
        except ValueError:
            raise SizesError(f'"{part}" is not a whole number. A layer size counts neurons, '
                             "like 16.") from None
        if size < 1:
            raise SizesError(f"A layer needs at least one neuron, so {size} cannot be a layer "
                             "size.")
        sizes.append(size)
    if len(sizes) < 2:
        raise SizesError(f"A network needs at least two layers, an input and an output; you gave "
                         f"one ({sizes[0]}). For example: {sizes[0]}, 10.")
    return tuple(sizes)


@dataclass(frozen=True)
class Step:
    """The links from one layer to the next."""
    n_in: int
    n_out: int
    total_before: int   # knobs in all earlier steps

    @property
    def weights(self) -> int:
        return self.n_in * self.n_out   # one per link: the (n_out, n_in) weight matrix

    @property
    def biases(self) -> int:
        return self.n_out               # one per receiving neuron

    @property
    def running_total(self) -> int:
        return self.total_before + self.weights + self.biases


def count(sizes) -> list[Step]:
    """One Step per pair of neighbouring layers; the last one's running_total is the whole count."""
    steps, total = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        step = Step(n_in, n_out, total)
        steps.append(step)
        total = step.running_total
    return steps


WEIGHTS_COLUMN = "weights: W is k × n (neurons × inputs)"
BIASES_COLUMN = "biases: b has k"


def table(sizes, steps: list[Step]) -> pd.DataFrame:
    """The count as the page's table: a row per pair of layers, e.g. "hidden 1 (16) → output (10)"."""
    def layer(l: int) -> str:
        return f"{layer_name(l, len(sizes), short=True)} ({sizes[l]:,})"
    return pd.DataFrame({
        WEIGHTS_COLUMN: [f"{s.n_out:,} × {s.n_in:,} = {s.weights:,}" for s in steps],
        BIASES_COLUMN: [f"{s.biases:,}" for s in steps],
        "knobs so far": [f"{s.running_total:,}" for s in steps],
    }, index=[f"{layer(l)} → {layer(l + 1)}" for l in range(len(steps))])



# --- checks for understanding (ui.check): asked on /counting, about a network not shown there

CHECK_SIZES = (784, 30, 10)   # the network of Michael Nielsen's book: one hidden layer of 30


def _hidden_words(sizes) -> str:
    """ "one hidden layer of 30", "hidden layers of 16 and 16"."""
    hidden = [f"{n:,}" for n in sizes[1:-1]]
    if not hidden:
        return "no hidden layer"
    if len(hidden) == 1:
        return f"one hidden layer of {hidden[0]}"
    return f"hidden layers of {', '.join(hidden[:-1])} and {hidden[-1]}"


def checks(shown_sizes, sizes=CHECK_SIZES) -> list[Check]:
    """How many biases does a network of `sizes` have? How many weights and biases in all?

    The answers are read off a real netcore.Network of those sizes (its arrays), not typed in.
    shown_sizes: the network the page has just counted (a learner may give its count instead).
    """
    net = netcore.Network(sizes, seed=0)
    weights = sum(w.size for w in net.weights)
    biases = sum(b.size for b in net.biases)
    total = net.n_params
    name = "-".join(map(str, sizes))
    after_input = " + ".join(map(str, sizes[1:]))
    links = " + ".join(f"{n_in} × {n_out}" for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    neurons = sum(sizes)
    no_input_bias = (f"That counts the {sizes[0]} input neurons too, but they only hold the "
                     "pixels: nothing computes them, so they have no bias.")
    built = f"`netcore.Network({sizes})` holds exactly these in its arrays."

    def why_biases(v) -> str:
        v = int(v)
        if v == neurons:
            return no_input_bias
        if v in sizes[1:]:
            return (f"That is one layer's; every neuron after the input has a bias of its own: "
                    f"{after_input}.")
        if v >= weights:
            return "That counts weights too. A bias belongs to a neuron, not to a link."
        return "One bias per neuron after the input layer: count the neurons, layer by layer."

    def why_total(v) -> str:
        v = int(v)
        if v == weights:
            return (f"You counted only the weights: {links} = {weights:,}. Each of the "
                    f"{after_input} = {biases} neurons after the input adds a bias.")
        if v == weights + neurons:
            return (f"{no_input_bias} {weights:,} weights + {biases} biases.")
        if v == math.prod(sizes):
            return (f"Multiplying all the sizes counts paths through the network. A weight "
                    f"belongs to one link between *neighbouring* layers: {links}.")
        if v == neurons:
            return ("That counts neurons. The knobs are one weight per link and one bias per "
                    "neuron after the input.")
        shown = count(shown_sizes)
        if v in (shown[-1].running_total, sum(step.weights for step in shown)):
            return (f"That is the {'-'.join(map(str, shown_sizes))} network above. This one "
                    f"has {_hidden_words(sizes)}.")
        return (f"Weights: one per link, {links}. Biases: one per neuron after the input, "
                f"{after_input}.")

    return [
        Check("counting-biases", f"Now count another network: **{name}**, "
              f"{_hidden_words(sizes)}. How many **biases** does it have?",
              answer=biases, why_wrong=why_biases,
              explanation=(f"{after_input} = **{biases}**: one per neuron after the input layer "
                           f"(the input neurons just hold the pixels). {built}")),
        Check("counting-parameters", f"And how many **weights and biases** does {name} have "
              "in all?",
              answer=total, why_wrong=why_total,
              explanation=(f"{links} = {weights:,} weights, plus {after_input} = {biases} "
                           f"biases: **{total:,}**. {built} Type {', '.join(map(str, sizes))} "
                           "into the counter below to see it layer by layer.")),
    ]
