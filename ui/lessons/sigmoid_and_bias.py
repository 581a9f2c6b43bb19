"""Plotly figures for the lessons on one neuron: the squishing curves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import netcore
from netcore.network import relu, tanh
from ui.check import Check
from ui.figures import fast_figure
from ui.lessons.neuron import activation_text
from ui.palette import GUESS_COLOUR

_MARGIN = dict(l=10, r=10, t=40, b=10)
CURVE = "#4c78a8"
POINT = dict(size=13, color=GUESS_COLOUR, line=dict(color="black", width=1))   # the learner's point
CURVES = {"sigmoid": "#4c78a8", "tanh": "#b279a2", "ReLU": "#9d755d"}   # not the +/- colours


def _curve_layout(height: int, x_title: str, y_title: str, y_range, **more) -> dict:
    return dict(height=height, margin=_MARGIN, showlegend=False,
                xaxis=dict(title=dict(text=x_title), zeroline=True),
                yaxis=dict(title=dict(text=y_title), range=y_range, zeroline=True)) | more


def _level_line(y: float) -> dict:
    """A dotted gray line across the plot at height y (what plotly's add_hline draws)."""
    return dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y",
                line=dict(color="gray", dash="dot"))


def sigmoid_point(x: float, height: int = 300) -> go.Figure:
    """sigma on [-10, 10] with the learner's point (x, sigma(x)) marked."""
    xs = np.linspace(-10, 10, 401)
    y = float(netcore.sigmoid(np.float64(x)))
    data = [dict(type="scatter", x=xs, y=netcore.sigmoid(xs), mode="lines", line=dict(color=CURVE),
                 hovertemplate="σ(%{x:.2f}) = %{y:.4f}<extra></extra>"),
            dict(type="scatter", x=[x], y=[y], mode="markers+text", marker=POINT,
                 hoverinfo="skip", text=[f"σ({x:g}) = {y:.3f}"],
                 textposition="middle right" if x < 3 else "middle left")]
    return fast_figure(data, _curve_layout(height, "x (any number)", "σ(x)", [-0.08, 1.08],
                                           shapes=[_level_line(0), _level_line(1)]))


def squished_number_line(x: float, height: int = 190) -> go.Figure:
    """The number line from -8 to 8 (top) and where sigma sends each whole number (bottom)."""
    ticks = np.arange(-8, 9)
    data = [dict(type="scatter", x=[int(t), -8 + 16 * float(netcore.sigmoid(np.float64(t)))],
                 y=[1, 0], mode="lines", line=dict(color="lightgray", width=1), hoverinfo="skip")
            for t in ticks]
    sx = -8 + 16 * float(netcore.sigmoid(np.float64(x)))
    ends = np.array([0, 0.25, 0.5, 0.75, 1])
    data += [dict(type="scatter", x=[x, sx], y=[1, 0], mode="lines+markers", hoverinfo="skip",
                  line=dict(color=GUESS_COLOUR, width=3), marker=dict(size=9)),
             dict(type="scatter", x=ticks, y=np.ones_like(ticks), mode="markers+text",
                  text=ticks.astype(float), textposition="top center",
                  marker=dict(color=CURVE, size=6),
                  hoverinfo="skip"),
             dict(type="scatter", x=-8 + 16 * ends, y=np.zeros(5), mode="markers+text",
                  text=ends, textposition="bottom center", marker=dict(color=CURVE, size=6),
                  hoverinfo="skip")]
    return fast_figure(data, dict(
        height=height, margin=dict(l=10, r=10, t=10, b=10), showlegend=False,
        xaxis=dict(visible=False, range=[-8.6, 8.6]),
        yaxis=dict(visible=False, range=[-0.45, 1.45]),
        annotations=[dict(x=-8.6, y=1.3, text="all numbers", showarrow=False, xanchor="left"),
                     dict(x=-8.6, y=-0.3, text="after σ: between 0 and 1", showarrow=False,
                          xanchor="left")]))


def bias_threshold(weighted_sum: float, bias: float, height: int = 300) -> go.Figure:
    """The activation sigma(s + b) as a function of the weighted sum s, the digit's s marked.

    The curve climbs through 1/2 where s = -b: the bias moves the threshold.
    """
    centre = 0.0 - bias   # not -0.0, which would print as "-0"
    lo, hi = min(centre, weighted_sum) - 12, max(centre, weighted_sum) + 12
    s = np.linspace(lo, hi, 400)
    a = float(netcore.sigmoid(np.float64(weighted_sum + bias)))
    data = [dict(type="scatter", x=s, y=netcore.sigmoid(s + bias), mode="lines",
                 line=dict(color=CURVE),
                 hovertemplate="sum %{x:.2f} → activation %{y:.4f}<extra></extra>"),
            dict(type="scatter", x=[weighted_sum], y=[a], mode="markers", hoverinfo="skip",
                 marker=POINT)]
    # the dashed threshold and its label as plotly's add_vline(annotation_text=...) draws them
    threshold = dict(type="line", x0=centre, x1=centre, xref="x", y0=0, y1=1, yref="y domain",
                     line=dict(color="gray", dash="dash"))
    label = dict(text=f"threshold: sum = {centre:g}", showarrow=False, x=centre, xanchor="left",
                 xref="x", y=0, yanchor="bottom", yref="y domain")
    yours = dict(x=weighted_sum, y=a, text="your digit", showarrow=True, ay=-30 if a < 0.5 else 30)
    return fast_figure(data, _curve_layout(
        height, "weighted sum w₀a₀ + … + w₇₈₃a₇₈₃", "activation σ(sum + b)", [-0.08, 1.12],
        shapes=[threshold], annotations=[label, yours]))


