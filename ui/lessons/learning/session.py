"""The learner's side of /learning, in their session: their run, their own network, weight files.

A run that has ended becomes the learner's own network (`collect_finished_run`),
as does a weight file they upload; either one is kept in `ui.state` with its
metadata and its score on the test set, next to the site's trained network's.
The bytes of an uploaded file are untrusted: `read_weight_file` says why one
cannot be used, and the file's name and that reason reach the page through `plain`.
A run started here is told how to see whether the learner is still there
(`session_alive`), so it stops soon after they close the tab.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

import netcore
from ui import resources, restart_notice, state
from ui.i18n import message, t
from ui.lessons.learning.run import Evaluation, Run, evaluate
from ui.lessons.learning.settings import N_DIGITS, N_PIXELS, Settings
from ui.lessons.learning.text import plain

MAX_USABLE_PARAMS = 2_000_000   # bigger uploads would make every page slow
MAX_UPLOAD_MB = netcore.weightfile.MAX_FILE_BYTES // 2**20   # what network_from_bytes accepts


def current_run() -> Run | None:
    return state.train_run()


def training_now() -> bool:
    run = current_run()
    return run is not None and not run.done


def start_run(settings: Settings) -> Run:
    run = Run(settings, resources.mnist(), resources.mnist_training_bytes(),
              session_alive=session_alive()).start()
    state.set_train_run(run)
    return run


# Streamlit 1.67 has no public "this session has ended" signal that also sees a browser
# reconnect: st.cache_resource(scope="session", on_release=...) fires on every disconnect,
# a network blip included, and never hears of the reconnect. Runtime.is_active_session
# (documented in Streamlit's source as safe from any thread) is not public API, so it is
# used in this one place, and tests/test_training_lifecycle.py fails if it is renamed.

def session_alive() -> Callable[[], bool]:
    """A function, safe to call from any thread, that says whether this learner's browser
    session is still connected: True while their tab is open on any lesson, False once it
    has closed (Streamlit keeps a closed session a while for a reconnect, but not active)."""
    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return lambda: True   # no server (a bare script): no sessions to watch
    return partial(Runtime.instance().is_active_session, ctx.session_id)


def collect_finished_run() -> None:
    """On every full run (app.py, /learning): once a run has ended, make its network the
    learner's own (unless it blew up); and keep the restart marker in the URL in step."""
    run = current_run()
    restart_notice.check(has_work=run is not None or state.trained_net() is not None)
    if run is None or not run.done or run.collected:
        return
    run.collected = True
    if run.status in ("finished", "stopped"):
        adopt(run.net.freeze(), run.metadata(), run.evaluation)


def adopt(net: netcore.Network, metadata: dict, evaluation: Evaluation) -> None:
    state.set_trained(net, metadata, evaluation)


def own_evaluation() -> Evaluation | None:
    net, stored = state.trained_net(), state.trained_evaluation()
    if net is None:
        return None
    if stored is None or stored[0] is not net:
        stored = (net, evaluate(net, resources.mnist()))
        state.set_trained_evaluation(*stored)
    return stored[1]


@st.cache_resource(show_spinner=False)
def default_evaluation() -> Evaluation:
    return evaluate(resources.default_network(), resources.mnist())


@st.cache_resource(show_spinner=False)
def default_metadata() -> dict:
    return netcore.load_network(netcore.default.DEFAULT_PATH, max_bytes=None)[1]


# ---- weight files ---------------------------------------------------------------------------

def read_weight_file(data: bytes) -> tuple[netcore.Network, dict]:
    """A network the pages can use, from an uploaded file; WeightFileError says why not."""
    net, metadata = netcore.network_from_bytes(data)
    if net.sizes[0] != N_PIXELS or net.sizes[-1] != N_DIGITS:
        raise netcore.WeightFileError(t(
            "this network has {inputs} inputs and {outputs} outputs; the pages need {pixels} "
            "inputs (one per pixel) and {digits} outputs (one per digit)",
            inputs=net.sizes[0], outputs=net.sizes[-1], pixels=N_PIXELS, digits=N_DIGITS))
    if net.n_params > MAX_USABLE_PARAMS:
        raise netcore.WeightFileError(t(
            "this network has {n:,} weights and biases; the pages accept up to {most:,} so "
            "that they stay quick", n=net.n_params, most=MAX_USABLE_PARAMS))
    return net.freeze(), metadata


def upload_changed() -> None:
    """on_change of the uploader: load the file once, before the page draws anything (the
    message is written in the learner's language of that moment)."""
    uploaded = state.widget(state.LEARNING_UPLOAD)
    if uploaded is None:
        return
    name = plain(uploaded.name[:100])
    try:
        net, metadata = read_weight_file(uploaded.getvalue())
    except netcore.WeightFileError as e:
        outcome = ("error", t("{name} was not loaded: {reason}. Nothing was changed.",
                              name=name, reason=plain(message(e))))
    else:
        adopt(net, {**metadata, "loaded_from": uploaded.name[:100]},
              evaluate(net, resources.mnist()))
        outcome = ("ok", t("Loaded {name}: a {sizes} network ({activation}). It is now your "
                           "network.", name=name, sizes="-".join(map(str, net.sizes)),
                           activation=net.activation))
    state.set_upload_result(uploaded.file_id, *outcome)


def upload_outcome(uploaded) -> tuple[str, str] | None:
    """("ok" or "error", message) for the file now in the uploader, or None."""
    seen = state.upload_result()
    if uploaded is None or seen is None or seen[0] != uploaded.file_id:
        return None
    return seen[1], seen[2]


def use_mine_changed() -> None:
    state.set_use_trained(state.widget(state.LEARNING_USE_MINE))


def weight_file_bytes(net: netcore.Network, metadata: dict | None) -> bytes:
    """The weight file the download button serves; metadata from a loaded file is kept."""
    return netcore.network_to_bytes(net, metadata)

