"""/weights -- Weights: one neuron of layer 1, its 784 weights, its weighted sum on your digit."""

import numpy as np
import streamlit as st

import netcore
from ui import canvas, images, palette, resources, state, widgets
from ui.i18n import N_, number, t
from ui.lessons import neuron, weights
from ui.lessons import weights_checks

# The colours of the weights' picture in each palette, as the sentence below names them.
WEIGHT_COLOURS = {"video": N_("green + / red -"), "colorblind": N_("blue + / orange -")}

state.init()
pal = palette.current()
st.title(t("Weights"))
st.markdown(t(
    "Take one neuron of the second layer (the first hidden layer). It is linked to all 784 input "
    "neurons, and each link has a **weight**: a plain number, positive or negative. The neuron "
    "multiplies every input activation by its weight and adds the 784 products. That total is "
    "its **weighted sum**, w·a for short (the bias comes in the next lesson):"))
st.latex(r"w_0 a_0 + w_1 a_1 + w_2 a_2 + \dots + w_{783} a_{783}")
st.markdown(t(
    "Put the weights where their pixels are and they make a 28 x 28 picture of their own "
    "({colours}, zero is black). Below you **paint** that picture: start "
    "from one of the video's two ideas, or draw rectangles of + and - weight yourself, and watch "
    "the sum change on your digit.", colours=t(WEIGHT_COLOURS[pal.name])))


def show_weights(chosen, digit, net) -> neuron.Neuron:
    """The painting canvas or a trained neuron's weights; returns the neuron as it is now."""
    if chosen.index is not None:
        images.show(images.signed_picture(chosen.weights, pal, width=280,
                                          title=t("weights of neuron {j}", j=chosen.index)))
        return chosen
    with st.container(horizontal=True):
        for name, (label, description) in neuron.PRESETS.items():
            st.button(t(label), key=state.preset_button_key(name), help=t(description),
                      on_click=neuron.use_preset, args=(name,))
    pen = st.radio(t("Pen: the weight a new rectangle gives"), list(weights.PENS),
                   horizontal=True, format_func=lambda v: t(weights.PENS[v]),
                   key=state.WEIGHTS_PEN)
    st.space("small")   # room for the canvas's toolbar, which sits just above it
    weights.paint_canvas(digit, pen)
    st.caption(t("Drag across the grid to draw a rectangle: every little square under it (one "
                 "per pixel) gets the pen's weight. Your digit shows dimly underneath. With the "
                 "pencil (Edit) above the grid, click a rectangle to move, resize or delete it."))
    return neuron.current_neuron(net)


def show_sum(chosen, digit) -> None:
    terms = chosen.terms(digit.x)
    st.metric(t("Weighted sum for your digit"), number(chosen.weighted_sum(digit.x), ".2f"),
              help=t("w_0 a_0 + ... + w_783 a_783, with a_i the pixels of your digit"))
    images.show(images.signed_picture(terms, pal, width=280, title=t("each weight × its pixel")))
    st.caption(t("The + terms add up to {plus:.2f}, the - terms to {minus:.2f}. Dark pixels "
                 "(a = 0) add nothing, whatever their weight.",
                 plus=terms[terms > 0].sum(), minus=terms[terms < 0].sum()))


