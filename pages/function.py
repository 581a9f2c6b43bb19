"""/function -- The network is just a function: 784 numbers in, 10 out, and what it cannot do."""

import streamlit as st

import netcore
from netcore import preprocess
from ui import canvas, check, resources, state, widgets
from ui import formulas, image_input
from ui.i18n import nt, number, t
from ui.lessons import function, function_checks

state.init()
st.title(t("The network is just a function"))
net = resources.current_network()
counts = " + ".join(f"{number(w.size, ',')} + {number(b.size)}"
                    for w, b in zip(net.weights, net.biases))
nested = "a^{(0)}"
SYMBOL = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "tanh": r"\tanh"}
for layer in range(1, len(net.sizes)):
    f = SYMBOL[net.layer_function(layer - 1).__name__]
    nested = rf"{f}\left(W^{{({layer})}} {nested} + b^{{({layer})}}\right)"
if check.ask(function_checks.in_and_out_check(net)):
    st.markdown(nt(
        "Strip away the pictures and the network is one mathematical **function**: it takes "
        "**{inputs} numbers** (the pixels) and gives back **{outputs} numbers** (the outputs). "
        "Inside, it repeats the one-line step of the last page {n} time:",
        "Strip away the pictures and the network is one mathematical **function**: it takes "
        "**{inputs} numbers** (the pixels) and gives back **{outputs} numbers** (the outputs). "
        "Inside, it repeats the one-line step of the last page {n} times:",
        len(net.weights), inputs=net.sizes[0], outputs=net.sizes[-1]))
    formulas.show(rf"f\big(a^{{(0)}}\big) = {nested}")
    st.markdown(t(
        "What it does is fixed by its **{n:,} parameters**, the weights and biases of its layers "
        "({counts}). A complicated function, but only a function: the same 784 numbers in always "
        "give the same 10 numbers out.", n=net.n_params, counts=counts))
    first = net.layer_function(0).__name__   # the learner's own network may use ReLU or tanh
    symbol, within = function.PLAIN_SYMBOL[first], t(function.RANGE[first])
    if len(net.sizes) > 2:
        st.markdown(t(
            "The same goes for each neuron. The first lessons called a neuron a thing that holds "
            "a number, but which number it holds depends on the picture fed in. So a neuron is a "
            "small function too: it takes the activations of every neuron of the layer before "
            "({first} of them for a neuron of the first layer after the input, {second} for one "
            "of the layer after that) and gives back one number, {symbol}(w·a + b), {range}. The "
            "network is these little functions fed into one another.",
            first=net.sizes[0], second=net.sizes[1], symbol=symbol, range=within))
    else:
        st.markdown(t(
            "The same goes for each neuron. The first lessons called a neuron a thing that holds "
            "a number, but which number it holds depends on the picture fed in. So a neuron is a "
            "small function too: it takes the activations of every neuron of the layer before "
            "(all {first}) and gives back one number, {symbol}(w·a + b), {range}. The network is "
            "these little functions fed into one another.",
            first=net.sizes[0], symbol=symbol, range=within))

st.subheader(t("Feed it anything"))
st.markdown(t("Draw a digit, pick one from MNIST, or upload a photo of a digit you wrote on "
              "paper. Every layer is shown at once; with the switch, hover over a cell for its "
              "exact value."))
uploaded = st.file_uploader(
    t("Upload a photo of one handwritten digit (PNG or JPEG, up to {mb} MB): dark ink on light "
      "paper, filling most of the picture", mb=image_input.MAX_BYTES // 2**20),
    type=["png", "jpg", "jpeg"], max_upload_size=image_input.MAX_BYTES // 2**20, key=state.FUNCTION_UPLOAD,
    on_change=function.on_upload, args=(state.FUNCTION_UPLOAD,))
function.show_upload_problem(uploaded)


def show(digit, net):
    if digit.source == "upload":
        st.markdown(t("**Your uploaded photo, step by step** (the same steps as on the "
                      "*Neurons* page, after turning dark ink on light paper into bright ink on "
                      "black):"))
        function.show_photo_steps(digit)
    acts = net.activations(digit.x)
    function.show_layers(acts, function.hover_switch(state.FUNCTION_HOVER), "function_layers")
    widgets.show_guess(net, digit.x, key="function_guess", outputs=acts[-1])


canvas.digit_fragment(show)


@st.fragment
def not_a_digit():
    st.subheader(t("What it cannot do: say \"that is not a digit\""))
    st.markdown(t(
        "The function has ten outputs, one per digit, and nothing else. Whatever 784 numbers "
        "come in, one output is the brightest, and the network was never shown anything but "
        "digits. Feed it things that are not digits (straight in, as 784 numbers; your own digit "
        "stays as it is):"))
    if not check.ask(function_checks.noise_check(resources.current_network())):
        return
    kind = st.segmented_control(t("Feed it"), list(function.NONDIGITS), key=state.FUNCTION_NONDIGIT,
                                format_func=lambda name: t(name))
    seed = st.number_input(t("Random seed for the noise"), 0, 9999, 0,
                           key=state.FUNCTION_NOISE_SEED,
                           help=t("The same seed always gives the same noise."), width=220)
    if kind is None:
        st.caption(t("Pick one of the buttons above."))
        return
    x = function.nondigit(kind, int(seed))
    net = resources.current_network()
    acts = net.activations(x)
    function.show_layers(acts, function.hover_switch(state.FUNCTION_NOISE_HOVER),
                         "function_noise_layers")
    guess = widgets.show_guess(net, x, key="function_noise_guess", outputs=acts[-1])
    top = float(acts[-1][guess])
    # TRANSLATORS: {kind} is one of the things fed in ("uniform noise", "the letter A", ...).
    st.markdown(t("Fed {kind}, it answers **{guess}**, with output {guess} at **{top:.2f}**. "
                  "It was never given a way to say \"none of these\"; one way would be an "
                  "eleventh output, trained on pictures that are not digits.",
                  kind=t(kind), guess=guess, top=top))


not_a_digit()

st.subheader(t("Questions viewers asked"))
st.markdown(
    t("**Is the network real code, or just an animation?** Real code, and you can read it: the "
      "expander below shows the function this page runs. The whole network is the `netcore` "
      "package of this site, a few short files of plain NumPy you could type in yourself.")
    + "\n\n"
    + t("**Can it read my (or a doctor's) handwriting?** Try it with the uploader above. It "
        "reads neat digits well, but it learnt only from MNIST's digits, written, scanned and "
        "centred in one particular way: odd styles, thin or faint ink, shadows and several "
        "digits in one photo confuse it.")
    + "\n\n"
    + t("**How do you get the gray value of a pixel in a photo?** A colour pixel has red, green "
        "and blue values from 0 to 255; its brightness is (0.299 R + 0.587 G + 0.114 B) / 255, "
        "from 0 to 1. For a photo of dark ink on light paper this is turned around (1 minus it) "
        "and stretched so the paper becomes 0 and the ink close to 1: bright ink on black, as in "
        "MNIST. After an upload, step 2 of the pictures above shows it."))
widgets.show_code(netcore.reference.feedforward, preprocess.from_photo, image_input.load_image)
