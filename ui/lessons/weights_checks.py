"""/weights: the check for understanding, which of four pictures gets the largest sum w·a.

The four pictures are made from the chosen neuron's own weights: A lit exactly on its +
weights (a stroke through the + region), B a thick blob over A and around it, C empty, D A's
stroke moved down half the picture (a stroke elsewhere). Their sums are computed with the
neuron, so the answer follows whatever weights the learner painted or picked.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from netcore.preprocess import SIDE
from ui import check, images, widgets
from ui.check import Check
from ui.lessons import neuron

NAMES = ("A", "B", "C", "D")
TIE = "Two or more tie"
CHOICES = (*NAMES, TIE)
ROW_CAPTION = ("**A**: lit exactly on the + weights · **B**: a thick blob over A and around it · "
               "**C**: empty · **D**: A moved down half the picture")


def four_pictures(weights) -> list[np.ndarray]:
    """A, B, C, D: (28, 28) pictures with pixels 0 or 1, made from the neuron's weights."""
    on_plus, blob = neuron.edge_test_patterns(weights)
    return [on_plus, blob, np.zeros((SIDE, SIDE)), np.roll(on_plus, SIDE // 2, axis=0)]


def _about(chosen: neuron.Neuron):
    """A check's context: which neuron it was asked about."""
    if chosen.index is not None:
        return chosen.index
    return hashlib.sha1(chosen.weights.tobytes()).hexdigest()


def ranking_check(chosen: neuron.Neuron) -> Check:
    pictures = four_pictures(chosen.weights)
    terms = [chosen.terms(p.ravel()) for p in pictures]
    plus = [float(t[t > 0].sum()) for t in terms]
    minus = [float(abs(t[t < 0].sum())) for t in terms]
    sums = [chosen.weighted_sum(p.ravel()) for p in pictures]
    top = max(sums)
    best = [k for k, s in enumerate(sums) if np.isclose(s, top)]
    answer = CHOICES.index(TIE) if len(best) > 1 else best[0]

    def one(k: int) -> str:
        if not pictures[k].any():
            return f"{NAMES[k]} **{sums[k]:.1f}** (nothing lit)"
        if plus[k] == minus[k] == 0:
            return f"{NAMES[k]} **{sums[k]:.1f}** (lit only where the weights are 0)"
        parts = f"+{plus[k]:.1f} on + weights" + (f", -{minus[k]:.1f} on - weights"
                                                 if minus[k] > 0 else "")
        return f"{NAMES[k]} **{sums[k]:.1f}** ({parts})"

    explanation = "The four sums w·a: " + "; ".join(one(k) for k in range(4)) + ". "
    if not chosen.weights.any():
        explanation += "Every weight is 0, so every picture scores 0."
    elif len(best) > 1:
        explanation += (" and ".join(NAMES[k] for k in best) + f" tie at {top:.1f}. "
                        + ("This neuron has no negative weights, so the blob's extra light costs "
                           "nothing: it cannot tell a stroke from a smudge."
                           if minus[1] == 0 else ""))
    else:
        explanation += (f"{NAMES[answer]} scores most. A collects every + weight and touches no "
                        "- weight, so no picture can score more")
        explanation += (f"; B gets the same +{plus[1]:.1f}, but its light on the - weights "
                        f"takes back {minus[1]:.1f}." if answer == 0 else ".")

    def why_wrong(i: int) -> str:
        if i == CHOICES.index(TIE):
            return ("No two pictures tie for the top here: one of them scores more than the "
                    "other three.")
        name = NAMES[i]
        if not pictures[i].any():
            return (f"{name} is all black: every a is 0, so each of the 784 products w·a is 0 "
                    f"and {name} scores 0.0.")
        if np.isclose(sums[i], top):
            return (f"{name} does score the most, {sums[i]:.1f}, but not alone: another picture "
                    "scores as much.")
        if minus[i] > 0:
            return (f"{name} gets +{plus[i]:.1f} from the + weights under its light, but its light "
                    f"on - weights takes back {minus[i]:.1f}: it scores {sums[i]:.1f}.")
        if plus[i] == 0:
            return (f"{name} is lit only where the weights are 0, so every product w·a is 0 and "
                    f"{name} scores 0.0.")
        return (f"{name}'s light falls on weights that add up to only {plus[i]:.1f}: it scores "
                f"{sums[i]:.1f}.")

    return Check("weights-rank", "Which of these four pictures gets the largest weighted sum w·a "
                 "with this neuron's weights?", answer=answer, choices=CHOICES,
                 explanation=explanation, why_wrong=why_wrong, context=_about(chosen))


def ask_ranking(chosen: neuron.Neuron) -> bool:
    """The four pictures in one row (with their sums once answered), then the check."""
    row = st.container()
    answered = check.ask(ranking_check(chosen))
    pictures = four_pictures(chosen.weights)
    titles = [f"{n}: {chosen.weighted_sum(p.ravel()):.1f}" if answered else n
              for n, p in zip(NAMES, pictures)]
    width = 340 if widgets.is_phone() else 600   # four square panels across the width
    images.show(images.panel_picture(pictures, titles, cols=4, width=width), row)
    if answered:
        row.caption("Their weighted sums w·a: " + ", ".join(
            f"{n} {chosen.weighted_sum(p.ravel()):.1f}" for n, p in zip(NAMES, pictures)) + ".")
    row.caption(ROW_CAPTION)
    return answered
