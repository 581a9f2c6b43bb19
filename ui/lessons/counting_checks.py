"""/counting's checks for understanding (ui.check), about a network the page does not show.

The answers are read off a real netcore.Network of those sizes (its arrays), not typed in.
"""

from __future__ import annotations

import math

import netcore
from ui.check import Check
from ui.i18n import number, t
from ui.lessons.counting import count

CHECK_SIZES = (784, 30, 10)   # the network of Michael Nielsen's book: one hidden layer of 30


def _hidden_words(sizes) -> str:
    """ "one hidden layer of 30", "hidden layers of 16 and 16"."""
    hidden = sizes[1:-1]
    if not hidden:
        return t("no hidden layer")
    if len(hidden) == 1:
        return t("one hidden layer of {size:,}", size=hidden[0])
    return t("hidden layers of {sizes} and {last:,}",
             sizes=", ".join(number(n, ",") for n in hidden[:-1]), last=hidden[-1])


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
    no_input_bias = t("That counts the {inputs} input neurons too, but they only hold the "
                      "pixels: nothing computes them, so they have no bias.", inputs=sizes[0])
    built = t("`netcore.Network({sizes})` holds exactly these in its arrays.", sizes=str(sizes))

    def why_biases(v) -> str:
        v = int(v)
        if v == neurons:
            return no_input_bias
        if v in sizes[1:]:
            return t("That is one layer's; every neuron after the input has a bias of its own: "
                     "{after_input}.", after_input=after_input)
        if v >= weights:
            return t("That counts weights too. A bias belongs to a neuron, not to a link.")
        return t("One bias per neuron after the input layer: count the neurons, layer by layer.")

    def why_total(v) -> str:
        v = int(v)
        if v == weights:
            return t("You counted only the weights: {links} = {weights:,}. Each of the "
                     "{after_input} = {biases} neurons after the input adds a bias.",
                     links=links, weights=weights, after_input=after_input, biases=biases)
        if v == weights + neurons:
            return no_input_bias + " " + t("{weights:,} weights + {biases} biases.",
                                           weights=weights, biases=biases)
        if v == math.prod(sizes):
            return t("Multiplying all the sizes counts paths through the network. A weight "
                     "belongs to one link between *neighbouring* layers: {links}.", links=links)
        if v == neurons:
            return t("That counts neurons. The knobs are one weight per link and one bias per "
                     "neuron after the input.")
        shown = count(shown_sizes)
        if v in (shown[-1].running_total, sum(step.weights for step in shown)):
            return t("That is the {shown} network above. This one has {hidden}.",
                     shown="-".join(map(str, shown_sizes)), hidden=_hidden_words(sizes))
        return t("Weights: one per link, {links}. Biases: one per neuron after the input, "
                 "{after_input}.", links=links, after_input=after_input)

    return [
        Check("counting-biases", t("Now count another network: **{name}**, {hidden}. How many "
                                   "**biases** does it have?", name=name,
                                   hidden=_hidden_words(sizes)),
              answer=biases, why_wrong=why_biases,
              explanation=t("{after_input} = **{biases}**: one per neuron after the input layer "
                            "(the input neurons just hold the pixels).", after_input=after_input,
                            biases=biases) + " " + built),
        Check("counting-parameters", t("And how many **weights and biases** does {name} have "
                                       "in all?", name=name),
              answer=total, why_wrong=why_total,
              explanation=(t("{links} = {weights:,} weights, plus {after_input} = {biases} "
                             "biases: **{total:,}**.", links=links, weights=weights,
                             after_input=after_input, biases=biases, total=total)
                           + " " + built + " "
                           + t("Type {sizes} into the counter below to see it layer by layer.",
                               sizes=", ".join(map(str, sizes))))),
    ]
