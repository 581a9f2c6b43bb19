"""Every colour the lessons use for signed numbers (weights, weighted-sum terms), in one place.

The video shows positive weights green and negative ones red; many viewers
cannot tell those apart, so a colour-blind-safe blue/orange pair is offered too.
Colour is never the only sign: colour bars are labelled with + and -, and
every cell shows its exact value on hover.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import state
from ui.i18n import N_, t


@dataclass(frozen=True)
class Palette:
    name: str
    label: str      # in English, marked with N_(): shown as t(label)
    short: str      # the switch's button (t(short) too)
    positive: str   # colour of the most positive value
    negative: str   # colour of the most negative value
    zero: str = "#111111"

    def colorscale(self) -> list:
        """A Plotly colorscale: negative -> near-black at zero -> positive."""
        return [[0.0, self.negative], [0.5, self.zero], [1.0, self.positive]]


PALETTES = {
    "video": Palette("video", N_("Video: green + / red -"), N_("+ green / - red"),
                   positive="#3fd64a", negative="#ff3b30"),
    "colorblind": Palette("colorblind", N_("Colour-blind safe: blue + / orange -"),
                          N_("+ blue / - orange"), positive="#3b9cff", negative="#ff9f1c"),
}

def rgba(hex_colour: str, alpha: float) -> str:
    """A "#rrggbb" colour made see-through: rgba(r,g,b,alpha) with alpha to two decimals."""
    r, g, b = (int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:.2f})"


ACTIVATION_SCALE = "gray"     # activations (0 to 1) are light on dark, like the video's neurons
GUESS_COLOUR = "#ffd60a"      # the brightest output: the network's choice


def current() -> Palette:
    return PALETTES[state.palette_name()]


def palette_switch() -> None:
    """The colour switch (in ui.route's strip at the top of every lesson, so a phone reaches it
    without opening the sidebar); the choice also travels in the URL."""
    state.init()
    choice = st.segmented_control(t("Colours for + and - numbers"), list(PALETTES),
                                  format_func=lambda n: t(PALETTES[n].short), key=state.PALETTE,
                                  required=True, label_visibility="collapsed",
                                  help=t("Colours for + and - numbers: {choices}",
                                         choices="; ".join(t(p.label) for p in PALETTES.values())))
    state.set_url_palette(choice)
