"""/function's checks for understanding (ui.check), built from the network the page runs."""

from __future__ import annotations

import numpy as np

from netcore.preprocess import SIDE
from ui.check import Check
from ui.i18n import N_, number, t
from ui.lessons.function import nondigit

def in_and_out_check(net) -> Check:
    """How many numbers go into the function, and how many come out? From net.sizes."""
    n_in, n_out = net.sizes[0], net.sizes[-1]
    choices = (t("{n_in} in, 1 out (the digit)", n_in=n_in),
               t("{n_in} in, {n_out} out", n_in=n_in, n_out=n_out),
               t("{n_in:,} in, {n_out} out", n_in=net.n_params, n_out=n_out),
               t("{n_in} in, {n_out} out", n_in=n_out, n_out=n_in))
    why = {
        0: t("The digit itself is not an output. Out come {n_out} numbers, one activation per "
             "digit, each between 0 and 1; the pages call the brightest one the network's guess.",
             n_out=n_out),
        2: t("The {params:,} weights and biases are not inputs: they are fixed inside the "
             "function (training sets them). What goes in each time is one picture.",
             params=net.n_params),
        3: t("That is the wrong way round: in goes the picture, {side} × {side} = {n_in} pixel "
             "values, and out come {n_out} activations.", side=SIDE, n_in=n_in, n_out=n_out),
    }
    return Check(
        "function-in-and-out",
        t("Picture the whole network as one machine: numbers go in, numbers come out. How many "
          "go **in**, and how many come **out**?"),
        answer=1, choices=choices, why_wrong=lambda i: why.get(int(i), ""),
        explanation=t("{n_in} in, one per pixel of the {side} × {side} picture, and {n_out} out, "
                      "one per digit: the first and the last of `net.sizes == {sizes}`. The "
                      "{params:,} weights and biases stay fixed inside; they decide which "
                      "{n_out} numbers come out.", n_in=n_in, side=SIDE, n_out=n_out,
                      sizes=str(net.sizes), params=net.n_params))


NOISE_SEED = 0
CONFIDENCE = (N_("It says it is not a digit"), N_("It names a digit, every output below 0.5"),
              N_("It names a digit, its top output 0.5 to 0.9"),
              N_("It names a digit, its top output above 0.9"))


def noise_check(net) -> Check:
    """Fed uniform noise, how sure is the network? The right choice is what `net` outputs."""
    outputs = net.feedforward(nondigit("uniform noise", NOISE_SEED))
    guess = int(np.argmax(outputs))
    top = float(outputs[guess])
    answer = 1 + int(np.searchsorted([0.5, 0.9], top))   # below 0.5, 0.5 to 0.9, above 0.9
    listed = ", ".join(f"{d}: {number(float(v), '.2f')}" for d, v in enumerate(outputs))

    def why_wrong(i) -> str:
        if int(i) == 0:
            return t("It has {n} outputs, one per digit, and no other: whatever comes in, one of "
                     "them is the brightest. Fed this noise, it answers {guess}.",
                     n=outputs.size, guess=guess)
        return t("Its top output for this noise is output {guess}, at {top:.2f}.", guess=guess,
                 top=top)
    return Check(
        "function-noise",
        t("Before you feed it anything below: give it **uniform noise**, {n} random numbers "
          "between 0 and 1 (seed {seed}). What will the network do?", n=SIDE * SIDE,
          seed=NOISE_SEED),
        answer=answer, choices=tuple(t(choice) for choice in CONFIDENCE), why_wrong=why_wrong,
        explanation=t("Fed the noise of seed {seed}, it answers **{guess}**, with output {guess} "
                      "at **{top:.2f}** (all ten: {listed}). It was only ever shown digits and "
                      "has no way to say \"none of these\", so a high output says nothing about "
                      "whether the input is a digit at all. Try the other buttons.",
                      seed=NOISE_SEED, guess=guess, top=top, listed=listed))
