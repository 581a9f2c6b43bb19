"""/function's checks for understanding (ui.check), built from the network the page runs."""

from __future__ import annotations

import numpy as np

from netcore.preprocess import SIDE
from ui.check import Check
from ui.lessons.function import nondigit

def in_and_out_check(net) -> Check:
    """How many numbers go into the function, and how many come out? From net.sizes."""
    n_in, n_out = net.sizes[0], net.sizes[-1]
    choices = (f"{n_in} in, 1 out (the digit)", f"{n_in} in, {n_out} out",
               f"{net.n_params:,} in, {n_out} out", f"{n_out} in, {n_in} out")
    why = {
        0: (f"The digit itself is not an output. Out come {n_out} numbers, one activation per "
            "digit, each between 0 and 1; the pages call the brightest one the network's guess."),
        2: (f"The {net.n_params:,} weights and biases are not inputs: they are fixed inside the "
            "function (training sets them). What goes in each time is one picture."),
        3: (f"That is the wrong way round: in goes the picture, {SIDE} × {SIDE} = {n_in} pixel "
            f"values, and out come {n_out} activations."),
    }
    return Check(
        "function-in-and-out",
        "Picture the whole network as one machine: numbers go in, numbers come out. How many "
        "go **in**, and how many come **out**?",
        answer=1, choices=choices, why_wrong=lambda i: why.get(int(i), ""),
        explanation=(f"{n_in} in, one per pixel of the {SIDE} × {SIDE} picture, and {n_out} out, "
                     f"one per digit: the first and the last of `net.sizes == {net.sizes}`. The "
                     f"{net.n_params:,} weights and biases stay fixed inside; they decide which "
                     f"{n_out} numbers come out."))


NOISE_SEED = 0
CONFIDENCE = ("It says it is not a digit", "It names a digit, every output below 0.5",
              "It names a digit, its top output 0.5 to 0.9",
              "It names a digit, its top output above 0.9")


def noise_check(net) -> Check:
    """Fed uniform noise, how sure is the network? The right choice is what `net` outputs."""
    outputs = net.feedforward(nondigit("uniform noise", NOISE_SEED))
    guess = int(np.argmax(outputs))
    top = float(outputs[guess])
    answer = 1 + int(np.searchsorted([0.5, 0.9], top))   # below 0.5, 0.5 to 0.9, above 0.9
    listed = ", ".join(f"{d}: {v:.2f}" for d, v in enumerate(outputs))

    def why_wrong(i) -> str:
        if int(i) == 0:
            return (f"It has {outputs.size} outputs, one per digit, and no other: whatever comes "
                    f"in, one of them is the brightest. Fed this noise, it answers {guess}.")
        return f"Its top output for this noise is output {guess}, at {top:.2f}."
    return Check(
        "function-noise",
        f"Before you feed it anything below: give it **uniform noise**, {SIDE * SIDE} random "
        f"numbers between 0 and 1 (seed {NOISE_SEED}). What will the network do?",
        answer=answer, choices=CONFIDENCE, why_wrong=why_wrong,
        explanation=(f"Fed the noise of seed {NOISE_SEED}, it answers **{guess}**, with output "
                     f"{guess} at **{top:.2f}** (all ten: {listed}). It was only ever shown digits "
                     "and has no way to say \"none of these\", so a high output says nothing "
                     "about whether the input is a digit at all. Try the other buttons."))
