"""The one owner of `st.session_state` and `st.query_params`: every key, its default, its accessors.

Pages never touch `st.session_state` or `st.query_params`; they call the typed
functions here (`digit()`, `set_trained(...)`, `use_trained()`...), and give
their widgets the keys declared below (`key=state.COUNTING_PACE`). A test
(tests/test_state_keys.py) reads every page and ui module and fails on a
widget key written as a bare string or a page touching the session itself.
Shared, read-only things (the default network, MNIST) are not here: they
live in `ui.resources`, cached once per server.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from netcore.preprocess import SIDE, PreprocessSteps, preprocess_steps
from ui import app_shell

# ---- the learner's state: key, then what it holds ------------------------------------------
DIGIT = "digit"                     # the learner's current input: a Digit, or None
DRAWING_JSON = "drawing_json"       # the canvas's latest Fabric.js drawing
CANVAS_INITIAL = "canvas_initial"   # the drawing the canvas is (re)opened with on this page
CANVAS_VERSION = "canvas_version"   # bumped by Clear, so the canvas starts empty
LAST_PAGE = "last_page"             # to notice a page change and reopen the drawing
PALETTE = "palette"                 # "video" (green/red) or "colorblind" (blue/orange); the radio's key
LANGUAGE = "language"               # the learner's language, a key of ui.i18n.LANGUAGES; the switch's key
TRAINED_NET = "trained_net"         # the learner's own trained Network, or None
TRAINED_META = "trained_meta"       # its metadata (settings, accuracy)
USE_TRAINED = "use_trained"         # True: every page uses the learner's network
PAINTED = "painted_weights"         # the /weights page's hand-painted 28x28 weights
NEURON = "neuron_choice"            # /weights and /sigmoid-and-bias: "painted", a layer-1 index, or None (not chosen: each page its own)
MATRIX_RACE = "matrix_race"         # /matrix: the last loops-vs-matrix timing (timings, max diff), or None
UPLOAD_PHOTO = "upload_photo"       # the uploaded photo (RGB uint8) behind an "upload" Digit, or None
PHOTO_RESULT = "photo_upload_result"  # /function: (file id, level, message) of the last photo read
TRAIN_SETTINGS = "learning_settings"  # /learning: the last (preset, ui.lessons.learning.settings.Settings)
TRAIN_RUN = "learning_run"             # /learning: the latest ui.lessons.learning.run.Run (may be running)
TRAINED_EVAL = "trained_eval"          # (TRAINED_NET, its test-set ui.lessons.learning.run.Evaluation)
UPLOAD_RESULT = "learning_upload_result"  # /learning: (file id, "ok"/"error", message) of the last upload
RESTART_CHECKED = "restart_checked"    # ui.restart_notice has looked at this session's URL
SERVER_CHECKED = "server_checked"      # ui.serving has looked for a learner moved from another server
VISITED = "visited_lessons"            # url paths of the lessons this learner has opened (a frozenset)
CHECKS_ANSWERED = "checks_answered"    # ids of the checks for understanding answered (a frozenset)
CHECKS = "check_records"               # check id -> its ui.check.Record (the learner's tries, the verdict)
TEACH_HISTORY = "teach_history"        # /learning: the teachings that can be undone, latest last
TEACH_LABEL_FOR = "teach_label_for"    # /learning: the digit (ui.check.about_digit) the label was set for

# URL query parameters
URL_TRAINED_ON = "trained_on"   # the server boot id while the learner has a run or network

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
    NEURON: None,
    MATRIX_RACE: None,
    UPLOAD_PHOTO: None,
    PHOTO_RESULT: None,
    TRAIN_SETTINGS: None,
    TRAIN_RUN: None,
    TRAINED_EVAL: None,
    UPLOAD_RESULT: None,
    RESTART_CHECKED: False,
    SERVER_CHECKED: False,
    VISITED: frozenset(),
    CHECKS_ANSWERED: frozenset(),
    CHECKS: {},
    TEACH_HISTORY: (),
    TEACH_LABEL_FOR: None,
}

# ---- URL parameters (a teacher's link: /layers?mnist=42&palette=colorblind) -------------------
URL_MNIST = "mnist"       # MNIST test digit N as the input
URL_PALETTE = "palette"   # "colorblind" (the default, "video", is left out of the link)
URL_LANGUAGE = "lang"     # "ja", "zh-Hant"... (ui.i18n.LANGUAGES); English left out for English browsers

# ---- widget keys: a widget's value lives in st.session_state under its key --------------------
# (Charts' keys only name them on the page, hold no value, and stay beside their st.plotly_chart;
# the one chart listed here returns the learner's clicks.)
CANVAS_CLASS = "canvas_class"           # every page's canvas: which MNIST digit to pick
CANVAS_CLEAR = "canvas_clear"
CANVAS_PICK = "canvas_pick"
COUNTING_PACE = "counting_pace"
COUNTING_SIZES = "counting_sizes"
FUNCTION_UPLOAD = "function_upload"
FUNCTION_NONDIGIT = "function_nondigit"
FUNCTION_NOISE_SEED = "function_noise_seed"
INSIDE_LAYER = "inside_layer"                 # /inside: the hidden layer of the neuron up close
INSIDE_NEURON = "inside_neuron"               # /inside: that neuron
INSIDE_TRACE_LAYER = "inside_trace_layer"     # /inside: the layer of the neuron traced to pixels
INSIDE_TRACE_NEURON = "inside_trace_neuron"   # /inside: that neuron (None: the guess)
INSIDE_TRACE_AGAINST = "inside_trace_against"  # /inside: an output to subtract (None: none)
INSIDE_TRACE_MISREAD = "inside_trace_misread"  # /inside: trace the guess minus the MNIST label
LAYERS_SHOW = "layers_show"
LAYERS_TOP_N = "layers_top_n"
LAYERS_RANK = "layers_rank"
LAYERS_VERTICAL = "layers_vertical"
LAYERS_NEURON = "layers_neuron"
LAYERS_DRAWING = "layers_network"       # the network drawing's box (its SVG, Play and steps)
LEARNING_TRAIN = "learning_train"
LEARNING_STOP = "learning_stop"
LEARNING_USE_MINE = "learning_use_mine"
LEARNING_DOWNLOAD = "learning_download"
LEARNING_UPLOAD = "learning_upload_file"
LEARNING_MISTAKES_OF = "learning_mistakes_of"
LEARNING_PRESET = "learning_preset"
LEARNING_LAYERS = "learning_layers"
LEARNING_SIZES = tuple(f"learning_size_{i}" for i in range(4))   # neurons in hidden layer i + 1
LEARNING_SETTINGS = {"activation": "learning_activation", "optimizer": "learning_optimizer",
                     "learning_rate": "learning_lr", "batch_size": "learning_batch",
                     "epochs": "learning_epochs", "n_train": "learning_images",
                     "seed": "learning_seed"}   # Settings field -> its widget's key
MATRIX_TIME = "matrix_time"
TEACH_LABEL = "teach_label"             # /learning: which digit the learner says theirs is
TEACH_RATE = "teach_rate"
TEACH_BUTTON = "teach_button"
TEACH_UNDO = "teach_undo"
MATRIX_HOVER = "matrix_hover"   # /matrix: the interactive charts instead of the pictures
FUNCTION_HOVER = "function_hover"   # /function: the same for its layers
FUNCTION_NOISE_HOVER = "function_noise_hover"
INSIDE_HOVER = "inside_hover"   # /inside: the interactive charts instead of the pictures
NEURONS_NUMBERS = "neurons_numbers"
SIGMOID_X = "sigmoid_x"
SIGMOID_BIAS = "sigmoid_bias"
SIGMOID_NEURON = "sigmoid_neuron"
WEIGHTS_NEURON = "weights_neuron"
WEIGHTS_PEN = "weights_pen"
WEIGHTS_PAINT = "weights_paint_canvas"
WHY_LAYERS_DIGIT = "why_layers_digit"


def canvas_key() -> str:
    """The digit canvas's key: "canvas-<n>", a new n after Clear so the canvas starts empty."""
    return f"canvas-{_get(CANVAS_VERSION)}"


