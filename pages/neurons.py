"""/neurons -- Neurons hold numbers: the learner's digit as the input layer's 784 activations."""

import numpy as np
import streamlit as st

from netcore import preprocess
from netcore.preprocess import SIDE
from ui import canvas, images, state, widgets
from ui.lessons import neurons
from ui.lessons import neurons_checks
from ui.i18n import t

state.init()
st.title(t("Neurons hold numbers"))
st.markdown(t(
    "Forget biology for a moment: here a **neuron** is just a place that holds one number "
    "between 0 and 1, its **activation**. The network's first layer has one neuron per square "
    "of a 28 x 28 picture, so 784 of them. A black square gives 0, a white one 1, and gray "
    "something in between. Draw a digit and read the 784 numbers it turns into."))


def show(digit, net):
    a0 = digit.x
    revealed = neurons_checks.ask_white_and_gray(digit)   # the numbers are printed once answered
    phone = widgets.is_phone()   # numbers need ~18 px squares
    numbers = revealed and st.toggle(t("Print each number in its square"), value=not phone, key=state.NEURONS_NUMBERS)
    images.show(images.pixel_picture(a0, width=350 if phone else 500, numbers=numbers))
    st.markdown(t("To the network these squares are one list of numbers, row after row: the "
                  "**activation vector** of the input layer, `a0`, with `a0.shape == "
                  "{shape}`. Square (row r, column c) is entry `a0[{side} * r + c]`. A few of them:",
                  shape=str(a0.shape), side=str(SIDE)))
    bright = int(np.argmax(a0))
    middle = SIDE // 2   # six squares across the middle row, 14
    start = int(np.clip(np.argmax(a0[middle * SIDE:(middle + 1) * SIDE]) - 3, 0, SIDE - 6))
    picks = [0, bright, *(middle * SIDE + start + np.arange(6))]
    activation = t("activation")
    # TRANSLATORS: a table's column headings: entry a0[i] of the input vector, its square's row...
    st.dataframe({t("entry"): [f"a0[{i}]" for i in picks], t("row"): [i // SIDE for i in picks],
                  t("column"): [i % SIDE for i in picks],
                  activation: [float(a0[i]) for i in picks],
                  t("note"): [t("top-left corner"), t("the brightest"),
                              t("row {row}", row=middle), *[""] * 5]},
                 hide_index=True, column_config={activation: st.column_config.NumberColumn(
                     format="%.3f")})
    with st.expander(t("All 784 numbers as a table (row x column)")):
        st.dataframe(np.round(a0.reshape(SIDE, SIDE), 3), height=400)

    steps = digit.steps
    st.subheader(t("From your drawing to 784 numbers"))
    st.markdown(t("The network only takes 28 x 28 pictures, made the way MNIST made its digits:"))
    figs = neurons.preprocess_figures(steps)
    for k, (step_fig, caption) in enumerate(figs):
        if k % 3 == 0:
            columns = st.columns(3)
        images.show(step_fig, columns[k % 3])
        columns[k % 3].caption(caption)

    st.subheader(t("How do I get the gray value of a pixel?"))
    st.markdown(neurons.gray_value_text(np.asarray(digit.raw), steps.ink, digit.source))
    st.markdown(t("Doing this for every pixel gives the ink picture of step 1. The steps after it "
                  "redraw, average and shift those values, so each of the 784 inputs mixes several "
                  "nearby pixels of your drawing. Every value stays between 0 and 1."))


canvas.digit_fragment(show)
widgets.show_code(preprocess.ink, preprocess.fit, preprocess.resized, preprocess.center_of_mass,
                  preprocess._steps, preprocess.to_mnist)
