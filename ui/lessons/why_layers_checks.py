"""/why-layers: the check for understanding, does a trained first-layer neuron look at one small patch?

The hope says each first-layer neuron looks for one little edge: a few dozen strong weights in
one place, the rest near 0. How many of its 784 weights it takes to make up half of all its
weight (the sum of |w|) measures that: the video's edge neuron needs 30.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ui.check import Check
from ui.i18n import N_, t
from ui.lessons import neuron

COMPACT, EVEN = 60, 300   # the choices' bounds, in weights needed for half of sum |w|
# Shown as t(choice, compact=COMPACT, even=EVEN) (see choices()).
CHOICES = (N_("Fewer than {compact}: one small patch, as hoped"),
           N_("{compact} to {even}: large blotchy areas"),
           N_("More than {even}: about the same size everywhere"))


def choices() -> tuple[str, ...]:
    """The three choices in the learner's language, with their bounds."""
    return tuple(t(choice, compact=COMPACT, even=EVEN) for choice in CHOICES)


def weights_for_half(weights) -> np.ndarray:
    """Per row of weights (n_out, n_in): the fewest weights whose |w| add up to half the row's."""
    size = np.sort(np.abs(np.atleast_2d(np.asarray(weights, dtype=np.float64))), axis=1)[:, ::-1]
    total = np.cumsum(size, axis=1)                        # (n_out, n_in), largest |w| first
    return (total < total[:, -1:] / 2).sum(axis=1) + 1     # (n_out,)


def bin_of(count: float) -> int:
    return 0 if count < COMPACT else (1 if count <= EVEN else 2)


def spread_check(net) -> Check:
    """The answer: the bin of the median count over the first hidden layer's neurons."""
    weights = net.weights[0]                               # (16, 784): row j feeds neuron j
    counts = weights_for_half(weights)
    median = float(np.median(counts))
    fewest, most = int(np.argmin(counts)), int(np.argmax(counts))
    edge = int(weights_for_half(neuron.preset_weights("edge").ravel())[0])
    n, n_in = weights.shape
    even = n_in // 2
    spread = t("Over the {n} neurons it takes from **{fewest_count}** (neuron {fewest}) to "
               "**{most_count}** (neuron {most}) of the {n_in} weights, {median:g} in the middle, "
               "to make up half of a neuron's total |w|. The video's edge neuron needs {edge}, "
               "and weights all of one size would need {even}.", n=n,
               fewest_count=int(counts[fewest]), fewest=fewest, most_count=int(counts[most]),
               most=most, n_in=n_in, median=median, edge=edge, even=even)
    verdict = bin_of(median)
    if verdict == 0:
        so = t("So these neurons do look at small patches.")
    elif verdict == 1:
        so = t("So each neuron weighs large blotchy areas of the picture, not one little edge: "
               "training found patterns that work, not the parts we hoped for. See them below.")
    else:
        so = t("So these neurons weigh the whole picture about evenly.")
    explanation = spread + " " + so

    def why_wrong(i: int) -> str:
        if i == 0:
            return t("That is what the hope predicts, but it is not what training made: even the "
                     "most compact neuron, {fewest}, needs {count} weights, against "
                     "{edge} for the video's edge neuron.", fewest=fewest,
                     count=int(counts[fewest]), edge=edge)
        if i == 2:
            return t("The weights are not all of one size: strong ones cluster in some areas and "
                     "others are near 0. Even the most spread-out neuron, {most}, needs only "
                     "{count} of its {n_in} weights, where weights of one size would need "
                     "{even}.", most=most, count=int(counts[most]), n_in=n_in, even=even)
        # the middle choice (the two others are answered above)
        return t("The neurons need from {fewest} to {most} weights, so not {compact} to {even}.",
                 fewest=int(counts[fewest]), most=int(counts[most]), compact=COMPACT, even=EVEN)

    question = t("The hope: each first-layer neuron looks for one little edge, with a few strong "
                 "weights in one small patch and the rest near 0. The video's edge neuron needs "
                 "{edge} of its {n_in} weights to make up half of all its weight (adding up |w|). "
                 "How many does a neuron of the trained network need, typically?", edge=edge,
                 n_in=n_in)
    return Check("why-layers-spread", question, answer=verdict, choices=choices(),
                 explanation=explanation, why_wrong=why_wrong,
                 context=hashlib.sha1(weights.tobytes()).hexdigest())   # which network
