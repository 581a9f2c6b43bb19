"""/sigmoid-and-bias -- Sigmoid and bias: squish the weighted sum into (0, 1), past a threshold."""

import numpy as np
import streamlit as st

import netcore
from netcore.network import relu, sigmoid_prime_from_output, tanh
from ui import canvas, check, resources, state, widgets
from ui.i18n import number, t
from ui.lessons import neuron, sigmoid_and_bias, sigmoid_and_bias_checks

state.init()
st.title(t("Sigmoid and bias"))
st.markdown(t(
    "A weighted sum can come out as any number at all, but a neuron's activation should lie "
    "between 0 and 1. So the sum goes through a function that squishes the whole number line into "
    "that range: the **sigmoid**, or logistic curve. Very negative inputs come out near 0, very "
    "positive ones near 1, and around 0 it climbs steadily."))
st.latex(r"\sigma(x) = \frac{1}{1 + e^{-x}}")
x = st.slider(t("Move the point: x"), -10.0, 10.0, 2.0, 0.1, key=state.SIGMOID_X)
sx = float(netcore.sigmoid(np.float64(x)))
curve, numbers = st.columns([3, 1])
curve.image(sigmoid_and_bias.sigmoid_point(x), width="stretch")
numbers.metric("σ(x)", neuron.activation_text(sx), help=t("1 / (1 + e^-x) at the slider's x"))
numbers.caption(t("σ(-10) = {low:.6f} and σ(10) = {high:.6f}: close to 0 and 1, never equal.",
                  low=float(netcore.sigmoid(np.float64(-10))),
                  high=float(netcore.sigmoid(np.float64(10)))))
st.image(sigmoid_and_bias.squished_number_line(x), width="stretch")
check.ask(sigmoid_and_bias_checks.far_left_check())

st.subheader(t("The same curve, written another way"))
st.markdown(t("Multiply the top and the bottom of the fraction by $e^x$; since $e^{-x} e^x = 1$:"))
st.latex(r"\frac{1}{1+e^{-x}} = \frac{1 \cdot e^{x}}{(1+e^{-x})\, e^{x}} = \frac{e^{x}}{e^{x}+1}")
first, second = neuron.sigmoid_two_ways(x)
grid = np.linspace(-30, 30, 6001)
gap = float(np.max(np.abs(np.subtract(*neuron.sigmoid_two_ways(grid)))))
big_first, big_second = neuron.sigmoid_two_ways(1000.0)
st.markdown(t(
    "At your x = {x:g} the two give {first:.10f} and {second:.10f}. Over {points:,} points "
    "from {start:g} to {end:g} they never differ by more than {gap:.1e}, which is "
    "rounding error in the last binary digits. One practical difference: at x = 1000 the first "
    "form gives {big_first:g}, the second {big_second} (\"not a number\"), because $e^{{1000}}$ "
    "is beyond the largest number a computer float holds (about {largest:.1e}). Code therefore "
    "uses the first.", x=x, first=float(first), second=float(second), points=grid.size,
    start=float(grid[0]), end=float(grid[-1]), gap=gap, big_first=float(big_first),
    big_second=str(big_second), largest=float(np.finfo(np.float64).max)))

st.subheader(t("The bias: a threshold"))
if check.ask(sigmoid_and_bias_checks.threshold_check()):
    st.markdown(t(
        "Maybe a neuron should light up only when its weighted sum w·a is well above 0, say above "
        "10. Add a number b to the sum before squishing: z = w·a + b, and the activation is σ(z). "
        "With **bias** b = -10 the neuron only gets meaningfully active once w·a passes 10. The "
        "weights say which pattern the neuron looks for; the bias says how strongly it must be "
        "there. Set the slider to -10 and watch your digit's neuron."))


def show(digit, net):
    data = resources.mnist()
    demo, share = neuron.bias_demo_neuron(net, data.test_images, "mnist-test")
    chosen = neuron.neuron_picker(net, key=state.SIGMOID_NEURON, default=demo)
    if chosen.index == demo:
        st.caption(t("Trained neuron {j} is the one a bias of {bias:g} turns from on "
                     "(σ(w·a) ≥ 0.5) to off (σ(w·a - {threshold:g}) < 0.1) for the most test "
                     "digits: {share:.0%} of MNIST's {n:,}.", j=demo, bias=neuron.DEMO_BIAS,
                     threshold=-neuron.DEMO_BIAS, share=share, n=len(data.test_labels)))
    b = st.slider(t("Bias b"), -30.0, 30.0, 0.0, 0.5, key=state.SIGMOID_BIAS)
    if digit is None:
        return
    s = chosen.weighted_sum(digit.x)
    a = float(netcore.sigmoid(np.float64(s + b)))
    cols = st.columns(3)
    cols[0].metric(t("Weighted sum w·a"), number(s, ".2f"),
                   help=t("w_0 a_0 + ... + w_783 a_783 of {neuron}", neuron=chosen.label))
    cols[1].metric("z = w·a + b", number(s + b, ".2f"))
    cols[2].metric(t("Activation σ(z)"), neuron.activation_text(a))
    st.image(sigmoid_and_bias.bias_threshold(s, b), width="stretch")
    st.markdown(neuron.bias_demo_text(s))
    layer1 = net.activations(digit.x)[1]
    if chosen.index is not None:
        f = net.layer_function(0)   # sigmoid, unless the learner's own network uses ReLU or tanh
        own = float(f(np.float64(s + chosen.bias)))
        network = float(layer1[chosen.index])
        st.caption(t("Training gave this neuron its own bias, b = {bias:.2f}; with it "
                     "{function}(w·a + b) is {own}, and the network's own code computes "
                     "{network}.", bias=chosen.bias, function=f.__name__,
                     own=neuron.activation_text(own), network=neuron.activation_text(network)))
    show_formula(net, chosen, digit.x, layer1)


