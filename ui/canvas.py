"""The learner's digit: a drawing canvas, a Clear button and "pick an MNIST digit".

Whatever the learner draws or picks is stored by `ui.state` and is the input on
every page until they change it. Each page wraps the canvas and everything
that depends on it in one `st.fragment` (see `digit_fragment`), so a new stroke
reruns only that part of the page.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

import netcore
from ui import canvas_toolbar, image_input, resources, state
from netcore.preprocess import SIDE
from ui.i18n import t
from ui.images import enlarged
from ui.svg_plots import text_width

CANVAS_SIZE = 280   # 10 screen pixels per MNIST pixel
PEN_WIDTH = 22      # at 280 px, a digit drawn to fill the canvas gets MNIST-like 2-3 px strokes
ANY_DIGIT = "any digit"   # the menu's value (a key); shown as t("any digit")


def _background(digit: state.Digit | None):
    """An MNIST pick or an upload is shown on the canvas as the 28x28 picture the network sees."""
    if digit is None or digit.source == "drawing" or digit.x is None:
        return None
    return enlarged(digit.x, scale=CANVAS_SIZE // SIDE)


def _read_canvas(result) -> bool:
    """Store a new drawing, if the canvas sent one since the last run; True if it did."""
    drawing = result.json_data
    if drawing is None or drawing == state.drawing():
        return False
    # The data URL as sent (result.image_data would decode a picture of any size), checked first.
    picture = image_input.canvas_picture(result._image_data_url, CANVAS_SIZE)
    if picture is None:
        return False
    state.set_drawing(drawing)
    state.set_digit(state.make_digit(picture, source="drawing"))
    return True


def pick_mnist(digit_class: int | None, rng: np.random.Generator | None = None) -> None:
    """Make a random MNIST test digit (of the given class, or any) the learner's input."""
    data = resources.mnist()
    rng = rng or np.random.default_rng()
    pool = np.arange(len(data.test_labels))
    if digit_class is not None:
        pool = np.flatnonzero(data.test_labels == digit_class)
    index = int(rng.choice(pool))
    show_mnist(index)


def show_mnist(index: int) -> None:
    """Use MNIST test digit `index` as the input (also reachable as ?mnist=index in the URL)."""
    data = resources.mnist()
    raw = (data.test_images[index].reshape(SIDE, SIDE) * 255).round().astype(np.uint8)
    state.clear_drawing()
    state.set_digit(state.make_digit(raw, source="mnist", label=int(data.test_labels[index]),
                                     mnist_index=index))
    state.set_url_mnist(index)


def _digit_from_url() -> None:
    """A teacher's link such as /layers?mnist=42 opens with that test digit."""
    index = state.url_mnist()
    if state.digit() is None and index is not None and 0 <= index < len(resources.mnist().test_labels):
        show_mnist(index)


def digit_input() -> state.Digit | None:
    """Draw the canvas and its buttons; return the learner's current digit (or None)."""
    state.init()
    _digit_from_url()
    digit = state.digit()
    result = st_canvas(
        stroke_width=PEN_WIDTH, stroke_color="#FFFFFF", background_color="#000000",
        background_image=_background(digit), width=CANVAS_SIZE, height=CANVAS_SIZE,
        drawing_mode="freedraw", initial_drawing=state.canvas_initial(),
        return_image_data=True, key=state.canvas_key(),
    )
    if _read_canvas(result) and digit is not None and digit.source != "drawing":
        # Drawn over an MNIST pick: take its picture off the canvas. A new background
        # makes the component reload `initial_drawing` (and send that back), so hand
        # it the new strokes, or they and the digit are lost; the ?mnist= link no
        # longer describes the input either.
        state.reopen_with_latest_drawing()
        state.set_url_mnist(None)
        _rerun_fragment()
    # A wrapping row, not columns: three columns under a 280 px canvas cut the labels short.
    buttons = st.container(horizontal=True, vertical_alignment="center")
    # TRANSLATORS: a button under the drawing canvas: erase the drawing
    buttons.button(t("Clear"), key=state.CANVAS_CLEAR, on_click=_on_clear)
    buttons.selectbox(t("MNIST digit"), [ANY_DIGIT, *range(10)], key=state.CANVAS_CLASS,
                      format_func=lambda v: t("any digit") if v == ANY_DIGIT else str(v),
                      label_visibility="collapsed", width=_menu_width(t("any digit")))
    buttons.button(t("Pick an MNIST digit"), key=state.CANVAS_PICK, on_click=_on_pick)
    canvas_toolbar.fix_toolbar()
    return state.digit()


