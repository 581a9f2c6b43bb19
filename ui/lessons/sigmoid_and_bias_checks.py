"""/sigmoid-and-bias's checks for understanding (ui.check), built with netcore's own sigmoid."""

from __future__ import annotations

import numpy as np

import netcore
from ui.check import Check
from ui.i18n import number, t
from ui.lessons.neuron import activation_text

FAR_LEFT = -1000.0        # the question's x: far beyond the slider's range
THRESHOLD = 10.0          # the bias question: fire only when the weighted sum w·a is above this
FAR_LEFT_VALUES = (FAR_LEFT, 0.0, 0.5, 1.0)   # the choices, shown by far_left_check


def _sigma(z: float) -> float:
    return float(netcore.sigmoid(np.float64(z)))


def far_left_check() -> Check:
    """What is σ(−1000)? The right choice is the one nearest to what netcore.sigmoid gives."""
    value = _sigma(FAR_LEFT)
    choices = (number(FAR_LEFT, "g"), t("almost exactly 0"), number(0.5, "g"),
               t("almost exactly 1"))
    right = int(np.argmin([abs(v - value) for v in FAR_LEFT_VALUES]))
    with np.errstate(over="ignore"):   # what the formula typed straight into NumPy gives
        naive = float(1.0 / (1.0 + np.exp(-np.float64(FAR_LEFT))))
    why = {
        0: t("σ never hands back its input: it squishes the whole number line into the range "
             "between 0 and 1, so no activation is negative, let alone −1000."),
        2: t("σ gives 0.5 only at x = 0, where e⁻⁰ = 1 and 1 / (1 + 1) = 0.5. At x = −1000 the "
             "point is far to the left of the curve's middle; already σ(−10) = {low:.6f}.",
             low=_sigma(-10)),
        3: t("σ comes close to 1 only for large positive x (σ(10) = {high:.6f}). Every "
             "negative x gives less than 0.5, and very negative ones give almost nothing.",
             high=_sigma(10)),
    }
    return Check(
        "sigmoid-far-left", t("The slider stops at −10. What is **σ(−1000)**?"),
        answer=right, choices=choices,
        explanation=t(
            "Very negative inputs come out near 0: σ(−1000) = 1 / (1 + e¹⁰⁰⁰), and e¹⁰⁰⁰ is "
            "enormous. The app's `sigmoid` gives **{value:.2e}**: it raises z to at least −60 "
            "before taking e⁻ᶻ, so the answer is 1 / (1 + e⁶⁰), below 10⁻²⁶ (the exact value, "
            "about 10⁻⁴³⁴, is smaller than any computer float). Typed straight into NumPy, "
            "`1 / (1 + np.exp(1000))` overflows: e¹⁰⁰⁰ becomes `inf`, NumPy warns, and the "
            "result is {naive:g}. Either way it is 0 for every practical purpose, never below it.",
            value=value, naive=naive),
        why_wrong=lambda i: why.get(int(i), ""))


def threshold_check() -> Check:
    """Which bias makes a neuron fire only when its weighted sum w·a is above THRESHOLD?"""
    answer = 0.0 - THRESHOLD   # z = w·a + b crosses 0 (σ = 0.5) where w·a = -b
    below, at, above = (_sigma(s + answer) for s in (THRESHOLD - 5, THRESHOLD, THRESHOLD + 5))

    def why_wrong(b: float) -> str:
        b = float(b)
        centre = 0.0 - b
        between = (THRESHOLD + centre) / 2   # where this neuron and the one asked for differ most
        text = t("With b = {b:g}, z = w·a + b is 0 where w·a = {centre:g}, so the neuron switches "
                 "on around a weighted sum of {centre:g}, not {threshold:g}. A sum of "
                 "{between:g} gives σ({between:g} {sign} {size:g}) = {got}, where it should "
                 "give {wanted}.", b=b, centre=centre, threshold=THRESHOLD, between=between,
                 sign="+" if b >= 0 else "−", size=abs(b),
                 got=activation_text(_sigma(between + b)),
                 wanted=activation_text(_sigma(between - THRESHOLD)))
        if b > 0:
            text += " " + t("The sign is the catch: a positive bias makes firing *easier*.")
        return text
    return Check(
        "sigmoid-threshold-bias",
        t("A neuron should light up only when its weighted sum **w·a** is above "
          "**{threshold:g}**. The bias b is added before squishing: z = w·a + b, activation "
          "σ(z). Which **b** does it?", threshold=THRESHOLD),
        answer=answer,
        explanation=t(
            "b = {answer:g}. Then z = w·a − {threshold:g} is 0 exactly where w·a = {threshold:g}, "
            "and σ(0) = 0.5: the curve's middle moves to a sum of {threshold:g}. A sum of "
            "{low:g} gives σ({low:g} − {threshold:g}) = {below}, a sum of {threshold:g} gives "
            "{at}, a sum of {high:g} gives {above}.", answer=answer, threshold=THRESHOLD,
            low=THRESHOLD - 5, high=THRESHOLD + 5, below=activation_text(below),
            at=activation_text(at), above=activation_text(above)),
        why_wrong=why_wrong)
