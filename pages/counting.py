"""/counting -- 13,002 knobs: every weight and bias of the network, counted layer by layer."""

import streamlit as st

import netcore
from netcore.network import init_std, parameter_count
from ui import check, resources, state, widgets, words
from ui.i18n import nt, number, t
from ui.lessons import counting, counting_checks

state.init()


net = resources.current_network()
sizes = net.sizes
steps = counting.count(sizes)
video_total = steps[-1].running_total
st.title(t("{total:,} knobs", total=video_total))
st.markdown(t(
    "Each link between neighbouring layers has its own weight, and each neuron after the input "
    "layer has its own bias. Those numbers are the network's knobs and dials: turn them and it "
    "behaves differently. A layer of k neurons fed by n neurons has a k × n grid of weights "
    "(one row of n weights per neuron, the matrix W of the Matrix lesson) and k biases. Here "
    "they are, counted layer by layer for the network on this site:"))
st.table(counting.table(sizes, steps))
weights_sum = " + ".join(rf"{k} \cdot {n}" for n, k in zip(sizes[:-1], sizes[1:]))   # k x n each
biases_sum = " + ".join(str(n) for n in sizes[1:])
total_tex = f"{video_total:,}".replace(",", "{,}")
# TRANSLATORS: "weights" and "biases" label the two sums of a formula that counts them.
weights_word, biases_word = t("weights"), t("biases")
st.latex(rf"\begin{{aligned}} &\underbrace{{{weights_sum}}}_{{\text{{{weights_word}}}}} \\ "
         rf"+\; &\underbrace{{{biases_sum}}}_{{\text{{{biases_word}}}}} = {total_tex} "
         r"\end{aligned}")
in_arrays = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
if in_arrays == video_total == net.n_params:
    st.success(t("Checked on the real network: its weight matrices and bias vectors hold "
                 "{in_arrays:,} numbers, and `Network.n_params` says {n_params:,}.",
                 in_arrays=in_arrays, n_params=net.n_params))
else:
    st.error(t("The arrays hold {in_arrays:,} numbers, but the count says {total:,}.",
               in_arrays=in_arrays, total=video_total))
for question in counting_checks.checks(sizes):
    check.ask(question)

st.subheader(t("Setting them by hand"))
pace = st.slider(t("Seconds to choose and set one knob"), 1, 60, 1, key=state.COUNTING_PACE)
st.markdown(nt(
    "At {n} second per knob, setting all {total:,} takes {seconds:,} seconds: **{duration}** "
    "without a break. And that supposes you already know what every number should be. Making "
    "the second layer pick up edges, the third pick up loops and lines, and so on, by hand is a "
    "fun thought experiment and a daunting one. Finding all of them automatically from examples "
    "is what *learning* means.",
    "At {n} seconds per knob, setting all {total:,} takes {seconds:,} seconds: **{duration}** "
    "without a break. And that supposes you already know what every number should be. Making "
    "the second layer pick up edges, the third pick up loops and lines, and so on, by hand is a "
    "fun thought experiment and a daunting one. Finding all of them automatically from examples "
    "is what *learning* means.",
    pace, total=video_total, seconds=pace * video_total,
    duration=words.duration(pace * video_total)))
try:
    st.page_link("pages/weights.py", label=t("Try it for one neuron: set 784 weights by hand"),
                 icon=":material/tune:")
except st.errors.StreamlitAPIException:   # this page run on its own, outside the app's navigation
    st.markdown(t("Try it for one neuron on the **Weights** lesson."))

st.subheader(t("Count any network"))
text = st.text_input(t("Neurons per layer, input first, separated by commas"), "784, 16, 16, 10",
                     max_chars=counting.MAX_CHARS, key=state.COUNTING_SIZES)
try:
    mine = counting.parse_sizes(text)
except counting.SizesError as problem:
    st.warning(str(problem))
else:
    my_steps = counting.count(mine)
    my_total = my_steps[-1].running_total
    st.metric(t("Weights and biases"), number(my_total, ","))
    st.table(counting.table(mine, my_steps))
    if mine != sizes:
        st.caption(t("{ratio:,.2f} times as many knobs as the network above; {duration} to set "
                     "at one per second.", ratio=my_total / video_total,
                     duration=words.duration(my_total)))
    if my_total > counting.BIG:
        st.info(t("That is a big network: over {big:,} knobs. Stored as 4-byte numbers, its "
                  "weights and biases alone would fill {megabytes:,.0f} MB.", big=counting.BIG,
                  megabytes=my_total * 4 / 1e6))
    elif my_total <= counting.CHECK_UP_TO:
        built = netcore.Network(mine, seed=0).n_params
        if built == my_total:
            st.caption(t("Checked: `netcore.Network({sizes})` holds {built:,}.", sizes=str(mine),
                         built=built))
        else:
            st.caption(t("Checked: `netcore.Network({sizes})` holds {built:,}. That does not "
                         "match: please report it.", sizes=str(mine), built=built))

st.subheader(t("Questions viewers asked"))
st.markdown(t(
    "- **Why a bias for each neuron of the next layer, not for each input?** A bias belongs to "
    "the neuron that receives the weighted sum, so a layer of k neurons has k biases "
    "(b_0 to b_(k-1)) however many inputs feed it: here {after_input} = "
    "{biases} biases in all. Several viewers spotted that the video's bias vector "
    "was labelled with the wrong index for exactly this reason.\n"
    "- **How are the weights decided? Randomly?** At first, yes: before training, this site's "
    "code draws each weight at random from a bell curve (a normal distribution) with standard "
    "deviation √(g/n), where n is the number of inputs of the neuron and g is 2 for ReLU and "
    "1 for sigmoid and tanh: "
    "{std:.3f} for {inputs} inputs here, and sets every bias "
    "to 0. Training then adjusts all of them at once.", after_input=" + ".join(map(str, sizes[1:])),
    biases=sum(sizes[1:]), std=init_std(net.activation, sizes[0]), inputs=sizes[0]))
widgets.show_code(parameter_count, netcore.Network.n_params.fget, counting.count)
