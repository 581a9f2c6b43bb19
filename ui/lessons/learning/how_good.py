"""/learning's "How good can it get?": the site's network's real test error, the digits it mixes
up (shown as the real test images), and what bigger and convolutional networks reach on MNIST,
each figure with the paper that reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from netcore.redraw import TRAINING_PENS
from ui.i18n import N_, nt, number, t
from ui.images import enlarged
from ui.lessons.learning.run import Evaluation


@dataclass(frozen=True)
class Published:
    network: str    # its words marked with N_(), translated where shown
    error: float    # test error on MNIST's 10,000 test digits, as a fraction
    source: tuple[str, int]   # (first author, year): a key of SOURCES


SOURCES = {
    ("LeCun", 1998): "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, *Gradient-based learning "
                     "applied to document recognition*, Proc. IEEE 86(11), 1998",
    ("Simard", 2003): "P. Simard, D. Steinkraus, J. Platt, *Best practices for convolutional "
                      "neural networks applied to visual document analysis*, ICDAR 2003",
    ("Cireşan", 2010): "D. Cireşan, U. Meier, L. Gambardella, J. Schmidhuber, *Deep, big, "
                       "simple neural nets for handwritten digit recognition*, Neural "
                       "Computation 22(12), 2010",
    ("Cireşan", 2012): "D. Cireşan, U. Meier, J. Schmidhuber, *Multi-column deep neural "
                       "networks for image classification*, CVPR 2012",
}

# Figures as the papers report them: plain (fully connected) networks like this one, then
# convolutional ones. The references (authors, titles) are given as published, untranslated.
PUBLISHED = [
    Published("784-300-10", 0.047, ("LeCun", 1998)),
    Published("784-300-100-10", 0.0305, ("LeCun", 1998)),
    Published("784-800-10", 0.016, ("Simard", 2003)),
    Published(N_("784-2500-2000-1500-1000-500-10, trained on distorted digits"), 0.0035,
              ("Cireşan", 2010)),
    Published(N_("LeNet-5, a convolutional network"), 0.0095, ("LeCun", 1998)),
    Published(N_("35 convolutional networks voting together"), 0.0023, ("Cireşan", 2012)),
]

MIXED_PAIRS = [(4, 9), (1, 7)]   # the viewers' messy cases: shown whatever the counts
SHOWN_PER_WAY = 2                # test images shown for each "a read as b"


def cited(source: tuple[str, int]) -> str:
    """A paper as the table cites it: "LeCun et al. 1998"."""
    author, year = source
    # TRANSLATORS: a paper's first author and year, as a reference table cites it
    return t("{author} et al. {year}", author=author, year=year)


def mix_ups(counts: np.ndarray) -> list[tuple[int, int, int]]:
    """(a, b, times) for every pair of digits a < b, most often confused first: times is how
    often a was read as b plus b as a. counts: the (10, 10) confusion (row = true digit)."""
    pairs = [(a, b, int(counts[a, b] + counts[b, a]))
             for a in range(len(counts)) for b in range(a + 1, len(counts))]
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))


def read_as(evaluation: Evaluation, true: int, said: int) -> np.ndarray:
    """Indices of the test digits showing `true` that the network read as `said`."""
    return np.flatnonzero((evaluation.labels == true) & (evaluation.guesses == said))


def summary(evaluation: Evaluation) -> str:
    """The network's error and its mix-ups, in words with its numbers (Markdown)."""
    n = len(evaluation.labels)
    wrong = n - evaluation.n_correct
    counts = evaluation.confusion()
    top = ", ".join(nt("{a} and {b} ({n} time)", "{a} and {b} ({n} times)", times, a=a, b=b)
                    for a, b, times in mix_ups(counts)[:3])
    ways = "; ".join(
        nt("{x} and {y}, {n} time (a {x} read as {y}: {xy}, a {y} read as {x}: {yx})",
           "{x} and {y}, {n} times (a {x} read as {y}: {xy}, a {y} read as {x}: {yx})",
           int(counts[x, y] + counts[y, x]), x=x, y=y, xy=int(counts[x, y]), yx=int(counts[y, x]))
        for x, y in MIXED_PAIRS)
    return t("The site's trained network gets **{wrong:,} of the {n:,}** MNIST test digits wrong: "
             "a test error of **{error:.2%}**. The digits it mixes up most, either way round: "
             "{top}. The messy pairs people also stumble over: {ways}. Some of them, as the "
             "network saw them:", wrong=wrong, n=n, error=wrong / n, top=top, ways=ways)


LECTURE_ERROR = 0.0034   # the error a viewer remembers from a lecture


def drawings(recipe: dict | None) -> str | None:
    """Why a network trained on redrawn copies (its recipe says so) reads drawings: Markdown,
    or None for a recipe without them."""
    if not (recipe or {}).get("redrawn"):
        return None
    low, high = TRAINING_PENS
    return t("Your drawings are not MNIST digits: a stroke on the canvas is as wide everywhere as "
             "the pen, and a digit drawn small comes out bolder once it is scaled to 20 pixels. "
             "So the site's network did not learn from MNIST's digits alone: in every pass over "
             "them, about {share:.0%} were shown as copies traced to their centre line and drawn again "
             "with a round pen {low} to {high} pixels wide, from a third of the canvas tall to "
             "nearly all of it, then read the way your drawing is (/neurons shows how). It gives "
             "up a little accuracy on MNIST's own digits for that, and reads drawings better.",
             share=recipe["redrawn"], low=low, high=high)


def show(evaluation: Evaluation, test_images, sizes, recipe: dict | None = None) -> None:
    """sizes: the evaluated network's layer sizes; recipe: its weight file's recipe, if any."""
    st.markdown(summary(evaluation))
    shown = [i for x, y in MIXED_PAIRS for true, said in ((x, y), (y, x))
             for i in read_as(evaluation, true, said)[:SHOWN_PER_WAY]]
    if shown:
        st.image([enlarged(test_images[i], scale=3) for i in shown], width=84,
                 caption=[t("#{i}: a {digit}, read as {said}", i=int(i),
                            digit=int(evaluation.labels[i]), said=int(evaluation.guesses[i]))
                          for i in shown])
    about_drawings = drawings(recipe)
    if about_drawings:
        st.markdown(about_drawings)
    n = len(evaluation.labels)
    ours = "| {} | {} | {} |".format(
        t("{sizes}, the site's network", sizes="-".join(map(str, sizes))),
        number(1 - evaluation.accuracy, ".2%"),
        t("measured here, on the {n:,} test digits", n=n))
    rows = "\n".join(f"| {t(p.network)} | {number(p.error, '.2%')} | {cited(p.source)} |"
                     for p in PUBLISHED)
    header = "| {} | {} | {} |\n|---|---|---|".format(t("Network"), t("Test error"),
                                                      t("Reported by"))
    st.markdown("\n\n".join((
        t("One viewer remembers a lecture showing an error of only {error:.2%}. Networks do get "
          "that far, but much bigger ones, or ones built differently. Test errors on the same "
          "{n:,} digits:", error=LECTURE_ERROR, n=n),
        f"{header}\n{ours}\n{rows}",
        t("A **convolutional** network slides one small set of weights over every patch of the "
          "picture instead of giving each pixel its own weight, so a stroke is recognised "
          "wherever it is."))))
    st.caption(t("Sources: {sources}.", sources="; ".join(SOURCES.values())))