def show_edge_reason(chosen) -> None:
    st.subheader(t("Why negative weights around a stroke?"))
    if not weights_checks.ask_ranking(chosen):   # the sums of the pictures below, once answered
        return
    inside, blob = neuron.edge_test_patterns(chosen.weights)
    high, low = chosen.weighted_sum(inside.ravel()), chosen.weighted_sum(blob.ravel())
    every = bool(blob.all())
    captions = (t("only the + weights lit: **sum {total:.1f}**", total=high),
                t("every pixel lit: **sum {total:.1f}**", total=low) if every else
                t("a thicker bright patch: **sum {total:.1f}**", total=low))
    for column, picture, caption in zip(st.columns(2), (inside, blob), captions):
        images.show(images.pixel_picture(picture, width=160, frame=True), column)
        column.markdown(caption)
    if not chosen.weights.any():
        st.markdown(t("Every weight is zero, so every picture scores 0. Paint some weights."))
    elif np.all(chosen.weights >= 0):
        if chosen.index is None:
            st.markdown(t("This neuron has no negative weights, so the thicker patch scores "
                          "{low:.1f}, as much as the stroke: it cannot tell a line from a "
                          "smudge. Try **Edge**.", low=low))
        else:
            st.markdown(t("This neuron has no negative weights, so the thicker patch scores "
                          "{low:.1f}, as much as the stroke: it cannot tell a line from a "
                          "smudge.", low=low))
    else:
        taken = -chosen.weights[chosen.weights < 0].sum()
        ending = t("The sum is largest when the pixels under + weights are bright **and** those "
                   "under - weights are dark. With + inside and - around, that is a bright stroke "
                   "with dark on both sides: an edge.")
        if every:
            st.markdown(t("The negative weights take back {taken:.1f} when light spills onto "
                          "them, so every pixel lit scores only {low:.1f}, while light that stays "
                          "on the + weights scores {high:.1f} (no picture can score more).",
                          taken=taken, low=low, high=high) + " " + ending)
        else:
            st.markdown(t("The negative weights take back {taken:.1f} when light spills onto "
                          "them, so a thicker bright patch scores only {low:.1f}, while light "
                          "that stays on the + weights scores {high:.1f} (no picture can score "
                          "more).", taken=taken, low=low, high=high) + " " + ending)


def show_mnist(chosen) -> None:
    st.subheader(t("The same neuron on MNIST digits"))
    data = resources.mnist()
    sample = neuron.mnist_sample(data.test_labels)
    sums = chosen.weighted_sum(data.test_images[sample])
    order = np.argsort(-sums)
    # TRANSLATORS: the title of an MNIST digit's picture, "a 7: 12.3": a seven, its weighted sum.
    titles = [t("a {digit}: {total:.1f}", digit=int(data.test_labels[i]), total=s)
              for i, s in zip(sample[order], sums[order])]
    images.show(images.panel_picture(data.test_images[sample[order]], titles, cols=5, width=680))
    every = chosen.weighted_sum(data.test_images)
    top, bottom = int(np.argmax(every)), int(np.argmin(every))
    st.caption(t("Test digits sorted by weighted sum. Over all {n:,} test digits the sum runs "
                 "from {low:.1f} (#{bottom}, a {low_digit}) to {high:.1f} (#{top}, a "
                 "{high_digit}).", n=len(every), low=every[bottom], bottom=str(bottom),
                 low_digit=int(data.test_labels[bottom]), high=every[top], top=str(top),
                 high_digit=int(data.test_labels[top])))


def show(digit, net):
    chosen = neuron.neuron_picker(net, key=state.WEIGHTS_NEURON)
    left, right = st.columns(2)
    with left:
        chosen = show_weights(chosen, digit, net)
    with right:
        if digit is not None:
            show_sum(chosen, digit)
    show_edge_reason(chosen)
    show_mnist(chosen)


canvas.digit_fragment(show, without_ink=True)

st.subheader(t("Questions viewers asked"))
st.markdown(t(
    "- **Why put negative weights around the bar?** Without them, any bright blob covering the bar "
    "scores high, even a thick smudge. The negative ring subtracts whatever light spills around "
    "the bar, so only a thin stroke with dark on both sides scores high: the pictures above work "
    "it out with your weights.\n"
    "- **So who chooses the weights? Randomly?** A network starts with random weights, and "
    "training then nudges all of them, over many examples, towards values that give the right "
    "answers (the lesson on learning). Painting them yourself is the thought experiment of doing "
    "it by hand; pick a trained neuron above to see what training found instead."))
widgets.show_code(neuron.Neuron, neuron.preset_weights, netcore.reference.activations)
