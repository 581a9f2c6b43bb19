"""/inside: what the trained network's hidden neurons really do, and why your digit got its answer.

The numbers come from netcore.neuron_stats (every hidden neuron over the 10,000 MNIST
test digits, computed once per network and cached here) and netcore.tracing (one
neuron traced back to the pixels, on every stroke). This module turns them into
pictures and sentences; every sentence's words are chosen from the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import netcore
from netcore import neuron_stats, tracing
from netcore.neuron_stats import FAR_MORE, LayerStats, LoopTest
from netcore.preprocess import SIDE
from ui import figures, images, palette, resources, state, svg_plots, widgets
from ui.check import Check
from ui.i18n import nt, t
from ui.images import enlarged
from ui.palette import GUESS_COLOUR
from ui.words import layer_name

N_TOP = 12            # favourite test digits shown per neuron
GALLERY_COLS = 6
MAX_PILLS = 64        # a wider layer gets a number box instead of one button per neuron
MAX_OVERVIEW = 4      # per-digit pictures drawn side by side (the /learning page allows 4 layers)
HOPE_LAYER = 2        # the video hoped its second hidden layer would find loops and lines


@st.cache_data(show_spinner=False, max_entries=16)
def _dataset_stats(_net: netcore.Network, key: str) -> list[LayerStats]:
    data = resources.mnist()
    return neuron_stats.hidden_layer_stats(_net, data.test_images, data.test_labels, top=N_TOP)


def hidden_stats(net: netcore.Network) -> list[LayerStats]:
    """LayerStats of every hidden layer on the 10,000 test digits (once per network, cached);
    the spinner, in the learner's language, shows only when it takes over half a second."""
    with st.spinner(t("Running the {count:,} test digits through the network...",
                      count=len(resources.mnist().test_labels))):
        return _dataset_stats(net, resources.fingerprint(net))


def floor(net: netcore.Network) -> float:
    return neuron_stats.FLOOR[net.activation]


def hope_layer(net: netcore.Network) -> int | None:
    """The hidden layer to test the hope on: the second, or the only one; None without one."""
    n_hidden = len(net.sizes) - 2
    return None if n_hidden == 0 else min(HOPE_LAYER, n_hidden)


# ---- the 16 x 10 pictures and the verdict ------------------------------------------------------

def class_means_figure(stats: LayerStats, n_layers: int, selected: int | None = None,
                       zmin: float = 0.0, zmax: float = 1.0) -> go.Figure:
    """One row per neuron, one column per digit: its mean activation on the test digits of that class.

    selected: a neuron to outline (the one up close below).
    """
    means = stats.class_means
    n = len(means)
    trace = dict(type="heatmap", z=means, x=[str(d) for d in range(10)], y=list(range(n)),
                 zmin=zmin, zmax=zmax, colorscale=figures.GRAY_SCALE, showscale=False,
                 # TRANSLATORS: a Plotly hover text: keep %{y}, %{x} and %{z:.3f}.
                 hovertemplate=t("neuron %{y}, digit %{x}<br>mean activation %{z:.3f}")
                 + "<extra></extra>")
    if n <= 32:
        trace["text"] = np.char.mod("%.2f", means)
        trace["texttemplate"] = "%{text}"
        trace["textfont"] = dict(size=9)
    shapes = []
    if selected is not None:
        shapes.append(dict(type="rect", x0=-0.5, x1=9.5, y0=selected - 0.5, y1=selected + 0.5,
                           line=dict(color=GUESS_COLOUR, width=3)))
    layout = dict(title=dict(text=layer_name(stats.layer, n_layers), font=dict(size=13)),
                  height=min(60 + 22 * n, 900), margin=dict(l=40, r=6, t=30, b=40), shapes=shapes,
                  xaxis=dict(title=dict(text=t("digit")), type="category", side="bottom"),
                  yaxis=dict(title=dict(text=t("neuron")), autorange="reversed",
                             dtick=1 if n <= 32 else None))
    return figures.fast_figure([trace], layout, own_colours=True)


