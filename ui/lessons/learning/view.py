"""The Streamlit side of /learning: the settings form, and the views of a run and a network.

The figures come from `ui.lessons.learning.figs` and the sentences from `ui.lessons.learning.text`;
this module only places them and keeps the form's widgets in step with the
settings stored in `ui.state`.
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.figures import NO_TOOLBAR
from ui.i18n import N_, nt, number, t
from ui.images import enlarged, show
from ui.palette import Palette
from ui.lessons.learning.figs import confusion, learning_curves, weight_figure, weight_picture
from ui.lessons.learning.run import Run, first_layer
from ui.lessons.learning.settings import CUSTOM, PRESETS, TRAIN_SIZES, Settings
from ui.lessons.learning.text import CURVES_TEXT, START_TEXT, progress_text, run_summary



# ---- the settings widgets -------------------------------------------------------------------
# Widget values live under their widget keys; a copy of the settings is kept in ui.state so
# they survive a visit to another page (Streamlit forgets the state of widgets not drawn).

PRESET_KEY, LAYERS_KEY = state.LEARNING_PRESET, state.LEARNING_LAYERS
KEYS, SIZE_KEYS = state.LEARNING_SETTINGS, state.LEARNING_SIZES   # Settings field -> widget key
ACTIVATION_NAMES = {"sigmoid": N_("sigmoid (the video's)"), "relu": N_("ReLU"), "tanh": N_("tanh")}
OPTIMIZER_NAMES = {"sgd": N_("SGD: plain steps downhill"),
                   "adam": N_("Adam: adapts each weight's step")}


def _widget_values(preset: str, s: Settings) -> dict:
    values = {key: getattr(s, field) for field, key in KEYS.items()}
    values[LAYERS_KEY] = len(s.hidden)
    values.update({key: (s.hidden[i] if i < len(s.hidden) else 16)
                   for i, key in enumerate(SIZE_KEYS)})
    return {PRESET_KEY: preset, **values}


def _settings_from_widgets() -> Settings:
    value = state.widget
    hidden = tuple(int(value(key)) for key in SIZE_KEYS[:value(LAYERS_KEY)])
    return Settings(hidden, value(KEYS["activation"]), value(KEYS["optimizer"]),
                    float(value(KEYS["learning_rate"])), int(value(KEYS["batch_size"])),
                    int(value(KEYS["epochs"])), int(value(KEYS["n_train"])),
                    int(value(KEYS["seed"])))


def _apply_preset() -> None:
    name = state.widget(PRESET_KEY)
    if name in PRESETS:
        state.set_widgets(_widget_values(name, PRESETS[name].settings))


def _mark_custom() -> None:
    state.set_widgets({PRESET_KEY: CUSTOM})


def settings_widgets(disabled: bool = False) -> Settings:
    """The settings form (presets first); returns the chosen Settings."""
    preset, stored = state.train_settings() or ("video", PRESETS["video"].settings)
    state.set_widgets(_widget_values(preset, stored), only_missing=True)
    labels = {name: t(p.label) for name, p in PRESETS.items()} | {CUSTOM: t("Your own settings")}
    st.selectbox(t("Start from"), list(labels), format_func=labels.get, key=PRESET_KEY,
                 on_change=_apply_preset, disabled=disabled)
    if state.widget(PRESET_KEY) in PRESETS:
        st.caption(t(PRESETS[state.widget(PRESET_KEY)].why))
    shape, learning, data = st.columns(3)
    edit = dict(on_change=_mark_custom, disabled=disabled)
    n_layers = shape.slider(t("Hidden layers"), 0, 4, key=LAYERS_KEY, **edit)
    for i, key in enumerate(SIZE_KEYS[:n_layers]):
        shape.number_input(t("Neurons in hidden layer {k}", k=i + 1), 1, 512, step=1, key=key,
                           **edit)
    shape.selectbox(t("Activation of the hidden neurons"), list(ACTIVATION_NAMES),
                    format_func=lambda name: t(ACTIVATION_NAMES[name]), key=KEYS["activation"],
                    **edit, help=t("The output layer is always a sigmoid, so each output is "
                                   "between 0 and 1."))
    learning.selectbox(t("How to step"), list(OPTIMIZER_NAMES),
                       format_func=lambda name: t(OPTIMIZER_NAMES[name]),
                       key=KEYS["optimizer"], **edit)
    learning.number_input(t("Learning rate (size of the first steps)"), 0.0, 100.0, step=0.1,
                          format="%g", key=KEYS["learning_rate"], **edit,
                          help=t("SGD moves each weight by the learning rate times the slope of "
                                 "the loss for that weight; Adam uses it as the size of each "
                                 "weight's step. Either way it shrinks smoothly to 0 by the end "
                                 "of training (a cosine schedule)."))
    learning.number_input(t("Batch size (images per step)"), 1, 60_000, step=1,
                          key=KEYS["batch_size"], **edit)
    data.number_input(t("Epochs (passes over the images)"), 1, 100, step=1, key=KEYS["epochs"],
                      **edit)
    data.select_slider(t("Training images"), TRAIN_SIZES, format_func=lambda n: number(n, ","),
                       key=KEYS["n_train"], **edit)
    data.number_input(t("Seed (which random start)"), 0, 2**31 - 1, step=1, key=KEYS["seed"],
                      **edit)
    settings = _settings_from_widgets()
    state.set_train_settings(state.widget(PRESET_KEY), settings)
    return settings


# ---- pieces of the page ---------------------------------------------------------------------

def show_run(run: Run, palette: Palette) -> None:
    """The learning curves and the first layer's weights, during or after a run."""
    curves, pictures = st.columns(2)
    curves.plotly_chart(learning_curves(run.curve.points, run.curve.tests, run.settings.epochs),
                        key="learning_curves", config=NO_TOOLBAR)
    curves.caption(t(CURVES_TEXT))
    epoch, weights = run.weights_now
    now = weight_figure(weights, run.settings, palette, when_text(epoch))
    if not run.done or run.status == "diverged":   # a run that blew up has no weights to show
        pictures.plotly_chart(now, key="learning_weights_now", config=NO_TOOLBAR)
        return
    after, before = pictures.tabs([t("After training"), t("Before training")])
    after.plotly_chart(now, key="learning_weights_now", config=NO_TOOLBAR)
    before.plotly_chart(weight_figure(run.start_weights, run.settings, palette,
                                      t("before training")),
                        key="learning_weights_start", config=NO_TOOLBAR)


