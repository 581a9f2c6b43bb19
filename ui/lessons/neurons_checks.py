"""/neurons: the checks for understanding, what a white square and a gray one hold."""

from __future__ import annotations

import numpy as np

from netcore import preprocess
from netcore.preprocess import SIDE
from ui import check, images
from ui.check import Check, about_digit
from ui.i18n import number, t

WHITE_CHOICES = ("0", "0.5", "1", "255")
GRAY_TOLERANCE = 0.15   # a guess of a gray square's activation this close counts as right
GRAY = (0.25, 0.8)      # clearly gray: a guess of 0 or of 1 is never within tolerance


def white_value() -> float:
    """The ink of one fully white, fully opaque canvas pixel, through the real preprocessing."""
    white = np.full((1, 1, 4), 255, np.uint8)   # red, green, blue, opacity
    return float(preprocess.ink(white, 255, alpha_is_ink=False)[0, 0])


def where(k: int) -> dict:
    """The row and column of input neuron k's square, as a message's values {r} and {c}."""
    r, c = divmod(int(k), SIDE)
    return dict(r=r, c=c)


def white_check(digit) -> Check:
    """What a white square holds: 0, 0.5, 1 or 255, the answer from netcore.preprocess.ink."""
    a0 = digit.x
    value = white_value()
    brightest = int(np.argmax(a0))
    black = int(np.count_nonzero(a0 == 0))
    gray = gray_square(a0)
    kr, kg, kb = (float(k) for k in preprocess.LUMA)
    explanation = t(
        "Activations run from 0 (black) to 1 (white). A white pixel of the canvas stores "
        "R = G = B = 255 and opacity 255; its brightness ({kr:.3f} x 255 + {kg:.3f} x 255 + "
        "{kb:.3f} x 255) / 255, times 255 / 255 for the opacity, is **{value:.2f}**. Your "
        "digit's brightest square (row {r}, column {c}) holds **{brightest:.2f}**.", kr=kr, kg=kg,
        kb=kb, value=value, brightest=float(a0[brightest]), **where(brightest))

    def why_wrong(i: int) -> str:
        if WHITE_CHOICES[i] == "0":
            return t("0 is black, no ink at all: {black} of your digit's 784 squares hold "
                     "exactly 0. Ink makes a square brighter, and a higher number.", black=black)
        if WHITE_CHOICES[i] == "0.5":
            if gray is None:
                return t("{half} is a middle gray, as at the edge of a stroke. White is as "
                         "bright as a square gets.", half=0.5)
            return t("{half} is a middle gray, as at the edge of a stroke: your square at "
                     "row {r}, column {c} holds {value:.2f}. White is as bright as a square gets.",
                     half=0.5, value=float(a0[gray]), **where(gray))
        return t("255 is the byte a picture file stores for full brightness, on a scale from 0 "
                 "to 255. The network's neurons use the scale 0 to 1: the byte is divided by 255.")

    return Check("neurons-white", t("A square of your digit that is fully white: what activation "
                                    "does its input neuron hold?"),
                 answer=WHITE_CHOICES.index(f"{value:g}"),
                 choices=tuple(number(float(c), "g") for c in WHITE_CHOICES),   # 0,5 in French
                 explanation=explanation, why_wrong=why_wrong, context=about_digit(digit))


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
    explanation = t(
        "Input neuron {k} (row {r}, column {c}) holds **{value:.2f}**: between black (0) and your "
        "brightest square ({brightest:.2f}). It is gray because it lies on the edge of a "
        "stroke: each square of the 28 x 28 picture averages several pixels of the original, "
        "some inked and some not.", k=k, value=value, brightest=brightest, **where(k))

    def why_wrong(v) -> str:
        v = float(v)
        if v > 1:
            return t("No activation is above 1 (white). If {v:g} is meant on the scale of a "
                     "byte, 0 to 255, it is {v:g} / 255 = {scaled:.2f} on the neurons' scale.",
                     v=v, scaled=v / 255)
        if v < 0:
            return t("No activation is below 0 (black): a square holds no less than no ink.")
        if v < value:
            return t("That is darker than the square in the box: it holds more than "
                     "{bound:.2f}. Compare it with the white of your strokes (about "
                     "{brightest:.2f}) and the black around them (0).",
                     bound=v + GRAY_TOLERANCE, brightest=brightest)
        return t("That is brighter than the square in the box: it holds less than "
                 "{bound:.2f}. Compare it with the white of your strokes (about "
                 "{brightest:.2f}) and the black around them (0).",
                 bound=v - GRAY_TOLERANCE, brightest=brightest)

    question = t("The square in the middle of the dashed box (row {r}, column {c}) is gray. "
                 "Guess the activation its input neuron holds, from 0 to 1 (a guess within "
                 "{tolerance} of it counts as right).", tolerance=GRAY_TOLERANCE, **where(k))
    return Check("neurons-gray", question,
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
