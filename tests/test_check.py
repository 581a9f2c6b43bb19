"""ui.check: commit an answer, a wrong one gets its reason and a second try, then the answer."""

from streamlit.testing.v1 import AppTest

from apptest_helpers import TIMEOUT, answer_check


def _page():
    import streamlit as st
    from ui import check, state
    state.init()
    outputs = [0.1, 0.7, 0.2]      # a page computes these with netcore
    best = max(range(3), key=outputs.__getitem__)
    q = check.Check("demo-choice", "Which is largest?", answer=best,
                    choices=("a", "b", "c"),
                    explanation=f"b holds {outputs[best]}.",
                    why_wrong=lambda i: f"{'abc'[i]} holds only {outputs[i]}.")
    if check.ask(q):
        st.markdown("REVEALED")
    n = check.Check("demo-number", "How many?", answer=13_002, explanation="Count them.",
                    why_wrong=lambda v: "Too few." if v < 13_002 else "Too many.")
    check.ask(n)


def _texts(at, kind):
    return " ".join(str(m.value) for m in getattr(at, kind))


def _run():
    at = AppTest.from_function(_page, default_timeout=TIMEOUT)
    return at.run()


def test_nothing_is_revealed_before_an_answer_and_an_empty_answer_is_explained():
    at = _run()
    assert "REVEALED" not in _texts(at, "markdown")
    at = answer_check(at, "demo-choice", None)
    assert "Choose an answer first" in _texts(at, "caption")
    assert "REVEALED" not in _texts(at, "markdown")


def test_a_wrong_answer_gets_its_reason_and_a_second_try_then_right():
    from ui import state
    at = answer_check(_run(), "demo-choice", 0)
    assert "a holds only 0.1" in _texts(at, "warning")
    assert "REVEALED" not in _texts(at, "markdown")
    assert "demo-choice" not in at.session_state[state.CHECKS_ANSWERED]
    at = answer_check(at, "demo-choice", 1)
    assert "Right on the second try" in _texts(at, "success")
    assert "b holds 0.7" in _texts(at, "success")
    assert "REVEALED" in _texts(at, "markdown")
    assert "demo-choice" in at.session_state[state.CHECKS_ANSWERED]


def test_two_wrong_answers_show_the_answer_with_its_explanation():
    at = answer_check(answer_check(_run(), "demo-choice", 0), "demo-choice", 2)
    info = _texts(at, "info")
    assert "c holds only 0.2" in info and "The answer is b" in info and "b holds 0.7" in info
    assert "REVEALED" in _texts(at, "markdown")


def test_a_number_check_judges_the_number_and_says_why_it_is_wrong():
    at = answer_check(_run(), "demo-number", 12_960)
    assert "Too few." in _texts(at, "warning")
    at = answer_check(at, "demo-number", 13_002)
    assert "Right on the second try" in _texts(at, "success")


def test_ask_me_again_starts_the_check_over_but_it_stays_answered():
    from ui import state
    at = answer_check(_run(), "demo-choice", 1)
    assert "REVEALED" in _texts(at, "markdown")
    next(b for b in at.button if b.key == state.check_key("demo-choice", "again")).click().run()
    assert "REVEALED" not in _texts(at, "markdown")
    assert at.radio(key=state.check_key("demo-choice", "answer")).value is None
    assert "demo-choice" in at.session_state[state.CHECKS_ANSWERED]


def test_the_verdict_pure_function():
    from ui.check import Check, Record, verdict_for
    q = Check("x", "?", answer=2.5, explanation="E.", tolerance=0.1, why_wrong=lambda v: "W.")
    first = verdict_for(q, 3.0, Record())
    assert first.verdict is None and first.wrong == (3.0,)
    second = verdict_for(q, 2.45, first)
    assert second.right and "second try" in second.verdict
    shown = verdict_for(q, 1.0, first)
    assert not shown.right and "The answer is 2.5" in shown.verdict and "W." in shown.verdict


def test_a_verdict_runs_the_whole_page_once_so_the_progress_strip_can_count_it():
    from ui import state
    at = answer_check(_run(), "demo-choice", 0)
    assert not at.session_state[state.CHECKS]["demo-choice"].counted   # a second try: no verdict
    at = answer_check(at, "demo-choice", 1)
    assert at.session_state[state.CHECKS]["demo-choice"].counted
    assert "REVEALED" in _texts(at, "markdown")


def _shown_check_ids(at) -> set[str]:
    from ui import state
    ids = set()
    for button in at.button:
        form = button.proto.form_id
        if button.proto.is_form_submitter and form.startswith(state.CHECK_KEY_PREFIX):
            ids.add(form.removeprefix(state.CHECK_KEY_PREFIX).removesuffix("_form"))
    return ids


def test_every_check_a_lesson_asks_is_listed_for_its_strip_and_ids_are_unique():
    from apptest_helpers import canvas_image, page_test
    from ui import contents
    listed = [c for lesson in contents.LESSONS for c in lesson.checks]
    assert len(listed) == len(set(listed))
    for lesson in contents.LESSONS:
        at = page_test(lesson.file, canvas_image(3)).run()
        assert not at.exception, lesson.file
        shown = _shown_check_ids(at)
        assert shown <= set(lesson.checks), (lesson.file, shown - set(lesson.checks))
        assert bool(shown) == bool(lesson.checks), (lesson.file, shown)
