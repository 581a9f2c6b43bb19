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
from ui.i18n import N_, nt, number, t
from ui.palette import GUESS_COLOUR, Palette
from ui.lessons.learning import session
from ui.lessons.learning.figs import weight_pictures
from ui.lessons.learning.run import Evaluation, evaluate
from ui.lessons.learning.text import TAUGHT

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
    """Each layer in words, in the learner's language: "the input layer", "hidden layer 1", ...,
    "the output layer" (as they read inside a sentence)."""
    n = len(net.sizes)
    return [t("the input layer") if l == 0 else t("the output layer") if l == n - 1 else
            t("hidden layer {k}", k=l) for l in range(n)]


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
    return {"source": TAUGHT, "started_from": started,
            "times_taught": times + 1 if isinstance(times, int) and times >= 0 else 1,
            "taught_label": lesson.label, "steps": c.steps, "copies_of_the_digit": c.copies,
            "mnist_images_per_step": c.n_mixed, "optimizer": "sgd",
            "learning_rate": c.learning_rate, "test_accuracy": lesson.eval_after.accuracy}


def _was_taught(meta: dict | None) -> bool:
    return bool(meta) and meta.get("source") == TAUGHT


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
    values = dict(steps=c.steps, batch=c.copies + c.n_mixed, copies=c.copies, mixed=c.n_mixed)
    first = (t("Each of **{steps} steps** shows the network one batch of {batch} images: "
               "**{copies} copies of your digit**, labelled the digit you choose, and **{mixed} "
               "MNIST training digits** drawn at random (new ones every step, so that it does not "
               "simply forget the others).", **values) if label is None else
             t("Each of **{steps} steps** shows the network one batch of {batch} images: "
               "**{copies} copies of your digit**, labelled **{label}**, and **{mixed} MNIST "
               "training digits** drawn at random (new ones every step, so that it does not "
               "simply forget the others).", label=label, **values))
    return first + " " + t(
        "Backpropagation gives the slope of the loss for each of the {n:,} weights and biases, "
        "and each one moves the learning rate times its slope downhill: plain gradient descent, "
        "chapter 2 of the video series.", n=n_params)


def outputs_figure(before, after, label: int, height: int = 330):
    """The ten outputs before (gray) and after (yellow) teaching, side by side per digit."""
    digits = [str(d) for d in range(len(before))]
    ticks = [f"<b>{d}</b>" if int(d) == label else d for d in digits]
    def bars(values, name, colour):
        return dict(type="bar", orientation="h", x=np.asarray(values, dtype=float), y=digits,
                    name=name, marker=dict(color=colour),
                    text=[number(float(v), ".2f") for v in values],
                    textposition="outside", cliponaxis=False, textfont=dict(size=10),
                    # TRANSLATORS: name is "before" or "after" (teaching); keep Plotly's
                    # %{{y}} and %{{x:.4f}} as they are
                    hovertemplate=t("{name}: output neuron %{{y}} = %{{x:.4f}}", name=name)
                    + "<extra></extra>")
    layout = dict(height=height, barmode="group", bargap=0.25, margin=dict(l=10, r=10, t=30, b=10),
                  legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                  xaxis=dict(range=[0, 1.15], title=dict(text=t("output activation"))),
                  yaxis=dict(autorange="reversed", title=dict(text=t("digit")), tickvals=digits,
                             ticktext=ticks))
    # TRANSLATORS: the network's outputs before and after it was taught the learner's digit
    before_name, after_name = t("before"), t("after")
    return fast_figure([bars(before, before_name, "#8a8a8a"),
                        bars(after, after_name, GUESS_COLOUR)], layout, own_colours=True)


def relative_changes(lesson: Lesson) -> list[float]:
    """Per layer, how far its weights moved for their size: |after - before| / |before| (norms)."""
    return [float(np.linalg.norm(d) / (np.linalg.norm(w) or 1.0))
            for d, w in zip(lesson.weight_changes(), lesson.before.weights)]


