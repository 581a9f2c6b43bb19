"""/counting's checks for understanding (ui.check), about a network the page does not show.

The answers are read off a real netcore.Network of those sizes (its arrays), not typed in.
"""

from __future__ import annotations

import math

import netcore
from ui.check import Check
from ui.lessons.counting import count

CHECK_SIZES = (784, 30, 10)   # the network of Michael Nielsen's book: one hidden layer of 30


def _hidden_words(sizes) -> str:
    """ "one hidden layer of 30", "hidden layers of 16 and 16"."""
    hidden = [f"{n:,}" for n in sizes[1:-1]]
    if not hidden:
        return "no hidden layer"
    if len(hidden) == 1:
        return f"one hidden layer of {hidden[0]}"
    return f"hidden layers of {', '.join(hidden[:-1])} and {hidden[-1]}"


def checks(shown_sizes, sizes=CHECK_SIZES) -> list[Check]:
    """How many biases does a network of `sizes` have? How many weights and biases in all?

    The answers are read off a real netcore.Network of those sizes (its arrays), not typed in.
    shown_sizes: the network the page has just counted (a learner may give its count instead).
    """
    net = netcore.Network(sizes, seed=0)
    weights = sum(w.size for w in net.weights)
    biases = sum(b.size for b in net.biases)
    total = net.n_params
    name = "-".join(map(str, sizes))
    after_input = " + ".join(map(str, sizes[1:]))
    links = " + ".join(f"{n_out} × {n_in}" for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    neurons = sum(sizes)
    no_input_bias = (f"That counts the {sizes[0]} input neurons too, but they only hold the "
                     "pixels: nothing computes them, so they have no bias.")
    built = f"`netcore.Network({sizes})` holds exactly these in its arrays."

    def why_biases(v) -> str:
        v = int(v)
        if v == neurons:
            return no_input_bias
        if v in sizes[1:]:
            return (f"That is one layer's; every neuron after the input has a bias of its own: "
                    f"{after_input}.")
        if v >= weights:
            return "That counts weights too. A bias belongs to a neuron, not to a link."
        return "One bias per neuron after the input layer: count the neurons, layer by layer."

    def why_total(v) -> str:
        v = int(v)
        if v == weights:
            return (f"You counted only the weights: {links} = {weights:,}. Each of the "
                    f"{after_input} = {biases} neurons after the input adds a bias.")
        if v == weights + neurons:
            return (f"{no_input_bias} {weights:,} weights + {biases} biases.")
        if v == math.prod(sizes):
            return (f"Multiplying all the sizes counts paths through the network. A weight "
                    f"belongs to one link between *neighbouring* layers: {links}.")
        if v == neurons:
            return ("That counts neurons. The knobs are one weight per link and one bias per "
                    "neuron after the input.")
        shown = count(shown_sizes)
        if v in (shown[-1].running_total, sum(step.weights for step in shown)):
            return (f"That is the {'-'.join(map(str, shown_sizes))} network above. This one "
                    f"has {_hidden_words(sizes)}.")
        return (f"Weights: one per link, {links}. Biases: one per neuron after the input, "
                f"{after_input}.")

    return [
        Check("counting-biases", f"Now count another network: **{name}**, "
              f"{_hidden_words(sizes)}. How many **biases** does it have?",
              answer=biases, why_wrong=why_biases,
              explanation=(f"{after_input} = **{biases}**: one per neuron after the input layer "
                           f"(the input neurons just hold the pixels). {built}")),
        Check("counting-parameters", f"And how many **weights and biases** does {name} have "
              "in all?",
              answer=total, why_wrong=why_total,
              explanation=(f"{links} = {weights:,} weights, plus {after_input} = {biases} "
                           f"biases: **{total:,}**. {built} Type {', '.join(map(str, sizes))} "
                           "into the counter below to see it layer by layer.")),
    ]
