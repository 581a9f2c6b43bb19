"""/matrix -- Matrix notation: a whole layer as a(1) = sigma(W a(0) + b), with the learner's numbers."""

import numpy as np
import pandas as pd
import streamlit as st

import netcore
from ui import canvas, palette, resources, state, widgets
from ui.i18n import t
from ui.lessons import matrix, matrix_checks

state.init()
st.title(t("Matrix notation"))
net = resources.current_network()
k, n = net.weights[0].shape
st.markdown(t(
    "Every neuron of the first hidden layer multiplies all {n} pixels by its own weights and "
    "adds them up (its weighted sum w·a), adds its bias (z = w·a + b) and squishes z with the "
    "sigmoid. Written out neuron by neuron, that is a long page of sums. Linear algebra says "
    "the same in one line: put a layer's activations in a "
    "column (a **vector**), the weights in a grid with **one row per neuron** (a **matrix**), "
    "and the biases in a second vector.", n=n))
matrix.show_formula(matrix.general_formula())
# A message without values is not formatted: its LaTeX braces stay single.
st.markdown(t(
    "For a layer with $n$ inputs and $k$ neurons, $W$ has $k$ rows and $n$ columns: row $j$ "
    r"holds $w_{j,0}, \dots, w_{j,n-1}$, the weights into neuron $j$. Multiplying $W$ by the "
    "column $a^{(0)}$ multiplies each row with the column entry by entry and adds up, so entry "
    "$j$ of $W a^{(0)}$ is exactly neuron $j$'s weighted sum. Adding $b$ gives each neuron its "
    r"own bias, so $b$ has $k$ entries too ($b_0$ to $b_{k-1}$), and the sum is the vector "
    r"$z = W a^{(0)} + b$; $\sigma$ squishes each entry of $z$ on its own.")
    + " " + t("In this network $n = {n}$ pixels and $k = {k}$ neurons.", n=n, k=k))


def show(digit, net):
    colours = palette.current()
    a = net.activations(digit.x)
    W, b, a0 = net.weights[0], net.biases[0], a[0]
    st.subheader(t("Your digit, one layer in one line"))
    st.caption(t("Row j of W times the column a(0) gives entry j of W a(0), neuron j's weighted "
                 "sum; adding b_j gives z_j, and σ(z_j) is a(1)_j, the activation of neuron j. "
                 "With the switch, hover over any square for its exact value."))
    interactive = matrix.hover_switch()
    matrix.show_layer(W, a0, b, a[1], colours, layer=1, key="matrix_layer1", interactive=interactive)
    st.markdown(t("The same with the numbers written out (the first rows and columns and the "
                  "last one; the dots stand for the rest):"))
    matrix.show_formula(matrix.concrete_formula(W, a0, b, a[1]))
    if a0[0] == a0[-1] == 0:
        st.caption(t("The first and last inputs are the top-left and bottom-right corners of "
                     "the picture, which are blank, so they are 0."))

    st.markdown(t("In NumPy this is one line. The page just ran it on your digit:"))
    f = net.layer_function(0)   # sigmoid, unless the learner's own network uses ReLU or tanh
    line = f"a1 = {f.__name__}(W @ a0 + b)"
    a1 = f(W @ a0 + b)
    st.code(f"{line}\n# shapes: {W.shape} @ {a0.shape} + {b.shape} -> {a1.shape}",
            language="python")
    difference = np.abs(a1 - a[1])
    largest = float(difference.max())
    if largest == 0:
        st.markdown(t("Its result next to the hidden layer that `netcore`'s network computes "
                      "with `net.activations(x)[1]`: **they agree exactly**."))
    elif largest < 1e-6:
        st.markdown(t("Its result next to the hidden layer that `netcore`'s network computes "
                      "with `net.activations(x)[1]`: **the largest difference is {largest:.1e}, "
                      "rounding in the last digits**.", largest=largest))
    else:
        st.markdown(t("Its result next to the hidden layer that `netcore`'s network computes "
                      "with `net.activations(x)[1]`: **the largest difference is "
                      "{largest:.1e}**.", largest=largest))
    st.dataframe(pd.DataFrame({t("neuron j"): range(len(a1)), line: a1,
                               "net.activations(x)[1]": a[1], t("difference"): difference}),
                 hide_index=True, key="matrix_check", height=300)

    st.subheader(t("The next layers: the same line again"))
    st.markdown(t(r"Each later layer is one more $\sigma(W a + b)$, with its own weights and "
                  r"biases. Counting layers from 1: $W^{(1)}$ and $b^{(1)}$ are the $W$ and $b$ "
                  "above (`net.weights[0]`, `net.biases[0]` in Python, which counts from 0)."))
    if not matrix_checks.ask_last_layer(net):
        return
    for layer in range(2, len(a)):
        Wl, bl = net.weights[layer - 1], net.biases[layer - 1]
        matrix.show_formula(matrix.layer_formula(layer, Wl.shape, a[layer - 1].shape, bl.shape))
        matrix.show_layer(Wl, a[layer - 1], bl, a[layer], colours, layer=layer,
                               key=f"matrix_layer{layer}", interactive=interactive)


canvas.digit_fragment(show, side_by_side=False)

st.subheader(t("Why bother? Speed"))
data = resources.mnist()
images = data.test_images[:1000]
st.markdown(t(
    "Besides being short, the matrix form is fast. The button computes the first hidden layer "
    "for the first {count:,} MNIST test digits three ways: with plain Python loops (one "
    "multiply-add at a time), with a loop over the neurons that lets NumPy do each sum, and with "
    "one matrix product for all images at once, each image a column of $A$. The loops stop "
    "after a fraction of a second each, so they run on fewer images; their time for all "
    "{count:,} is estimated from their time per image.", count=len(images)))
if st.button(t("Time the three ways"), key=state.MATRIX_TIME, icon=":material/timer:"):
    state.set_matrix_race(matrix.race(net.weights[0], net.biases[0], images))
race = state.matrix_race()
if race is not None:
    matrix.show_race(race)

st.subheader(t("Questions viewers asked"))
st.markdown(
    t("**The slide's bias vector ends in $b_n$; shouldn't it be $b_k$?** Yes, many viewers "
      "noticed. There is one bias per neuron of the new layer, so $b$ has $k$ entries. Counting "
      r"from 0 they are $b_0, \dots, b_{{k-1}}$: shape $(k, n) \cdot (n,) \to (k,)$, and only "
      "a $k$-long vector can be added to that. Here: `b.shape == {shape}`.",
      shape=str(net.biases[0].shape)) + "\n\n"
    + t("**So this is linear algebra, like graphics: is that why neural networks run on GPUs?** "
        "Yes. A graphics card has thousands of small arithmetic units made to transform many "
        "points with matrices at once. All the products $w_{j,i} a_i$ are independent of each "
        "other, so they can be done side by side, and the sums added up in parallel pieces.")
    + "\n\n"
    + t("**Could I program this myself?** Yes: the code below is all it takes to run the "
        "network. It is the `netcore` package of this site, plain NumPy in a few small files."))
widgets.show_code(netcore.reference.activations, netcore.reference.sigmoid, matrix.layer_by_python_loops,
                  matrix.layer_by_matrix)
