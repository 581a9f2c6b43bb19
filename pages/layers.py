"""/layers -- Layers: the whole network lit up by the learner's digit, and what feeds one neuron."""

import streamlit as st

import netcore
from ui import canvas, images, palette, state, svg_plots, widgets, words
from ui import check
from ui.lessons import forward_pass, layers
from ui.lessons import layers_checks
from ui.i18n import nt, number, t

state.init()
st.title(t("Layers"))
st.markdown(t(
    "The 784 input neurons are only the first **layer**. The last layer has 10 neurons, one "
    "per digit; how strongly each one lights up says how much the network thinks the picture "
    "is that digit. In between sit two **hidden layers** of 16 neurons each, a fairly "
    "arbitrary choice: two layers suit the story of edges, then parts, told on the next page, "
    "and 16 neurons fit neatly on a screen. Other shapes work too; the Learning lesson lets "
    "you train your own. Every neuron is "
    "connected to every neuron of the layer before, and each connection has a **weight**: "
    "positive (the earlier neuron pushes this one up) or negative (it holds it down). "
    "Your digit lights up the inputs, those decide the first hidden layer, which decides the "
    "second, which decides the outputs. The brightest output is the network's answer."))
MAX_ALL_CONNECTIONS = 20_000   # the video's 12,960 fit; a learner's 4 x 512 network would not


def show_neuron(net, acts, depth: int, j: int):
    """Its incoming weights, bias, weighted sum and activation for this digit."""
    pal, l, last = palette.current(), depth - 1, len(net.sizes) - 1
    w, b, a_in = net.weights[l][j], float(net.biases[l][j]), acts[l]
    dot = float(w @ a_in)          # (n_in,) @ (n_in,) -> a number
    squash = "sigmoid" if depth == last else net.activation
    col_l, col_r = st.columns(2)   # pictures (no plotly.js to load for them)
    if l == 0:
        images.show(images.signed_picture(w, pal, width=300,
                                          title=t("its 784 weights, as a 28 x 28 picture")), col_l)
        images.show(images.signed_picture(w * a_in, pal, width=300,
                                          title=t("weight x your pixel")), col_r)
    else:
        names = [t("neuron {i}", i=i) for i in range(len(w))]
        col_l.image(svg_plots.signed_bars(
            w, pal, labels=names, y_title=t("weight"),
            title=nt("its {n} weight, from {layer}", "its {n} weights, from {layer}", len(w),
                     layer=words.layer_name(l, last + 1))), width="stretch")
        col_r.image(svg_plots.signed_bars(w * a_in, pal, labels=names,
                                          title=t("weight x activation"),
                                          y_title=t("weight x activation")), width="stretch")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("weighted sum w · a"), number(dot, ".3f"))
    m2.metric(t("bias b"), number(b, "+.3f"))
    m3.metric("z = w · a + b", number(dot + b, ".3f"))
    m4.metric(t("activation = {f}(z)", f="σ" if squash == "sigmoid" else squash),
              number(float(acts[depth][j]), ".3f"))
    st.caption(nt("The {n} product (weight x activation) is the weighted sum w · a; "
                  "adding the bias gives z. The colour bars and the hover are marked + and -.",
                  "The {n} products (weight x activation) add up to the weighted sum w · a; "
                  "adding the bias gives z. The colour bars and the hover are marked + and -.",
                  len(w)))


def show(digit, net):
    acts = net.activations(digit.x)
    answered = check.ask(layers_checks.brightest_check(acts[-1], digit))
    if answered:   # the outputs, once the learner has said which will win
        widgets.show_guess(net, digit.x, key="layers-guess", outputs=acts[-1])
    if net.sizes != (784, 16, 16, 10):
        st.caption(t("Your own network has layers of {sizes} neurons, so the picture differs "
                     "from the video's 784, 16, 16, 10.", sizes=", ".join(map(str, net.sizes))))
    total = layers.total_connections(net.sizes)
    c1, c2, c3 = st.columns([1, 1.2, 1.4])
    # TRANSLATORS: the choices of "Connections": draw only the strongest, or all of them
    show_names = {"strongest": t("only the strongest"), "all": t("all {total:,}", total=total)}
    if total > MAX_ALL_CONNECTIONS:   # a learner's big network: every line would swamp the browser
        show_names = {"strongest": t("only the strongest")}
        st.caption(t("Your network has {total:,} connections; this page draws at most "
                     "{most:,} at once, so it shows the strongest ones.", total=total,
                     most=MAX_ALL_CONNECTIONS))
    if state.widget(state.LAYERS_SHOW) not in show_names:
        state.set_widgets({state.LAYERS_SHOW: "strongest"})
    show_all = c1.radio(t("Connections"), list(show_names), key=state.LAYERS_SHOW,
                        format_func=show_names.get)
    top_n = c2.slider(t("How many of the strongest"), 50, 3000, 300, step=50, key=state.LAYERS_TOP_N,
                      disabled=show_all == "all")
    # TRANSLATORS: the choices of "Strongest by"; |...| is the size (absolute value)
    rank_names = {layers.RANK_BY_WEIGHT: t("|weight|"),
                  layers.RANK_BY_SIGNAL: t("|weight x activation| (used by your digit)")}
    rank_by = c3.radio(t("Strongest by"), list(rank_names), key=state.LAYERS_RANK,
                       format_func=rank_names.get, disabled=show_all == "all")
    options = [(d, j) for d in range(1, len(net.sizes)) for j in range(net.sizes[d])]
    if state.widget(state.LAYERS_NEURON) not in options:
        state.forget_widget(state.LAYERS_NEURON)   # e.g. after switching to a differently sized net
    selected = state.widget(state.LAYERS_NEURON, options[0])
    phone = widgets.is_phone()
    vertical = st.toggle(t("Draw the layers top to bottom (for narrow screens)"), value=phone,
                         key=state.LAYERS_VERTICAL)
    drawing = layers.network_drawing(net, acts, palette.current(), selected=selected,
                                     top_n=None if show_all == "all" else top_n,
                                     rank_by=rank_by, vertical=vertical,
                                     opens_at=None if answered else 0)
    with st.container(key=state.LAYERS_DRAWING):
        st.markdown(drawing.html, unsafe_allow_html=True)
    st.caption(t("Drawing {drawn:,} of the {total:,} connections. Lit circles have high "
                 "activations; hover a neuron for its exact number, and choose one below to "
                 "see what feeds it.", drawn=drawing.connections, total=total)
               + " " + forward_pass.how_to()
               + ("" if answered else " " + t("Until you answer the check above, the drawing "
                                              "opens with only your pixels lit.")))
    st.subheader(t("What feeds one neuron"))
    depth, j = st.selectbox(t("Neuron (layer, neuron)"), options, key=state.LAYERS_NEURON,
                            format_func=lambda o: layers.neuron_label(*o, len(net.sizes)))
    show_neuron(net, acts, depth, j)


canvas.digit_fragment(show, side_by_side=False)
widgets.show_code(netcore.reference.activations, netcore.reference.feedforward)
