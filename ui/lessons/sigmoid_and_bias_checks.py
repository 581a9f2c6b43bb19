"""/sigmoid-and-bias's checks for understanding (ui.check), built with netcore's own sigmoid."""

from __future__ import annotations

import numpy as np

import netcore
from ui.check import Check
from ui.lessons.neuron import activation_text

FAR_LEFT = -1000.0        # the question's x: far beyond the slider's range
THRESHOLD = 10.0          # the bias question: fire only when the weighted sum w·a is above this
FAR_LEFT_CHOICES = {"-1000": FAR_LEFT, "almost exactly 0": 0.0, "0.5": 0.5, "almost exactly 1": 1.0}


def _sigma(z: float) -> float:
    return float(netcore.sigmoid(np.float64(z)))


def far_left_check() -> Check:
    """What is σ(−1000)? The right choice is the one nearest to what netcore.sigmoid gives."""
    value = _sigma(FAR_LEFT)
    values = list(FAR_LEFT_CHOICES.values())
    right = int(np.argmin([abs(v - value) for v in values]))
    with np.errstate(over="ignore"):   # what the formula typed straight into NumPy gives
        naive = float(1.0 / (1.0 + np.exp(-np.float64(FAR_LEFT))))
    why = {
        0: "σ never hands back its input: it squishes the whole number line into the range "
           "between 0 and 1, so no activation is negative, let alone −1000.",
        2: f"σ gives 0.5 only at x = 0, where e⁻⁰ = 1 and 1 / (1 + 1) = 0.5. At x = −1000 the "
           f"point is far to the left of the curve's middle; already σ(−10) = {_sigma(-10):.6f}.",
        3: f"σ comes close to 1 only for large positive x (σ(10) = {_sigma(10):.6f}). Every "
           "negative x gives less than 0.5, and very negative ones give almost nothing.",
    }
    return Check(
        "sigmoid-far-left", "The slider stops at −10. What is **σ(−1000)**?",
        answer=right, choices=tuple(FAR_LEFT_CHOICES),
        explanation=(
            f"Very negative inputs come out near 0: σ(−1000) = 1 / (1 + e¹⁰⁰⁰), and e¹⁰⁰⁰ is "
            f"enormous. The app's `sigmoid` gives **{value:.2e}**: it raises z to at least −60 "
            f"before taking e⁻ᶻ, so the answer is 1 / (1 + e⁶⁰), below 10⁻²⁶ (the exact value, "
            f"about 10⁻⁴³⁴, is smaller than any computer float). Typed straight into NumPy, "
            f"`1 / (1 + np.exp(1000))` overflows: e¹⁰⁰⁰ becomes `inf`, NumPy warns, and the "
            f"result is {naive:g}. Either way it is 0 for every practical purpose, never below it."),
        why_wrong=lambda i: why.get(int(i), ""))


def threshold_check() -> Check:
    """Which bias makes a neuron fire only when its weighted sum w·a is above THRESHOLD?"""
    answer = 0.0 - THRESHOLD   # z = w·a + b crosses 0 (σ = 0.5) where w·a = -b
    below, at, above = (_sigma(s + answer) for s in (THRESHOLD - 5, THRESHOLD, THRESHOLD + 5))

    def why_wrong(b: float) -> str:
        b = float(b)
        centre = 0.0 - b
        between = (THRESHOLD + centre) / 2   # where this neuron and the one asked for differ most
        sign = (" The sign is the catch: a positive bias makes firing *easier*." if b > 0 else "")
        return (f"With b = {b:g}, z = w·a + b is 0 where w·a = {centre:g}, so the neuron switches "
                f"on around a weighted sum of {centre:g}, not {THRESHOLD:g}. A sum of "
                f"{between:g} gives σ({between:g} {'+' if b >= 0 else '−'} {abs(b):g}) = "
                f"{activation_text(_sigma(between + b))}, where it should give "
                f"{activation_text(_sigma(between - THRESHOLD))}.{sign}")
    return Check(
        "sigmoid-threshold-bias",
        f"A neuron should light up only when its weighted sum **w·a** is above **{THRESHOLD:g}**. "
        "The bias b is added before squishing: z = w·a + b, activation σ(z). Which **b** does it?",
        answer=answer,
        explanation=(
            f"b = {answer:g}. Then z = w·a − {THRESHOLD:g} is 0 exactly where w·a = {THRESHOLD:g}, "
            f"and σ(0) = 0.5: the curve's middle moves to a sum of {THRESHOLD:g}. A sum of "
            f"{THRESHOLD - 5:g} gives σ({THRESHOLD - 5:g} − {THRESHOLD:g}) = "
            f"{activation_text(below)}, a sum of {THRESHOLD:g} gives {activation_text(at)}, a sum "
            f"of {THRESHOLD + 5:g} gives {activation_text(above)}."),
        why_wrong=why_wrong)
