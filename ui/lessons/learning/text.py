"""The sentences /learning shows about a plan, a run and a network, as Markdown.

Plain functions from `ui.lessons.learning.settings` and `ui.lessons.learning.run` objects to text,
no Streamlit, so every message can be checked without a page. Anything taken from
a weight file a stranger made goes through `plain` first.
"""

from __future__ import annotations

import re

from ui.lessons.learning.run import TIME_LIMIT, Run
from ui.lessons.learning.settings import MAX_SECONDS, Settings, estimate_seconds, machine_speed
from ui.words import duration

# Markdown's special characters escaped; line breaks and other control characters
# become spaces, so that text from a file cannot end a table row or start a heading.
_MARKDOWN = str.maketrans({**{c: "\\" + c for c in "\\`*_[]<>$#|~"},
                           **{chr(c): " " for c in [*range(32), 127, 0x2028, 0x2029]}})
# Streamlit's Markdown (GitHub's) links web and mail addresses in text, escaped or not:
# "http://", "https://", "www." and "x@y.z". An invisible word joiner (U+2060) inside
# each of those marks ("https:" joiner "//", "www" joiner ".", "@" joiner) keeps them text.
_ADDRESS = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?<=@)")

START_TEXT = ("Below are the weights a new network starts with: small random numbers, drawn with "
              "the seed above (their spread shrinks as the number of inputs grows, so that no "
              "neuron starts out stuck at 0 or 1). Each picture shows the 784 weights into one "
              "neuron, placed where their pixels are. Press **Train** and watch them change.")
CURVES_TEXT = ("**Loss**: how far the ten outputs are from the right answer (0 would be perfect), "
               "averaged over the last few batches. **Accuracy**: the share of digits it gets "
               "right, in gray on the batches it learns from, in blue on the 10,000 test images "
               "(scored after each epoch; the first point is the random start).")


def describe_plan(s: Settings) -> str:
    seconds, speed = estimate_seconds(s), machine_speed()
    shape = s.activation if s.hidden else "no hidden layer"
    return (f"**{s.name}** ({shape}): **{s.n_params:,}** weights and biases to learn. "
            f"{s.epochs} epoch{'s' if s.epochs > 1 else ''} of {s.n_batches:,} steps, each step "
            f"on {min(s.batch_size, s.n_train):,} of the {s.n_train:,} training images. "
            f"Estimated time: **about {duration(seconds)}** (each image costs "
            f"about 3 multiply-adds per weight, and this project's server does about "
            f"{1e-9 / speed.seconds_per_mac:.0f} billion a second; runs over {MAX_SECONDS} s "
            "are not allowed).")


def progress_text(run: Run) -> tuple[str, str]:
    """(the progress bar's label, the time taken and left) during or after `run`."""
    p, epochs = run.latest, run.settings.epochs
    if run.done:
        where = f"epoch {p.epoch} of {epochs}" if p else "the first step"
        label = {"finished": f"Done: all {epochs} epochs", "stopped": f"Stopped in {where}",
                 "diverged": f"Blew up in {where}"}.get(run.status, "Failed")
        return label, f"{duration(run.seconds)} in all"
    if p is None and run.waiting:
        return ("Waiting: other learners' networks are training on this server; yours starts "
                "as soon as one of them finishes...", "")
    if p is None:
        return "Starting: testing the random network...", ""
    label = f"Epoch {p.epoch} of {epochs}, step {p.batch:,} of {p.n_batches:,}"
    fraction = run.fraction_done
    left = p.elapsed * (1 - fraction) / fraction if fraction else 0.0
    return label, f"{duration(p.elapsed)} so far, about {duration(left)} to go"


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
            f"Stopped {why} ({duration(run.seconds)}). "
            f"The network keeps what it learned so far: it gets **{accuracy:.1%}** of the 10,000 "
            "test images right. It is now your network (below).")
    if accuracy < 0.2:
        return "warning", (
            f"Trained in {duration(run.seconds)}, but it gets only **{accuracy:.1%}** of the "
            "10,000 test images right: little better than guessing, which gets one digit in ten. Something in "
            "the settings keeps it from learning; a learning rate that is too large is the usual "
            "culprit. It is kept as your network (below), so you can see what it does.")
    return "success", (
        f"Trained in {duration(run.seconds)}. It gets **{accuracy:.2%}** of the 10,000 "
        "test images right: digits it never saw while learning. It is now your network (below).")


def plain(text) -> str:
    """Text from a file a stranger made, for Markdown: on one line, no formatting, no links."""
    return _ADDRESS.sub("\u2060", str(text).translate(_MARKDOWN))


# What a weight file may say about the computer it was made on: no use to a learner, so
# never shown (the training settings, its time and its accuracy are).
_MACHINE_WORDS = ("machine", "cpu", "thread", "host", "platform", "python", "numpy")


def _about_the_machine(key: str) -> bool:
    return any(word in key.lower() for word in _MACHINE_WORDS)


def _command_line_recipe(meta: dict) -> str:
    """The settings `python -m netcore.training` records (its "recipe"), time and accuracy."""
    r = meta["recipe"]
    parts = [f"{r['epochs']:g} epochs, batches of {r['batch_size']}",
             f"{r['optimizer'].upper()} at learning rate {r['learning_rate']:g}"
             + (" (cosine schedule)" if r.get("lr_schedule") == "cosine" else "")]
    if r.get("weight_decay"):
        parts.append(f"weight decay {r['weight_decay']:g}")
    if r.get("augment"):
        parts.append(f"{r['augment']:.0%} of the images shown as randomly distorted copies")
    parts.append(f"seed {r['seed']}")
    if isinstance(meta.get("training_seconds"), (int, float)):
        parts.append(f"in {meta['training_seconds']:g} s")
    if isinstance(meta.get("train_accuracy"), (int, float)):
        parts.append(f"{meta['train_accuracy']:.2%} right on its training images")
    return ", ".join(parts)


def recipe(meta: dict | None) -> str:
    """How a network was trained, from its weight file's metadata (whatever that holds):
    its settings, time and accuracy, never the machine it was trained on."""
    meta = meta or {}
    try:
        if meta.get("source") == "trained on the /learning page":
            return plain(f"{meta['epochs_done']:g} epochs on {meta['n_train']:,} images, batches "
                         f"of {meta['batch_size']}, {meta['optimizer'].upper()} at learning rate "
                         f"{meta['learning_rate']:g}, seed {meta['seed']}, "
                         f"in {meta['seconds']:g} s")
        if isinstance(meta.get("recipe"), dict):
            return plain(_command_line_recipe(meta))
    except (KeyError, TypeError, ValueError, AttributeError):
        pass   # a file that only claims to come from here: list what it holds instead
    parts = [f"{key.replace('_', ' ')}: {value:.4g}" if isinstance(value, float)
             else f"{key.replace('_', ' ')}: {value}" for key, value in meta.items()
             if key not in ("test_accuracy", "loaded_from") and isinstance(value, (str, int, float))
             and len(str(value)) <= 60 and len(key) <= 40 and not _about_the_machine(key)]
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