def when_text(epochs: float) -> str:
    """When a picture of the weights was taken: "before training", "after 3 epochs"."""
    if epochs == 0:
        return t("before training")
    if float(epochs).is_integer():
        return nt("after {n} epoch", "after {n} epochs", int(epochs))
    return t("after {epochs:g} epochs", epochs=epochs)


def show_ended_run(run: Run, palette: Palette) -> None:
    kind, message = run_summary(run, state.trained_net() is not None)
    getattr(st, kind)(message)
    label, clock = progress_text(run)
    st.progress(1.0 if run.status == "finished" else run.fraction_done, text=label)
    st.caption(clock)
    show_run(run, palette)


def show_start(s: Settings, palette: Palette) -> None:
    st.markdown(t(START_TEXT))
    show(weight_picture(first_layer(s.network()), s, palette, t("before training")))


def show_quality(evaluation, test_images) -> None:
    """The confusion matrix and the gallery of mistakes, side by side."""
    matrix, gallery = st.columns(2)
    with matrix:
        st.markdown(t("**What it says for each digit** (the diagonal is right, the rest wrong)"))
        st.plotly_chart(confusion(evaluation.confusion()), key="learning_confusion",
                        config=NO_TOOLBAR)
    with gallery:
        st.markdown(t("**Test digits it gets wrong**"))
        which = st.selectbox(t("Show mistakes on"), [None, *range(10)],
                             key=state.LEARNING_MISTAKES_OF,
                             format_func=lambda d: t("any digit") if d is None else
                             t("the digit {digit}", digit=d))
        mistakes = evaluation.mistakes(which)
        wrong = mistakes[:24]
        st.caption(nt("{n:,} mistake; the first {shown}, in test-set order, with what the network "
                      "said and what the digit is:",
                      "{n:,} mistakes; the first {shown}, in test-set order, with what the "
                      "network said and what the digit is:", len(mistakes), shown=len(wrong)))
        if len(wrong):
            st.image([enlarged(image, scale=3) for image in test_images[wrong]], width=84,
                     caption=[t("said {said}, is {digit}", said=evaluation.guesses[i],
                                digit=evaluation.labels[i]) for i in wrong])
