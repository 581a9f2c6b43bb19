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
from ui.i18n import N_, number, t
from ui.lessons import neuron

NAMES = ("A", "B", "C", "D")
TIE = N_("Two or more tie")
CHOICES = (*NAMES, TIE)   # shown through t()
ROW_CAPTION = N_("**A**: lit exactly on the + weights · **B**: a thick blob over A and around it · "
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


def _names(names) -> str:
    """ "A", "A and B", "A and B and D"."""
    text = names[0]
    for name in names[1:]:
        # TRANSLATORS: joins the names of pictures that tie for the top: "A and B".
        text = t("{first} and {second}", first=text, second=name)
    return text


def ranking_check(chosen: neuron.Neuron) -> Check:
    pictures = four_pictures(chosen.weights)
    terms = [chosen.terms(p.ravel()) for p in pictures]
    plus = [float(term[term > 0].sum()) for term in terms]
    minus = [float(abs(term[term < 0].sum())) for term in terms]
    sums = [chosen.weighted_sum(p.ravel()) for p in pictures]
    top = max(sums)
    best = [k for k, s in enumerate(sums) if np.isclose(s, top)]
    answer = CHOICES.index(TIE) if len(best) > 1 else best[0]

    def one(k: int) -> str:
        values = {"name": NAMES[k], "total": sums[k], "plus": plus[k], "minus": minus[k]}
        if not pictures[k].any():
            return t("{name} **{total:.1f}** (nothing lit)", **values)
        if plus[k] == minus[k] == 0:
            return t("{name} **{total:.1f}** (lit only where the weights are 0)", **values)
        if minus[k] > 0:
            return t("{name} **{total:.1f}** (+{plus:.1f} on + weights, -{minus:.1f} on - "
                     "weights)", **values)
        return t("{name} **{total:.1f}** (+{plus:.1f} on + weights)", **values)

    explanation = t("The four sums w·a: {sums}.", sums="; ".join(one(k) for k in range(4))) + " "
    if not chosen.weights.any():
        explanation += t("Every weight is 0, so every picture scores 0.")
    elif len(best) > 1:
        explanation += t("{names} tie at {top:.1f}.", names=_names([NAMES[k] for k in best]),
                         top=top) + " "
        if minus[1] == 0:
            explanation += t("This neuron has no negative weights, so the blob's extra light "
                             "costs nothing: it cannot tell a stroke from a smudge.")
    elif answer == 0:
        explanation += t("{name} scores most. A collects every + weight and touches no - weight, "
                         "so no picture can score more; B gets the same +{plus:.1f}, but its "
                         "light on the - weights takes back {minus:.1f}.",
                         name=NAMES[answer], plus=plus[1], minus=minus[1])
    else:
        explanation += t("{name} scores most. A collects every + weight and touches no - weight, "
                         "so no picture can score more.", name=NAMES[answer])

    def why_wrong(i: int) -> str:
        if i == CHOICES.index(TIE):
            return t("No two pictures tie for the top here: one of them scores more than the "
                     "other three.")
        values = {"name": NAMES[i], "total": sums[i], "plus": plus[i], "minus": minus[i]}
        if not pictures[i].any():
            return t("{name} is all black: every a is 0, so each of the 784 products w·a is 0 "
                     "and {name} scores 0.0.", **values)
        if np.isclose(sums[i], top):
            return t("{name} does score the most, {total:.1f}, but not alone: another picture "
                     "scores as much.", **values)
        if minus[i] > 0:
            return t("{name} gets +{plus:.1f} from the + weights under its light, but its light "
                     "on - weights takes back {minus:.1f}: it scores {total:.1f}.", **values)
        if plus[i] == 0:
            return t("{name} is lit only where the weights are 0, so every product w·a is 0 and "
                     "{name} scores 0.0.", **values)
        return t("{name}'s light falls on weights that add up to only {plus:.1f}: it scores "
                 "{total:.1f}.", **values)

    return Check("weights-rank", t("Which of these four pictures gets the largest weighted sum "
                                   "w·a with this neuron's weights?"),
                 answer=answer, choices=(*NAMES, t(TIE)),
                 explanation=explanation, why_wrong=why_wrong, context=_about(chosen))


def ask_ranking(chosen: neuron.Neuron) -> bool:
    """The four pictures in one row (with their sums once answered), then the check."""
    row = st.container()
    answered = check.ask(ranking_check(chosen))
    pictures = four_pictures(chosen.weights)
    sums = [chosen.weighted_sum(p.ravel()) for p in pictures]
    titles = [f"{n}: {number(s, '.1f')}" if answered else n for n, s in zip(NAMES, sums)]
    width = 340 if widgets.is_phone() else 600   # four square panels across the width
    images.show(images.panel_picture(pictures, titles, cols=4, width=width), row)
    if answered:
        row.caption(t("Their weighted sums w·a: {sums}.", sums=", ".join(
            f"{n} {number(s, '.1f')}" for n, s in zip(NAMES, sums))))
    row.caption(t(ROW_CAPTION))
    return answered