def steps_figure(lesson: Lesson, height: int = 230):
    """Step by step: the output for the label taught and for the first answer, before each step
    and after the last one."""
    seen = np.vstack([lesson.steps_outputs, lesson.outputs_after[None]])    # (steps + 1, 10)
    was = int(np.argmax(lesson.outputs_before))
    shown = [(lesson.label, GUESS_COLOUR, t("output {digit} (taught)", digit=lesson.label))]
    if was != lesson.label:
        shown.append((was, "#8a8a8a", t("output {digit} (its first answer)", digit=was)))
    data = [dict(type="scatter", x=list(range(len(seen))), y=seen[:, d].astype(float),
                 mode="lines+markers", name=name, line=dict(color=colour, width=2.5),
                 marker=dict(size=5),
                 # TRANSLATORS: name is "output 4 (taught)" or the like; keep Plotly's %{{x}}
                 # and %{{y:.3f}} as they are
                 hovertemplate=t("after %{{x}} steps: {name} = %{{y:.3f}}", name=name)
                 + "<extra></extra>")
            for d, colour, name in shown]
    layout = dict(height=height, margin=dict(l=40, r=10, t=30, b=40), hovermode="closest",
                  legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                  xaxis=dict(title=dict(text=t("steps of gradient descent")), dtick=5),
                  yaxis=dict(range=[0, 1.05], title=dict(text=t("output"))))
    return fast_figure(data, layout, own_colours=True)


def change_table(lesson: Lesson) -> str:
    """A Markdown table: per layer of weights, how much they moved (the mean |change|, and relative)."""
    header = (t("Into"), t("weights"), t("mean change"), t("relative change"))
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
    names = layer_names(lesson.before)[1:]
    for name, delta, relative in zip(names, lesson.weight_changes(), relative_changes(lesson)):
        mean = float(np.mean(np.abs(delta)))
        lines.append(f"| {name} | {number(delta.size, ',')} | {number(mean, '.5f')} | "
                     f"{number(relative, '.2%')} |")
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
    explanation = t(
        "Before teaching it read **{before:,}** of the {total:,} test digits right, after it "
        "reads **{after:,}**: {fixed} it got wrong are now right, and {broken} it got right are "
        "now wrong. Every step was aimed at your digit, and every one of the {n:,} weights and "
        "biases moved a little, so test digits near the border between two answers can cross it "
        "either way; the {mixed} MNIST digits in each step hold the rest in place. A larger "
        "learning rate moves the weights further and usually costs more.",
        before=before.n_correct, total=len(before.labels), after=after.n_correct, fixed=fixed,
        broken=broken, n=lesson.before.n_params, mixed=lesson.config.n_mixed)
    reasons = (t("Nothing in the steps aimed at the test digits, so do not expect a gain."),
               t("Every weight and bias moved, so some test digits near a border between two "
                 "answers may well have crossed it."),
               t("The MNIST digits mixed into every step push the network to keep reading "
                 "ordinary digits right."))
    return check.Check(CHECK_ID, t("Teaching moved every weight a little. Before you see it: what "
                                   "happened to the network's score on the {total:,} MNIST test "
                                   "digits, which it never learns from?", total=len(after.labels)),
                       answer=answer, explanation=explanation,
                       choices=(t("It went up"), t("It stayed exactly the same"),
                                t("It went down")),
                       why_wrong=lambda i: reasons[i], context=lesson.key)


# ---- the page's section ----------------------------------------------------------------------

INTRO = N_("A network does **not** learn while you use it: every lesson so far only ran it. It "
            "learns only when gradient descent is run on examples, as in the training above. So "
            "teach it one: draw a digit it gets wrong (or pick an MNIST digit), say which digit it "
            "really is, and your own copy of the network takes a few steps of gradient descent on "
            "it. The site's trained network, which every other learner uses, never changes.")


