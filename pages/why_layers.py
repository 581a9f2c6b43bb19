"""/why-layers -- Why layers? The hope (edges, then loops and lines, then digits), the reality."""

import numpy as np
import streamlit as st

import netcore
from ui import canvas, check, images, palette, resources, state, widgets
from ui.lessons import why_layers
from ui.lessons import why_layers_checks
from ui.i18n import t

LIT = 0.5   # a first-layer neuron's title is yellow above this activation

state.init()
st.title(t("Why layers? The hope"))
st.markdown(t(
    "Why would stacking layers help? Think of how you read a digit: you spot its parts. "
    "A **9** is a loop at the top with a line down the right side. An **8** is a loop on top of "
    "another loop. A **4** is three straight lines. The hope is that the second hidden layer "
    "has one neuron per part (\"a loop near the top\"), so the last layer only has to learn "
    "which parts make which digit. A loop, in turn, is a ring of **little edges**, so maybe "
    "the first hidden layer finds those edges in the pixels."))

# TRANSLATORS: the label of a choice of digit: "Take apart a" 9, 8 or 4
choice = st.radio(t("Take apart a"), list(why_layers.HOPE_PARTS), horizontal=True,
                  key=state.WHY_LAYERS_DIGIT)
whole, parts, edges = why_layers.hope_digit(choice)
edge_cols = 3 if len(edges) <= 9 else 4
part_names = [t(name) for name, _ in parts]
stages = [
    (t("1 · pixels"), images.pixel_picture(whole, width=190), t("The input layer: 784 numbers.")),
    (t("2 · little edges"), images.panel_picture(
        [why_layers.in_context(e, whole) for e in edges],
        [t("edge {k}", k=k) for k in range(len(edges))], cols=edge_cols, width=edge_cols * 72),
     t("Hope for hidden layer 1: one neuron for each of these {n} edges lights up.",
       n=len(edges))),
    (t("3 · loops and lines"), images.panel_picture(
        [why_layers.in_context(p, whole) for _, p in parts], part_names,
        cols=len(parts), width=len(parts) * 120),
     why_layers.parts_sentence(part_names)),
]
columns = st.columns([1, 1.2, 1.2, 0.5])
for k, (column, (heading, fig, caption)) in enumerate(zip(columns, stages)):
    column.markdown(f"**{heading}**")
    images.show(fig, column)
    column.caption(caption)
columns[3].markdown("**" + t("4 · digit") + "**")
columns[3].metric(t("output layer"), str(choice), label_visibility="collapsed")
columns[3].caption(t("Output: the neuron for {digit} lights up.", digit=choice))
st.caption(t("These pictures are drawn by hand in code (circles and straight strokes), "
             "to show the idea; no network made them."))
st.markdown(t(
    "Breaking a hard problem into layers of simpler ideas is useful far beyond digits. "
    "Understanding speech could go the same way, each step built from the one before:\n\n"
    "**raw sound wave → separate speech sounds → syllables → words → phrases and ideas**"))

st.subheader(t("The reality: what the first hidden layer really looks for"))
st.markdown(t(
    "Each first-layer neuron has 784 weights, one per pixel, so they can be drawn as a "
    "28 x 28 picture: + where ink pushes the neuron up, - where ink holds it down. These are "
    "the trained network's. Draw a digit to see which of them fire for it."))


def show(digit, net):
    if not check.ask(why_layers_checks.spread_check(net)):   # the real weights, once answered
        return
    weights = net.weights[0]                       # (16, 784): row j feeds hidden neuron j
    a1 = None if digit is None else net.activations(digit.x)[1]
    titles = [t("neuron {j}", j=j) if a1 is None else t("neuron {j}: {a:.2f}", j=j, a=float(a1[j]))
              for j in range(len(weights))]
    lit = None if a1 is None else ["#d4a000" if v > LIT else None for v in a1]
    side = int(np.ceil(np.sqrt(len(weights))))
    images.show(images.panel_picture(weights, titles, cols=side, palette=palette.current(),
                                     width=min(130 * side, 720), title_colours=lit,
                                     zmax=float(np.percentile(np.abs(weights), 99))))
    if a1 is None:
        return
    order = np.argsort(-a1, kind="stable")   # brightest first; ties keep neuron order
    firing = ", ".join(t("neuron {j} ({a:.2f})", j=int(j), a=float(a1[j])) for j in order[:5])
    # TRANSLATORS: {firing} is a list like "neuron 3 (0.98), neuron 7 (0.95)"
    st.markdown(t("**Firing most for your digit:** {firing}. Titles in yellow: activation above "
                  "{threshold:g}.", firing=firing, threshold=LIT))
    images.show(images.bar_picture(a1[order], [t("neuron {j}", j=int(j)) for j in order],
                                   width=720, height=260,
                                   title=t("First hidden layer, brightest first")))


@st.cache_data(show_spinner=False, max_entries=8)
def share_correct(_net, fingerprint: str) -> float:
    """Share of the 10,000 MNIST test digits the network gets right (cached per set of weights)."""
    data = resources.mnist()
    return _net.accuracy(data.test_images, data.test_labels)


canvas.digit_fragment(show, without_ink=True)
net = resources.current_network()
if check.answered("why-layers-spread"):   # this says the check's answer
    st.markdown(t(
        "Honestly, these do not look like tidy little edges. Most are blotchy, with a loose stroke "
        "or blob here and there; the follow-up video finds the same in its own trained network, "
        "whose weights look nearly random. That is no failure. Training only asked for right "
        "answers, and nothing in it asked for edges or loops. This network gets "
        "**{share:.1%}** of the 10,000 MNIST test digits right with "
        "patterns that are not human-style parts: they only had to work.",
        share=share_correct(net, resources.fingerprint(net))))
widgets.show_code(netcore.reference.activations)
