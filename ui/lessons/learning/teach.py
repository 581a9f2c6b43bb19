"""/learning's "Teach it your digit": a few gradient steps on the learner's digit, on their own copy.

The network in use (the shipped default, or the learner's own) is copied, the copy is taught
with `netcore.training.teaching.teach` and frozen, and it becomes the learner's network in
use on every page, as a trained one does (`ui.state.set_trained`). The shared default is
never touched: it is frozen, and only a copy is taught. Each teaching keeps what was in use
before it (`ui.state.own_network_snapshot`), so "Undo" puts that back exactly, object for
object; a teaching can be undone while its network is still the learner's (training or
loading another one ends that).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

import netcore
from netcore.training.teaching import TeachConfig, mixed_in, teach
from ui import canvas, check, resources, state, widgets, words
from ui.figures import NO_TOOLBAR, fast_figure, pixel_grid, signed_grid
from ui.palette import GUESS_COLOUR, Palette
from ui.lessons.learning import session
from ui.lessons.learning.figs import weight_pictures
from ui.lessons.learning.run import Evaluation, evaluate

RATES = (0.03, 0.1, 0.3, 1.0)   # the learner's choice of step size; 1.0 shows over-correcting
CONFIG = TeachConfig()          # steps, copies of the digit, MNIST images per step, the default rate
UNDO_DEPTH = 5                  # teachings kept for Undo (each holds a network and two scorings)
CHECK_ID = "learning-teach-accuracy"
MAX_PICTURES = 16               # layer-1 change pictures shown (the first neurons of a bigger layer)
MAX_GRID_CELLS = 64 * 64        # a deeper layer's change is drawn as a grid up to this many weights


@dataclass(frozen=True)
class Lesson:
    """One teaching: the digit, what it was taught, the networks before and after, their numbers."""
    x: np.ndarray                   # (784,) the digit taught
    label: int                      # what the learner said it is
    config: TeachConfig
    before: netcore.Network         # the network in use before (frozen)
    after: netcore.Network          # the taught copy (frozen)
    outputs_before: np.ndarray      # (10,) the ten outputs for x
    outputs_after: np.ndarray
    steps_outputs: np.ndarray       # (steps, 10) the outputs for x before each step
    eval_before: Evaluation         # the test set, before and after
    eval_after: Evaluation
    teach_seconds: float            # server time of the gradient steps
    score_seconds: float            # server time of scoring the taught network on the test set

    @property
    def key(self) -> int:
        """Tells teachings apart (a check's context)."""
        return hash((self.label, self.outputs_after.tobytes(), self.after.weights[0][0].tobytes()))

    def weight_changes(self) -> list[np.ndarray]:
        """after - before, one array per layer, shaped like its weights[l]."""
        return [a - b for a, b in zip(self.after.weights, self.before.weights)]


@dataclass(frozen=True)
class Entry:
    """A teaching that can be undone: what was in use before it, and the teaching."""
    snapshot: tuple   # ui.state.own_network_snapshot() just before
    lesson: Lesson


def layer_names(net: netcore.Network) -> list[str]:
    """The layer each weights[l] feeds, in words: "hidden layer 1", ..., "the output layer"."""
    n = len(net.sizes)
    return [words.layer_name(l, n).replace("output layer", "the output layer")
            .replace("input layer", "the input layer") for l in range(n)]


# ---- teaching and undoing --------------------------------------------------------------------

def network_in_use_evaluation() -> Evaluation:
    """The test-set scoring of the network the pages run now (cached for either kind)."""
    if resources.using_own_network():
        return session.own_evaluation()
    return session.default_evaluation()


def teach_digit(x: np.ndarray, label: int, learning_rate: float) -> Lesson:
    """Teach a copy of the network in use that x is `label`; nothing in the session changes yet."""
    before = resources.current_network()
    data = resources.mnist()
    config = replace(CONFIG, learning_rate=learning_rate)
    net = before.copy()            # the shared default is frozen: only a copy can learn
    start = time.perf_counter()
    steps_outputs = teach(net, x, label, data.train_images, data.train_labels, config)
    taught = time.perf_counter()
    net.freeze()
    eval_after = evaluate(net, data)
    scored = time.perf_counter()
    return Lesson(np.array(x, dtype=np.float32), int(label), config, before, net,
                  before.feedforward(x), net.feedforward(x), steps_outputs,
                  network_in_use_evaluation(), eval_after, taught - start, scored - taught)


def metadata(lesson: Lesson, previous_meta: dict | None) -> dict:
    """What the taught network's weight file records (plain numbers and strings).
    previous_meta: the metadata of the learner's own network, if it was the one taught."""
    c = lesson.config
    started, times = "the site's trained network", 0
    if lesson.before is not resources.default_network():
        meta = previous_meta or {}
        taught_before = _was_taught(meta)
        started = str(meta.get("started_from" if taught_before else "source", "your own network"))[:100]
        times = meta.get("times_taught", 0) if taught_before else 0
    return {"source": "taught a digit on the /learning page", "started_from": started,
            "times_taught": times + 1 if isinstance(times, int) and times >= 0 else 1,
            "taught_label": lesson.label, "steps": c.steps, "copies_of_the_digit": c.copies,
            "mnist_images_per_step": c.n_mixed, "optimizer": "sgd",
            "learning_rate": c.learning_rate, "test_accuracy": lesson.eval_after.accuracy}


def _was_taught(meta: dict | None) -> bool:
    return bool(meta) and meta.get("source") == "taught a digit on the /learning page"


def adopt(lesson: Lesson) -> None:
    """The taught network becomes the learner's, in use on every page; Undo can bring back the last."""
    entry = Entry(state.own_network_snapshot(), lesson)
    state.set_trained(lesson.after, metadata(lesson, state.trained_meta()), lesson.eval_after)
    state.set_use_trained(True)
    state.set_teach_history((*state.teach_history(), entry)[-UNDO_DEPTH:])
    _after_network_change()
    state.set_check_record(CHECK_ID, None)          # a new teaching: predict again
    state.forget_widget(state.check_key(CHECK_ID, "answer"))


def undo() -> None:
    """Put back exactly what was in use before the latest teaching (the Undo button's callback)."""
    entry = current_entry()
    if entry is None:
        return
    state.restore_own_network(entry.snapshot)
    state.set_teach_history(state.teach_history()[:-1])
    _after_network_change()


def _after_network_change() -> None:
    # /learning's "use my network" switch is redrawn from USE_TRAINED, not from its old value
    state.forget_widget(state.LEARNING_USE_MINE)


def current_entry() -> Entry | None:
    """The latest teaching while its network is still the learner's; else None (and the
    history is dropped: a network trained or loaded since replaced the taught one)."""
    history = state.teach_history()
    if history and history[-1].lesson.after is not state.trained_net():
        state.set_teach_history(())
        return None
    return history[-1] if history else None


# ---- words and figures -----------------------------------------------------------------------

def recipe_text(c: TeachConfig, label, n_params: int) -> str:
    label = "the digit you choose" if label is None else f"**{label}**"
    return (f"Each of **{c.steps} steps** shows the network one batch of "
            f"{c.copies + c.n_mixed} images: **{c.copies} copies of your digit**, labelled "
            f"{label}, and **{c.n_mixed} MNIST training digits** drawn at random (new ones every "
            "step, so that it does not simply forget the others). Backpropagation gives the "
            f"slope of the loss for each of the {n_params:,} weights and biases, and each one moves "
            "the learning rate times its slope downhill: plain gradient descent, chapter 2 of "
            "the video series.")


def outputs_figure(before, after, label: int, height: int = 330):
    """The ten outputs before (gray) and after (yellow) teaching, side by side per digit."""
    digits = [str(d) for d in range(len(before))]
    ticks = [f"<b>{d}</b>" if int(d) == label else d for d in digits]
    def bars(values, name, colour):
        return dict(type="bar", orientation="h", x=np.asarray(values, dtype=float), y=digits,
                    name=name, marker=dict(color=colour), text=[f"{v:.2f}" for v in values],
                    textposition="outside", cliponaxis=False, textfont=dict(size=10),
                    hovertemplate=f"{name}: output neuron %{{y}} = %{{x:.4f}}<extra></extra>")
    layout = dict(height=height, barmode="group", bargap=0.25, margin=dict(l=10, r=10, t=30, b=10),
                  legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                  xaxis=dict(range=[0, 1.15], title=dict(text="output activation")),
                  yaxis=dict(autorange="reversed", title=dict(text="digit"), tickvals=digits,
                             ticktext=ticks))
    return fast_figure([bars(before, "before", "#8a8a8a"), bars(after, "after", GUESS_COLOUR)],
                       layout, own_colours=True)


def relative_changes(lesson: Lesson) -> list[float]:
    """Per layer, how far its weights moved for their size: |after - before| / |before| (norms)."""
    return [float(np.linalg.norm(d) / (np.linalg.norm(w) or 1.0))
            for d, w in zip(lesson.weight_changes(), lesson.before.weights)]


def steps_figure(lesson: Lesson, height: int = 230):
    """Step by step: the output for the label taught and for the first answer, before each step
    and after the last one."""
    seen = np.vstack([lesson.steps_outputs, lesson.outputs_after[None]])    # (steps + 1, 10)
    was = int(np.argmax(lesson.outputs_before))
    shown = [(lesson.label, GUESS_COLOUR, f"output {lesson.label} (taught)")]
    if was != lesson.label:
        shown.append((was, "#8a8a8a", f"output {was} (its first answer)"))
    data = [dict(type="scatter", x=list(range(len(seen))), y=seen[:, d].astype(float),
                 mode="lines+markers", name=name, line=dict(color=colour, width=2.5),
                 marker=dict(size=5), hovertemplate=f"after %{{x}} steps: {name} = "
                                                    "%{y:.3f}<extra></extra>")
            for d, colour, name in shown]
    layout = dict(height=height, margin=dict(l=40, r=10, t=30, b=40), hovermode="closest",
                  legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                  xaxis=dict(title=dict(text="steps of gradient descent"), dtick=5),
                  yaxis=dict(range=[0, 1.05], title=dict(text="output")))
    return fast_figure(data, layout, own_colours=True)


def change_table(lesson: Lesson) -> str:
    """A Markdown table: per layer of weights, how much they moved (the mean |change|, and relative)."""
    lines = ["| Into | weights | mean change | relative change |", "|---|---|---|---|"]
    names = layer_names(lesson.before)[1:]
    for name, delta, relative in zip(names, lesson.weight_changes(), relative_changes(lesson)):
        lines.append(f"| {name} | {delta.size:,} | {np.mean(np.abs(delta)):.5f} | {relative:.2%} |")
    return "\n".join(lines)


def most_moved(deltas: list[np.ndarray]) -> tuple[int, int, int, float]:
    """(layer, neuron, input, change) of the single weight that moved most."""
    l = max(range(len(deltas)), key=lambda k: np.max(np.abs(deltas[k])))
    j, i = (int(v) for v in np.unravel_index(np.argmax(np.abs(deltas[l])), deltas[l].shape))
    return l, j, i, float(deltas[l][j, i])


def share_on_ink(lesson: Lesson, delta: np.ndarray, ink: float = 0.1) -> tuple[float, int]:
    """(share of the first layer's total |change| on the pixels the digit lights up, how many)."""
    lit = lesson.x > ink
    moved = np.abs(delta).sum(axis=0)   # (784,) per pixel, over the 16 neurons
    return float(moved[lit].sum() / (moved.sum() or 1.0)), int(np.count_nonzero(lit))


def accuracy_check(lesson: Lesson) -> check.Check:
    before, after = lesson.eval_before, lesson.eval_after
    fixed = int(np.sum((before.guesses != before.labels) & (after.guesses == after.labels)))
    broken = int(np.sum((before.guesses == before.labels) & (after.guesses != after.labels)))
    change = after.n_correct - before.n_correct
    answer = 0 if change > 0 else 1 if change == 0 else 2
    explanation = (f"Before teaching it read **{before.n_correct:,}** of the 10,000 test digits "
                   f"right, after it reads **{after.n_correct:,}**: {fixed} it got wrong are now "
                   f"right, and {broken} it got right are now wrong. Every step was aimed at your "
                   f"digit, and every one of the {lesson.before.n_params:,} weights and biases "
                   "moved a little, so test "
                   "digits near the border between two answers can cross it either way; the "
                   f"{lesson.config.n_mixed} MNIST digits in each step hold the rest in place. A "
                   "larger learning rate moves the weights further and usually costs more.")
    reasons = ("Nothing in the steps aimed at the test digits, so do not expect a gain.",
               "Every weight and bias moved, so some test digits near a border between two "
               "answers may well have crossed it.",
               "The MNIST digits mixed into every step push the network to keep reading "
               "ordinary digits right.")
    return check.Check(CHECK_ID, "Teaching moved every weight a little. Before you see it: what "
                       "happened to the network's score on the 10,000 MNIST test digits, which "
                       "it never learns from?",
                       answer=answer, explanation=explanation,
                       choices=("It went up", "It stayed exactly the same", "It went down"),
                       why_wrong=lambda i: reasons[i], context=lesson.key)


# ---- the page's section ----------------------------------------------------------------------

INTRO = ("A network does **not** learn while you use it: every lesson so far only ran it. It "
         "learns only when gradient descent is run on examples, as in the training above. So "
         "teach it one: draw a digit it gets wrong (or pick an MNIST digit), say which digit it "
         "really is, and your own copy of the network takes a few steps of gradient descent on "
         "it. The site's trained network, which every other learner uses, never changes.")


def section(palette: Palette) -> None:
    """The whole section: intro, the canvas with the teaching form, then the last teaching."""
    st.subheader("Teach it your digit")
    st.markdown(INTRO)
    canvas.digit_fragment(_form)
    entry = current_entry()
    if entry is not None:
        show_lesson(entry, palette)
    widgets.show_code(teach, mixed_in, label="The real code behind teaching")


def _prefill_label(digit: state.Digit) -> None:
    """A new digit starts with its MNIST label chosen (a drawing with none)."""
    seen = check.about_digit(digit)
    missing = state.widget(state.TEACH_LABEL, "missing") == "missing"
    if state.teach_label_for() != seen or (missing and digit.label is not None):
        state.set_widgets({state.TEACH_LABEL: digit.label})
        state.set_teach_label_for(seen)
    state.set_widgets({state.TEACH_RATE: CONFIG.learning_rate}, only_missing=True)


def _form(digit: state.Digit, net: netcore.Network) -> None:
    guess = widgets.show_guess(net, digit.x, key="teach-guess")
    _prefill_label(digit)
    label = st.segmented_control("Which digit is it really?", list(range(10)),
                                 key=state.TEACH_LABEL)
    if digit.label is not None:
        st.caption(f"This MNIST test digit was labelled **{digit.label}** by a person.")
    rate = st.segmented_control("Learning rate (the size of each step)", RATES,
                                key=state.TEACH_RATE, required=True, format_func="{:g}".format)
    st.markdown(recipe_text(CONFIG, label, net.n_params))
    if label is not None and label == guess:
        st.caption(f"It already reads your digit as {label}: teaching will only make it surer. "
                   "It shows more on a digit it gets wrong.")
    busy = session.training_now()
    if busy:
        st.caption("A network is training above: teach once it has finished.")
    text = "Teach it" if label is None else f"Teach it that this is a {label}"
    if st.button(text, type="primary", icon=":material/school:", key=state.TEACH_BUTTON,
                 disabled=label is None or busy):
        adopt(teach_digit(digit.x, int(label), float(rate)))
        st.rerun()   # the whole page: every part of it now runs the taught network


def show_lesson(entry: Entry, palette: Palette) -> None:
    lesson, c = entry.lesson, entry.lesson.config
    was, now = (int(np.argmax(o)) for o in (lesson.outputs_before, lesson.outputs_after))
    st.markdown(f"#### What the {c.steps} steps did")
    picture, bars = st.columns([1, 3])
    picture.plotly_chart(pixel_grid(lesson.x, height=170, title=f"taught as a {lesson.label}"),
                         key="teach-digit", config=NO_TOOLBAR)
    verdict = ("now reads it as **{now}**".format(now=now) if now == lesson.label else
               f"still reads it as **{now}**, not {lesson.label}: try a larger learning rate")
    picture.markdown(f"Before, the network read it as **{was}**; it {verdict}.")
    bars.plotly_chart(outputs_figure(lesson.outputs_before, lesson.outputs_after, lesson.label),
                      key="teach-outputs", config=NO_TOOLBAR)
    bars.plotly_chart(steps_figure(lesson), key="teach-steps", config=NO_TOOLBAR)
    st.caption(f"{c.steps} steps at learning rate {c.learning_rate:g} took "
               f"{lesson.teach_seconds * 1000:.0f} ms of server time, and scoring the taught "
               f"network on the 10,000 test digits {lesson.score_seconds * 1000:.0f} ms.")
    if check.ask(accuracy_check(lesson)):
        before, after = lesson.eval_before, lesson.eval_after
        left, right = st.columns(2)
        left.metric("Test digits right before", f"{before.n_correct:,}",
                    help=f"{before.accuracy:.2%} of the 10,000 MNIST test digits")
        right.metric("Test digits right after", f"{after.n_correct:,}",
                     delta=f"{after.n_correct - before.n_correct:+,}",
                     help=f"{after.accuracy:.2%} of the 10,000 MNIST test digits")
    st.markdown("**Which weights moved most**")
    deltas = lesson.weight_changes()
    layer, neuron, pixel, change = most_moved(deltas)
    names = layer_names(lesson.before)
    where = (f"pixel (row {pixel // 28}, column {pixel % 28}) into neuron {neuron} of "
             f"{names[1]}" if layer == 0 else
             f"from neuron {pixel} of {names[layer]} into neuron {neuron} of {names[layer + 1]}")
    st.markdown(change_table(lesson))
    relative = relative_changes(lesson)
    most = int(np.argmax(relative))
    st.caption(f"Mean change: the average size of a weight's change. Relative change: the size "
               f"of all of a layer's changes together (the square root of their sum of squares) "
               f"over the size of its weights. For their size, the "
               f"weights into {names[most + 1]} moved most ({relative[most]:.2%}). The single "
               f"weight that moved most: {where}, by {change:+.4f}.")
    n_layers = len(lesson.before.sizes)   # tab labels short enough for a phone: "Into hidden 1"
    tabs = st.tabs([f"Into {words.layer_name(l, n_layers, short=True)}" for l in range(1, n_layers)])
    shown = deltas[0][:MAX_PICTURES]
    tabs[0].plotly_chart(weight_pictures(shown, palette, "change of neuron",
                                         title="Change of each neuron's 784 weights"),
                         key="teach-changes-1", config=NO_TOOLBAR)
    share, lit = share_on_ink(lesson, deltas[0])
    some = (f" (the first {len(shown)} of its {len(deltas[0])} neurons)"
            if len(shown) < len(deltas[0]) else "")
    tabs[0].caption(f"Each picture is one neuron's change of weights{some}, placed where their "
                    f"pixels are. {share:.0%} of the whole change of these weights is on the {lit} "
                    f"pixels your digit lights up ({lit / lesson.x.size:.0%} of the 784): a weight "
                    "from a dark pixel only moves for the MNIST digits mixed in.")
    for l in range(1, len(deltas)):
        if deltas[l].size > MAX_GRID_CELLS:
            tabs[l].caption(f"{deltas[l].size:,} weights: too many to draw here; the table above "
                            "says how far they moved.")
            continue
        height = min(520, 120 + 12 * len(deltas[l]))
        tabs[l].plotly_chart(signed_grid(deltas[l], palette, height=height, hover_name="change",
                                         title=f"rows: neurons of {names[l + 1]}; columns: "
                                               f"of {names[l]}"),
                             key=f"teach-changes-{l + 1}", config=NO_TOOLBAR)
        tabs[l].caption(f"Row j, column k: how the weight from neuron k of {names[l]} into "
                        f"neuron j of {names[l + 1]} changed.")
    back = ("the site's trained network" if entry.snapshot[0] is None or not entry.snapshot[3]
            else "your network as it was")
    st.button(f"Undo: go back to {back}", icon=":material/undo:", key=state.TEACH_UNDO,
              on_click=undo, help="Puts back exactly the network that was in use before this "
                                  "teaching, with its scores.")
    in_use = ("Every lesson now runs this taught network (switch it off above, under *How good "
              "is your network?*)." if state.use_trained() else
              "The lessons run the site's trained network, not this one: switch on *Use my "
              "network on every page* above to use it.")
    st.caption(f"{in_use} Undo goes back up to {UNDO_DEPTH} teachings.")
