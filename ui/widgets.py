"""Small page pieces used by many lessons: the network's guess and the code behind a picture."""

from __future__ import annotations

import inspect

import numpy as np
import streamlit as st

from netcore import reference
from ui import resources, state, svg_plots
from ui.i18n import N_, t
from ui.palette import GUESS_COLOUR

GUESS_LABEL = N_("Network's guess")   # shown as t(GUESS_LABEL)
BARS_TITLE = N_("The ten output neurons")


def show_guess(net, x, *, key: str = "guess", bars: bool = True, outputs=None) -> int:
    """The guess as an st.metric (label starts "Network's guess"), the ten outputs beside it
    as bars (ui.svg_plots.output_bars: drawn by the browser, no plotly.js to load).

    outputs: the network's output for x, when the page has already computed it.
    key: names the bars on the page (a CSS class st-key-<key>, for the browser tests).
    """
    outputs = net.feedforward(x) if outputs is None else outputs
    guess = int(np.argmax(outputs))
    metric_col, bar_col = st.columns([1, 2]) if bars else (st.container(), None)
    metric_col.metric(t(GUESS_LABEL), str(guess),
                      help=t("The brightest of the ten output neurons: the network's choice."))
    metric_col.caption(t("output neuron {d} holds {a:.2f}", d=guess, a=float(outputs[guess])))
    if resources.using_own_network():
        metric_col.caption(t("(your own trained network)"))
    if bar_col is not None:
        bar_col.container(key=key).image(
            svg_plots.output_bars(outputs, title=t(BARS_TITLE), axis_title=t("digit"),
                                  guess_colour=GUESS_COLOUR), width=460)
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
