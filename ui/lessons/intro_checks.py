"""/ (This is a three): the check for understanding, how many numbers the network reads."""

from __future__ import annotations

import numpy as np

from netcore.preprocess import SIDE
from ui.canvas import CANVAS_SIZE
from ui.check import Check, about_digit

BYTES_PER_PIXEL = 4   # the canvas stores red, green, blue and opacity for every pixel


def _picture_words(digit) -> str:
    """What the learner gave, with its size in numbers."""
    h, w = digit.raw.shape[:2]
    channels = 1 if digit.raw.ndim == 2 else digit.raw.shape[2]
    what = {"drawing": "drawing", "mnist": "MNIST digit", "upload": "photo"}.get(digit.source,
                                                                               "picture")
    size = f"{h} x {w} pixels" + ("" if channels == 1 else f" of {channels} bytes")
    return f"Your {what} came as {size}, {h * w * channels:,} numbers"


def inputs_check(digit, net) -> Check:
    """How many numbers go into the network: its input layer's size, net.sizes[0]."""
    n_in = net.sizes[0]
    canvas = CANVAS_SIZE * CANVAS_SIZE
    counts = (canvas * BYTES_PER_PIXEL, canvas, SIDE * SIDE, net.sizes[-1])
    choices = (f"{counts[0]:,}: {CANVAS_SIZE} x {CANVAS_SIZE} pixels x {BYTES_PER_PIXEL} bytes",
               f"{counts[1]:,}: {CANVAS_SIZE} x {CANVAS_SIZE} pixels",
               f"{counts[2]:,}: {SIDE} x {SIDE} squares",
               f"{counts[3]}: one per digit")
    lit = int(np.count_nonzero(digit.x))
    explanation = (
        f"{_picture_words(digit)}. Before the network sees it, it is cropped, scaled into "
        f"{SIDE} x {SIDE} squares and centred, one gray value from 0 to 1 per square: "
        f"**{SIDE} x {SIDE} = {SIDE * SIDE}** numbers, one for each of the network's {n_in} input "
        f"neurons. On your digit {lit} of them hold more than 0; the other {n_in - lit} are black "
        "and hold 0. It is shown below.")

    def why_wrong(i: int) -> str:
        if i == 0:
            return (f"The canvas does store {BYTES_PER_PIXEL} bytes (red, green, blue, opacity) "
                    "per pixel, but they are turned into one gray value per pixel first, and the "
                    "picture is then made much smaller.")
        if i == 1:
            return (f"{canvas:,} is every pixel of the drawing box. The network is far smaller "
                    "than that: the picture is shrunk before it goes in.")
        if i == 3:
            return (f"{net.sizes[-1]} is what comes *out*: one output neuron per digit, 0 to 9. "
                    "The numbers that go in are the pixels of a small picture.")
        return f"The network reads exactly {n_in} numbers."   # a right answer never gets here

    return Check("intro-inputs", "How many numbers does the network read from your drawing?",
                 answer=counts.index(n_in), choices=choices,
                 explanation=explanation, why_wrong=why_wrong, context=about_digit(digit))
