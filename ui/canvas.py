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
from PIL import Image
from streamlit_drawable_canvas import st_canvas

from ui import resources, state

CANVAS_SIZE = 280   # 10 screen pixels per MNIST pixel
PEN_WIDTH = 22      # at 280 px, a digit drawn to fill the canvas gets MNIST-like 2-3 px strokes
ANY_DIGIT = "any digit"


def _background(digit: state.Digit | None):
    """An MNIST pick or an upload is shown on the canvas as the 28x28 picture the network sees."""
    if digit is None or digit.source == "drawing" or digit.x is None:
        return None
    pixels = (digit.x.reshape(28, 28) * 255).astype(np.uint8)
    return Image.fromarray(pixels).resize((CANVAS_SIZE, CANVAS_SIZE), Image.NEAREST)


def _read_canvas(result) -> bool:
    """Store a new drawing, if the canvas sent one since the last run; True if it did."""
    drawing = result.json_data
    if drawing is None or result.image_data is None or drawing == state.get(state.DRAWING_JSON):
        return False
    state.set(state.DRAWING_JSON, drawing)
    state.set_digit(state.make_digit(result.image_data, source="drawing"))
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
    raw = (data.test_images[index].reshape(28, 28) * 255).round().astype(np.uint8)
    state.clear_drawing()
    state.set_digit(state.make_digit(raw, source="mnist", label=int(data.test_labels[index]),
                                     mnist_index=index))
    st.query_params["mnist"] = str(index)


def _digit_from_url() -> None:
    """A teacher's link such as /layers?mnist=42 opens with that test digit."""
    if state.current_digit() is not None or "mnist" not in st.query_params:
        return
    try:
        index = int(st.query_params["mnist"])
    except ValueError:
        return
    if 0 <= index < len(resources.mnist().test_labels):
        show_mnist(index)


def digit_input() -> state.Digit | None:
    """Draw the canvas and its buttons; return the learner's current digit (or None)."""
    state.init()
    _digit_from_url()
    digit = state.current_digit()
    result = st_canvas(
        stroke_width=PEN_WIDTH, stroke_color="#FFFFFF", background_color="#000000",
        background_image=_background(digit), width=CANVAS_SIZE, height=CANVAS_SIZE,
        drawing_mode="freedraw", initial_drawing=state.get(state.CANVAS_INITIAL),
        return_image_data=True, key=f"canvas-{state.get(state.CANVAS_VERSION)}",
    )
    if _read_canvas(result) and digit is not None and digit.source != "drawing":
        _rerun_fragment()   # drawn over an MNIST pick: take its picture off the canvas
    clear_col, class_col, pick_col = st.columns([1, 1.2, 1.4], vertical_alignment="bottom")
    clear_col.button("Clear", key="canvas_clear", width="stretch", on_click=_on_clear)
    class_col.selectbox("MNIST digit", [ANY_DIGIT, *range(10)], key="canvas_class",
                        label_visibility="collapsed")
    pick_col.button("Pick an MNIST digit", key="canvas_pick", width="stretch", on_click=_on_pick)
    return state.current_digit()


def _on_clear() -> None:
    state.clear_drawing()
    st.query_params.pop("mnist", None)


def _on_pick() -> None:
    choice = st.session_state.get("canvas_class", ANY_DIGIT)
    pick_mnist(None if choice == ANY_DIGIT else int(choice))


def _rerun_fragment() -> None:
    try:
        st.rerun(scope="fragment")
    except st.errors.StreamlitAPIException:   # not inside a fragment rerun
        st.rerun()


def describe_problem(digit: state.Digit | None) -> str | None:
    """A plain sentence when the input is empty or unlike a digit, else None."""
    if digit is None or digit.x is None:
        return ("The canvas is empty. Draw a digit with the mouse (or a finger), "
                "or pick one from MNIST.")
    ink = digit.x.reshape(28, 28)
    if np.count_nonzero(ink > 0.2) > 0.6 * 20 * 20:
        return ("Almost everything here is ink, so the network sees a filled block, not a "
                "digit. It will still answer (it always does), but try Clear and a thinner drawing.")
    return None


def digit_fragment(render: Callable[[state.Digit | None], None], *, side_by_side: bool = True):
    """Run the canvas and `render(digit)` together in one fragment.

    side_by_side: canvas on the left and the page's content on the right
    (phones stack them); False puts the content below the canvas.
    """
    @st.fragment
    def _fragment():
        if side_by_side:
            left, right = st.columns([1, 2], gap="medium")
        else:
            left, right = st.container(), st.container()
        with left:
            digit = digit_input()
        with right:
            problem = describe_problem(digit)
            if problem:
                st.info(problem)
            render(digit)

    _fragment()
