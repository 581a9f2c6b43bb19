"""/ -- This is a three: the recognition problem, and the learner's first digit."""

import numpy as np
import streamlit as st

import netcore
from netcore.preprocess import SIDE
from ui import canvas, check, images, resources, state, widgets
from ui.lessons import intro_checks
from ui.images import enlarged
from ui.i18n import t

state.init()
st.title(t("This is a three"))
st.markdown(t(
    "Below are five handwritten threes from MNIST, a collection of 70,000 digits written by "
    "real people, each stored as a tiny 28 x 28 grid of gray pixels. You read every one of them "
    "as a three without effort. Yet, pixel by pixel, they have little in common: the caption "
    "under them says how many of each one's bright pixels are also bright in the first three."))

data = resources.mnist()
threes = np.flatnonzero(data.test_labels == 3)[:5]
bright = data.test_images[threes] > 0.5   # (5, 784): the pixels lit more than halfway
shared = np.count_nonzero(bright & bright[0], axis=1)
# One picture of the five side by side, parted by white: a row on a phone too, never a column.
row = np.ones((SIDE, len(threes) * (SIDE + 2) - 2))
for k, image in enumerate(data.test_images[threes]):
    row[:, k * (SIDE + 2):k * (SIDE + 2) + SIDE] = image.reshape(SIDE, SIDE)
images.show(enlarged(row, scale=4 * images.HIDPI))   # 592 px wide; a phone scales it down
counts = [t("{shared} of {bright}", shared=int(s), bright=int(n))   # e.g. "137 of 150"
          for s, n in zip(shared, bright.sum(axis=1))]
# TRANSLATORS: {digits} is a list like "#18, #30, #32, #44"; {counts} a list of "137 of 150".
st.caption(t("MNIST test digits {digits} and #{last}. How many of each one's bright pixels are "
             "also bright in the first: {counts}.",
             digits=", ".join(f"#{i}" for i in threes[:-1]), last=str(threes[-1]),
             counts=", ".join(counts)))

st.markdown(t(
    "Writing a program that takes those 784 numbers and says **3** is surprisingly hard. "
    "This site builds the program the video builds: a small **neural network** with 784 input "
    "neurons, two hidden layers of 16 neurons each and 10 output neurons, trained on MNIST. "
    "**Draw a digit** (white on black, as large as the box) and watch it answer. "
    "Your drawing follows you to every lesson, so each idea is shown on your own digit."))


def show(digit, net):
    widgets.show_guess(net, digit.x, key="intro-guess")
    if digit.label is not None:
        st.caption(t("This MNIST test digit was labelled **{label}** by a person.", label=digit.label))
    if not check.ask(intro_checks.inputs_check(digit, net)):
        return
    st.markdown(t("What the network actually receives is the 28 x 28 version of your drawing:"))
    images.show(images.pixel_picture(digit.x, width=200))


canvas.digit_fragment(show)

st.subheader(t("How to move through the site"))
st.markdown(t(
    "The lessons follow the video: **neurons** hold numbers, they are stacked in "
    "**layers**, **why** layers might help, the **weights** and **bias** that link layers, "
    "**counting** all 13,002 of them in the video's network, the same thing as **matrices**, the whole network as a "
    "**function**, how it **learns**, and finally what the trained network really does "
    "**inside**. Each lesson ends with a link to the next one, "
    "and the numbered steps at the top of every page (and the sidebar) reach any of them; the "
    "switch in that strip changes the colours used for positive and negative numbers (for "
    "example if red and green look alike to you)."))
# TRANSLATORS: {menu} is the sidebar menu's name, as translated ("Language")
st.markdown(t("Every lesson can be read in English, Japanese, Korean, simplified or traditional "
              "Chinese, French and German: choose one in the sidebar's **{menu}** menu (on a "
              "phone, open the sidebar with the **»** at the top left first).", menu=t("Language")))
widgets.show_code(netcore.reference.feedforward, netcore.Network.predict)
