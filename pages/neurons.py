"""/neurons -- Neurons hold numbers: the learner's digit as the input layer's 784 activations."""

import numpy as np
import streamlit as st

from netcore import preprocess
from ui import canvas, figures, state, widgets

state.init()
st.title("Neurons hold numbers")
st.markdown(
    "Forget biology for a moment: here a **neuron** is just a place that holds one number "
    "between 0 and 1, its **activation**. The network's first layer has one neuron per square "
    "of a 28 x 28 picture, so 784 of them. A black square gives 0, a white one 1, and gray "
    "something in between. Draw a digit and read the 784 numbers it turns into.")
HOVER = "row %{y}, column %{x}<br>input neuron %{customdata}<br>activation %{z:.3f}<extra></extra>"
CONFIG = {"displayModeBar": False}


def gray_value_text(raw: np.ndarray, ink: np.ndarray, source: str) -> str:
    """How one real pixel of the learner's picture became an ink value, with its numbers."""
    candidates = np.flatnonzero(ink.ravel() >= preprocess.INK_THRESHOLD)
    k = candidates[np.argmin(np.abs(ink.ravel()[candidates] - 0.5))]   # a half-lit edge pixel
    r, c = divmod(int(k), ink.shape[1])
    where = f"Take pixel (row {r}, column {c}) of your {ink.shape[0]} x {ink.shape[1]} picture."
    if source == "upload":
        where = "Your photo was first turned into white ink on black. " + where
    px = raw[r, c]
    if raw.ndim == 2 and raw.dtype == np.uint8:
        return (f"{where} It is stored as one byte from 0 to 255: **{px}**. "
                f"Dividing by 255 gives **{px} / 255 = {ink[r, c]:.3f}**.")
    if raw.ndim == 2:
        return f"{where} It holds **{ink[r, c]:.3f}** on a scale from 0 to 1."
    rgb = px[:3].astype(float)
    brightness = float(preprocess.LUMA @ rgb) / 255
    text = (f"{where} The canvas stores four bytes from 0 to 255 per pixel: red, green, blue and "
            f"opacity (alpha). Here they are **R={px[0]}, G={px[1]}, B={px[2]}**"
            + (f", **A={px[3]}**." if raw.shape[2] == 4 else ".") +
            f" Brightness = (0.299 x {px[0]} + 0.587 x {px[1]} + 0.114 x {px[2]}) / 255 = "
            f"**{brightness:.3f}**")
    if raw.shape[2] == 3:
        return text + ", and that is its value."
    computed = brightness * px[3] / 255
    if abs(computed - ink[r, c]) > 1e-3:   # black strokes on a transparent ground: alpha is the ink
        return text + (". Its strokes are black on a transparent ground, so the ink is the "
                       f"opacity alone: {px[3]} / 255 = **{ink[r, c]:.3f}**.")
    return text + (f"; times the opacity, {brightness:.3f} x {px[3]} / 255 = **{computed:.3f}**. "
                   "A see-through pixel holds no ink, whatever its colour.")


def show(digit, net):
    a0 = digit.x
    phone = widgets.is_phone()   # numbers need ~18 px squares
    numbers = st.toggle("Print each number in its square", value=not phone, key=state.NEURONS_NUMBERS)
    st.plotly_chart(figures.pixel_grid(a0, height=380 if phone else 540, numbers=numbers,
                                           hover=HOVER,
                                           customdata=np.arange(784).reshape(28, 28)),
                    key="neurons_input", config=CONFIG)
    st.markdown("To the network these squares are one list of numbers, row after row: the "
                "**activation vector** of the input layer, `a0`, with `a0.shape == "
                f"{a0.shape}`. Square (row r, column c) is entry `a0[28 * r + c]`. A few of them:")
    bright = int(np.argmax(a0))
    start = int(np.clip(np.argmax(a0[14 * 28:15 * 28]) - 3, 0, 22))   # six squares across row 14
    picks = [0, bright, *(14 * 28 + start + np.arange(6))]
    st.dataframe({"entry": [f"a0[{i}]" for i in picks], "row": [i // 28 for i in picks],
                  "column": [i % 28 for i in picks], "activation": [float(a0[i]) for i in picks],
                  "note": ["top-left corner", "the brightest", "row 14", *[""] * 5]},
                 hide_index=True, column_config={"activation": st.column_config.NumberColumn(
                     format="%.3f")})
    with st.expander("All 784 numbers as a table (row x column)"):
        st.dataframe(np.round(a0.reshape(28, 28), 3), height=400)

    steps = digit.steps
    st.subheader("From your drawing to 784 numbers")
    st.markdown("The network only takes 28 x 28 pictures, made the way MNIST made its digits:")
    figs = figures.preprocess_figures(steps)
    for k, (step_fig, caption) in enumerate(figs):
        if k % 3 == 0:
            columns = st.columns(3)
        columns[k % 3].plotly_chart(step_fig, key=f"neurons_step_{k}", config=CONFIG)
        columns[k % 3].caption(caption)

    st.subheader("How do I get the gray value of a pixel?")
    st.markdown(gray_value_text(np.asarray(digit.raw), steps.ink, digit.source))
    st.markdown("Doing this for every pixel gives the ink picture of step 1. Steps 3 and 5 then "
                "average and shift those values, so each of the 784 inputs mixes several nearby "
                "pixels of your drawing. Every value stays between 0 and 1.")


canvas.digit_fragment(show)
widgets.show_code(preprocess.ink, preprocess.fit, preprocess.resized, preprocess.center_of_mass,
                  preprocess._steps, preprocess.to_mnist)
