"""The figures of the lessons on one neuron: the squishing curves, as SVG pictures.

No figure here needs a hover (the page prints the numbers it talks about), so each is an
SVG (ui.svg_plots) drawn by the browser itself: the page loads no plotly.js.
"""

from __future__ import annotations

import numpy as np

import netcore
from netcore.network import relu, tanh
from ui.i18n import number, t
from ui.palette import GUESS_COLOUR
from ui.svg_plots import Plot

CURVE = "#4c78a8"
CURVES = {"sigmoid": "#4c78a8", "tanh": "#b279a2", "ReLU": "#9d755d"}   # not the +/- colours
WIDTH, PHONE_WIDTH = 700, 380   # CSS pixels of a picture's own layout; it is scaled to its column


def _width() -> int:
    """A phone gets a narrower layout, so the picture's text is not shrunk to a speck."""
    from ui.widgets import is_phone
    return PHONE_WIDTH if is_phone() else WIDTH


def sigmoid_point(x: float, height: int = 300, width: int | None = None) -> str:
    """sigma on [-10, 10] with the learner's point (x, sigma(x)) marked."""
    width = width or _width()
    xs = np.linspace(-10, 10, 401)
    y = float(netcore.sigmoid(np.float64(x)))
    plot = Plot(width, height, (-10.5, 10.5), (-0.08, 1.08), x_title=t("x (any number)"),
                y_title="σ(x)", margin=(60, 12, 16, 48))
    plot.hline(0)
    plot.hline(1)
    plot.line(xs, netcore.sigmoid(xs), CURVE)
    plot.point(x, y, GUESS_COLOUR)
    right = x < 3
    plot.text(x, y, f"σ({number(x, 'g')}) = {number(y, '.3f')}", anchor="start" if right else "end",
              dx=11 if right else -11, dy=4)
    return plot.svg()


def squished_number_line(x: float, height: int = 190, width: int | None = None) -> str:
    """The number line from -8 to 8 (top) and where sigma sends each whole number (bottom)."""
    width = width or _width()
    ticks = np.arange(-8, 9)
    plot = Plot(width, height, (-8.6, 8.6), (-0.45, 1.45), axes=False, margin=(10, 10, 10, 10))
    for tick in ticks:
        plot.line([tick, -8 + 16 * float(netcore.sigmoid(np.float64(tick)))], [1, 0], "lightgray", 1)
    sx = -8 + 16 * float(netcore.sigmoid(np.float64(x)))
    plot.line([x, sx], [1, 0], GUESS_COLOUR, 3)
    for px, py in ((x, 1), (sx, 0)):
        plot.point(px, py, GUESS_COLOUR, size=9, stroke=None)
    for tick in ticks:
        plot.point(tick, 1, CURVE, size=6, stroke=None)
        plot.text(tick, 1, f"{tick:g}".replace("-", "−"), anchor="middle", dy=-8, size=12)
    for end in (0, 0.25, 0.5, 0.75, 1):
        plot.point(-8 + 16 * end, 0, CURVE, size=6, stroke=None)
        plot.text(-8 + 16 * end, 0, number(end, "g"), anchor="middle", dy=18, size=12)
    plot.text(-8.6, 1.3, t("all numbers"), dy=-2)
    plot.text(-8.6, -0.3, t("after σ: between 0 and 1"), dy=10)
    return plot.svg()


def bias_threshold(weighted_sum: float, bias: float, height: int = 300,
                   width: int | None = None) -> str:
    """The activation sigma(s + b) as a function of the weighted sum s, the digit's s marked.

    The curve climbs through 1/2 where s = -b: the bias moves the threshold.
    """
    width = width or _width()
    centre = 0.0 - bias   # not -0.0, which would print as "-0"
    lo, hi = min(centre, weighted_sum) - 12, max(centre, weighted_sum) + 12
    s = np.linspace(lo, hi, 400)
    a = float(netcore.sigmoid(np.float64(weighted_sum + bias)))
    plot = Plot(width, height, (lo, hi), (-0.08, 1.12), margin=(60, 12, 16, 48),
                x_title=t("weighted sum w·a = w₀a₀ + … + w₇₈₃a₇₈₃"),
                y_title=t("activation σ(w·a + b)"))
    plot.vline(centre)
    plot.text(centre, -0.08, t("threshold: w·a = {centre:g}", centre=centre), dx=4, dy=-6)
    plot.line(s, netcore.sigmoid(s + bias), CURVE)
    plot.point(weighted_sum, a, GUESS_COLOUR)
    plot.arrow(weighted_sum, a, t("your digit"), dy=-30 if a < 0.5 else 30)
    return plot.svg()


def three_curves(x: float, height: int = 320, width: int | None = None) -> str:
    """sigmoid, tanh and ReLU on one plot, each with the point at x."""
    width = width or _width()
    xs = np.linspace(-4, 4, 401)
    plot = Plot(width, height, (-4.2, 4.2), (-1.15, 3.2), x_title="x", y_title="f(x)",
                margin=(60, 12, 34, 48))
    functions = (("sigmoid", netcore.sigmoid), ("tanh", tanh), ("ReLU", relu))
    for name, f in functions:
        plot.line(xs, f(xs), CURVES[name])
        if -4 <= x <= 4:
            plot.point(x, float(f(np.float64(x))), CURVES[name], size=10, stroke=None)
    plot.legend([(name, CURVES[name]) for name, _ in functions])
    return plot.svg()
