"""Small page pieces used by many lessons: the network's guess and the code behind a picture."""

from __future__ import annotations

import inspect

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from netcore import reference
from ui import resources, state
from ui.figures import NO_TOOLBAR, fast_figure
from ui.i18n import N_, t
from ui.palette import GUESS_COLOUR

GUESS_LABEL = N_("Network's guess")   # shown as t(GUESS_LABEL)
BARS_TITLE = N_("The ten output neurons")


def output_bars(outputs, height: int = 300, title: str | None = None) -> go.Figure:
    """The output activations as bars, the brightest one (the guess) highlighted.

    title: in the learner's language (default "The ten output neurons", translated)."""
    outputs = np.asarray(outputs, dtype=float)
    guess = int(np.argmax(outputs))
    colours = [GUESS_COLOUR if d == guess else "#8a8a8a" for d in range(len(outputs))]
    trace = dict(type="bar", x=outputs, y=[str(d) for d in range(len(outputs))], orientation="h",
                 marker=dict(color=colours), text=[f"{v:.2f}" for v in outputs],
                 textposition="outside",
                 # TRANSLATORS: a chart's hover text; keep %{y} (the digit) and %{x:.4f} (its value).
                 hovertemplate=t("output neuron %{y}: %{x:.4f}") + "<extra></extra>")
    return fast_figure([trace], dict(
        title=dict(text=t(BARS_TITLE) if title is None else title), height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(range=[0, 1.15]),
        yaxis=dict(autorange="reversed", title=dict(text=t("digit")), dtick=1)), own_colours=True)


def show_guess(net, x, *, key: str = "guess", bars: bool = True, outputs=None,
               picture: bool = False) -> int:
    """The guess as an st.metric (label starts "Network's guess"), the ten outputs beside it.

    outputs: the network's output for x, when the page has already computed it.
    picture: the outputs as a picture (ui.images.output_picture), not a chart with hover.
    """
    outputs = net.feedforward(x) if outputs is None else outputs
    guess = int(np.argmax(outputs))
    metric_col, bar_col = st.columns([1, 2]) if bars else (st.container(), None)
    metric_col.metric(t(GUESS_LABEL), str(guess),
                      help=t("The brightest of the ten output neurons: the network's choice."))
    metric_col.caption(t("output neuron {d} holds {a:.2f}", d=guess, a=float(outputs[guess])))
    if resources.using_own_network():
        metric_col.caption(t("(your own trained network)"))
    if bar_col is not None and picture:
        from ui import images
        images.show(images.output_picture(outputs, width=460, height=260), bar_col)
    elif bar_col is not None:
        bar_col.plotly_chart(output_bars(outputs, height=260), key=key,
                             config=NO_TOOLBAR)
    return guess


def is_phone() -> bool:
    """Whether the learner's browser says it is a phone (pages then pick narrower layouts)."""
    return "Mobi" in st.context.headers.get("User-Agent", "")


REFERENCE_NOTE = N_("`netcore.reference` is the network written plainly, to be read. The app runs an "
                  "optimised version of the same arithmetic (netcore.network, netcore.training), "
                  "and the tests hold the two equal.")


CODE_LABEL = N_("The real code behind this page")


def show_code(*objects, label: str = CODE_LABEL) -> None:
    """The actual source of the netcore functions a page runs, read with inspect.getsource.

    label: the expander's title in English, marked with N_() (shown as t(label)), so that
    the expander keeps its key (ui.state.code_key) in every language.

    When any of them is the plain reference code, one sentence says what really runs.
    The code is laid out only once the learner opens the expander (a rerun of this
    fragment alone): syntax-highlighted code blocks are the slowest thing a browser draws
    on most lessons, and most visits never open them.
    """
    _code_expander(tuple(objects), label)


@st.fragment
def _code_expander(objects: tuple, label: str) -> None:
    expander = st.expander(t(label), icon=":material/code:", key=state.code_key(label),
                           on_change="rerun")
    if not expander.open:
        return
    with expander:
        if any(inspect.getmodule(obj) is reference for obj in objects):
            st.caption(t(REFERENCE_NOTE))
        for obj in objects:
            st.code(inspect.getsource(obj), language="python")