def class_means_picture(stats: LayerStats, n_layers: int, selected: int | None = None,
                        zmin: float = 0.0, zmax: float = 1.0) -> str:
    """class_means_figure as an SVG (svg_plots.heat_table): no plotly.js to load."""
    means = stats.class_means
    return svg_plots.heat_table(means, title=layer_name(stats.layer, n_layers),
                                x_labels=[str(d) for d in range(10)],
                                y_labels=[str(j) for j in range(len(means))],
                                x_title=t("digit"), y_title=t("neuron"), zmin=zmin, zmax=zmax,
                                selected_row=selected, numbers=len(means) <= 32,
                                cell=24 if len(means) <= 32 else max(3, 480 // len(means)))


def hover_switch() -> bool:
    """The switch from the pictures to the interactive charts (exact values on hover; they
    load plotly.js, about a second on a page's first chart)."""
    return st.toggle(t("Interactive charts: hover over any square for its exact value"),
                     key=state.INSIDE_HOVER)


def interactive() -> bool:
    return bool(state.widget(state.INSIDE_HOVER))


def show_layer_pictures(net: netcore.Network, stats: list[LayerStats], layers: list[int],
                        hope: int, test: LoopTest) -> None:
    """The per-digit picture of each hidden layer side by side (at most MAX_OVERVIEW), the neuron
    up close below outlined in its layer's picture."""
    n_layers = len(net.sizes)
    chosen_layer = state.widget(state.INSIDE_LAYER)
    chosen_layer = chosen_layer if chosen_layer in layers else hope
    chosen = state.widget(state.INSIDE_NEURON)
    if chosen is None:
        chosen = default_neuron(chosen_layer, hope, test)
    zmin, zmax = colour_range(net, stats)
    shown = layers[:MAX_OVERVIEW]
    for column, layer in zip(st.columns(len(shown)), shown):
        selected = chosen if layer == chosen_layer else None
        if interactive():
            column.plotly_chart(class_means_figure(stats[layer - 1], n_layers, selected, zmin, zmax),
                                key=f"inside_means_{layer}", config=figures.NO_TOOLBAR)
        else:
            column.image(class_means_picture(stats[layer - 1], n_layers, selected, zmin, zmax),
                         width="stretch")   # as wide as its column: a phone's whole width
    if len(layers) > len(shown):
        st.caption(t("Layers {first} to {last}: pick them below.", first=shown[-1] + 1,
                     last=layers[-1]))


def colour_range(net: netcore.Network, stats: list[LayerStats]) -> tuple[float, float]:
    """Black to white: the activation's floor to its ceiling (1 for sigmoid and tanh; ReLU: the largest mean)."""
    top = 1.0 if net.activation != "relu" else max(float(s.class_means.max()) for s in stats) or 1.0
    return floor(net), top


def loop_test(net: netcore.Network, stats: list[LayerStats]) -> LoopTest | None:
    layer = hope_layer(net)
    return None if layer is None else neuron_stats.loop_detector_test(
        stats[layer - 1].class_means, floor(net))


def times(factor: float) -> str:
    """2 -> "twice", 3 -> "3 times"."""
    # TRANSLATORS: how many times as strong: "the test asks for twice", "fires twice as strongly".
    return t("twice") if factor == 2 else t("{factor:g} times", factor=factor)


def loop_verdict(test: LoopTest, layer: int, n_layers: int) -> str:
    """The answer to the hope, in words chosen by its numbers: one message per possible verdict
    (a neuron passes / the closest falls short / 8s and 9s are not even its favourites), with
    or without the tanh floor the ratio is measured from."""
    eight, nine = test.loop_means
    values = dict(layer=layer_name(layer, n_layers), neuron=test.neuron, eight=eight, nine=nine,
                  rival=test.rival_mean, digit=test.rival_digit, ratio=test.ratio,
                  floor=test.floor, far_more=times(FAR_MORE))
    if test.passed:
        if test.floor:
            verdict = t("**Yes.** In {layer}, neuron {neuron} does: on average it fires "
                        "**{eight:.2f}** for 8s and **{nine:.2f}** for 9s, and **{rival:.2f}** "
                        "for {digit}s, the other digit it fires for most. The weaker of its 8s "
                        "and 9s is {ratio:.1f} times that (measured from {floor:g}, the lowest a "
                        "tanh neuron can go); the test asks for {far_more}.", **values)
        else:
            verdict = t("**Yes.** In {layer}, neuron {neuron} does: on average it fires "
                        "**{eight:.2f}** for 8s and **{nine:.2f}** for 9s, and **{rival:.2f}** "
                        "for {digit}s, the other digit it fires for most. The weaker of its 8s "
                        "and 9s is {ratio:.1f} times that; the test asks for {far_more}.",
                        **values)
        if test.n_passing == 1:
            return verdict
        return verdict + " " + nt("It is one of **{n}** neuron there that pass the test.",
                                  "It is one of **{n}** neurons there that pass the test.",
                                  test.n_passing)
    if test.ratio < 1:
        return t("**No.** No neuron of {layer} fires for 8s and 9s {far_more} as strongly as for "
                 "every other digit. The closest is neuron {neuron}: on average it fires "
                 "**{eight:.2f}** for 8s and **{nine:.2f}** for 9s, but **{rival:.2f}** for "
                 "{digit}s, so 8s and 9s are not even its two favourite digits.", **values)
    if test.floor:
        return t("**No.** No neuron of {layer} fires for 8s and 9s {far_more} as strongly as for "
                 "every other digit. The closest is neuron {neuron}: on average it fires "
                 "**{eight:.2f}** for 8s and **{nine:.2f}** for 9s, and **{rival:.2f}** for "
                 "{digit}s, the other digit it fires for most: the weaker of its 8s and 9s is "
                 "only {ratio:.2f} times that (measured from {floor:g}, the lowest a tanh neuron "
                 "can go), short of {far_more}.", **values)
    return t("**No.** No neuron of {layer} fires for 8s and 9s {far_more} as strongly as for "
             "every other digit. The closest is neuron {neuron}: on average it fires "
             "**{eight:.2f}** for 8s and **{nine:.2f}** for 9s, and **{rival:.2f}** for "
             "{digit}s, the other digit it fires for most: the weaker of its 8s and 9s is only "
             "{ratio:.2f} times that, short of {far_more}.", **values)


def breadth_sentence(test_layer: LayerStats, net: netcore.Network, n_layers: int) -> str:
    """How many digits a typical neuron of the layer fires for (mean above the middle of its range)."""
    low, high = colour_range(net, [test_layer])
    many = np.sum(test_layer.class_means > (low + high) / 2, axis=1)   # (16,) digits per neuron
    median = float(np.median(many))
    values = dict(layer=layer_name(test_layer.layer, n_layers), middle=(low + high) / 2,
                  median=median, fewest=int(many.min()), most=int(many.max()))
    if median >= 3:
        return t("In {layer}, a neuron fires above {middle:g} on average for a median of "
                 "**{median:g}** of the 10 digits (from {fewest} to {most}): most of its neurons "
                 "take part in many digits, rather than each standing for one part of a few.",
                 **values)
    return t("In {layer}, a neuron fires above {middle:g} on average for a median of "
             "**{median:g}** of the 10 digits (from {fewest} to {most}): most of its neurons are "
             "picky, each firing for one or two digits.", **values)


def loop_check(test: LoopTest, layer: int, n_layers: int) -> Check:
    """Before the verdict: does any neuron of the tested layer fire for 8s and 9s far more?
    A yes-or-no question, so a wrong answer shows the answer at once (tries=1)."""
    question = t("Before you read the answer: does any neuron of {layer} fire for 8s and 9s far "
                 "more (at least {far_more} as strongly) than for every other digit?",
                 layer=layer_name(layer, n_layers), far_more=times(FAR_MORE))
    if test.passed:
        why = t("Neuron {neuron} does: pick it below and look at its favourite digits. The "
                "numbers are under this box.", neuron=test.neuron)
        wrong = t("You expected none, but this network grew one.")
    else:
        why = t("Training only asked the network for right answers; nothing asked for loops. "
                "The numbers are under this box.")
        wrong = t("You expected one, and this network has none.")
    return Check("inside-loop", question, answer=0 if test.passed else 1,
                 choices=(t("Yes, I think one does"), t("No, I think none does")),
                 explanation=why, why_wrong=lambda _: wrong, tries=1)


# ---- one neuron up close ------------------------------------------------------------------------

def default_neuron(layer: int, hope: int, test: LoopTest) -> int:
    """The neuron shown before the learner picks one: the closest to a loop detector, or neuron 0."""
    return test.neuron if layer == hope else 0


def choose_neuron(net: netcore.Network, layer_key: str, neuron_key: str, layers: list[int],
                  default_layer: int) -> tuple[int, int | None]:
    """A layer (buttons) and one of its neurons (a button per neuron, or a number box when many)."""
    n_layers = len(net.sizes)
    if state.widget(layer_key) not in layers:
        state.set_widgets({layer_key: default_layer})
    if len(layers) <= 6:
        layer = st.segmented_control(t("Layer"), layers, key=layer_key, required=True,
                                     format_func=lambda l: layer_name(l, n_layers))
    else:
        layer = st.selectbox(t("Layer"), layers, key=layer_key,
                             format_func=lambda l: layer_name(l, n_layers))
    n = net.sizes[layer]
    if state.widget(neuron_key) is not None and not 0 <= state.widget(neuron_key) < n:
        state.forget_widget(neuron_key)
    if n <= MAX_PILLS:
        neuron = st.pills(t("Neuron"), list(range(n)), key=neuron_key)
    else:
        neuron = st.number_input(t("Neuron (0 to {last})", last=n - 1), 0, n - 1, key=neuron_key)
    return layer, neuron


def gallery(stats: LayerStats, neuron: int, images) -> np.ndarray:
    """The neuron's favourite test digits as one picture, strongest first, rows of GALLERY_COLS."""
    pictures = [images[k].reshape(SIDE, SIDE) for k in stats.top_images[neuron]]
    rows = -(-len(pictures) // GALLERY_COLS)
    gap = 2
    tile = np.full((rows * (SIDE + gap) - gap, GALLERY_COLS * (SIDE + gap) - gap), 0.35)
    for k, picture in enumerate(pictures):
        r, c = divmod(k, GALLERY_COLS)
        tile[r * (SIDE + gap):r * (SIDE + gap) + SIDE, c * (SIDE + gap):c * (SIDE + gap) + SIDE] = picture
    return tile


def gallery_caption(stats: LayerStats, neuron: int, labels) -> str:
    values = stats.top_values[neuron]
    digits = [str(int(labels[k])) for k in stats.top_images[neuron]]
    return t("Its {n} favourite test digits, strongest first: activation {strongest:.3f} down "
             "to {weakest:.3f}. They are {digits}.", n=len(values), strongest=float(values[0]),
             weakest=float(values[-1]), digits=", ".join(digits))


def favourite_sentence(stats: LayerStats, neuron: int) -> str:
    means = stats.class_means[neuron]
    order = np.argsort(-means, kind="stable")
    return t("On average it fires most for **{first}s** ({first_mean:.2f}), then {second}s "
             "({second_mean:.2f}), and least for **{last}s** ({last_mean:.2f}).",
             first=int(order[0]), first_mean=float(means[order[0]]), second=int(order[1]),
             second_mean=float(means[order[1]]), last=int(order[-1]),
             last_mean=float(means[order[-1]]))


def show_neuron(net: netcore.Network, stats: list[LayerStats], layer: int, neuron: int) -> None:
    """Gallery, per-digit means and pixel pattern of one hidden neuron."""
    data, n_layers = resources.mnist(), len(net.sizes)
    layer_stats = stats[layer - 1]
    left, right = st.columns([1.3, 1])
    with left:
        with st.container(key="inside_gallery"):
            st.image(enlarged(gallery(layer_stats, neuron, data.test_images), scale=3))
            st.caption(gallery_caption(layer_stats, neuron, data.test_labels))
        st.markdown(favourite_sentence(layer_stats, neuron))
        if net.activation == "sigmoid" and not interactive():
            means = layer_stats.class_means[neuron]
            grays = [f"rgb({g},{g},{g})" for g in (60 + 195 * np.clip(means, 0, 1)).round().astype(int)]
            st.image(svg_plots.column_bars(means, [str(d) for d in range(10)], grays,
                                           title=t("Mean activation per digit"),
                                           y_title=t("activation"), value_format=".2f",
                                           y_range=(0, 1), height=220, outline="#888"))
        elif net.activation == "sigmoid":
            st.plotly_chart(figures.activation_bars(layer_stats.class_means[neuron],
                                                    [str(d) for d in range(10)],
                                                    title=t("Mean activation per digit"),
                                                    height=220),
                            key="inside_neuron_means", config=figures.NO_TOOLBAR)
    with right:
        pattern = tracing.linear_pattern(net, layer, neuron)
        title = (t("its {n} weights", n=pattern.size) if layer == 1 else
                 t("Σ_i w[j,i] · (weight picture of neuron i)") if layer == 2 else
                 t("the weight matrices below, multiplied"))
        zmax = float(np.percentile(np.abs(pattern), 99)) or None   # a few extreme pixels share the end colours
        if interactive():
            st.plotly_chart(figures.signed_grid(pattern, palette.current(), title=title,
                                                height=300, hover_name=t("pattern"), zmax=zmax,
                                                colourbar_below=True),
                            key="inside_pattern", config=figures.NO_TOOLBAR)
        else:
            images.show(images.signed_picture(pattern, palette.current(), width=260, title=title,
                                              zmax=zmax))
        st.caption(pattern_caption(layer, n_layers, net.activation))


def pattern_caption(layer: int, n_layers: int, activation: str) -> str:
    if layer == 1:
        return t("A first-layer neuron's pattern is exactly its weights: + where ink pushes it "
                 "up, - where ink holds it down.")
    return t("Not measured but worked out: the weight pictures of {below}'s neurons, each "
             "multiplied by the weight from it into this neuron, and added up (the weight "
             "matrices multiplied together). It is what this neuron would respond to if the "
             "layers below passed their sums on straight, without their {activation}; the real "
             "neuron is not that simple, which is why its favourite digits are the better "
             "witness.", below=layer_name(layer - 1, n_layers), activation=activation)


# ---- your digit, traced back to its pixels ------------------------------------------------------

def trace_choice(net: netcore.Network, x) -> tuple[int, int, int | None]:
    """(layer, neuron, output to subtract or None) for the trace; the defaults follow the digit."""
    n_layers = len(net.sizes)
    output = n_layers - 1
    layer, picked = choose_neuron(net, state.INSIDE_TRACE_LAYER, state.INSIDE_TRACE_NEURON,
                                  list(range(1, n_layers)), default_layer=output)
    if picked is None:   # none picked: the guess, or the hidden neuron firing most
        picked = int(np.argmax(net.activations(x)[layer]))
    against = None
    if layer == output:
        choices = [None, *[d for d in range(net.sizes[output]) if d != picked]]
        if state.widget(state.INSIDE_TRACE_AGAINST) not in choices:
            state.forget_widget(state.INSIDE_TRACE_AGAINST)
        against = st.selectbox(t("Compared with output"), choices, key=state.INSIDE_TRACE_AGAINST,
                               format_func=lambda d: t("no other output") if d is None else
                               t("minus output {d}", d=d))
    return layer, picked, against


@dataclass(frozen=True)
class Trace:
    """One neuron's z (or two outputs' difference, z_neuron - z_against) split among the pixels."""
    layer: int
    neuron: int
    against: int | None
    contributions: np.ndarray   # (784,): the pixels' shares, adding up to z - z_blank
    z: float                    # for this digit
    z_blank: float              # for a blank image: what the biases make alone

    @property
    def symbol(self) -> str:
        return "z" if self.against is None else f"(z_{self.neuron} − z_{self.against})"


def trace(net: netcore.Network, x, layer: int, neuron: int, against: int | None = None) -> Trace:
    """The neuron's z for digit x split exactly among its pixels (netcore.tracing); against:
    an output whose shares are subtracted, to see what tells two answers apart."""
    zs, blanks = tracing.weighted_sums(net, np.stack([x, np.zeros_like(x)]), layer)[-1]
    c = tracing.pixel_contributions(net, x, layer, neuron)
    z, z0 = float(zs[neuron]), float(blanks[neuron])   # z0: the biases' part, on a blank image
    if against is not None:
        c = c - tracing.pixel_contributions(net, x, layer, against)
        z, z0 = z - float(zs[against]), z0 - float(blanks[against])
    return Trace(layer, neuron, against, c, z, z0)


def trace_figures(x, traced: Trace, pal) -> tuple[go.Figure, go.Figure]:
    """The digit as the network sees it, and its pixels' shares in + and - colours."""
    digit = figures.pixel_grid(x, title=t("your digit, as the network sees it"), height=300,
                               hover_name=t("activation"))
    zmax = float(np.max(np.abs(traced.contributions))) or 1.0
    shares = figures.signed_grid(traced.contributions, pal, height=300, zmax=zmax,
                                 title=t("pixels pushing {symbol} up (+) and down (−)",
                                         symbol=traced.symbol),
                                 hover_name=t("share"), colourbar_below=True)
    return digit, shares


def trace_pictures(x, traced: Trace, pal):
    """trace_figures as pictures (ui.images): no plotly.js to load on every stroke."""
    digit = images.pixel_picture(x, width=300, title=t("your digit, as the network sees it"))
    zmax = float(np.max(np.abs(traced.contributions))) or 1.0
    shares = images.signed_picture(traced.contributions, pal, width=300, zmax=zmax,
                                   title=t("pixels pushing {symbol} up (+) and down (−)",
                                           symbol=traced.symbol))
    return digit, shares


def check_sentence(traced: Trace) -> str:
    """The identity the shares satisfy, with this digit's numbers."""
    c, z, z0, symbol = traced.contributions, traced.z, traced.z_blank, traced.symbol
    return t("**Check:** the {n} shares add up to **{total:+.4f}**; {symbol} − {symbol}(blank "
             "image) = {z:+.4f} − ({z_blank:+.4f}) = **{difference:+.4f}**.", n=c.size,
             total=float(c.sum()), symbol=symbol, z=z, z_blank=z0, difference=z - z0)


def strongest_pixels(c) -> str:
    up, down = int(np.argmax(c)), int(np.argmin(c))
    pushes, holds = c[up] > 0, c[down] < 0
    values = dict(up_row=up // SIDE, up_column=up % SIDE, up=float(c[up]),
                  down_row=down // SIDE, down_column=down % SIDE, down=float(c[down]))
    if pushes and holds:
        return t("The strongest push up is row {up_row}, column {up_column} ({up:+.3f}); the "
                 "strongest hold-down is row {down_row}, column {down_column} ({down:+.3f}).",
                 **values)
    if pushes:
        return t("The strongest push up is row {up_row}, column {up_column} ({up:+.3f}).",
                 **values)
    if holds:
        return t("The strongest hold-down is row {down_row}, column {down_column} ({down:+.3f}).",
                 **values)
    return t("No pixel moves it.")


def _trace_misread(output: int, guess: int, label: int) -> None:
    state.set_widgets({state.INSIDE_TRACE_LAYER: output, state.INSIDE_TRACE_NEURON: guess,
                       state.INSIDE_TRACE_AGAINST: label})


def show_trace(digit: state.Digit, net: netcore.Network) -> None:
    """The per-stroke part: the chosen neuron's z split among the digit's pixels."""
    n_layers = len(net.sizes)
    outputs = net.feedforward(digit.x)
    guess = int(np.argmax(outputs))
    st.markdown(t("The network reads your digit as **{guess}** (output {guess} holds "
                  "{value:.2f}). Pick a neuron to trace; with none picked, the guess.",
                  guess=guess, value=float(outputs[guess])))
    layer, neuron, against = trace_choice(net, digit.x)
    traced = trace(net, digit.x, layer, neuron, against)
    phone = widgets.is_phone()   # the columns would stack: the canvas above shows the digit
    left, right = (st.container(), st.container()) if phone else st.columns(2)
    if interactive():
        digit_fig, shares_fig = trace_figures(digit.x, traced, palette.current())
        if not phone:
            left.plotly_chart(digit_fig, key="inside_trace_digit", config=figures.NO_TOOLBAR)
        right.plotly_chart(shares_fig, key="inside_trace", config=figures.NO_TOOLBAR)
    else:
        digit_picture, shares_picture = trace_pictures(digit.x, traced, palette.current())
        if not phone:
            images.show(digit_picture, left)
        images.show(shares_picture, right)
    if against is None:
        summary = t("**{layer}, neuron {neuron}**: {symbol} = {z:+.3f}.",
                    layer=layer_name(layer, n_layers), neuron=neuron, symbol=traced.symbol,
                    z=traced.z)
    else:
        summary = t("**output {neuron} minus output {against}**: {symbol} = {z:+.3f}.",
                    neuron=neuron, against=against, symbol=traced.symbol, z=traced.z)
    st.markdown(summary + " " + strongest_pixels(traced.contributions))
    st.markdown(check_sentence(traced))
    misread = digit.label is not None and guess != digit.label
    if misread and (layer, neuron, against) != (n_layers - 1, guess, digit.label):
        st.button(t("This MNIST digit is labelled {label}: trace output {guess} minus output "
                    "{label}", label=digit.label, guess=guess),
                  key=state.INSIDE_TRACE_MISREAD, on_click=_trace_misread,
                  args=(n_layers - 1, guess, digit.label), icon=":material/compare_arrows:")