def section(palette: Palette) -> None:
    """The whole section: intro, the canvas with the teaching form, then the last teaching."""
    st.subheader(t("Teach it your digit"))
    st.markdown(t(INTRO))
    canvas.digit_fragment(_form)
    entry = current_entry()
    if entry is not None:
        show_lesson(entry, palette)
    widgets.show_code(teach, mixed_in, label=N_("The real code behind teaching"))


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
    label = st.segmented_control(t("Which digit is it really?"), list(range(10)),
                                 key=state.TEACH_LABEL)
    if digit.label is not None:
        st.caption(t("This MNIST test digit was labelled **{digit}** by a person.",
                     digit=digit.label))
    rate = st.segmented_control(t("Learning rate (the size of each step)"), RATES,
                                key=state.TEACH_RATE, required=True,
                                format_func=lambda r: number(r, "g"))
    st.markdown(recipe_text(CONFIG, label, net.n_params))
    if label is not None and label == guess:
        st.caption(t("It already reads your digit as {digit}: teaching will only make it surer. "
                     "It shows more on a digit it gets wrong.", digit=label))
    busy = session.training_now()
    if busy:
        st.caption(t("A network is training above: teach once it has finished."))
    text = t("Teach it") if label is None else t("Teach it that this is a {digit}", digit=label)
    if st.button(text, type="primary", icon=":material/school:", key=state.TEACH_BUTTON,
                 disabled=label is None or busy):
        adopt(teach_digit(digit.x, int(label), float(rate)))
        st.rerun()   # the whole page: every part of it now runs the taught network


