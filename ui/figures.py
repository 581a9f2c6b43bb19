"""Plotly figures shared by the lessons. Colours come from `ui.palette` only."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.palette import ACTIVATION_SCALE, GUESS_COLOUR, Palette

_MARGIN = dict(l=10, r=10, t=40, b=10)


def _square(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin=_MARGIN)
    fig.update_xaxes(showticklabels=False, ticks="", showgrid=False, zeroline=False,
                     constrain="domain")
    fig.update_yaxes(showticklabels=False, ticks="", showgrid=False, zeroline=False,
                     autorange="reversed",
                     scaleanchor="x", constrain="domain")
    return fig


def pixel_grid(values, title: str = "", height: int = 320, hover_name: str = "activation"):
    """A grid of activations from 0 (black) to 1 (white), exact values on hover.

    values: any 2-D array (e.g. 28x28) or a (784,) vector.
    """
    grid = np.asarray(values, dtype=float)
    if grid.ndim == 1:
        grid = grid.reshape(28, 28)
    fig = go.Figure(go.Heatmap(
        z=grid, zmin=0, zmax=1, colorscale=ACTIVATION_SCALE, showscale=False,
        hovertemplate="row %{y}, column %{x}<br>" + hover_name + " = %{z:.3f}<extra></extra>"))
    fig.update_layout(title=title)
    return _square(fig, height)


def signed_grid(values, palette: Palette, title: str = "", height: int = 320,
                hover_name: str = "weight", zmax: float | None = None):
    """Signed numbers (weights, weight x activation) in the palette; + and - on the colour bar."""
    grid = np.asarray(values, dtype=float)
    if grid.ndim == 1:
        grid = grid.reshape(28, 28)
    zmax = zmax or float(np.max(np.abs(grid))) or 1.0
    fig = go.Figure(go.Heatmap(
        z=grid, zmin=-zmax, zmax=zmax, colorscale=palette.colorscale(),
        colorbar=dict(tickvals=[-zmax, 0, zmax], ticktext=[f"- {zmax:.2g}", "0", f"+ {zmax:.2g}"],
                      thickness=12, len=0.8),
        hovertemplate="row %{y}, column %{x}<br>" + hover_name + " = %{z:+.3f}<extra></extra>"))
    fig.update_layout(title=title)
    return _square(fig, height)


def output_bars(outputs, height: int = 300, title: str = "The ten output neurons"):
    """The output activations as bars, the brightest one (the guess) highlighted."""
    outputs = np.asarray(outputs, dtype=float)
    guess = int(np.argmax(outputs))
    colours = [GUESS_COLOUR if d == guess else "#8a8a8a" for d in range(len(outputs))]
    fig = go.Figure(go.Bar(
        x=outputs, y=[str(d) for d in range(len(outputs))], orientation="h", marker_color=colours,
        text=[f"{v:.2f}" for v in outputs], textposition="outside",
        hovertemplate="output neuron %{y}: %{x:.4f}<extra></extra>"))
    fig.update_layout(title=title, height=height, margin=_MARGIN, xaxis=dict(range=[0, 1.15]),
                      yaxis=dict(autorange="reversed", title="digit", dtick=1))
    return fig
