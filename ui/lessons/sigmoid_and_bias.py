"""Plotly figures for the lessons on one neuron: the squishing curves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import netcore
from netcore.network import relu, tanh
from ui.palette import GUESS_COLOUR

_MARGIN = dict(l=10, r=10, t=40, b=10)
CURVE = "#4c78a8"
POINT = dict(size=13, color=GUESS_COLOUR, line=dict(color="black", width=1))   # the learner's point
CURVES = {"sigmoid": "#4c78a8", "tanh": "#b279a2", "ReLU": "#9d755d"}   # not the +/- colours


def _curve_layout(fig: go.Figure, height: int, x_title: str, y_title: str, y_range) -> go.Figure:
    fig.update_layout(height=height, margin=_MARGIN, showlegend=False,
                      xaxis=dict(title=x_title, zeroline=True),
                      yaxis=dict(title=y_title, range=y_range, zeroline=True))
    return fig


def sigmoid_point(x: float, height: int = 300) -> go.Figure:
    """sigma on [-10, 10] with the learner's point (x, sigma(x)) marked."""
    xs = np.linspace(-10, 10, 401)
    y = float(netcore.sigmoid(np.float64(x)))
    fig = go.Figure(go.Scatter(x=xs, y=netcore.sigmoid(xs), mode="lines", line_color=CURVE,
                               hovertemplate="σ(%{x:.2f}) = %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers+text", marker=POINT, hoverinfo="skip",
                             text=[f"σ({x:g}) = {y:.3f}"],
                             textposition="middle right" if x < 3 else "middle left"))
    for level in (0, 1):
        fig.add_hline(y=level, line_dash="dot", line_color="gray")
    return _curve_layout(fig, height, "x (any number)", "σ(x)", [-0.08, 1.08])


def squished_number_line(x: float, height: int = 190) -> go.Figure:
    """The number line from -8 to 8 (top) and where sigma sends each whole number (bottom)."""
    ticks = np.arange(-8, 9)
    fig = go.Figure()
    for t in ticks:
        fig.add_trace(go.Scatter(x=[t, -8 + 16 * float(netcore.sigmoid(np.float64(t)))], y=[1, 0],
                                 mode="lines", line=dict(color="lightgray", width=1),
                                 hoverinfo="skip"))
    sx = -8 + 16 * float(netcore.sigmoid(np.float64(x)))
    fig.add_trace(go.Scatter(x=[x, sx], y=[1, 0], mode="lines+markers", hoverinfo="skip",
                             line=dict(color=GUESS_COLOUR, width=3), marker=dict(size=9)))
    fig.add_trace(go.Scatter(x=ticks, y=np.ones_like(ticks), mode="markers+text", text=ticks,
                             textposition="top center", marker=dict(color=CURVE, size=6),
                             hoverinfo="skip"))
    ends = np.array([0, 0.25, 0.5, 0.75, 1])
    fig.add_trace(go.Scatter(x=-8 + 16 * ends, y=np.zeros(5), mode="markers+text", text=ends,
                             textposition="bottom center", marker=dict(color=CURVE, size=6),
                             hoverinfo="skip"))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), showlegend=False,
                      xaxis=dict(visible=False, range=[-8.6, 8.6]),
                      yaxis=dict(visible=False, range=[-0.45, 1.45]),
                      annotations=[dict(x=-8.6, y=1.3, text="all numbers", showarrow=False,
                                        xanchor="left"),
                                   dict(x=-8.6, y=-0.3, text="after σ: between 0 and 1",
                                        showarrow=False, xanchor="left")])
    return fig


def bias_threshold(weighted_sum: float, bias: float, height: int = 300) -> go.Figure:
    """The activation sigma(s + b) as a function of the weighted sum s, the digit's s marked.

    The curve climbs through 1/2 where s = -b: the bias moves the threshold.
    """
    centre = 0.0 - bias   # not -0.0, which would print as "-0"
    lo, hi = min(centre, weighted_sum) - 12, max(centre, weighted_sum) + 12
    s = np.linspace(lo, hi, 400)
    a = float(netcore.sigmoid(np.float64(weighted_sum + bias)))
    fig = go.Figure(go.Scatter(x=s, y=netcore.sigmoid(s + bias), mode="lines", line_color=CURVE,
                               hovertemplate="sum %{x:.2f} → activation %{y:.4f}<extra></extra>"))
    fig.add_vline(x=centre, line_dash="dash", line_color="gray",
                  annotation_text=f"threshold: sum = {centre:g}",
                  annotation_position="bottom right")
    fig.add_trace(go.Scatter(x=[weighted_sum], y=[a], mode="markers", hoverinfo="skip",
                             marker=POINT))
    fig.add_annotation(x=weighted_sum, y=a, text="your digit", showarrow=True,
                       ay=-30 if a < 0.5 else 30)
    return _curve_layout(fig, height, "weighted sum w₀a₀ + … + w₇₈₃a₇₈₃",
                         "activation σ(sum + b)", [-0.08, 1.12])


def three_curves(x: float, height: int = 320) -> go.Figure:
    """sigmoid, tanh and ReLU on one plot, each with the point at x."""
    xs = np.linspace(-4, 4, 401)
    fig = go.Figure()
    for name, f in (("sigmoid", netcore.sigmoid), ("tanh", tanh), ("ReLU", relu)):
        fig.add_trace(go.Scatter(x=xs, y=f(xs), mode="lines", name=name, line_color=CURVES[name],
                                 hovertemplate=name + "(%{x:.2f}) = %{y:.3f}<extra></extra>"))
        if -4 <= x <= 4:
            fig.add_trace(go.Scatter(x=[x], y=[float(f(np.float64(x)))], mode="markers",
                                     marker=dict(size=10, color=CURVES[name]), showlegend=False,
                                     hoverinfo="skip"))
    fig = _curve_layout(fig, height, "x", "f(x)", [-1.15, 3.2])
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.12, x=0))
    return fig
