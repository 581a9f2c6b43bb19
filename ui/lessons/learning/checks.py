"""The checks for understanding on /learning (ui.check): two guesses before the learner trains.

How many of the 10,000 MNIST test digits does a brand-new network get right, and how many does
the site's trained one? Both answers are the networks' real scores on the test set, worked
out once per server (`st.cache_resource`), never typed in.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import resources
from ui.check import Check
from ui.i18n import N_, t
from ui.lessons.learning import session
from ui.lessons.learning.run import Evaluation, evaluate
from ui.lessons.learning.settings import PRESETS

# (label, fewest right it covers): each choice runs up to the next one's start
RANDOM_RANGES = ((N_("none, or almost none (under 100)"), 0), (N_("about 1,000: one in ten"), 100),
                 (N_("about 5,000: half"), 3_000), (N_("most of them (over 7,000)"), 7_000))
TRAINED_RANGES = ((N_("fewer than 5,000"), 0), (N_("5,000 to 8,999"), 5_000),
                  (N_("9,000 to 9,499"), 9_000), (N_("9,500 to 9,799"), 9_500),
                  (N_("9,800 or more"), 9_800))


def _range_of(n_correct: int, ranges) -> int:
    return int(np.searchsorted([start for _, start in ranges], n_correct, side="right")) - 1


@st.cache_resource(show_spinner=False)
def random_start_evaluation() -> Evaluation:
    """The video's network as it starts, before any training (its preset's seed)."""
    return evaluate(PRESETS["video"].settings.network(), resources.mnist())


def _choices(ranges) -> tuple[str, ...]:
    return tuple(t(label) for label, _ in ranges)


def random_start_check() -> Check:
    ev = random_start_evaluation()
    n, total = ev.n_correct, len(ev.labels)
    said = np.bincount(ev.guesses, minlength=10)
    usual = int(np.argmax(said))
    sizes = "-".join(map(str, PRESETS["video"].settings.sizes))
    score = (t("It gets **{n:,}** right ({share:.1%}), about what guessing gets: it says "
               "**{usual}** for every one of the {total:,} digits, so it gets exactly the "
               "{n_usual:,} that really are {usual} right.", n=n, share=n / total, usual=usual,
               total=total, n_usual=int(np.sum(ev.labels == usual)))
             if said[usual] == total else
             t("It gets **{n:,}** right ({share:.1%}), about what guessing gets: its most "
               "common answer is {usual} ({times:,} times).", n=n, share=n / total, usual=usual,
               times=int(said[usual])))
    why = {0: t("Random weights still give an answer for every digit, and some answers are right "
                "by chance: it gets {n:,} right.", n=n),
           2: t("Half would mean it already knows something. Random weights know nothing yet: "
                "it gets {n:,} right.", n=n),
           3: t("Nothing has been learnt yet: it gets only {n:,} right.", n=n)}
    return Check(
        "learning-random-start",
        t("A brand-new {sizes} network has random weights and has seen no digit yet. How many of "
          "the {total:,} test digits does it get right?", sizes=sizes, total=total),
        answer=_range_of(n, RANDOM_RANGES), choices=_choices(RANDOM_RANGES),
        why_wrong=lambda i: why.get(int(i)) or t("It gets {n:,} right.", n=n),
        explanation=score + " " + t("Press **Train** below: the blue test-accuracy curve starts "
                                    "from a random start like this one."))


def trained_check() -> Check:
    ev = session.default_evaluation()
    n, total = ev.n_correct, len(ev.labels)
    mixed = ev.confusion()
    np.fill_diagonal(mixed, 0)
    true, said = np.unravel_index(int(np.argmax(mixed)), mixed.shape)
    right = _range_of(n, TRAINED_RANGES)
    sizes = "-".join(map(str, resources.default_network().sizes))

    def why_wrong(i) -> str:
        if int(i) < right:
            return t("It does better than that: {n:,} right. Guessing gets about one digit in "
                     "ten; training takes it far beyond.", n=n)
        return t("That is more than this small network manages: it gets {n:,} right.", n=n)
    return Check(
        "learning-trained-accuracy",
        t("The site's trained network ({sizes}, the one the lessons use) reads the {total:,} test "
          "digits, which it never saw while it learned. How many does it get right?",
          sizes=sizes, total=total),
        answer=right, choices=_choices(TRAINED_RANGES), why_wrong=why_wrong,
        explanation=t("**{n:,}** of {total:,} ({share:.2%}): {wrong:,} wrong. Its most common "
                      "mistake is reading a {true} as a {said} ({times} times). Train your own "
                      "below and compare.", n=n, total=total, share=n / total, wrong=total - n,
                      true=int(true), said=int(said), times=int(mixed[true, said])))


def before_training() -> list[Check]:
    return [random_start_check(), trained_check()]