def preset_button_key(name: str) -> str:
    """/weights' button for one of the video's example neurons."""
    return f"weights_preset_{name}"


CHECK_KEY_PREFIX = "check_"


CODE_KEY_PREFIX = "code_"


def code_key(label: str) -> str:
    """The expander of "The real code behind this page" (ui.widgets.show_code), one per label."""
    return CODE_KEY_PREFIX + "".join(c if c.isalnum() else "_" for c in label.lower())


def check_key(check_id: str, part: str) -> str:
    """A check for understanding's widgets (ui.check): "answer", "form", "submit", "box" or "again"."""
    return f"{CHECK_KEY_PREFIX}{check_id}_{part}"


WIDGET_KEYS = frozenset({value for name, value in dict(globals()).items()
                         if name.isupper() and isinstance(value, str)
                         and name not in ("URL_MNIST", "URL_PALETTE", "URL_LANGUAGE", "CHECK_KEY_PREFIX",
                                         "CODE_KEY_PREFIX")
                         and value not in DEFAULTS} | set(LEARNING_SIZES)
                        | set(LEARNING_SETTINGS.values()) | {PALETTE})


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


def init() -> None:
    """Give every key its default; safe to call at the top of every page."""
    app_shell.leave_pages_folder_mode()
    ss = st.session_state
    if PALETTE not in ss and st.query_params.get(URL_PALETTE) in ("video", "colorblind"):
        ss[PALETTE] = st.query_params[URL_PALETTE]   # a shared link's choice, once
    language()
    for key, value in DEFAULTS.items():
        if key not in ss:
            ss[key] = value


