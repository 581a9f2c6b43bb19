"""Checks for understanding: the learner commits to an answer, then the page explains it.

A page builds a `Check` from the real network's numbers (the answer is computed, never typed
in) and calls `ask(check)`:

    check = Check("layers-brightest", t("Which output neuron will light up most for your digit?"),
                  choices=tuple(str(d) for d in range(10)), answer=guess,
                  explanation=t("Output neuron {d} holds {a:.2f}, ...", d=guess, a=outputs[guess]),
                  why_wrong=lambda i: t("Output neuron {d} holds only {a:.2f}.", d=i, a=outputs[i]))
    if ask(check):
        ...   # reveal what the question was about

"Check my answer" commits it. A right answer gets the explanation; a wrong one gets the reason
it is wrong (`why_wrong`) and a second try; after a second wrong answer the right one is shown
with the explanation. Either way the check then counts as answered (ui.state.checks_answered,
the progress strip's "k of n checks"; the page is run once in full after a verdict, so that
the strip, drawn outside the page's fragment, shows it at once), `ask` returns True, and "Ask
me again" starts it over.
The verdict is kept as it was written when the learner answered, with the numbers of that
moment; a check about the learner's digit passes `context` (what it was asked about), and a
verdict about an earlier digit says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import streamlit as st

from ui import state
from ui.i18n import number, t

TRIES = 2   # a wrong answer gets a second try; after two, the answer is shown


@dataclass(frozen=True)
class Check:
    """One question. `answer` is the index of the right choice, or the number for a number check."""
    id: str                      # unique on the site; listed in ui.contents.Lesson.checks
    question: str                # Markdown
    answer: int | float
    explanation: str             # why the answer is right, with the network's numbers
    choices: tuple[str, ...] = ()         # empty: the learner types a number
    why_wrong: Callable[[int | float], str] | None = None   # why this wrong answer is wrong
    tolerance: float = 0.0       # number checks: how far from `answer` still counts as right
    context: object = None       # what the question was asked about (e.g. the digit), compared with ==
    tries: int = TRIES           # wrong answers before the answer is shown (1 for a yes-or-no question)

    def is_right(self, value) -> bool:
        if self.choices:
            return value == self.answer
        return abs(float(value) - float(self.answer)) <= self.tolerance

    def answer_text(self, value=None) -> str:
        value = self.answer if value is None else value
        if self.choices:
            return self.choices[int(value)]
        return number(value, ",") if float(value).is_integer() else number(value, ",.4g")


@dataclass(frozen=True)
class Record:
    """What happened to one check in this session (replaced, never changed in place)."""
    wrong: tuple = ()            # the wrong answers so far, in order
    verdict: str | None = None   # set once answered: the message shown from then on
    right: bool = False          # answered rightly (at the first or the second try)
    context: object = None       # Check.context when it was answered
    empty: bool = False          # "Check my answer" was pressed with nothing chosen
    counted: bool = False        # the page has been run in full since the verdict (see `ask`)


def about_digit(digit) -> int | None:
    """A check's `context` for a question about the learner's digit (a Digit holds arrays, so not itself)."""
    return None if digit is None or digit.x is None else hash(digit.x.tobytes())


def verdict_for(check: Check, value, record: Record) -> Record:
    """The record after the learner commits `value` (pure: what `ask` stores)."""
    if check.is_right(value):
        verdict = (t("**Right.** {explanation}", explanation=check.explanation) if not record.wrong
                   else t("**Right on the second try.** {explanation}",
                          explanation=check.explanation))
        return Record(record.wrong, verdict, True, check.context)
    wrong = record.wrong + (value,)
    why = check.why_wrong(value) if check.why_wrong else ""
    if len(wrong) < check.tries:
        return Record(wrong)
    return Record(wrong, t("**Not quite: {given}** is not it. {why} **The answer is {answer}.** "
                           "{explanation}", given=check.answer_text(value), why=why,
                           answer=check.answer_text(), explanation=check.explanation),
                  False, check.context)


def _commit(check: Check) -> None:
    """The form's callback: judge the answer in session state before the page is drawn again."""
    record = state.check_record(check.id) or Record()
    value = state.widget(state.check_key(check.id, "answer"))
    if value is None:
        state.set_check_record(check.id, Record(record.wrong, empty=True))
    else:
        state.set_check_record(check.id, verdict_for(check, value, record))


def _start_over(check_id: str) -> None:
    state.set_check_record(check_id, None)
    state.forget_widget(state.check_key(check_id, "answer"))


def _fragment_rerun() -> bool:
    """Whether this script run is a fragment's rerun (not the whole page)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def answered(check_id: str) -> bool:
    """Whether the check's verdict is showing: for what a page shows outside the check's fragment."""
    record = state.check_record(check_id)
    return record is not None and record.verdict is not None


def ask(check: Check) -> bool:
    """Draw the check; True once it has been answered (rightly, or with the answer shown)."""
    record = state.check_record(check.id) or Record()
    if record.verdict is not None and not record.counted:
        state.set_check_record(check.id, replace(record, counted=True))
        if _fragment_rerun():
            # Answered in a fragment's rerun (checks about the digit sit in the page's
            # fragment): run the whole page once, so the progress strip above counts it now.
            # A check answered in a full run was counted by the strip already (the form's
            # callback ran before the strip was drawn): no second run.
            st.rerun(scope="app")
    with st.container(border=True, key=state.check_key(check.id, "box")):
        st.markdown(":material/quiz: " + t("**Check:** {question}", question=check.question))
        if record.verdict is not None:
            (st.success if record.right else st.info)(record.verdict)
            if check.context != record.context:
                st.caption(t("You answered this for an earlier input; the page below shows the "
                             "present one."))
            st.button(t("Ask me again"), key=state.check_key(check.id, "again"),
                      on_click=_start_over, args=(check.id,), type="tertiary")
            return True
        if record.wrong:
            last = record.wrong[-1]
            why = check.why_wrong(last) if check.why_wrong else ""
            st.warning(t("**Not quite: {given}** is not it. {why} Have another go.",
                         given=check.answer_text(last), why=why))
        with st.form(key=state.check_key(check.id, "form"), border=False):
            if check.choices:
                st.radio(t("Your answer"), range(len(check.choices)), index=None,
                         format_func=lambda i: check.choices[i], horizontal=len(check.choices) > 3,
                         key=state.check_key(check.id, "answer"), label_visibility="collapsed")
            else:
                whole = float(check.answer).is_integer()
                st.number_input(t("Your answer"), value=None, step=1 if whole else 0.01,
                                key=state.check_key(check.id, "answer"))
            st.form_submit_button(t("Check my answer"), on_click=_commit, args=(check,),
                                  key=state.check_key(check.id, "submit"))
        if record.empty:
            st.caption(t("Choose an answer first, then press *Check my answer*."))
    return False
