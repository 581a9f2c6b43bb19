"""/weights -- Weights: one neuron of layer 1, its 784 weights, its weighted sum on your digit."""

import numpy as np
import streamlit as st

import netcore
from ui import canvas, images, palette, resources, state, widgets
from ui.lessons import neuron, weights
from ui.lessons import weights_checks

state.init()
pal = palette.current()
st.title("Weights")
st.markdown(
    "Take one neuron of the second layer (the first hidden layer). It is linked to all 784 input "
    "neurons, and each link has a **weight**: a plain number, positive or negative. The neuron "
    "multiplies every input activation by its weight and adds the 784 products. That total is "
    "its **weighted sum**, w·a for short (the bias comes in the next lesson):")
st.latex(r"w_0 a_0 + w_1 a_1 + w_2 a_2 + \dots + w_{783} a_{783}")
st.markdown(
    f"Put the weights where their pixels are and they make a 28 x 28 picture of their own "
    f"({pal.label.split(': ')[-1]}, zero is black). Below you **paint** that picture: start "
    "from one of the video's two ideas, or draw rectangles of + and - weight yourself, and watch "
    "the sum change on your digit.")


def show_weights(chosen, digit, net) -> neuron.Neuron:
    """The painting canvas or a trained neuron's weights; returns the neuron as it is now."""
    if chosen.index is not None:
        images.show(images.signed_picture(chosen.weights, pal, width=280,
                                          title=f"weights of neuron {chosen.index}"))
        return chosen
    with st.container(horizontal=True):
        for name, label in neuron.PRESETS.items():
            st.button(label.split(":")[0], key=state.preset_button_key(name), help=label,
                      on_click=neuron.use_preset, args=(name,))
    pen = st.radio("Pen: the weight a new rectangle gives", list(weights.PENS),
                   horizontal=True, format_func=weights.PENS.get, key=state.WEIGHTS_PEN)
    st.space("small")   # room for the canvas's toolbar, which sits just above it
    weights.paint_canvas(digit, pen)
    st.caption("Drag across the grid to draw a rectangle: every little square under it (one per "
               "pixel) gets the pen's weight. Your digit shows dimly underneath. With the pencil "
               "(Edit) above the grid, click a rectangle to move, resize or delete it.")
    return neuron.current_neuron(net)


def show_sum(chosen, digit) -> None:
    terms = chosen.terms(digit.x)
    st.metric("Weighted sum for your digit", f"{chosen.weighted_sum(digit.x):.2f}",
              help="w_0 a_0 + ... + w_783 a_783, with a_i the pixels of your digit")
    images.show(images.signed_picture(terms, pal, width=280, title="each weight × its pixel"))
    st.caption(f"The + terms add up to {terms[terms > 0].sum():.2f}, the - terms to "
               f"{terms[terms < 0].sum():.2f}. Dark pixels (a = 0) add nothing, whatever their "
               "weight.")


def show_edge_reason(chosen) -> None:
    st.subheader("Why negative weights around a stroke?")
    if not weights_checks.ask_ranking(chosen):   # the sums of the pictures below, once answered
        return
    inside, blob = neuron.edge_test_patterns(chosen.weights)
    high, low = chosen.weighted_sum(inside.ravel()), chosen.weighted_sum(blob.ravel())
    wide = "every pixel lit" if blob.all() else "a thicker bright patch"
    for column, picture, total, what in zip(
            st.columns(2), (inside, blob), (high, low), ("only the + weights lit", wide)):
        images.show(images.pixel_picture(picture, width=160, frame=True), column)
        column.markdown(f"{what}: **sum {total:.1f}**")
    if not chosen.weights.any():
        st.markdown("Every weight is zero, so every picture scores 0. Paint some weights.")
    elif np.all(chosen.weights >= 0):
        st.markdown(f"This neuron has no negative weights, so the thicker patch scores "
                    f"{low:.1f}, as much as the stroke: it cannot tell a line from a smudge."
                    + (" Try **Edge**." if chosen.index is None else ""))
    else:
        st.markdown(
            f"The negative weights take back {-chosen.weights[chosen.weights < 0].sum():.1f} when "
            f"light spills onto them, so {wide} scores only {low:.1f}, while light that stays on "
            f"the + weights scores {high:.1f} (no picture can score more). The sum is largest when "
            "the pixels under + weights are bright **and** those under - weights are dark. With "
            "+ inside and - around, that is a bright stroke with dark on both sides: an edge.")


def show_mnist(chosen) -> None:
    st.subheader("The same neuron on MNIST digits")
    data = resources.mnist()
    sample = neuron.mnist_sample(data.test_labels)
    sums = chosen.weighted_sum(data.test_images[sample])
    order = np.argsort(-sums)
    titles = [f"a {data.test_labels[i]}: {s:.1f}" for i, s in zip(sample[order], sums[order])]
    images.show(images.panel_picture(data.test_images[sample[order]], titles, cols=5, width=680))
    every = chosen.weighted_sum(data.test_images)
    top, bottom = int(np.argmax(every)), int(np.argmin(every))
    st.caption(f"Test digits sorted by weighted sum. Over all {len(every):,} test digits the sum "
               f"runs from {every[bottom]:.1f} (#{bottom}, a {data.test_labels[bottom]}) to "
               f"{every[top]:.1f} (#{top}, a {data.test_labels[top]}).")


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

st.subheader("Questions viewers asked")
st.markdown(
    "- **Why put negative weights around the bar?** Without them, any bright blob covering the bar "
    "scores high, even a thick smudge. The negative ring subtracts whatever light spills around "
    "the bar, so only a thin stroke with dark on both sides scores high: the pictures above work "
    "it out with your weights.\n"
    "- **So who chooses the weights? Randomly?** A network starts with random weights, and "
    "training then nudges all of them, over many examples, towards values that give the right "
    "answers (the lesson on learning). Painting them yourself is the thought experiment of doing "
    "it by hand; pick a trained neuron above to see what training found instead.")
widgets.show_code(neuron.Neuron, neuron.preset_weights, netcore.reference.activations)