def _get(key: str):
    if key not in st.session_state:   # a page that has not called init() yet
        init()
    return st.session_state[key]


def _set(key: str, value) -> None:
    st.session_state[key] = value


# ---- the learner's digit and the canvas ------------------------------------------------------

def make_digit(raw, source: str = "drawing", label=None, mnist_index=None) -> Digit:
    """Build a Digit from an image (runs the MNIST preprocessing)."""
    raw = np.asarray(raw)
    # The same pipeline as to_mnist, keeping its pictures; an MNIST digit keeps MNIST's own pen.
    steps = preprocess_steps(raw, pen=None) if source == "mnist" else preprocess_steps(raw)
    x = None if steps is None else steps.final.reshape(SIDE * SIDE)
    return Digit(source, raw, x, label, mnist_index, steps)


def digit() -> Digit | None:
    return _get(DIGIT)


def set_digit(value: Digit | None) -> None:
    _set(DIGIT, value)


def drawing() -> dict | None:
    """The canvas's latest Fabric.js drawing."""
    return _get(DRAWING_JSON)


def set_drawing(value: dict | None) -> None:
    _set(DRAWING_JSON, value)


def canvas_initial() -> dict | None:
    """The drawing the canvas opens with."""
    return _get(CANVAS_INITIAL)


def reopen_with_latest_drawing() -> None:
    """The canvas opens with the latest drawing (after a new background, or a page change)."""
    _set(CANVAS_INITIAL, _get(DRAWING_JSON))


def note_page(url_path: str) -> None:
    """Called by app.py on every full run: the lesson counts as visited, and the latest
    drawing is reopened when the page changes."""
    init()
    if url_path not in _get(VISITED):
        _set(VISITED, _get(VISITED) | {url_path})
    if _get(LAST_PAGE) != url_path:
        _set(LAST_PAGE, url_path)
        reopen_with_latest_drawing()
    # Moving to another page empties the address bar's query: put back what it describes,
    # so a link copied on any lesson still opens with the same digit (the palette's switch
    # puts its own back, on every lesson's strip).
    shown = _get(DIGIT)
    if shown is not None and shown.source == "mnist" and shown.mnist_index is not None:
        set_url_mnist(shown.mnist_index)


def visited_lessons() -> frozenset[str]:
    """The url paths ("" for the root) of every lesson opened in this session."""
    return _get(VISITED)


def checks_answered() -> frozenset[str]:
    """The ids of the checks for understanding this learner has answered (ui.contents.Lesson.checks)."""
    return _get(CHECKS_ANSWERED)


def mark_check_answered(check_id: str) -> None:
    _set(CHECKS_ANSWERED, _get(CHECKS_ANSWERED) | {check_id})


def check_record(check_id: str):
    """The ui.check.Record of this check in this session, or None before its first answer."""
    return _get(CHECKS).get(check_id)