def _menu_width(longest: str) -> int:
    """A menu's width in pixels for its longest choice, in the learner's language
    ("どの数字でも", "n'importe quel chiffre"), and its arrow: never cut off."""
    return max(115, round(text_width(longest, 16)) + 56)   # 16 px: the menu text


def _on_clear() -> None:
    state.clear_drawing()
    state.set_url_mnist(None)


def _on_pick() -> None:
    choice = state.widget(state.CANVAS_CLASS, ANY_DIGIT)
    pick_mnist(None if choice == ANY_DIGIT else int(choice))


def _rerun_fragment() -> None:
    try:
        st.rerun(scope="fragment")
    except st.errors.StreamlitAPIException:   # not inside a fragment rerun
        st.rerun()


SMALL_DRAWING = 0.12   # a drawing whose longer side is under 12% of the canvas is a dot, not a digit


def describe_problem(digit: state.Digit | None) -> str | None:
    """A plain sentence when the input is empty or unlike a digit, else None."""
    if digit is None or digit.x is None:
        return t("The canvas is empty. Draw a digit with the mouse (or a finger), "
                 "or pick one from MNIST.")
    top, bottom, left, right = digit.steps.bbox
    ink_extent = max(bottom - top, right - left)
    if digit.source == "drawing" and ink_extent < SMALL_DRAWING * max(digit.raw.shape[:2]):
        return t("That is a very small mark. The network always scales a drawing up until its "
                 "longer side is 20 of its 28 pixels, so a dot turns into a big blob. "
                 "Draw your digit as large as the box.")
    ink = digit.x.reshape(SIDE, SIDE)
    if np.count_nonzero(ink > 0.2) > 0.6 * 20 * 20:
        return t("Almost everything here is ink, so the network sees a filled block, not a "
                 "digit. It will still answer (it always does), but try Clear and a thinner "
                 "drawing.")
    return None


# Streamlit lets a stretching box in a row shrink to 8rem before it wraps; the
# page's figures need more room than that beside the canvas.
_CONTENT_MIN_WIDTH_CSS = ('<style>div[data-testid="stLayoutWrapper"]:has(> .st-key-digit_content)'
                          '{flex-basis: 24rem !important}</style>')


def digit_fragment(render: Callable[[state.Digit | None, netcore.Network], None], *,
                   side_by_side: bool = True, without_ink: bool = False):
    """Run the canvas and the page's content together in one fragment: a stroke reruns only these.

    The page's content is `render(digit, net)`, with net the network every page runs
    (`resources.current_network()`). It is called only when the learner's digit has ink;
    otherwise the fragment says what to do (draw, or pick a digit) and stops, unless
    without_ink: then render is also called, with digit None.
    side_by_side: canvas on the left and the page's content on the right
    (phones stack them); False puts the content below the canvas.
    """
    @st.fragment
    def _fragment():
        if side_by_side:
            # Not st.columns: a third of the page is narrower than the canvas on most
            # screens, and the canvas would be cut off. A fixed-width left box keeps it
            # whole; the content moves below the canvas when less than 24rem is left.
            st.html(_CONTENT_MIN_WIDTH_CSS)
            row = st.container(horizontal=True, gap="medium")
            left = row.container(width=CANVAS_SIZE)
            right = row.container(width="stretch", key="digit_content")
        else:
            left, right = st.container(), st.container()
        with left:
            digit = digit_input()
        with right:
            problem = describe_problem(digit)
            if problem:
                st.info(problem)
            has_ink = digit is not None and digit.x is not None
            if has_ink or without_ink:
                render(digit if has_ink else None, resources.current_network())

    _fragment()
