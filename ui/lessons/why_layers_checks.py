"""/why-layers: the check for understanding, does a trained first-layer neuron look at one small patch?

The hope says each first-layer neuron looks for one little edge: a few dozen strong weights in
one place, the rest near 0. How many of its 784 weights it takes to make up half of all its
weight (the sum of |w|) measures that: the video's edge neuron needs 30.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ui.check import Check
from ui.lessons import neuron

COMPACT, EVEN = 60, 300   # the choices' bounds, in weights needed for half of sum |w|
CHOICES = (f"Fewer than {COMPACT}: one small patch, as hoped",
           f"{COMPACT} to {EVEN}: large blotchy areas",
           f"More than {EVEN}: about the same size everywhere")


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
    spread = (f"Over the {n} neurons it takes from **{counts[fewest]}** (neuron {fewest}) to "
              f"**{counts[most]}** (neuron {most}) of the {n_in} weights, {median:g} in the middle, "
              f"to make up half of a neuron's total |w|. The video's edge neuron needs {edge}, and "
              f"weights all of one size would need {even}.")
    explanation = spread + {
        0: " So these neurons do look at small patches.",
        1: " So each neuron weighs large blotchy areas of the picture, not one little edge: "
           "training found patterns that work, not the parts we hoped for. See them below.",
        2: " So these neurons weigh the whole picture about evenly."}[bin_of(median)]

    def why_wrong(i: int) -> str:
        if i == 0:
            return ("That is what the hope predicts, but it is not what training made: even the "
                    f"most compact neuron, {fewest}, needs {counts[fewest]} weights, against "
                    f"{edge} for the video's edge neuron.")
        if i == 2:
            return ("The weights are not all of one size: strong ones cluster in some areas and "
                    f"others are near 0. Even the most spread-out neuron, {most}, needs only "
                    f"{counts[most]} of its {n_in} weights, where weights of one size would need "
                    f"{even}.")
        return (f"The neurons need from {counts[fewest]} to {counts[most]} weights, so not "
                f"{CHOICES[i].split(':')[0].lower()}.")

    question = (f"The hope: each first-layer neuron looks for one little edge, with a few strong "
                f"weights in one small patch and the rest near 0. The video's edge neuron needs "
                f"{edge} of its {n_in} weights to make up half of all its weight (adding up |w|). "
                "How many does a neuron of the trained network need, typically?")
    return Check("why-layers-spread", question, answer=bin_of(median), choices=CHOICES,
                 explanation=explanation, why_wrong=why_wrong,
                 context=hashlib.sha1(weights.tobytes()).hexdigest())   # which network