def set_check_record(check_id: str, record) -> None:
    """Store a check's record (None starts it over); an answered one counts as answered for good."""
    records = dict(_get(CHECKS))   # a new dict: a record is replaced, never changed in place
    if record is None:
        records.pop(check_id, None)
    else:
        records[check_id] = record
        if record.verdict is not None:
            mark_check_answered(check_id)
    _set(CHECKS, records)


def clear_drawing() -> None:
    _set(CANVAS_VERSION, _get(CANVAS_VERSION) + 1)
    _set(DRAWING_JSON, None)
    _set(CANVAS_INITIAL, None)
    _set(DIGIT, None)


def upload_photo() -> np.ndarray | None:
    """The photo behind an "upload" digit."""
    return _get(UPLOAD_PHOTO)


def set_upload_photo(photo: np.ndarray | None) -> None:
    _set(UPLOAD_PHOTO, photo)


# ---- URL parameters ---------------------------------------------------------------------------

def url_mnist() -> int | None:
    """The test digit a link asks for (?mnist=N), or None (absent, or not a whole number)."""
    try:
        return int(st.query_params[URL_MNIST])
    except (KeyError, ValueError):
        return None


def set_url_mnist(index: int | None) -> None:
    """Put ?mnist=index in the address bar, or take it out (None): the link says what is shown."""
    if index is None:
        st.query_params.pop(URL_MNIST, None)
    elif st.query_params.get(URL_MNIST) != str(index):
        st.query_params[URL_MNIST] = str(index)


def url_trained_on() -> str | None:
    """The server boot id the link says this learner's run or network lived on (ui.restart_notice)."""
    return st.query_params.get(URL_TRAINED_ON)


def set_url_trained_on(boot_id: str | None) -> None:
    if boot_id is None:
        st.query_params.pop(URL_TRAINED_ON, None)
    else:
        st.query_params[URL_TRAINED_ON] = boot_id


def restart_checked() -> bool:
    """Whether ui.restart_notice has looked at this session's URL yet."""
    return _get(RESTART_CHECKED)


def mark_restart_checked() -> None:
    _set(RESTART_CHECKED, True)


def server_checked() -> bool:
    """Whether ui.serving has looked for a learner moved here from another server."""
    return _get(SERVER_CHECKED)


def mark_server_checked() -> None:
    _set(SERVER_CHECKED, True)


def set_url_palette(name: str) -> None:
    if name == DEFAULTS[PALETTE]:
        st.query_params.pop(URL_PALETTE, None)
    else:
        st.query_params[URL_PALETTE] = name


def url_language() -> str | None:
    """The link's ?lang= when it names one of the site's languages (ui.i18n.LANGUAGES)."""
    from ui.i18n import LANGUAGES
    asked = st.query_params.get(URL_LANGUAGE)
    return asked if asked in LANGUAGES else None


def browser_language() -> str:
    """The site's language closest to the browser's (st.context.locale), English if none."""
    from ui.i18n import closest_language
    return closest_language(st.context.locale)


def language() -> str:
    """The learner's language, a key of ui.i18n.LANGUAGES: the menu's choice, first set from
    the link's ?lang=, else the browser's language, else English. (Safe before st.navigation:
    unlike init(), it never reruns the script.)"""
    ss = st.session_state
    if LANGUAGE not in ss:
        ss[LANGUAGE] = url_language() or browser_language()
    return ss[LANGUAGE]


def set_url_language(language: str) -> None:
    """Put the language in the address bar, so a copied link keeps it; English is left out
    when the browser's language is English too."""
    from ui.i18n import SOURCE
    if language == SOURCE == browser_language():
        st.query_params.pop(URL_LANGUAGE, None)
    else:
        st.query_params[URL_LANGUAGE] = language


def palette_name() -> str:
    return _get(PALETTE)


# ---- the learner's own network ----------------------------------------------------------------

def trained_net():
    """The learner's own network (trained on /learning or loaded from a file), or None."""
    return _get(TRAINED_NET)


def trained_meta() -> dict | None:
    return _get(TRAINED_META)


def set_trained(net, metadata: dict, evaluation) -> None:
    """Make `net` the learner's own network, with its metadata and its test-set Evaluation."""
    _set(TRAINED_NET, net)
    _set(TRAINED_META, metadata)
    _set(TRAINED_EVAL, (net, evaluation))


