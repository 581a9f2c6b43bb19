"""The one owner of `st.session_state`: every per-learner key, its default, and its accessors.

Pages never touch `st.session_state` directly; they call the functions here.
Shared, read-only things (the default network, MNIST) are not here: they live
in `ui.resources`, cached once per server.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from netcore.preprocess import PreprocessSteps, preprocess_steps

# Keys (one place, so no two modules invent the same name for different things)
DIGIT = "digit"                     # the learner's current input: a Digit, or None
DRAWING_JSON = "drawing_json"       # the canvas's latest Fabric.js drawing
CANVAS_INITIAL = "canvas_initial"   # the drawing the canvas is (re)opened with on this page
CANVAS_VERSION = "canvas_version"   # bumped by Clear, so the canvas starts empty
LAST_PAGE = "last_page"             # to notice a page change and reopen the drawing
PALETTE = "palette"                 # "video" (green/red) or "colorblind" (blue/orange)
TRAINED_NET = "trained_net"         # the learner's own trained Network, or None
TRAINED_META = "trained_meta"       # its metadata (settings, accuracy)
USE_TRAINED = "use_trained"         # True: every page uses the learner's network
PAINTED = "painted_weights"         # the /weights page's hand-painted 28x28 weights
NEURON = "neuron_choice"            # /weights and /sigmoid-and-bias: "painted" or a layer-1 index
MATRIX_RACE = "matrix_race"         # /matrix: the last loops-vs-matrix timing (timings, max diff), or None
UPLOAD_PHOTO = "upload_photo"       # the uploaded photo (RGB uint8) behind an "upload" Digit, or None
TRAIN_SETTINGS = "learning_settings"  # /learning: the last (preset, ui.training_settings.Settings)
TRAIN_RUN = "learning_run"             # /learning: the latest ui.training_run.Run (may be running)
TRAINED_EVAL = "trained_eval"          # (TRAINED_NET, its test-set ui.training_run.Evaluation)
UPLOAD_RESULT = "learning_upload_result"  # /learning: (file id, "ok"/"error", message) of the last upload
RESTART_CHECKED = "restart_checked"    # ui.restart_notice has looked at this session's URL

# URL query parameters
TRAINED_ON_PARAM = "trained_on"   # the server boot id while the learner has a run or network

DEFAULTS = {
    DIGIT: None,
    DRAWING_JSON: None,
    CANVAS_INITIAL: None,
    CANVAS_VERSION: 0,
    LAST_PAGE: None,
    PALETTE: "video",
    TRAINED_NET: None,
    TRAINED_META: None,
    USE_TRAINED: False,
    PAINTED: None,
    NEURON: "painted",
    MATRIX_RACE: None,
    UPLOAD_PHOTO: None,
    TRAIN_SETTINGS: None,
    TRAIN_RUN: None,
    TRAINED_EVAL: None,
    UPLOAD_RESULT: None,
    RESTART_CHECKED: False,
}


@dataclass(frozen=True)
class Digit:
    """What the learner gave the network, and the 784 inputs made from it.

    source: "drawing", "mnist" or "upload". raw: the image as given (H x W, or
    H x W x 3/4, uint8), kept so lessons can show the preprocessing steps.
    x: the (784,) float32 input in [0, 1], or None when the image holds no ink.
    label: the true digit when known (MNIST picks).
    steps: the preprocessing pictures behind x (None when blank), made once here
    so that no page has to run the preprocessing again.
    """
    source: str
    raw: np.ndarray
    x: np.ndarray | None
    label: int | None = None
    mnist_index: int | None = None
    steps: PreprocessSteps | None = None


def _ensure_app_shell() -> None:
    """Run a lesson through app.py even when a fresh server is first opened on its URL.

    Until st.navigation has run once, Streamlit treats a `pages/` folder the old
    (v1) way: a link such as /neurons runs pages/neurons.py alone, without the
    site's navigation and sidebar. Turning that mode off and rerunning sends the
    same URL through app.py, which finds the same page by its url_path.
    """
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def init() -> None:
    """Give every key its default; safe to call at the top of every page."""
    _ensure_app_shell()
    if PALETTE not in st.session_state and st.query_params.get("palette") in ("video", "colorblind"):
        st.session_state[PALETTE] = st.query_params["palette"]   # a shared link's choice, once
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value


def get(key):
    if key not in st.session_state:   # a page that has not called init() yet
        init()
    return st.session_state[key]


def set(key, value) -> None:  # noqa: A001 - mirrors get()
    if key not in DEFAULTS:
        raise KeyError(f"unknown session key {key!r}; add it to ui.state.DEFAULTS")
    st.session_state[key] = value


def make_digit(raw, source: str = "drawing", label=None, mnist_index=None) -> Digit:
    """Build a Digit from an image (runs the MNIST preprocessing)."""
    raw = np.asarray(raw)
    steps = preprocess_steps(raw)   # the same pipeline as to_mnist, keeping its pictures
    x = None if steps is None else steps.final.reshape(784)
    return Digit(source, raw, x, label, mnist_index, steps)


def set_digit(digit: Digit | None) -> None:
    set(DIGIT, digit)


def current_digit() -> Digit | None:
    return get(DIGIT)


def note_page(url_path: str) -> None:
    """Called by app.py on every full run: reopen the latest drawing when the page changes."""
    init()
    if st.session_state[LAST_PAGE] != url_path:
        st.session_state[LAST_PAGE] = url_path
        st.session_state[CANVAS_INITIAL] = st.session_state[DRAWING_JSON]


def clear_drawing() -> None:
    st.session_state[CANVAS_VERSION] = get(CANVAS_VERSION) + 1
    st.session_state[DRAWING_JSON] = None
    st.session_state[CANVAS_INITIAL] = None
    st.session_state[DIGIT] = None