def show_formula(net, chosen, x, layer1):
    """layer1: the first hidden layer's activations for x, as the page computed them."""
    st.subheader(t("One real neuron, written out"))
    j = chosen.index if chosen.index is not None else int(np.argmax(layer1))
    real = chosen if chosen.index is not None else neuron.trained_neuron(net, j)
    if chosen.index is None:
        st.markdown(t("Painted weights have no trained bias, so here is the trained neuron most "
                      "active on your digit instead: neuron {j} of layer 1.", j=j))
    st.latex(rf"\begin{{aligned}} a^{{(1)}}_{{{j}}} &= \sigma\big(w_{{{j},0}}\, a_0 + \cdots \\ "
             rf"&\qquad + w_{{{j},783}}\, a_{{783}} + b_{{{j}}}\big) \end{{aligned}}")
    st.latex(neuron.written_out(real, x, real.bias))
    lit = int(np.count_nonzero(x))
    st.caption(t("Shown: the three biggest of the 784 terms (weight · pixel). Only {lit} pixels "
                 "of your digit are not black, so the other {rest} terms are exactly 0. The "
                 "network's own code (Network.activations) gets {a} for this neuron.",
                 lit=lit, rest=784 - lit, a=neuron.activation_text(layer1[j])))


canvas.digit_fragment(show, without_ink=True)

st.subheader(t("Sigmoid, tanh and ReLU"))
layers = 10
steepest = float(sigmoid_prime_from_output(netcore.sigmoid(grid)).max())
st.image(sigmoid_and_bias.three_curves(x), width="stretch")
stretched = 2 * float(netcore.sigmoid(np.float64(2 * x))) - 1
st.markdown(t(
    "At your x = {x:g}: sigmoid {sigmoid:.3f}, tanh {tanh:.3f}, ReLU {relu:g}. "
    "**tanh** is the sigmoid itself, squeezed to half its width, doubled in height and moved "
    "down by 1, so that it runs from -1 to 1: "
    r"exactly $\tanh(x) = 2\sigma(2x) - 1$ (at your x, {formula}). "
    "**ReLU**, the rectified linear unit, is max(0, x): nothing below 0, the input itself above. "
    "Most networks built today use ReLU, or a smooth variant of it such as GELU or SiLU (also "
    "called swish), rather than the sigmoid:", x=x, sigmoid=sx, tanh=float(tanh(x)),
    relu=float(relu(x)), formula=rf"$2\sigma({2 * x:g}) - 1 = {stretched:.3f}$"))
st.markdown(t(
    "- **Deep networks train more easily with it.** Training sends corrections backwards through "
    "the layers, and at each layer they are multiplied by the slope of the function (and by "
    "the weights). The sigmoid's slope is at most {steepest:.2f}, so the slopes alone shrink a "
    "correction to at most {shrunk:.1e} of its size after {layers} layers. ReLU's "
    "slope is 1 for every positive input (0 for negative ones), and 1 to the power {layers} "
    "is still 1.\n"
    "- **It is cheap:** a comparison with 0 instead of an exponential.",
    steepest=steepest, shrunk=steepest ** layers, layers=layers))

st.subheader(t("Questions viewers asked"))
st.markdown(t(
    "- **Would e^x / (e^x + 1) work instead of the sigmoid?** It *is* the sigmoid: the same "
    "function in another form, as shown above. Only for huge x does the computer notice a "
    "difference, and there the usual form is the safe one.\n"
    "- **If ReLU is simpler, why learn the sigmoid?** It matches the picture of a neuron as "
    "something between off (0) and on (1), early networks used it, and the video's small network "
    "learns fine with it. The code here can use ReLU or tanh for the hidden layers too "
    "(`Network(sizes, activation=\"relu\")`)."))
widgets.show_code(netcore.reference.sigmoid, netcore.reference.sigmoid_prime, relu, tanh,
                  netcore.reference.activations)
