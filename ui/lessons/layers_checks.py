"""/layers: the check for understanding, which output neuron lights up most for your digit."""

from __future__ import annotations

import numpy as np

from ui.check import Check, about_digit
from ui.i18n import nt, number, t
from ui.lessons.neuron import activation_text


def shown(a: float) -> str:
    """An output's activation: two decimals, or as many as it takes to not read as 0."""
    return number(a, ".2f") if a >= 0.01 else activation_text(a)


def brightest_check(outputs, digit) -> Check:
    """The winner among the ten outputs (the network's guess), asked before they are shown."""
    outputs = np.asarray(outputs, dtype=np.float64)
    order = np.argsort(-outputs, kind="stable")   # brightest first
    guess, second = int(order[0]), int(order[1])
    explanation = t(
        "Output neuron {guess} holds **{top:.2f}**, the most of the ten; the next is "
        "neuron {second} with {second_value}, and the other eight hold "
        "{rest:.2f} between them. The brightest output is the network's "
        "answer: **{guess}**.", guess=guess, top=float(outputs[guess]), second=second,
        second_value=shown(outputs[second]), rest=float(outputs[order[2:]].sum()))
    if digit.label is not None and digit.label != guess:
        explanation += " " + t("The person who wrote this MNIST digit meant a {label}: here the "
                               "network is wrong (neuron {label} holds {value}).",
                               label=digit.label, value=shown(outputs[digit.label]))

    def why_wrong(i: int) -> str:
        brighter = int(np.count_nonzero(outputs > outputs[i]))
        why = nt("Output neuron {i} holds only {value}: {n} of the ten outputs is brighter.",
                 "Output neuron {i} holds only {value}: {n} of the ten outputs are brighter.",
                 brighter, i=i, value=shown(outputs[i]))
        if i != digit.label:
            return why
        return t("The person who wrote this digit meant a {i}, but the network reads it "
                 "otherwise.", i=i) + " " + why

    return Check("layers-brightest", t("Before the outputs are shown: which output neuron will "
                                       "light up most for your digit?"), answer=guess,
                 choices=tuple(str(d) for d in range(len(outputs))),
                 explanation=explanation, why_wrong=why_wrong, context=about_digit(digit))
