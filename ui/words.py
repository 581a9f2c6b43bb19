"""How the pages put numbers and names into words: a length of time, a layer's name.

No Streamlit here (the words come from ui.i18n's catalogues, in the learner's language),
so every sentence built from them can be tested.
"""

from __future__ import annotations

import math

from ui.i18n import nt, t

_LONG = (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600), ("minutes", 60))
_SHORT = (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9))


def _long(unit: str, value: float) -> str:
    """value (shown with one decimal) in a unit of a minute or more. The plural form is
    chosen for the value rounded up (1.0 -> 1, 1.4 -> 2): English says "1.4 hours"."""
    n = math.ceil(round(value, 1))
    if unit == "years":
        return nt("{value:,.1f} year", "{value:,.1f} years", n, value=value)
    if unit == "days":
        return nt("{value:,.1f} day", "{value:,.1f} days", n, value=value)
    if unit == "hours":
        return nt("{value:,.1f} hour", "{value:,.1f} hours", n, value=value)
    return nt("{value:,.1f} minute", "{value:,.1f} minutes", n, value=value)


def _short(unit: str, value: float) -> str:
    """value (three significant digits) in seconds or a fraction of one (SI symbols)."""
    if unit == "s":
        return t("{value:.3g} s", value=value)
    if unit == "ms":
        return t("{value:.3g} ms", value=value)
    if unit == "µs":
        return t("{value:.3g} µs", value=value)
    return t("{value:.3g} ns", value=value)


def duration(seconds: float) -> str:
    """A length of time in the largest unit that fits: 13002 -> "3.6 hours", 42.5 -> "42.5 s",
    0.000123 -> "123 µs". A minute or more gets one decimal; less, three significant digits."""
    for unit, length in _LONG:
        if seconds >= length:
            return _long(unit, seconds / length)
    for unit, length in _SHORT:
        if seconds >= length:
            return _short(unit, seconds / length)
    return _short("ns", seconds / 1e-9)


def layer_name(depth: int, n_layers: int, short: bool = False) -> str:
    """Layer `depth` of a network of n_layers layers, counted as in the lessons (0 = input):
    "input layer", "hidden layer 1", ..., "output layer"; short: "input", "hidden 1", "output"."""
    if depth == 0:
        # TRANSLATORS: a layer's short name, under a column of neurons
        return t("input") if short else t("input layer")
    if depth == n_layers - 1:
        # TRANSLATORS: a layer's short name, under a column of neurons
        return t("output") if short else t("output layer")
    # TRANSLATORS: a layer's short name, under a column of neurons ("hidden 1")
    return t("hidden {depth}", depth=depth) if short else t("hidden layer {depth}", depth=depth)