def show_lesson(entry: Entry, palette: Palette) -> None:
    lesson, c = entry.lesson, entry.lesson.config
    was, now = (int(np.argmax(o)) for o in (lesson.outputs_before, lesson.outputs_after))
    st.markdown("#### " + t("What the {steps} steps did", steps=c.steps))
    picture, bars = st.columns([1, 3])
    picture.plotly_chart(pixel_grid(lesson.x, height=170,
                                    title=t("taught as a {digit}", digit=lesson.label)),
                         key="teach-digit", config=NO_TOOLBAR)
    picture.markdown(
        t("Before, the network read it as **{was}**; it now reads it as **{now}**.", was=was,
          now=now) if now == lesson.label else
        t("Before, the network read it as **{was}**; it still reads it as **{now}**, not "
          "{digit}: try a larger learning rate.", was=was, now=now, digit=lesson.label))
    bars.plotly_chart(outputs_figure(lesson.outputs_before, lesson.outputs_after, lesson.label),
                      key="teach-outputs", config=NO_TOOLBAR)
    bars.plotly_chart(steps_figure(lesson), key="teach-steps", config=NO_TOOLBAR)
    st.caption(t("{steps} steps at learning rate {rate:g} took {teach_ms:.0f} ms of server time, "
                 "and scoring the taught network on the {total:,} test digits {score_ms:.0f} ms.",
                 steps=c.steps, rate=c.learning_rate, teach_ms=lesson.teach_seconds * 1000,
                 total=len(lesson.eval_after.labels), score_ms=lesson.score_seconds * 1000))
    if check.ask(accuracy_check(lesson)):
        before, after = lesson.eval_before, lesson.eval_after
        left, right = st.columns(2)
        left.metric(t("Test digits right before"), number(before.n_correct, ","),
                    help=t("{share:.2%} of the {total:,} MNIST test digits",
                           share=before.accuracy, total=len(before.labels)))
        right.metric(t("Test digits right after"), number(after.n_correct, ","),
                     delta=number(after.n_correct - before.n_correct, "+,"),
                     help=t("{share:.2%} of the {total:,} MNIST test digits",
                            share=after.accuracy, total=len(after.labels)))
    st.markdown(t("**Which weights moved most**"))
    deltas = lesson.weight_changes()
    layer, neuron, pixel, change = most_moved(deltas)
    names = layer_names(lesson.before)
    st.markdown(change_table(lesson))
    relative = relative_changes(lesson)
    most = int(np.argmax(relative))
    single = (t("The single weight that moved most: pixel (row {row}, column {column}) into "
                "neuron {neuron} of {layer}, by {change:+.4f}.", row=pixel // 28,
                column=pixel % 28, neuron=neuron, layer=names[1], change=change)
              if layer == 0 else
              t("The single weight that moved most: from neuron {source} of {layer} into neuron "
                "{neuron} of {next_layer}, by {change:+.4f}.", source=pixel, layer=names[layer],
                neuron=neuron, next_layer=names[layer + 1], change=change))
    st.caption(t("Mean change: the average size of a weight's change. Relative change: the size "
                 "of all of a layer's changes together (the square root of their sum of squares) "
                 "over the size of its weights. For their size, the weights into {layer} moved "
                 "most ({share:.2%}).", layer=names[most + 1], share=relative[most])
               + " " + single)
    n_layers = len(lesson.before.sizes)   # tab labels short enough for a phone: "Into hidden 1"
    # TRANSLATORS: a tab of the weights into one layer; layer is "hidden 1", "output", ...
    tabs = st.tabs([t("Into {layer}", layer=words.layer_name(l, n_layers, short=True))
                    for l in range(1, n_layers)])
    shown = deltas[0][:MAX_PICTURES]
    tabs[0].plotly_chart(weight_pictures(shown, palette, t("change of neuron"),
                                         title=t("Change of each neuron's 784 weights")),
                         key="teach-changes-1", config=NO_TOOLBAR)
    share, lit = share_on_ink(lesson, deltas[0])
    pictures = (t("Each picture is one neuron's change of weights (the first {shown} of its {n} "
                  "neurons), placed where their pixels are.", shown=len(shown), n=len(deltas[0]))
                if len(shown) < len(deltas[0]) else
                t("Each picture is one neuron's change of weights, placed where their pixels are."))
    tabs[0].caption(pictures + " " + t(
        "{share:.0%} of the whole change of these weights is on the {lit} pixels your digit "
        "lights up ({lit_share:.0%} of the {pixels}): a weight from a dark pixel only moves for "
        "the MNIST digits mixed in.", share=share, lit=lit, lit_share=lit / lesson.x.size,
        pixels=lesson.x.size))
    for l in range(1, len(deltas)):
        if deltas[l].size > MAX_GRID_CELLS:
            tabs[l].caption(t("{n:,} weights: too many to draw here; the table above says how "
                              "far they moved.", n=deltas[l].size))
            continue
        height = min(520, 120 + 12 * len(deltas[l]))
        tabs[l].plotly_chart(signed_grid(deltas[l], palette, height=height,
                                         hover_name=t("change"),
                                         title=t("rows: neurons of {layer}; columns: of {source}",
                                                 layer=names[l + 1], source=names[l])),
                             key=f"teach-changes-{l + 1}", config=NO_TOOLBAR)
        tabs[l].caption(t("Row j, column k: how the weight from neuron k of {source} into neuron "
                          "j of {layer} changed.", source=names[l], layer=names[l + 1]))
    back_to_default = entry.snapshot[0] is None or not entry.snapshot[3]
    st.button(t("Undo: go back to the site's trained network") if back_to_default else
              t("Undo: go back to your network as it was"), icon=":material/undo:",
              key=state.TEACH_UNDO, on_click=undo,
              help=t("Puts back exactly the network that was in use before this teaching, with "
                     "its scores."))
    in_use = (t("Every lesson now runs this taught network (switch it off above, under *How good "
                "is your network?*).") if state.use_trained() else
              t("The lessons run the site's trained network, not this one: switch on *Use my "
                "network on every page* above to use it."))
    st.caption(in_use + " " + nt("Undo goes back up to {n} teaching.",
                                 "Undo goes back up to {n} teachings.", UNDO_DEPTH))
