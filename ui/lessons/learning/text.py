"""The sentences /learning shows about a plan, a run and a network, as Markdown.

Plain functions from `ui.lessons.learning.settings` and `ui.lessons.learning.run` objects to text,
no Streamlit, so every message can be checked without a page. Anything taken from
a weight file a stranger made goes through `plain` first.
"""

from __future__ import annotations

import re

from ui.i18n import N_, nt, number, t
from ui.lessons.learning.run import NEVER_STARTED, TIME_LIMIT, Run
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

START_TEXT = N_("Below are the weights a new network starts with: small random numbers, drawn "
                "with the seed above (their spread shrinks as the number of inputs grows, so "
                "that no neuron starts out stuck at 0 or 1). Each picture shows the 784 weights "
                "into one neuron, placed where their pixels are. Press **Train** and watch them "
                "change.")
CURVES_TEXT = N_("**Loss**: how far the ten outputs are from the right answer (0 would be "
                 "perfect), averaged over the last few batches. **Accuracy**: the share of digits "
                 "it gets right, in gray on the batches it learns from, in blue on the 10,000 test "
                 "images (scored after each epoch; the first point is the random start).")


def describe_plan(s: Settings) -> str:
    seconds, speed = estimate_seconds(s), machine_speed()
    shape = s.activation if s.hidden else t("no hidden layer")
    return " ".join((
        t("**{name}** ({shape}): **{n_params:,}** weights and biases to learn.",
          name=s.name, shape=shape, n_params=s.n_params),
        nt("{n} epoch of {steps:,} steps, each step on {batch:,} of the {images:,} training "
           "images.",
           "{n} epochs of {steps:,} steps, each step on {batch:,} of the {images:,} training "
           "images.", s.epochs, steps=s.n_batches, batch=min(s.batch_size, s.n_train),
           images=s.n_train),
        t("Estimated time: **about {time}** (each image costs about 3 multiply-adds per weight, "
          "and this project's server does about {billions:.0f} billion a second; runs over "
          "{limit} s are not allowed).", time=duration(seconds),
          billions=1e-9 / speed.seconds_per_mac, limit=MAX_SECONDS)))


def progress_text(run: Run) -> tuple[str, str]:
    """(the progress bar's label, the time taken and left) during or after `run`.
    Built when shown, from the run's numbers (the training thread writes no text)."""
    p, epochs = run.latest, run.settings.epochs
    if run.done:
        if run.status == "finished":
            label = nt("Done: {n} epoch", "Done: all {n} epochs", epochs)
        elif run.status == "stopped":
            label = (t("Stopped in epoch {epoch} of {epochs}", epoch=p.epoch, epochs=epochs) if p
                     else t("Stopped in the first step"))
        elif run.status == "diverged":
            label = (t("Blew up in epoch {epoch} of {epochs}", epoch=p.epoch, epochs=epochs) if p
                     else t("Blew up in the first step"))
        else:
            label = t("Failed")
        return label, t("{time} in all", time=duration(run.seconds))
    if p is None and run.waiting:
        return (t("Waiting: other learners' networks are training on this server; yours starts "
                  "as soon as one of them finishes..."), "")
    if p is None:
        return t("Starting: testing the random network..."), ""
    label = t("Epoch {epoch} of {epochs}, step {step:,} of {steps:,}", epoch=p.epoch,
              epochs=epochs, step=p.batch, steps=p.n_batches)
    fraction = run.fraction_done
    left = p.elapsed * (1 - fraction) / fraction if fraction else 0.0
    return label, t("{time} so far, about {left} to go", time=duration(p.elapsed),
                    left=duration(left))