def three_curves(x: float, height: int = 320) -> go.Figure:
    """sigmoid, tanh and ReLU on one plot, each with the point at x."""
    xs = np.linspace(-4, 4, 401)
    data = []
    for name, f in (("sigmoid", netcore.sigmoid), ("tanh", tanh), ("ReLU", relu)):
        data.append(dict(type="scatter", x=xs, y=f(xs), mode="lines", name=name,
                         line=dict(color=CURVES[name]),
                         hovertemplate=name + "(%{x:.2f}) = %{y:.3f}<extra></extra>"))
        if -4 <= x <= 4:
            data.append(dict(type="scatter", x=[x], y=[float(f(np.float64(x)))], mode="markers",
                             marker=dict(size=10, color=CURVES[name]), showlegend=False,
                             hoverinfo="skip"))
    return fast_figure(data, _curve_layout(height, "x", "f(x)", [-1.15, 3.2], showlegend=True,
                                           legend=dict(orientation="h", y=1.12, x=0)))


# --- checks for understanding (ui.check): built here with netcore's numbers, asked by the page

FAR_LEFT = -1000.0        # the question's x: far beyond the slider's range
THRESHOLD = 10.0          # the bias question: fire only when the weighted sum w·a is above this
FAR_LEFT_CHOICES = {"-1000": FAR_LEFT, "almost exactly 0": 0.0, "0.5": 0.5, "almost exactly 1": 1.0}


def _sigma(z: float) -> float:
    return float(netcore.sigmoid(np.float64(z)))


def far_left_check() -> Check:
    """What is σ(−1000)? The right choice is the one nearest to what netcore.sigmoid gives."""
    value = _sigma(FAR_LEFT)
    values = list(FAR_LEFT_CHOICES.values())
    right = int(np.argmin([abs(v - value) for v in values]))
    with np.errstate(over="ignore"):   # what the formula typed straight into NumPy gives
        naive = float(1.0 / (1.0 + np.exp(-np.float64(FAR_LEFT))))
    why = {
        0: "σ never hands back its input: it squishes the whole number line into the range "
           "between 0 and 1, so no activation is negative, let alone −1000.",
        2: f"σ gives 0.5 only at x = 0, where e⁻⁰ = 1 and 1 / (1 + 1) = 0.5. At x = −1000 the "
           f"point is far to the left of the curve's middle; already σ(−10) = {_sigma(-10):.6f}.",
        3: f"σ comes close to 1 only for large positive x (σ(10) = {_sigma(10):.6f}). Every "
           "negative x gives less than 0.5, and very negative ones give almost nothing.",
    }
    return Check(
        "sigmoid-far-left", "The slider stops at −10. What is **σ(−1000)**?",
        answer=right, choices=tuple(FAR_LEFT_CHOICES),
        explanation=(
            f"Very negative inputs come out near 0: σ(−1000) = 1 / (1 + e¹⁰⁰⁰), and e¹⁰⁰⁰ is "
            f"enormous. The app's `sigmoid` gives **{value:.2e}**: it raises z to at least −60 "
            f"before taking e⁻ᶻ, so the answer is 1 / (1 + e⁶⁰), below 10⁻²⁶ (the exact value, "
            f"about 10⁻⁴³⁴, is smaller than any computer float). Typed straight into NumPy, "
            f"`1 / (1 + np.exp(1000))` overflows: e¹⁰⁰⁰ becomes `inf`, NumPy warns, and the "
            f"result is {naive:g}. Either way it is 0 for every practical purpose, never below it."),
        why_wrong=lambda i: why.get(int(i), ""))


def threshold_check() -> Check:
    """Which bias makes a neuron fire only when its weighted sum w·a is above THRESHOLD?"""
    answer = 0.0 - THRESHOLD   # z = w·a + b crosses 0 (σ = 0.5) where w·a = -b
    below, at, above = (_sigma(s + answer) for s in (THRESHOLD - 5, THRESHOLD, THRESHOLD + 5))

    def why_wrong(b: float) -> str:
        b = float(b)
        centre = 0.0 - b
        between = (THRESHOLD + centre) / 2   # where this neuron and the one asked for differ most
        sign = (" The sign is the catch: a positive bias makes firing *easier*." if b > 0 else "")
        return (f"With b = {b:g}, z = w·a + b is 0 where w·a = {centre:g}, so the neuron switches "
                f"on around a weighted sum of {centre:g}, not {THRESHOLD:g}. A sum of "
                f"{between:g} gives σ({between:g} {'+' if b >= 0 else '−'} {abs(b):g}) = "
                f"{activation_text(_sigma(between + b))}, where it should give "
                f"{activation_text(_sigma(between - THRESHOLD))}.{sign}")
    return Check(
        "sigmoid-threshold-bias",
        f"A neuron should light up only when its weighted sum **w·a** is above **{THRESHOLD:g}**. "
        "The bias b is added before squishing: z = w·a + b, activation σ(z). Which **b** does it?",
        answer=answer,
        explanation=(
            f"b = {answer:g}. Then z = w·a − {THRESHOLD:g} is 0 exactly where w·a = {THRESHOLD:g}, "
            f"and σ(0) = 0.5: the curve's middle moves to a sum of {THRESHOLD:g}. A sum of "
            f"{THRESHOLD - 5:g} gives σ({THRESHOLD - 5:g} − {THRESHOLD:g}) = "
            f"{activation_text(below)}, a sum of {THRESHOLD:g} gives {activation_text(at)}, a sum "
            f"of {THRESHOLD + 5:g} gives {activation_text(above)}."),
        why_wrong=why_wrong)
