"""The route through the lessons (ui/route.py, drawn by app.py): the progress strip at the top of
each lesson, Previous / Next at its end, visited lessons and answered checks in the session,
and the colour switch in the strip instead of the sidebar."""

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import TIMEOUT, app_test, page_test
from ui import contents, route, state

N = len(contents.LESSONS)


def open_lesson(at: AppTest, lesson: contents.Lesson) -> AppTest:
    at.switch_page(str(lesson.path.relative_to(contents.ROOT)))
    at.run()
    assert not at.exception, (lesson.file, at.exception)
    return at


def steps(at: AppTest) -> list:
    """The strip's numbered links, one per lesson, in order."""
    links = [link for link in at.page_link if link.value.rstrip("✓").isdigit()]
    assert [link.value.rstrip("✓") for link in links] == [str(k + 1) for k in range(N)]
    return links


def route_links(at: AppTest) -> dict[str, str]:
    """The links at the end of the lesson: their kind ("Previous", "Next", "Back to the start")
    -> the url path they lead to."""
    found = {}
    for link in at.page_link:
        label = link.value.strip("*")
        for kind in ("Previous", "Next", "Back to the start"):
            if label.startswith(kind + ": "):
                found[kind] = (label.split(": ", 1)[1], link.proto.page)
    return found


def test_every_lesson_shows_where_it_is_and_links_to_its_neighbours_in_the_video_order():
    at = app_test()
    at.run()
    for k, lesson in enumerate(contents.LESSONS):
        open_lesson(at, lesson)
        strip = at.markdown[0].value
        n = len(lesson.checks)
        checks = f" · 0 of {n} check{'s' * (n > 1)}" if lesson.checks else ""
        assert strip == f"**Lesson {k + 1} of {N}** · {lesson.title}{checks}"
        assert [link.proto.page for link in steps(at)] == [x.url_path for x in contents.LESSONS]
        links = route_links(at)
        if k == 0:
            assert "Previous" not in links
        else:
            before = contents.LESSONS[k - 1]
            assert links["Previous"] == (before.title, before.url_path)
        if k == N - 1:
            assert "Next" not in links
            first = contents.LESSONS[0]
            assert links["Back to the start"] == (first.title, first.url_path)
            assert any("end of the route" in m.value for m in at.markdown)
        else:
            after = contents.LESSONS[k + 1]
            assert links["Next"] == (after.title, after.url_path)
            assert "Back to the start" not in links
            assert not any("end of the route" in m.value for m in at.markdown)


def test_visited_lessons_are_ticked_after_the_learner_goes_there():
    at = app_test()
    at.run()
    assert [link.value for link in steps(at)] == ["1✓"] + [str(k + 1) for k in range(1, N)]
    layers = contents.LESSONS[route.position("layers")]
    open_lesson(at, layers)
    ticked = [k for k, link in enumerate(steps(at)) if link.value.endswith("✓")]
    assert ticked == [0, route.position("layers")]
    assert at.session_state[state.VISITED] == frozenset({"", "layers"})
    open_lesson(at, contents.LESSONS[-1])
    ticked = [k for k, link in enumerate(steps(at)) if link.value.endswith("✓")]
    assert ticked == [0, route.position("layers"), N - 1]
    assert f"{contents.LESSONS[-1].title} · visited" in steps(at)[-1].proto.help
    assert "not visited yet" in steps(at)[1].proto.help


def test_the_strip_counts_a_lessons_answered_checks_only_where_it_has_checks(monkeypatch):
    k = route.position("layers")
    with_checks = list(contents.LESSONS)
    with_checks[k] = dataclasses.replace(with_checks[k], checks=("layers-a", "layers-b"))
    with_checks[k + 1] = dataclasses.replace(with_checks[k + 1], checks=())
    monkeypatch.setattr(contents, "LESSONS", with_checks)
    at = app_test()
    at.run()
    at.session_state[state.CHECKS_ANSWERED] = frozenset({"layers-b", "weights-a"})
    open_lesson(at, with_checks[k])
    assert at.markdown[0].value.endswith("· Layers · 1 of 2 checks")
    assert "1 of 2 checks answered" in steps(at)[k].proto.help
    open_lesson(at, with_checks[k + 1])
    assert "checks" not in at.markdown[0].value


def _answer_twice():
    from ui import state
    state.mark_check_answered("neurons-white")
    state.mark_check_answered("neurons-white")
    state.mark_check_answered("layers-winner")


def test_marking_a_check_answered_keeps_each_id_once():
    at = AppTest.from_function(_answer_twice, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.session_state[state.CHECKS_ANSWERED] == frozenset({"neurons-white", "layers-winner"})


def test_the_colour_switch_is_in_the_strip_not_the_sidebar_and_keeps_its_one_key():
    at = app_test()
    at.run()
    assert not at.sidebar.get("button_group") and not at.sidebar.radio
    switch = at.segmented_control(key=state.PALETTE)
    assert switch.value == "video"
    switch.set_value("colorblind").run()
    assert not at.exception
    assert at.session_state[state.PALETTE] == "colorblind"
    assert at.query_params[state.URL_PALETTE] == "colorblind"
    open_lesson(at, contents.LESSONS[route.position("layers")])
    assert at.segmented_control(key=state.PALETTE).value == "colorblind"


@pytest.mark.parametrize("lesson", contents.LESSONS[:3], ids=lambda lesson: lesson.file)
def test_a_page_run_on_its_own_has_no_route(lesson):
    at = page_test(lesson.file).run()
    assert not at.exception
    assert not at.page_link
