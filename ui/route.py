"""The route through the lessons: a progress strip at the top of each lesson, Previous / Next at its end.

app.py draws both around `page.run()`, in ui.contents' order (the video's), so no page
file needs a line for them; a page run on its own (as its tests run it) has neither.
The strip also holds the colour switch, so a phone reaches it without the sidebar.
"""

from __future__ import annotations

from typing import Sequence

import streamlit as st

from ui import contents, palette, state
from ui.i18n import LANGUAGES, N_, nt, t

STRIP_KEY = "route_strip"    # containers' CSS classes (st-key-...), for the browser tests
LINKS_KEY = "route_links"

DONE_TEXT = N_("**You have reached the end of the route**: the whole of the video's first "
               "chapter, from pixels as numbers to how a network learns, and what this one really "
               "learned inside. There is no next lesson yet.")


def position(url_path: str) -> int:
    """The index in ui.contents.LESSONS of the lesson at this url path ("" for the root)."""
    for index, lesson in enumerate(contents.LESSONS):
        if lesson.url_path == url_path:
            return index
    raise KeyError(f"no lesson at url path {url_path!r}")


def where_you_are(index: int, answered: frozenset[str]) -> str:
    """ "Lesson k of n · title", and "· a of c checks" when the lesson has checks."""
    lesson = contents.LESSONS[index]
    text = t("**Lesson {k} of {n}** · {title}", k=index + 1, n=len(contents.LESSONS),
             title=t(lesson.title))
    if lesson.checks:
        done = len(answered & set(lesson.checks))
        text += " · " + nt("{done} of {n} check", "{done} of {n} checks", len(lesson.checks),
                           done=done)
    return text


def step_label(index: int, visited: frozenset[str]) -> str:
    """A step's link text: its number, with a tick once the learner has opened it."""
    lesson = contents.LESSONS[index]
    return f"{index + 1}✓" if lesson.url_path in visited else f"{index + 1}"


def step_help(index: int, visited: frozenset[str], answered: frozenset[str]) -> str:
    lesson = contents.LESSONS[index]
    words = [t(lesson.title), t("visited") if lesson.url_path in visited else t("not visited yet")]
    if lesson.checks:
        words.append(nt("{done} of {n} check answered", "{done} of {n} checks answered",
                        len(lesson.checks), done=len(answered & set(lesson.checks))))
    return " · ".join(words)


def progress_strip(pages: Sequence, url_path: str) -> None:
    """One row: where the learner is, a numbered link per lesson (ticked once visited), the colours.

    pages: the st.Page of every lesson, in ui.contents' order.
    """
    index = position(url_path)
    visited, answered = state.visited_lessons(), state.checks_answered()
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key=STRIP_KEY):
        st.markdown(where_you_are(index, answered), width="content")
        with st.container(horizontal=True, gap="xxsmall", width="content"):
            for k, page in enumerate(pages):
                st.page_link(page, label=step_label(k, visited), icon="",
                             help=step_help(k, visited, answered))
        palette.palette_switch()


def next_and_previous(pages: Sequence, url_path: str) -> None:
    """The end of a lesson: "Previous: <title>" and "Next: <title>"; the last one ends the route."""
    index = position(url_path)
    st.divider()
    last = index == len(contents.LESSONS) - 1
    if last:
        st.markdown(t(DONE_TEXT))
    with st.container(horizontal=True, horizontal_alignment="distribute", key=LINKS_KEY):
        if index > 0:
            st.page_link(pages[index - 1], label=t("Previous: {title}", title=t(contents.LESSONS[index - 1].title)),
                         icon=":material/arrow_back:")
        if last:
            st.page_link(pages[0], label=t("Back to the start: {title}", title=t(contents.LESSONS[0].title)),
                         icon=":material/restart_alt:")
        else:
            st.page_link(pages[index + 1], label="**" + t("Next: {title}", title=t(contents.LESSONS[index + 1].title)) + "**",
                         icon=":material/arrow_forward:")


def language_switch() -> None:
    """The language menu (in the sidebar): each language named in itself; the choice travels
    in the URL as ?lang=, so a teacher's link opens the site in the class's language."""
    state.init()
    choice = st.selectbox(t("Language"), list(LANGUAGES), key=state.LANGUAGE,
                          format_func=lambda code: LANGUAGES[code][1])
    state.set_url_language(choice)
