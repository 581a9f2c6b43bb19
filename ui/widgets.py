"""Small page pieces used by many lessons: the network's guess and the code behind a picture."""

from __future__ import annotations

import inspect

import numpy as np
import streamlit as st

from ui import figures, resources

GUESS_LABEL = "Network's guess"


def show_guess(net, x, *, key: str = "guess", bars: bool = True, outputs=None) -> int:
    """The guess as an st.metric (label starts "Network's guess"), the ten outputs beside it.

    outputs: the network's output for x, when the page has already computed it.
    """
    outputs = net.feedforward(x) if outputs is None else outputs
    guess = int(np.argmax(outputs))
    metric_col, bar_col = st.columns([1, 2]) if bars else (st.container(), None)
    metric_col.metric(GUESS_LABEL, str(guess),
                      help="The brightest of the ten output neurons: the network's choice.")
    metric_col.caption(f"output neuron {guess} holds {outputs[guess]:.2f}")
    if resources.using_own_network():
        metric_col.caption("(your own trained network)")
    if bar_col is not None:
        bar_col.plotly_chart(figures.output_bars(outputs, height=260), key=key,
                             config={"displayModeBar": False})
    return guess


def is_phone() -> bool:
    """Whether the learner's browser says it is a phone (pages then pick narrower layouts)."""
    return "Mobi" in st.context.headers.get("User-Agent", "")


def show_code(*objects, label: str = "The real code behind this page") -> None:
    """The actual source of the netcore functions a page runs, read with inspect.getsource."""
    with st.expander(label, icon=":material/code:"):
        for obj in objects:
            st.code(inspect.getsource(obj), language="python")
