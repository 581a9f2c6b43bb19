"""How the pages put numbers and names into words: a length of time, a layer's name.

Pure Python, no Streamlit, so every sentence built from them can be tested.
"""

from __future__ import annotations

_LONG = (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600), ("minutes", 60))
_SHORT = (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9))


def duration(seconds: float) -> str:
    """A length of time in the largest unit that fits: 13002 -> "3.6 hours", 42.5 -> "42.5 s",
    0.000123 -> "123 µs". A minute or more gets one decimal; less, three significant digits."""
    for unit, length in _LONG:
        if seconds >= length:
            return f"{seconds / length:,.1f} {unit}"
    for unit, length in _SHORT:
        if seconds >= length:
            return f"{seconds / length:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def layer_name(depth: int, n_layers: int, short: bool = False) -> str:
    """Layer `depth` of a network of n_layers layers, counted as in the lessons (0 = input):
    "input layer", "hidden layer 1", ..., "output layer"; short: "input", "hidden 1", "output"."""
    kind = "input" if depth == 0 else "output" if depth == n_layers - 1 else f"hidden {depth}"
    if short:
        return kind
    return f"hidden layer {depth}" if kind.startswith("hidden") else f"{kind} layer"
