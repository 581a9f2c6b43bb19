"""/ (This is a three): the check for understanding, how many numbers the network reads."""

from __future__ import annotations

import numpy as np

from netcore.preprocess import SIDE
from ui.canvas import CANVAS_SIZE
from ui.check import Check, about_digit
from ui.i18n import t

BYTES_PER_PIXEL = 4   # the canvas stores red, green, blue and opacity for every pixel


def _picture_words(digit) -> str:
    """What the learner gave, with its size in numbers: one sentence."""
    h, w = digit.raw.shape[:2]
    channels = 1 if digit.raw.ndim == 2 else digit.raw.shape[2]
    size = (t("{h} x {w} pixels", h=h, w=w) if channels == 1 else
            t("{h} x {w} pixels of {channels} bytes", h=h, w=w, channels=channels))
    count = h * w * channels
    if digit.source == "drawing":
        return t("Your drawing came as {size}, {count:,} numbers.", size=size, count=count)
    if digit.source == "mnist":
        return t("Your MNIST digit came as {size}, {count:,} numbers.", size=size, count=count)
    if digit.source == "upload":
        return t("Your photo came as {size}, {count:,} numbers.", size=size, count=count)
    return t("Your picture came as {size}, {count:,} numbers.", size=size, count=count)


def inputs_check(digit, net) -> Check:
    """How many numbers go into the network: its input layer's size, net.sizes[0]."""
    n_in = net.sizes[0]
    canvas = CANVAS_SIZE * CANVAS_SIZE
    counts = (canvas * BYTES_PER_PIXEL, canvas, SIDE * SIDE, net.sizes[-1])
    choices = (t("{count:,}: {side} x {side} pixels x {bytes} bytes", count=counts[0],
                 side=CANVAS_SIZE, bytes=BYTES_PER_PIXEL),
               t("{count:,}: {side} x {side} pixels", count=counts[1], side=CANVAS_SIZE),
               t("{count:,}: {side} x {side} squares", count=counts[2], side=SIDE),
               t("{count}: one per digit", count=counts[3]))
    lit = int(np.count_nonzero(digit.x))
    explanation = _picture_words(digit) + " " + t(
        "Before the network sees it, it is cropped, scaled into "
        "{side} x {side} squares and centred, one gray value from 0 to 1 per square: "
        "**{side} x {side} = {squares}** numbers, one for each of the network's {n_in} input "
        "neurons. On your digit {lit} of them hold more than 0; the other {dark} are black "
        "and hold 0. It is shown below.", side=SIDE,
        squares=SIDE * SIDE, n_in=n_in, lit=lit, dark=n_in - lit)

    def why_wrong(i: int) -> str:
        if i == 0:
            return t("The canvas does store {bytes} bytes (red, green, blue, opacity) "
                     "per pixel, but they are turned into one gray value per pixel first, and the "
                     "picture is then made much smaller.", bytes=BYTES_PER_PIXEL)
        if i == 1:
            return t("{canvas:,} is every pixel of the drawing box. The network is far smaller "
                     "than that: the picture is shrunk before it goes in.", canvas=canvas)
        if i == 3:
            return t("{n_out} is what comes *out*: one output neuron per digit, 0 to 9. "
                     "The numbers that go in are the pixels of a small picture.",
                     n_out=net.sizes[-1])
        return t("The network reads exactly {n_in} numbers.", n_in=n_in)   # a right answer never gets here

    return Check("intro-inputs", t("How many numbers does the network read from your drawing?"),
                 answer=counts.index(n_in), choices=choices,
                 explanation=explanation, why_wrong=why_wrong, context=about_digit(digit))
