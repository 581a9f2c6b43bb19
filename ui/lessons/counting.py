"""Counting a network's weights and biases, for /counting: parse layer sizes, count layer by layer.

Plain Python (no Streamlit), so the counting is easy to test. A layer of k = n_out neurons fed
by n = n_in neurons has a k x n weight matrix W (one row per neuron, shape (n_out, n_in), as in
`netcore`) and k biases.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ui.i18n import N_, number, t
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
        raise SizesError(t("Type the number of neurons in each layer, input first, separated by "
                           "commas, for example 784, 16, 16, 10."))
    if len(text) > MAX_CHARS:
        raise SizesError(t("That is more than {n} characters; a few layer sizes will do.",
                           n=MAX_CHARS))
    parts = [p.strip() for p in text.split(",")] if "," in text else text.split()
    if any(not p for p in parts):
        raise SizesError(t("There is an empty place between two commas (or a comma at an end). "
                           "Give every layer a size, for example 784, 16, 16, 10."))
    sizes = []
    for part in parts:
        try:
            size = int(part)
        except ValueError:
            raise SizesError(t('"{part}" is not a whole number. A layer size counts neurons, '
                               "like 16.", part=part)) from None
        if size < 1:
            raise SizesError(t("A layer needs at least one neuron, so {size} cannot be a layer "
                               "size.", size=str(size)))
        sizes.append(size)
    if len(sizes) < 2:
        raise SizesError(t("A network needs at least two layers, an input and an output; you "
                           "gave one ({size}). For example: {size}, 10.", size=str(sizes[0])))
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


WEIGHTS_COLUMN = N_("weights: W is k × n (neurons × inputs)")   # the table's columns, shown
BIASES_COLUMN = N_("biases: b has k")                            # through t()
SO_FAR_COLUMN = N_("knobs so far")


def table(sizes, steps: list[Step]) -> pd.DataFrame:
    """The count as the page's table: a row per pair of layers, e.g. "hidden 1 (16) → output (10)"."""
    def layer(l: int) -> str:
        return f"{layer_name(l, len(sizes), short=True)} ({number(sizes[l], ',')})"
    return pd.DataFrame({
        t(WEIGHTS_COLUMN): [f"{number(s.n_out, ',')} × {number(s.n_in, ',')} = "
                            f"{number(s.weights, ',')}" for s in steps],
        t(BIASES_COLUMN): [number(s.biases, ",") for s in steps],
        t(SO_FAR_COLUMN): [number(s.running_total, ",") for s in steps],
    }, index=[f"{layer(l)} → {layer(l + 1)}" for l in range(len(steps))])