def trained_evaluation():
    """(network, Evaluation) last stored by set_trained / set_trained_evaluation, or None."""
    return _get(TRAINED_EVAL)


def set_trained_evaluation(net, evaluation) -> None:
    _set(TRAINED_EVAL, (net, evaluation))


def use_trained() -> bool:
    """Whether every page runs the learner's own network instead of the shipped one."""
    return bool(_get(USE_TRAINED))


def set_use_trained(value: bool) -> None:
    _set(USE_TRAINED, bool(value))


def own_network_snapshot() -> tuple:
    """What decides the network the pages run (the learner's network, its metadata, its
    evaluation, and whether it is in use), to be put back exactly by restore_own_network."""
    return _get(TRAINED_NET), _get(TRAINED_META), _get(TRAINED_EVAL), _get(USE_TRAINED)


def restore_own_network(snapshot: tuple) -> None:
    for key, value in zip((TRAINED_NET, TRAINED_META, TRAINED_EVAL, USE_TRAINED), snapshot):
        _set(key, value)


def teach_history() -> tuple:
    """/learning's teachings that can still be undone, oldest first (ui.lessons.learning.teach)."""
    return _get(TEACH_HISTORY)


def set_teach_history(entries: tuple) -> None:
    _set(TEACH_HISTORY, tuple(entries))


def teach_label_for():
    """The digit (ui.check.about_digit) whose label the teaching form was last given."""
    return _get(TEACH_LABEL_FOR)


def set_teach_label_for(value) -> None:
    _set(TEACH_LABEL_FOR, value)


def train_settings():
    """(preset name, Settings) last chosen on /learning, or None."""
    return _get(TRAIN_SETTINGS)


def set_train_settings(preset: str, settings) -> None:
    _set(TRAIN_SETTINGS, (preset, settings))


def train_run():
    """The learner's latest training Run (maybe still running), or None."""
    return _get(TRAIN_RUN)


def set_train_run(run) -> None:
    _set(TRAIN_RUN, run)


def photo_result() -> tuple | None:
    """/function: (file id, level, message) of the last photo the uploader read, or None."""
    return _get(PHOTO_RESULT)


def set_photo_result(file_id, level: str, message: str) -> None:
    _set(PHOTO_RESULT, (file_id, level, message))


def upload_result() -> tuple | None:
    """(file id, "ok"/"error", message) of the last weight file uploaded on /learning."""
    return _get(UPLOAD_RESULT)


def set_upload_result(file_id, outcome: str, message: str) -> None:
    _set(UPLOAD_RESULT, (file_id, outcome, message))


# ---- one neuron (/weights, /sigmoid-and-bias) and /matrix's race ------------------------------

def painted() -> np.ndarray | None:
    """The learner's painted 28x28 weights (None until first painted or given a preset)."""
    return _get(PAINTED)


def set_painted(grid: np.ndarray) -> None:
    _set(PAINTED, grid)


def neuron_choice():
    """"painted", the index j of a trained neuron of layer 1, or None if the learner chose neither."""
    return _get(NEURON)


def set_neuron_choice(choice) -> None:
    _set(NEURON, choice)


def matrix_race():
    return _get(MATRIX_RACE)


def set_matrix_race(race) -> None:
    _set(MATRIX_RACE, race)


# ---- widget values ----------------------------------------------------------------------------
# For code that has to read or prefill a widget (a callback, a form restored after a visit to
# another page). Only keys declared above.

def widget(key: str, default=None):
    """The current value of the widget with this key (default if it has none yet)."""
    _check_widget_key(key)
    return st.session_state.get(key, default)


def set_widgets(values: dict, only_missing: bool = False) -> None:
    """Set widgets' values before they are drawn (only_missing: leave those that have one)."""
    for key, value in values.items():
        _check_widget_key(key)
        if not (only_missing and key in st.session_state):
            st.session_state[key] = value


def forget_widget(key: str) -> None:
    _check_widget_key(key)
    st.session_state.pop(key, None)


def _check_widget_key(key: str) -> None:
    if key not in WIDGET_KEYS and not key.startswith(CHECK_KEY_PREFIX):
        raise KeyError(f"unknown widget key {key!r}; declare it in ui/state.py")