def run_summary(run: Run, kept_previous: bool) -> tuple[str, str]:
    """(st function name, message) saying how `run` ended."""
    s = run.settings
    if run.status == "failed":
        if run.error == NEVER_STARTED:
            return "error", t("Training stopped with an error: this page was closed while the "
                              "run waited for a free training slot, so it never started")
        return "error", t("Training stopped with an error: {error}", error=run.error)
    if run.status == "diverged":
        p = run.latest
        sentences = [
            t("Training blew up at step {step:,} of epoch {epoch}: the loss stopped being a "
              "number (it became infinite or NaN, 'not a number').", step=p.batch,
              epoch=p.epoch) if p else
            t("Training blew up at once: the loss stopped being a number (it became infinite "
              "or NaN, 'not a number')."),
            t("With a learning rate of {rate:g}, each step overshot, and the weights grew until "
              "the arithmetic overflowed.", rate=s.learning_rate),
            t("This network was thrown away.")]
        if kept_previous:
            sentences.append(t("Your previous network is unchanged."))
        sentences.append(t("Try a smaller learning rate, for example {rate:g}.",
                           rate=s.learning_rate / 10))
        return "warning", " ".join(sentences)
    accuracy, total = run.evaluation.accuracy, len(run.evaluation.labels)
    if run.status == "stopped":
        why = (t("Stopped at this page's time limit of {limit} s (the server is busy) ({time}).",
                 limit=TIME_LIMIT, time=duration(run.seconds)) if run.timed_out else
               t("Stopped after {done:.1f} of {epochs} epochs ({time}).", done=run.epochs_done,
                 epochs=s.epochs, time=duration(run.seconds)))
        return "info", why + " " + t(
            "The network keeps what it learned so far: it gets **{accuracy:.1%}** of the "
            "{total:,} test images right. It is now your network (below).",
            accuracy=accuracy, total=total)
    if accuracy < 0.2:
        return "warning", t(
            "Trained in {time}, but it gets only **{accuracy:.1%}** of the {total:,} test images "
            "right: little better than guessing, which gets one digit in ten. Something in the "
            "settings keeps it from learning; a learning rate that is too large is the usual "
            "culprit. It is kept as your network (below), so you can see what it does.",
            time=duration(run.seconds), accuracy=accuracy, total=total)
    return "success", t(
        "Trained in {time}. It gets **{accuracy:.2%}** of the {total:,} test images right: "
        "digits it never saw while learning. It is now your network (below).",
        time=duration(run.seconds), accuracy=accuracy, total=total)


def plain(text) -> str:
    """Text from a file a stranger made, for Markdown: on one line, no formatting, no links."""
    return _ADDRESS.sub("\u2060", str(text).translate(_MARKDOWN))


# What a weight file may say about the computer it was made on: no use to a learner, so
# never shown (the training settings, its time and its accuracy are).
_MACHINE_WORDS = ("machine", "cpu", "thread", "host", "platform", "python", "numpy")


def _about_the_machine(key: str) -> bool:
    return any(word in key.lower() for word in _MACHINE_WORDS)


# The "source" this site writes into a weight file (data, in English), said in the learner's
# language when shown.
SOURCE_NAMES = {"trained on the /learning page": N_("trained on the /learning page"),
                "the site's trained network": N_("the site's trained network"),
                "your own network": N_("your own network")}
TAUGHT = "taught a digit on the /learning page"   # the source of a taught network (teach.py)


def _taught_recipe(meta: dict) -> str:
    """What /learning's "Teach it your digit" records: where it started, its last teaching."""
    started = str(meta["started_from"])
    started = t(SOURCE_NAMES[started]) if started in SOURCE_NAMES else started
    return nt("{started}, then taught {n} digit here (the last one as a {label}: {steps} steps "
              "at learning rate {rate:g})",
              "{started}, then taught {n} digits here (the last one as a {label}: {steps} steps "
              "at learning rate {rate:g})", int(meta["times_taught"]), started=started,
              label=meta["taught_label"], steps=meta["steps"], rate=meta["learning_rate"])


