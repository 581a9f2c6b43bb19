"""/inside -- Inside the network: the hope tested on every hidden neuron, and your digit traced to its pixels."""

import streamlit as st

from netcore import neuron_stats, tracing
from ui import canvas, check, resources, state, widgets
from ui.i18n import N_, t
from ui.lessons import inside

state.init()
st.title(t("Inside the network"))
net = resources.current_network()
n_layers = len(net.sizes)
sizes, n_test = "-".join(map(str, net.sizes)), len(resources.mnist().test_labels)
if resources.using_own_network():
    st.markdown(t(
        "The video hoped that the first hidden layer would find little edges, the second loops "
        "and lines, and the last put them together into digits. It promised to dig into what the "
        "trained network really does. Here it is, on **your own network** ({sizes}): every hidden "
        "neuron, measured on the {count:,} MNIST test digits.", sizes=sizes, count=n_test))
else:
    st.markdown(t(
        "The video hoped that the first hidden layer would find little edges, the second loops "
        "and lines, and the last put them together into digits. It promised to dig into what the "
        "trained network really does. Here it is, on the shipped network ({sizes}): every hidden "
        "neuron, measured on the {count:,} MNIST test digits, which it never trained on.",
        sizes=sizes, count=n_test))

inside.hover_switch()   # pictures by default; the interactive charts one switch away

if n_layers == 2:
    st.info(t("This network has no hidden layer: its outputs read the pixels directly, so there "
              "is nothing in between to look inside. Your digit's trace below still works."))
else:
    stats = inside.hidden_stats(net)
    test = inside.loop_test(net, stats)
    hope = inside.hope_layer(net)
    st.subheader(t("Every hidden neuron, digit by digit"))
    st.markdown(t(
        "Each row is one neuron, each column a digit. A cell's brightness is how strongly the "
        "neuron fires, on average, for the test digits of that class. A \"loop at the top\" "
        "neuron would be a row bright under **8** and **9** and dark elsewhere."))
    layers = list(range(1, n_layers - 1))
    inside.show_layer_pictures(net, stats, layers, hope, test)
    if hope != inside.HOPE_LAYER:
        st.caption(t("This network has one hidden layer, so the test below is on that one."))
    if check.ask(inside.loop_check(test, hope, n_layers)):
        st.markdown(inside.loop_verdict(test, hope, n_layers))
        st.markdown(inside.breadth_sentence(stats[hope - 1], net, n_layers))
    widgets.show_code(neuron_stats.hidden_layer_stats, neuron_stats.loop_detector_test,
                      label=N_("The code behind these pictures and the verdict"))

    st.subheader(t("One neuron up close"))
    st.markdown(t("Pick a neuron. Which test digits excite it most? "
                  "Guess from its row above, then look."))
    layer, neuron = inside.choose_neuron(net, state.INSIDE_LAYER, state.INSIDE_NEURON, layers,
                                         default_layer=hope)
    if neuron is None:
        neuron = inside.default_neuron(layer, hope, test)
        st.caption(t("None picked: neuron {neuron}, the closest to a loop detector.", neuron=neuron)
                   if layer == hope else t("None picked: neuron {neuron}.", neuron=neuron))
    inside.show_neuron(net, stats, layer, neuron)
    widgets.show_code(tracing.linear_pattern, label=N_("The code behind the pattern"))

st.subheader(t("Why your digit got its answer"))
st.markdown(t(
    "Which of your strokes made the network say what it said? Guess first, then pick a neuron "
    "(the guess is traced when you pick none). Each pixel gets a share of the neuron's weighted "
    "sum z: **+** where your ink pushed it up, **−** where it held it down."))
canvas.digit_fragment(inside.show_trace)
st.caption(t(
    "How the shares are computed: like backpropagation, but each neuron's slope is measured "
    "between a blank image and your digit, (a − a_blank) / (z − z_blank), instead of at your "
    "digit alone (DeepLIFT's \"rescale\" rule). Then every step is exact, and the shares add up "
    "to z(your digit) − z(blank image), where z(blank image) is what the biases make alone. "
    "For a first-layer neuron a pixel's share is simply its weight times its brightness."))
widgets.show_code(tracing.pixel_contributions, tracing.secant_slopes,
                  label=t("The code behind the trace"))
