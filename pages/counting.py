"""/counting -- 13,002 knobs: every weight and bias of the network, counted layer by layer."""

import streamlit as st

import netcore
from netcore.network import init_std, parameter_count
from ui import check, resources, state, widgets, words
from ui.lessons import counting, counting_checks

state.init()


net = resources.current_network()
sizes = net.sizes
steps = counting.count(sizes)
video_total = steps[-1].running_total
st.title(f"{video_total:,} knobs")
st.markdown(
    "Each link between neighbouring layers has its own weight, and each neuron after the input "
    "layer has its own bias. Those numbers are the network's knobs and dials: turn them and it "
    "behaves differently. A layer of k neurons fed by n neurons has a k × n grid of weights "
    "(one row of n weights per neuron, the matrix W of the Matrix lesson) and k biases. Here "
    "they are, counted layer by layer for the network on this site:")
st.table(counting.table(sizes, steps))
weights_sum = " + ".join(rf"{k} \cdot {n}" for n, k in zip(sizes[:-1], sizes[1:]))   # k x n each
biases_sum = " + ".join(str(n) for n in sizes[1:])
total_tex = f"{video_total:,}".replace(",", "{,}")
st.latex(rf"\begin{{aligned}} &\underbrace{{{weights_sum}}}_{{\text{{weights}}}} \\ "
         rf"+\; &\underbrace{{{biases_sum}}}_{{\text{{biases}}}} = {total_tex} \end{{aligned}}")
in_arrays = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
if in_arrays == video_total == net.n_params:
    st.success(f"Checked on the real network: its weight matrices and bias vectors hold "
               f"{in_arrays:,} numbers, and `Network.n_params` says {net.n_params:,}.")
else:
    st.error(f"The arrays hold {in_arrays:,} numbers, but the count says {video_total:,}.")
for question in counting_checks.checks(sizes):
    check.ask(question)

st.subheader("Setting them by hand")
pace = st.slider("Seconds to choose and set one knob", 1, 60, 1, key=state.COUNTING_PACE)
st.markdown(
    f"At {pace} second{'s' * (pace > 1)} per knob, setting all {video_total:,} takes "
    f"{pace * video_total:,} seconds: **{words.duration(pace * video_total)}** without a break. "
    "And that supposes you already know what every number should be. Making the second layer "
    "pick up edges, the third pick up loops and lines, and so on, by hand is a fun thought "
    "experiment and a daunting one. Finding all of them automatically from examples is what "
    "*learning* means.")
try:
    st.page_link("pages/weights.py", label="Try it for one neuron: set 784 weights by hand",
                 icon=":material/tune:")
except st.errors.StreamlitAPIException:   # this page run on its own, outside the app's navigation
    st.markdown("Try it for one neuron on the **Weights** lesson.")

st.subheader("Count any network")
text = st.text_input("Neurons per layer, input first, separated by commas", "784, 16, 16, 10",
                     max_chars=counting.MAX_CHARS, key=state.COUNTING_SIZES)
try:
    mine = counting.parse_sizes(text)
except counting.SizesError as problem:
    st.warning(str(problem))
else:
    my_steps = counting.count(mine)
    my_total = my_steps[-1].running_total
    st.metric("Weights and biases", f"{my_total:,}")
    st.table(counting.table(mine, my_steps))
    if mine != sizes:
        st.caption(f"{my_total / video_total:,.2f} times as many knobs as the network above; "
                   f"{words.duration(my_total)} to set at one per second.")
    if my_total > counting.BIG:
        st.info(f"That is a big network: over {counting.BIG:,} knobs. Stored as 4-byte numbers, "
                f"its weights and biases alone would fill {my_total * 4 / 1e6:,.0f} MB.")
    elif my_total <= counting.CHECK_UP_TO:
        built = netcore.Network(mine, seed=0).n_params
        st.caption(f"Checked: `netcore.Network({mine})` holds {built:,}."
                   + ("" if built == my_total else " That does not match: please report it."))

st.subheader("Questions viewers asked")
st.markdown(
    "- **Why a bias for each neuron of the next layer, not for each input?** A bias belongs to "
    "the neuron that receives the weighted sum, so a layer of k neurons has k biases "
    f"(b_0 to b_(k-1)) however many inputs feed it: here {' + '.join(map(str, sizes[1:]))} = "
    f"{sum(sizes[1:])} biases in all. Several viewers spotted that the video's bias vector "
    "was labelled with the wrong index for exactly this reason.\n"
    "- **How are the weights decided? Randomly?** At first, yes: before training, this site's "
    "code draws each weight at random from a bell curve (a normal distribution) with standard "
    "deviation √(g/n), where n is the number of inputs of the neuron and g is 2 for ReLU and "
    "1 for sigmoid and tanh: "
    f"{init_std(net.activation, sizes[0]):.3f} for {sizes[0]} inputs here, and sets every bias "
    "to 0. Training then adjusts all of them at once.")
widgets.show_code(parameter_count, netcore.Network.n_params.fget, counting.count)
