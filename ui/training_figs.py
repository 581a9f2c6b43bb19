"""What /learning draws: the settings form, weight pictures, learning curves, the confusion
matrix, the mistakes, and the sentences about a plan, a run and a network.

The live figures are redrawn twice a second while a network trains, so they are
built from plain dicts with plotly.py's validation switched off (it costs more
than the drawing); the tests validate each one once with go.Figure(fig.to_dict()).
Signed numbers (weights) use ui.palette; counts and pixels are gray.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import state
from ui.images import enlarged
from ui.lesson_figs import GRAY_SCALE, fast_figure, signed_colourbar, square_axes
from ui.palette import Palette
from ui.training import (CUSTOM, MAX_SECONDS, PRESETS, TIME_LIMIT, TRAIN_SIZES, Run, Settings,
                         estimate_seconds, first_layer, format_seconds, machine_speed, plain)

SIDE = 28
NO_BAR = {"displayModeBar": False}
LOSS_COLOUR, TRAIN_COLOUR, TEST_COLOUR = "#e8893d", "#9a9a9a", "#2f6fd6"


def weight_pictures(weights, palette: Palette, name: str = "neuron", columns: int = 4,
                    height: int | None = None, title: str = "") -> go.Figure:
    """Each row j of `weights` (k, 784) as a 28x28 picture numbered j ("{name} j" on hover).

    One shared colour scale (clipped at the 99th percentile of |w|, so one extreme
    weight does not wash out the rest) with + and - on its bar; the exact weight,
    the neuron and the pixel on hover.
    """
    weights = np.asarray(weights, dtype=np.float32)
    k = len(weights)
    columns = min(columns, k)
    rows = -(-k // columns)
    zmax = float(np.percentile(np.abs(weights), 99)) or 1.0
    data, layout = [], square_axes(k)
    for j in range(k):
        r, c = divmod(j, columns)
        n = "" if j == 0 else str(j + 1)
        data.append(dict(
            type="heatmap", z=weights[j].reshape(SIDE, SIDE), xaxis=f"x{n}", yaxis=f"y{n}",
            coloraxis="coloraxis",
            hovertemplate=f"{name} {j}, pixel row %{{y}}, column %{{x}}<br>weight %{{z:+.3f}}"
                          "<extra></extra>"))
        x0, y1 = c / columns, 1 - r / rows
        layout[f"xaxis{n}"]["domain"] = [x0 + 0.01, x0 + 1 / columns - 0.01]
        layout[f"yaxis{n}"]["domain"] = [y1 - 1 / rows + 0.01, y1 - 0.12 / rows]
    annotations = [dict(text=str(j), x=0.5, y=1, xref=f"{axis.replace('y', 'x')} domain",
                        yref=f"{axis} domain", yanchor="bottom", showarrow=False,
                        font=dict(size=11))
                   for j, axis in enumerate(trace["yaxis"] for trace in data)]
    layout.update(
        height=height or 40 + rows * 100, annotations=annotations,
        margin=dict(l=4, r=4, t=50 if title else 14, b=4),
        title=dict(text=title, font=dict(size=14)),
        coloraxis=dict(colorscale=palette.colorscale(), cmin=-zmax, cmax=zmax,
                       colorbar=signed_colourbar(zmax, thickness=10, len=0.9)))
    return fast_figure(data, layout)


def learning_curves(points, tests, total_epochs: int, height: int = 420) -> go.Figure:
    """Loss (top) and accuracy (bottom) against epochs, 0 to total_epochs.

    points: (epoch, loss, training accuracy) averaged over a few batches each;
    tests: (epoch, test accuracy), the first one before any training.
    """
    xs, loss, acc = (list(v) for v in zip(*points)) if points else ([], [], [])
    tx, tacc = (list(v) for v in zip(*tests)) if tests else ([], [])
    axis = dict(range=[0, total_epochs], title=None, gridcolor="rgba(128,128,128,0.25)")
    data = [
        dict(type="scatter", x=xs, y=loss, mode="lines", name="loss (training batches)",
             line=dict(color=LOSS_COLOUR, width=2), xaxis="x", yaxis="y",
             hovertemplate="epoch %{x:.2f}<br>loss %{y:.3f}<extra></extra>"),
        dict(type="scatter", x=xs, y=acc, mode="lines", name="accuracy on training batches",
             line=dict(color=TRAIN_COLOUR, width=1.5), xaxis="x2", yaxis="y2",
             hovertemplate="epoch %{x:.2f}<br>training batches: %{y:.1%}<extra></extra>"),
        dict(type="scatter", x=tx, y=tacc, mode="lines+markers+text",
             name="accuracy on test images",
             text=[""] * (len(tacc) - 1) + [f"{tacc[-1]:.1%}"] if tacc else [],
             textposition="bottom left", textfont=dict(color=TEST_COLOUR),
             line=dict(color=TEST_COLOUR, width=2.5), marker=dict(size=8), xaxis="x2",
             yaxis="y2", hovertemplate="after epoch %{x:.0f}<br>test images: %{y:.2%}"
                                       "<extra></extra>"),
    ]
    layout = dict(
        height=height, margin=dict(l=50, r=10, t=60, b=40), hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        xaxis=dict(axis, anchor="y", showticklabels=False),
        xaxis2=dict(axis, anchor="y2", matches="x", title=dict(text="epochs (passes over the "
                                                                    "training images)")),
        yaxis=dict(domain=[0.58, 1], title=dict(text="loss"), rangemode="tozero",
                   gridcolor="rgba(128,128,128,0.25)"),
        yaxis2=dict(domain=[0, 0.5], title=dict(text="accuracy"), range=[0, 1.02],
                    tickformat=".0%", gridcolor="rgba(128,128,128,0.25)"))
    return fast_figure(data, layout)


def confusion(counts, height: int = 420) -> go.Figure:
    """(10, 10) counts, row = true digit, column = the network's answer; every count printed.

    Colour follows log(1 + count), so the few mistakes still show next to the diagonal's
    hundreds; hover gives the exact count.
    """
    counts = np.asarray(counts)
    digits = [str(d) for d in range(10)]
    trace = dict(type="heatmap", z=np.log1p(counts), x=digits, y=digits, customdata=counts,
                 colorscale=GRAY_SCALE, showscale=False, text=counts, texttemplate="%{text}",
                 textfont=dict(size=11),
                 hovertemplate="a <b>%{y}</b> that it called <b>%{x}</b>: "
                               "%{customdata} test images<extra></extra>")
    layout = dict(height=height, margin=dict(l=50, r=10, t=10, b=50),
                  xaxis=dict(title=dict(text="what the network said"), side="bottom",
                             type="category", constrain="domain"),
                  yaxis=dict(title=dict(text="the true digit"), autorange="reversed",
                             type="category", scaleanchor="x", constrain="domain"))
    return fast_figure([trace], layout)


# ---- the settings widgets -------------------------------------------------------------------
# Widget values live under their widget keys; a copy of the settings is kept in ui.state so
# they survive a visit to another page (Streamlit forgets the state of widgets not drawn).

PRESET_KEY = "learning_preset"
KEYS = {"activation": "learning_activation", "optimizer": "learning_optimizer",
        "learning_rate": "learning_lr", "batch_size": "learning_batch",
        "epochs": "learning_epochs", "n_train": "learning_images", "seed": "learning_seed"}
LAYERS_KEY = "learning_layers"
SIZE_KEYS = [f"learning_size_{i}" for i in range(4)]
ACTIVATION_NAMES = {"sigmoid": "sigmoid (the video's)", "relu": "ReLU", "tanh": "tanh"}
OPTIMIZER_NAMES = {"sgd": "SGD: plain steps downhill", "adam": "Adam: adapts each weight's step"}


def _widget_values(preset: str, s: Settings) -> dict:
    values = {key: getattr(s, field) for field, key in KEYS.items()}
    values[LAYERS_KEY] = len(s.hidden)
    values.update({key: (s.hidden[i] if i < len(s.hidden) else 16)
                   for i, key in enumerate(SIZE_KEYS)})
    return {PRESET_KEY: preset, **values}


def _settings_from_widgets() -> Settings:
    ss = st.session_state
    hidden = tuple(int(ss[key]) for key in SIZE_KEYS[:ss[LAYERS_KEY]])
    return Settings(hidden, ss[KEYS["activation"]], ss[KEYS["optimizer"]],
                    float(ss[KEYS["learning_rate"]]), int(ss[KEYS["batch_size"]]),
                    int(ss[KEYS["epochs"]]), int(ss[KEYS["n_train"]]), int(ss[KEYS["seed"]]))


def _apply_preset() -> None:
    name = st.session_state[PRESET_KEY]
    if name in PRESETS:
        st.session_state.update(_widget_values(name, PRESETS[name].settings))


def _mark_custom() -> None:
    st.session_state[PRESET_KEY] = CUSTOM


def settings_widgets(disabled: bool = False) -> Settings:
    """The settings form (presets first); returns the chosen Settings."""
    preset, stored = state.get(state.TRAIN_SETTINGS) or ("video", PRESETS["video"].settings)
    for key, value in _widget_values(preset, stored).items():
        if key not in st.session_state:
            st.session_state[key] = value
    labels = {name: p.label for name, p in PRESETS.items()} | {CUSTOM: "Your own settings"}
    st.selectbox("Start from", list(labels), format_func=labels.get, key=PRESET_KEY,
                 on_change=_apply_preset, disabled=disabled)
    if st.session_state[PRESET_KEY] in PRESETS:
        st.caption(PRESETS[st.session_state[PRESET_KEY]].why)
    shape, learning, data = st.columns(3)
    edit = dict(on_change=_mark_custom, disabled=disabled)
    n_layers = shape.slider("Hidden layers", 0, 4, key=LAYERS_KEY, **edit)
    for i, key in enumerate(SIZE_KEYS[:n_layers]):
        shape.number_input(f"Neurons in hidden layer {i + 1}", 1, 512, step=1, key=key, **edit)
    shape.selectbox("Activation of the hidden neurons", list(ACTIVATION_NAMES),
                    format_func=ACTIVATION_NAMES.get, key=KEYS["activation"], **edit,
                    help="The output layer is always a sigmoid, so each output is between 0 and 1.")
    learning.selectbox("How to step", list(OPTIMIZER_NAMES), format_func=OPTIMIZER_NAMES.get,
                       key=KEYS["optimizer"], **edit)
    learning.number_input("Learning rate (size of the first steps)", 0.0, 100.0, step=0.1,
                          format="%g", key=KEYS["learning_rate"], **edit,
                          help="SGD moves each weight by the learning rate times the slope of "
                               "the loss for that weight; Adam uses it as the size of each "
                               "weight's step. Either way it shrinks smoothly to 0 by the end "
                               "of training (a cosine schedule).")
    learning.number_input("Batch size (images per step)", 1, 60_000, step=1,
                          key=KEYS["batch_size"], **edit)
    data.number_input("Epochs (passes over the images)", 1, 100, step=1, key=KEYS["epochs"], **edit)
    data.select_slider("Training images", TRAIN_SIZES, format_func="{:,}".format,
                       key=KEYS["n_train"], **edit)
    data.number_input("Seed (which random start)", 0, 2**31 - 1, step=1, key=KEYS["seed"], **edit)
    settings = _settings_from_widgets()
    state.set(state.TRAIN_SETTINGS, (st.session_state[PRESET_KEY], settings))
    return settings


# ---- words about a plan, a run and a network ------------------------------------------------

START_TEXT = ("Below are the weights a new network starts with: small random numbers, drawn with "
              "the seed above (their spread shrinks as the number of inputs grows, so that no "
              "neuron starts out stuck at 0 or 1). Each picture shows the 784 weights into one "
              "neuron, placed where their pixels are. Press **Train** and watch them change.")
CURVES_TEXT = ("**Loss**: how far the ten outputs are from the right answer (0 would be perfect), "
               "averaged over the last few batches. **Accuracy**: the share of digits it gets "
               "right, in gray on the batches it learns from, in blue on the 10,000 test images "
               "(scored after each epoch; the first point is the random start).")


def weights_meaning(s: Settings) -> tuple[str, str]:
    """(what each weight picture belongs to, a title) for the first layer of weights."""
    if not s.hidden:
        return "digit", "Weights into the 10 output neurons"
    shown = min(16, s.hidden[0])
    which = f"{shown}" if shown == s.hidden[0] else f"first {shown} of {s.hidden[0]}"
    return "neuron", f"Weights into hidden layer 1 ({which} neurons)"


def describe_plan(s: Settings) -> str:
    seconds, speed = estimate_seconds(s), machine_speed()
    shape = s.activation if s.hidden else "no hidden layer"
    return (f"**{s.name}** ({shape}): **{s.n_params:,}** weights and biases to learn. "
            f"{s.epochs} epoch{'s' if s.epochs > 1 else ''} of {s.n_batches:,} steps, each step "
            f"on {min(s.batch_size, s.n_train):,} of the {s.n_train:,} training images. "
            f"Estimated time on this server: **about {format_seconds(seconds)}** (each image costs "
            f"about 3 multiply-adds per weight, and this server does about "
            f"{1e-9 / speed.seconds_per_mac:.1f} billion a second; runs over {MAX_SECONDS} s "
            "are not allowed).")


def progress_text(run: Run) -> tuple[str, str]:
    """(the progress bar's label, the time taken and left) during or after `run`."""
    p, epochs = run.latest, run.settings.epochs
    if run.done:
        where = f"epoch {p.epoch} of {epochs}" if p else "the first step"
        label = {"finished": f"Done: all {epochs} epochs", "stopped": f"Stopped in {where}",
                 "diverged": f"Blew up in {where}"}.get(run.status, "Failed")
        return label, f"{format_seconds(run.seconds)} in all"
    if p is None and run.waiting:
        return ("Waiting: other learners' networks are training on this server; yours starts "
                "as soon as one of them finishes...", "")
    if p is None:
        return "Starting: testing the random network...", ""
    label = f"Epoch {p.epoch} of {epochs}, step {p.batch:,} of {p.n_batches:,}"
    fraction = run.fraction_done
    left = p.elapsed * (1 - fraction) / fraction if fraction else 0.0
    return label, f"{format_seconds(p.elapsed)} so far, about {format_seconds(left)} to go"


def run_summary(run: Run, kept_previous: bool) -> tuple[str, str]:
    """(st function name, message) saying how `run` ended."""
    s = run.settings
    if run.status == "failed":
        return "error", f"Training stopped with an error: {run.error}"
    if run.status == "diverged":
        p = run.latest
        where = f"at step {p.batch:,} of epoch {p.epoch}" if p else "at once"
        previous = ("Your previous network is unchanged. " if kept_previous else "")
        return "warning", (
            f"Training blew up {where}: the loss stopped being a number (it became infinite or "
            "NaN, 'not a number'). With a learning rate of "
            f"{s.learning_rate:g}, each step overshot, and the weights grew until the "
            f"arithmetic overflowed. This network was thrown away. {previous}"
            f"Try a smaller learning rate, for example {s.learning_rate / 10:g}.")
    accuracy = run.evaluation.accuracy
    if run.status == "stopped":
        why = f"at this page's time limit of {TIME_LIMIT} s (the server is busy)" \
            if run.timed_out else f"after {run.epochs_done:.1f} of {s.epochs} epochs"
        return "info", (
            f"Stopped {why} ({format_seconds(run.seconds)}). "
            f"The network keeps what it learned so far: it gets **{accuracy:.1%}** of the 10,000 "
            "test images right. It is now your network (below).")
    if accuracy < 0.2:
        return "warning", (
            f"Trained in {format_seconds(run.seconds)}, but it gets only **{accuracy:.1%}** of the "
            "10,000 test images right: little better than guessing, which gets one digit in ten. Something in "
            "the settings keeps it from learning; a learning rate that is too large is the usual "
            "culprit. It is kept as your network (below), so you can see what it does.")
    return "success", (
        f"Trained in {format_seconds(run.seconds)}. It gets **{accuracy:.2%}** of the 10,000 "
        "test images right: digits it never saw while learning. It is now your network (below).")


def recipe(meta: dict | None) -> str:
    """How a network was trained, from its weight file's metadata (whatever that holds)."""
    meta = meta or {}
    if meta.get("source") == "trained on the /learning page":
        try:
            return plain(f"{meta['epochs_done']:g} epochs on {meta['n_train']:,} images, batches "
                         f"of {meta['batch_size']}, {meta['optimizer'].upper()} at learning rate "
                         f"{meta['learning_rate']:g}, seed {meta['seed']}, "
                         f"in {meta['seconds']:g} s")
        except (KeyError, TypeError, ValueError, AttributeError):
            pass   # a file that only claims to come from here: list what it holds instead
    parts = [f"{key.replace('_', ' ')}: {value}" for key, value in meta.items()
             if key not in ("test_accuracy", "loaded_from") and isinstance(value, (str, int, float))
             and len(str(value)) <= 60]
    return plain(", ".join(parts[:10])) if parts else "not recorded in its file"


def comparison_table(own, own_meta, own_eval, default, default_meta, default_eval) -> str:
    """A Markdown table: the learner's network next to the site's trained one."""
    def column(net, meta, ev):
        return [f"{'-'.join(map(str, net.sizes))} ({net.activation})", f"{net.n_params:,}",
                f"{ev.n_correct:,} of {len(ev.labels):,} ({ev.accuracy:.2%})", recipe(meta)]
    rows = ["Layers", "Weights and biases", "Test digits right", "How it was trained"]
    lines = ["| | Your network | The site's network |", "|---|---|---|"]
    for row, a, b in zip(rows, column(own, own_meta, own_eval),
                         column(default, default_meta, default_eval)):
        lines.append(f"| **{row}** | {a} | {b} |")
    return "\n".join(lines)


# ---- pieces of the page ---------------------------------------------------------------------

def weight_figure(weights, s: Settings, palette: Palette, when: str) -> go.Figure:
    name, title = weights_meaning(s)
    return weight_pictures(weights, palette, name, title=f"{title}<br><sup>{when}</sup>")


def show_run(run: Run, palette: Palette) -> None:
    """The learning curves and the first layer's weights, during or after a run."""
    curves, pictures = st.columns(2)
    curves.plotly_chart(learning_curves(run.curve.points, run.curve.tests, run.settings.epochs),
                        key="learning_curves", config=NO_BAR)
    curves.caption(CURVES_TEXT)
    epoch, weights = run.weights_now
    when = "before training" if epoch == 0 else f"after {epoch:g} epoch{'s' * (epoch != 1)}"
    now = weight_figure(weights, run.settings, palette, when)
    if not run.done or run.status == "diverged":   # a run that blew up has no weights to show
        pictures.plotly_chart(now, key="learning_weights_now", config=NO_BAR)
        return
    after, before = pictures.tabs(["After training", "Before training"])
    after.plotly_chart(now, key="learning_weights_now", config=NO_BAR)
    before.plotly_chart(weight_figure(run.start_weights, run.settings, palette, "before training"),
                        key="learning_weights_start", config=NO_BAR)


def show_ended_run(run: Run, palette: Palette) -> None:
    kind, message = run_summary(run, state.get(state.TRAINED_NET) is not None)
    getattr(st, kind)(message)
    label, clock = progress_text(run)
    st.progress(1.0 if run.status == "finished" else run.fraction_done, text=label)
    st.caption(clock)
    show_run(run, palette)


def show_start(s: Settings, palette: Palette) -> None:
    st.markdown(START_TEXT)
    st.plotly_chart(weight_figure(first_layer(s.network()), s, palette, "before training"),
                    key="learning_weights_start", config=NO_BAR)


def show_quality(evaluation, test_images) -> None:
    """The confusion matrix and the gallery of mistakes, side by side."""
    matrix, gallery = st.columns(2)
    with matrix:
        st.markdown("**What it says for each digit** (the diagonal is right, the rest wrong)")
        st.plotly_chart(confusion(evaluation.confusion()), key="learning_confusion",
                        config=NO_BAR)
    with gallery:
        st.markdown("**Test digits it gets wrong**")
        which = st.selectbox("Show mistakes on", [None, *range(10)], key="learning_mistakes_of",
                             format_func=lambda d: "any digit" if d is None else f"the digit {d}")
        wrong = evaluation.mistakes(which)[:24]
        st.caption(f"{len(evaluation.mistakes(which)):,} mistakes; the first {len(wrong)}, in "
                   "test-set order, with what the network said and what the digit is:")
        if len(wrong):
            st.image([enlarged(image, scale=3) for image in test_images[wrong]], width=84,
                     caption=[f"said {evaluation.guesses[i]}, is {evaluation.labels[i]}"
                              for i in wrong])
