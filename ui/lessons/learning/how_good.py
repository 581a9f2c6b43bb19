"""/learning's "How good can it get?": the site's network's real test error, the digits it mixes
up (shown as the real test images), and what bigger and convolutional networks reach on MNIST,
each figure with the paper that reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui.images import enlarged
from ui.lessons.learning.run import Evaluation


@dataclass(frozen=True)
class Published:
    network: str
    error: float    # test error on MNIST's 10,000 test digits, as a fraction
    source: str     # a key of SOURCES


SOURCES = {
    "LeCun et al. 1998": "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, *Gradient-based learning "
                         "applied to document recognition*, Proc. IEEE 86(11), 1998",
    "Simard et al. 2003": "P. Simard, D. Steinkraus, J. Platt, *Best practices for "
                          "convolutional neural networks applied to visual document analysis*, "
                          "ICDAR 2003",
    "Cireşan et al. 2010": "D. Cireşan, U. Meier, L. Gambardella, J. Schmidhuber, *Deep, big, "
                           "simple neural nets for handwritten digit recognition*, Neural "
                           "Computation 22(12), 2010",
    "Cireşan et al. 2012": "D. Cireşan, U. Meier, J. Schmidhuber, *Multi-column deep neural "
                           "networks for image classification*, CVPR 2012",
}

# Figures as the papers report them: plain (fully connected) networks like this one, then
# convolutional ones.
PUBLISHED = [
    Published("784-300-10", 0.047, "LeCun et al. 1998"),
    Published("784-300-100-10", 0.0305, "LeCun et al. 1998"),
    Published("784-800-10", 0.016, "Simard et al. 2003"),
    Published("784-2500-2000-1500-1000-500-10, trained on distorted digits", 0.0035,
              "Cireşan et al. 2010"),
    Published("LeNet-5, a convolutional network", 0.0095, "LeCun et al. 1998"),
    Published("35 convolutional networks voting together", 0.0023, "Cireşan et al. 2012"),
]

MIXED_PAIRS = [(4, 9), (1, 7)]   # the viewers' messy cases: shown whatever the counts
SHOWN_PER_WAY = 2                # test images shown for each "a read as b"


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
    top = ", ".join(f"{a} and {b} ({times} times)" for a, b, times in mix_ups(counts)[:3])
    ways = "; ".join(f"{x} and {y}, {counts[x, y] + counts[y, x]} times (a {x} read as {y}: "
                     f"{counts[x, y]}, a {y} read as {x}: {counts[y, x]})" for x, y in MIXED_PAIRS)
    return (f"The site's trained network gets **{wrong:,} of the {n:,}** MNIST test digits "
            f"wrong: a test error of **{wrong / n:.2%}**. The digits it mixes up most, either "
            f"way round: {top}. The messy pairs people also stumble over: {ways}. "
            "Some of them, as the network saw them:")


def show(evaluation: Evaluation, test_images, sizes) -> None:
    """sizes: the evaluated network's layer sizes."""
    st.markdown(summary(evaluation))
    shown = [i for x, y in MIXED_PAIRS for true, said in ((x, y), (y, x))
             for i in read_as(evaluation, true, said)[:SHOWN_PER_WAY]]
    if shown:
        st.image([enlarged(test_images[i], scale=3) for i in shown], width=84,
                 caption=[f"#{i}: a {evaluation.labels[i]}, read as {evaluation.guesses[i]}"
                          for i in shown])
    n = len(evaluation.labels)
    ours = (f"| {'-'.join(map(str, sizes))}, the site's network | "
            f"{1 - evaluation.accuracy:.2%} | measured here, on the {n:,} test digits |")
    rows = "\n".join(f"| {p.network} | {p.error:.2%} | {p.source} |" for p in PUBLISHED)
    st.markdown(
        "One viewer remembers a lecture showing an error of only 0.34%. Networks do get that "
        "far, but much bigger ones, or ones built differently. Test errors on the same "
        f"{n:,} digits:\n\n| Network | Test error | Reported by |\n|---|---|---|\n{ours}\n{rows}"
        "\n\nA **convolutional** network slides one small set of weights over every patch of "
        "the picture instead of giving each pixel its own weight, so a stroke is recognised "
        "wherever it is.")
    st.caption("Sources: " + "; ".join(SOURCES.values()) + ".")
