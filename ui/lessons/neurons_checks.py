"""/neurons: the checks for understanding, what a white square and a gray one hold."""

from __future__ import annotations

import numpy as np

from netcore import preprocess
from netcore.preprocess import SIDE
from ui import check, images
from ui.check import Check, about_digit

WHITE_CHOICES = ("0", "0.5", "1", "255")
GRAY_TOLERANCE = 0.15   # a guess of a gray square's activation this close counts as right
GRAY = (0.25, 0.8)      # clearly gray: a guess of 0 or of 1 is never within tolerance


def white_value() -> float:
    """The ink of one fully white, fully opaque canvas pixel, through the real preprocessing."""
    white = np.full((1, 1, 4), 255, np.uint8)   # red, green, blue, opacity
    return float(preprocess.ink(white, 255, alpha_is_ink=False)[0, 0])


def where(k: int) -> str:
    r, c = divmod(int(k), SIDE)
    return f"row {r}, column {c}"


def white_check(digit) -> Check:
    """What a white square holds: 0, 0.5, 1 or 255, the answer from netcore.preprocess.ink."""
    a0 = digit.x
    value = white_value()
    brightest = int(np.argmax(a0))
    black = int(np.count_nonzero(a0 == 0))
    gray = gray_square(a0)
    explanation = (
        f"Activations run from 0 (black) to 1 (white). A white pixel of the canvas stores "
        "R = G = B = 255 and opacity 255; its brightness (0.299 x 255 + 0.587 x 255 + 0.114 x 255) "
        f"/ 255, times 255 / 255 for the opacity, is **{value:.2f}**. Your digit's brightest square "
        f"({where(brightest)}) holds **{a0[brightest]:.2f}**.")

    def why_wrong(i: int) -> str:
        if WHITE_CHOICES[i] == "0":
            return (f"0 is black, no ink at all: {black} of your digit's 784 squares hold "
                    "exactly 0. Ink makes a square brighter, and a higher number.")
        if WHITE_CHOICES[i] == "0.5":
            example = ("" if gray is None else
                       f": your square at {where(gray)} holds {a0[gray]:.2f}")
            return (f"0.5 is a middle gray, as at the edge of a stroke{example}. White is as "
                    "bright as a square gets.")
        return ("255 is the byte a picture file stores for full brightness, on a scale from 0 to "
                "255. The network's neurons use the scale 0 to 1: the byte is divided by 255.")

    return Check("neurons-white", "A square of your digit that is fully white: what activation "
                 "does its input neuron hold?", answer=WHITE_CHOICES.index(f"{value:g}"),
                 choices=WHITE_CHOICES, explanation=explanation, why_wrong=why_wrong,
                 context=about_digit(digit))


def gray_square(a0) -> int | None:
    """A gray square (at the edge of a stroke): the middle one, in reading order, of those
    between GRAY[0] and GRAY[1]; its value differs from digit to digit. None if there is none."""
    a0 = np.asarray(a0)
    grays = np.flatnonzero((a0 > GRAY[0]) & (a0 < GRAY[1]))
    return int(grays[len(grays) // 2]) if len(grays) else None


def gray_check(digit) -> Check:
    """Guess the activation of the gray square (within GRAY_TOLERANCE); the answer is a0[k]."""
    a0 = digit.x.astype(np.float64)
    k = gray_square(a0)
    value = round(float(a0[k]), 2)
    brightest = float(a0.max())
    explanation = (
        f"Input neuron {k} ({where(k)}) holds **{value:.2f}**: between black (0) and your "
        f"brightest square ({brightest:.2f}). It is gray because it lies on the edge of a "
        "stroke: each square of the 28 x 28 picture averages several pixels of the original, "
        "some inked and some not.")

    def why_wrong(v) -> str:
        v = float(v)
        if v > 1:
            return (f"No activation is above 1 (white). If {v:g} is meant on the scale of a byte, "
                    f"0 to 255, it is {v:g} / 255 = {v / 255:.2f} on the neurons' scale.")
        if v < 0:
            return "No activation is below 0 (black): a square holds no less than no ink."
        if v < value:
            return (f"That is darker than the square in the box: it holds more than "
                    f"{v + GRAY_TOLERANCE:.2f}. Compare it with the white of your strokes (about "
                    f"{brightest:.2f}) and the black around them (0).")
        return (f"That is brighter than the square in the box: it holds less than "
                f"{v - GRAY_TOLERANCE:.2f}. Compare it with the white of your strokes (about "
                f"{brightest:.2f}) and the black around them (0).")

    return Check("neurons-gray", f"The square in the middle of the dashed box "
                 f"({where(k)}) is gray. Guess the "
                 f"activation its input neuron holds, from 0 to 1 (a guess within "
                 f"{GRAY_TOLERANCE} of it counts as right).",
                 answer=value, tolerance=GRAY_TOLERANCE, explanation=explanation,
                 why_wrong=why_wrong, context=about_digit(digit))


def ask_white_and_gray(digit) -> bool:
    """The two checks, the gray one (with its square boxed) once the white one is answered."""
    if not check.ask(white_check(digit)):
        return False
    k = gray_square(digit.x)
    if k is None:   # no gray at all (every square nearly black or white): nothing to ask
        return True
    r, c = divmod(k, SIDE)
    # the box goes round the square's neighbours: a mark on the square itself would hide its gray
    images.show(images.marked_picture(digit.x.reshape(SIDE, SIDE), width=280,
                                      box=(r - 1, r + 2, c - 1, c + 2)))
    return check.ask(gray_check(digit))
