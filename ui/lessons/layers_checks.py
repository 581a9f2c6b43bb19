"""/layers: the check for understanding, which output neuron lights up most for your digit."""

from __future__ import annotations

import numpy as np

from ui.check import Check, about_digit
from ui.lessons.neuron import activation_text


def shown(a: float) -> str:
    """An output's activation: two decimals, or as many as it takes to not read as 0."""
    return f"{a:.2f}" if a >= 0.01 else activation_text(a)


def brightest_check(outputs, digit) -> Check:
    """The winner among the ten outputs (the network's guess), asked before they are shown."""
    outputs = np.asarray(outputs, dtype=np.float64)
    order = np.argsort(-outputs, kind="stable")   # brightest first
    guess, second = int(order[0]), int(order[1])
    explanation = (
        f"Output neuron {guess} holds **{outputs[guess]:.2f}**, the most of the ten; the next is "
        f"neuron {second} with {shown(outputs[second])}, and the other eight hold "
        f"{outputs[order[2:]].sum():.2f} between them. The brightest output is the network's "
        f"answer: **{guess}**.")
    if digit.label is not None and digit.label != guess:
        explanation += (f" The person who wrote this MNIST digit meant a {digit.label}: here the "
                        f"network is wrong (neuron {digit.label} holds "
                        f"{shown(outputs[digit.label])}).")

    def why_wrong(i: int) -> str:
        brighter = int(np.count_nonzero(outputs > outputs[i]))
        meant = (f"The person who wrote this digit meant a {i}, but the network reads it "
                 "otherwise. " if i == digit.label else "")
        return (f"{meant}Output neuron {i} holds only {shown(outputs[i])}: {brighter} of the ten "
                f"outputs {'is' if brighter == 1 else 'are'} brighter.")

    return Check("layers-brightest", "Before the outputs are shown: which output neuron will "
                 "light up most for your digit?", answer=guess,
                 choices=tuple(str(d) for d in range(len(outputs))),
                 explanation=explanation, why_wrong=why_wrong, context=about_digit(digit))