def _command_line_recipe(meta: dict) -> str:
    """The settings `python -m netcore.training` records (its "recipe"), time and accuracy."""
    r = meta["recipe"]
    optimizer = r["optimizer"].upper()
    parts = [t("{epochs:g} epochs, batches of {batch}", epochs=r["epochs"], batch=r["batch_size"]),
             t("{optimizer} at learning rate {rate:g} (cosine schedule)", optimizer=optimizer,
               rate=r["learning_rate"]) if r.get("lr_schedule") == "cosine" else
             t("{optimizer} at learning rate {rate:g}", optimizer=optimizer,
               rate=r["learning_rate"])]
    if r.get("weight_decay"):
        parts.append(t("weight decay {decay:g}", decay=r["weight_decay"]))
    if r.get("augment"):
        parts.append(t("{share:.0%} of the images shown as randomly distorted copies",
                       share=r["augment"]))
    if r.get("redrawn"):
        parts.append(t("{share:.0%} shown as copies traced and drawn again with other pens at "
                       "other sizes, as on the canvas", share=r["redrawn"]))
    if r.get("train_on"):
        parts.append(t("on the first {n:,} training images (the other {held:,} held out)",
                       n=r["train_on"], held=60_000 - r["train_on"]))
    parts.append(t("seed {seed}", seed=r["seed"]))
    if isinstance(meta.get("training_seconds"), (int, float)):
        parts.append(t("in {seconds:g} s", seconds=meta["training_seconds"]))
    if isinstance(meta.get("train_accuracy"), (int, float)):
        parts.append(t("{accuracy:.2%} right on its training images",
                       accuracy=meta["train_accuracy"]))
    return ", ".join(parts)


def recipe(meta: dict | None) -> str:
    """How a network was trained, from its weight file's metadata (whatever that holds):
    its settings, time and accuracy, never the machine it was trained on."""
    meta = meta or {}
    try:
        if meta.get("source") == "trained on the /learning page":   # data in the file: English
            return plain(t("{epochs:g} epochs on {images:,} images, batches of {batch}, "
                           "{optimizer} at learning rate {rate:g}, seed {seed}, in {seconds:g} s",
                           epochs=meta["epochs_done"], images=meta["n_train"],
                           batch=meta["batch_size"], optimizer=meta["optimizer"].upper(),
                           rate=meta["learning_rate"], seed=meta["seed"],
                           seconds=meta["seconds"]))
        if meta.get("source") == TAUGHT:
            return plain(_taught_recipe(meta))
        if isinstance(meta.get("recipe"), dict):
            return plain(_command_line_recipe(meta))
    except (KeyError, TypeError, ValueError, AttributeError):
        pass   # a file that only claims to come from here: list what it holds instead
    # the file's own keys and values are its data, shown as they are (numbers written the
    # learner's way)
    parts = [f"{key.replace('_', ' ')}: {number(value, '.4g')}" if isinstance(value, float)
             else f"{key.replace('_', ' ')}: {value}" for key, value in meta.items()
             if key not in ("test_accuracy", "loaded_from") and isinstance(value, (str, int, float))
             and len(str(value)) <= 60 and len(key) <= 40 and not _about_the_machine(key)]
    return plain(", ".join(parts[:10])) if parts else t("not recorded in its file")


def comparison_table(own, own_meta, own_eval, default, default_meta, default_eval) -> str:
    """A Markdown table: the learner's network next to the site's trained one."""
    def column(net, meta, ev):
        return [f"{'-'.join(map(str, net.sizes))} ({net.activation})", number(net.n_params, ","),
                t("{right:,} of {total:,} ({accuracy:.2%})", right=ev.n_correct,
                  total=len(ev.labels), accuracy=ev.accuracy), recipe(meta)]
    rows = [t("Layers"), t("Weights and biases"), t("Test digits right"), t("How it was trained")]
    lines = ["| | {} | {} |".format(t("Your network"), t("The site's network")), "|---|---|---|"]
    for row, a, b in zip(rows, column(own, own_meta, own_eval),
                         column(default, default_meta, default_eval)):
        lines.append(f"| **{row}** | {a} | {b} |")
    return "\n".join(lines)
