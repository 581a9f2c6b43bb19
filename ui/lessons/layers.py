"""The /layers drawing: the whole network lit up by one input, connections coloured by weight.

The input layer is drawn as its 28x28 grid, every later neuron as a circle
whose gray level is its activation (hover for the exact number). Connections
are grouped by sign, strength and layer into at most 2 x N_BINS x 3 scatter
traces, one line segment per connection separated by NaN gaps, so even all
12,960 connections make a figure of about 600 kB that builds in milliseconds.
The figure opens fully lit, and carries one animation frame per layer
(ui.lessons.forward_pass): Play runs the forward pass layer by layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from netcore.preprocess import SIDE   # the input layer is drawn as a SIDE x SIDE picture, one unit a pixel
from ui.images import enlarged, png_data_uri
from ui.figures import GRAY_SCALE, fast_figure
from ui.i18n import N_, nt, t
from ui.lessons import forward_pass
from ui.palette import GUESS_COLOUR, Palette, rgba
from ui.words import layer_name

N_BINS = 8          # strength bins per sign: line width and opacity grow with |w|
LAYER_GAP = 15      # distance between neuron columns, in pixel units ...
VERTICAL_GAP = 11   # ... and between neuron rows when the network is drawn top to bottom
RADIUS = 0.75       # neuron circles, in pixel units (they scale with the figure)
BACKGROUND = "#0b0b0f"
TEXT = "#e6e6e6"
SELECTED = "#ffffff"
RING = "#777777"     # a neuron's ring once its layer is computed ...
WAITING = "#555555"  # ... and, dotted, while the forward pass has not reached it
RANK_BY_WEIGHT = "weight"                # the network's strongest links, whatever the input
RANK_BY_SIGNAL = "weight x activation"   # the links carrying the most for this input
POSITIVE_NAME = N_("+ weight")   # the legend's entries, one per sign
NEGATIVE_NAME = N_("- weight")


@dataclass(frozen=True)
class Connections:
    """Connections to draw: from neuron `source` of layer `layer` to neuron `target` of layer+1."""
    layer: np.ndarray    # (m,) index l of the weight matrix, 0 = input -> first hidden
    target: np.ndarray   # (m,) row j of weights[l]
    source: np.ndarray   # (m,) column i of weights[l]
    weight: np.ndarray   # (m,) weights[l][j, i]

    def __len__(self) -> int:
        return len(self.weight)


def total_connections(sizes) -> int:
    """784*16 + 16*16 + 16*10 = 12,960 for the video's network."""
    return int(sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])))


def pick_connections(net, activations, top_n: int | None = None,
                     rank_by: str = RANK_BY_WEIGHT) -> Connections:
    """All connections (top_n None), or the top_n ranked by |w| or by |w * a_source|.

    activations: net.activations(x), used when ranking by the signal a link carries.
    """
    parts = []
    for l, w in enumerate(net.weights):
        j, i = np.indices(w.shape).reshape(2, -1)          # (k, n) -> k*n row and column indices
        values = w.ravel()
        strength = np.abs(values)
        if rank_by == RANK_BY_SIGNAL:
            strength = np.abs(values * np.asarray(activations[l])[i])
        parts.append((np.full(values.size, l), j, i, values, strength))
    layer, target, source, weight, strength = (np.concatenate(p) for p in zip(*parts))
    if top_n is not None and top_n < len(weight):
        keep = np.argpartition(strength, -top_n)[-top_n:]
        keep = keep[strength[keep] > 0] if rank_by == RANK_BY_SIGNAL else keep
        layer, target, source, weight = layer[keep], target[keep], source[keep], weight[keep]
    return Connections(layer, target, source, weight)


def neuron_positions(sizes, vertical: bool = False) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, y) of every neuron, layer by layer (y grows downwards).

    The input layer is the grid's cell centres. Later layers are columns to its
    right, or with vertical=True (narrow screens) rows below it.
    """
    cells = np.arange(sizes[0])
    side = int(round(np.sqrt(sizes[0])))
    positions = [((cells % side + 0.5).astype(float), (cells // side + 0.5).astype(float))]
    gap = VERTICAL_GAP if vertical else LAYER_GAP
    for depth, n in enumerate(sizes[1:], start=1):
        spacing = min((SIDE - 2) / max(n - 1, 1), 2.2)
        across = SIDE / 2 + (np.arange(n) - (n - 1) / 2) * spacing
        along = np.full(n, SIDE + gap * depth - 4.0)
        positions.append((across, along) if vertical else (along, across))
    return positions


def _segments(x0, y0, x1, y1):
    """Segments as one x and one y array, NaN between them (float32 keeps the JSON small)."""
    xs = np.stack([x0, x1, np.full_like(x0, np.nan)], axis=1).ravel().astype(np.float32)
    ys = np.stack([y0, y1, np.full_like(y0, np.nan)], axis=1).ravel().astype(np.float32)
    return xs, ys


def connection_traces(conns: Connections, positions, palette: Palette, w_max: float) -> list[dict]:
    """A line trace per sign, strength bin (|w| / w_max) and layer: at most 2 * N_BINS * layers.

    Each trace's meta["feeds"] is the depth of the layer its connections feed (1 = hidden 1).
    """
    if len(conns) == 0:
        return []
    strength_bin = np.minimum((np.abs(conns.weight) / w_max * N_BINS).astype(int), N_BINS - 1)
    layers = np.unique(conns.layer)
    # Thousands of overlapping lines add up to a solid block: a crowded layer is drawn fainter.
    crowd = {l: min(1.0, np.sqrt(400 / np.count_nonzero(conns.layer == l))) for l in layers}
    traces = []
    for positive, colour, group in ((True, palette.positive, POSITIVE_NAME),
                                    (False, palette.negative, NEGATIVE_NAME)):
        name = t(group)
        drawn = False
        for b in range(N_BINS - 1, -1, -1):   # strongest first
            level = (b + 1) / N_BINS
            for l in layers:
                mask = ((conns.weight > 0) == positive) & (strength_bin == b) & (conns.layer == l)
                if not mask.any():
                    continue
                source, target = conns.source[mask], conns.target[mask]
                xs, ys = _segments(positions[l][0][source], positions[l][1][source],
                                   positions[l + 1][0][target], positions[l + 1][1][target])
                traces.append(dict(
                    type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", name=name,
                    legendgroup=group, showlegend=False, meta=dict(feeds=int(l) + 1),
                    line=dict(color=rgba(colour, 0.03 + (0.12 + 0.8 * level) * crowd[l]),
                              width=0.4 + 2.6 * level)))
                drawn = True
        if drawn:   # a legend entry of its own: the lines dim while the forward pass waits
            traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=name,
                               legendgroup=group, hoverinfo="skip",
                               line=dict(color=rgba(colour, 0.95), width=3)))
    return traces


def neuron_label(depth: int, index: int, n_layers: int) -> str:
    """e.g. "hidden layer 1, neuron 5" (layers counted as in the lesson: 0 = input)."""
    return t("{layer}, neuron {index}", layer=layer_name(depth, n_layers), index=index)


def _neuron_shapes(activations, positions, guess: int, selected, reached: int) -> list[dict]:
    """Circles lit by activation (shapes, so they scale) in layers 1..reached; the later
    layers' circles wait, dark with a dotted ring. The same shapes in the same order for
    every `reached`, so a frame can restyle them one by one."""
    last = len(activations) - 1
    shapes = []
    for depth in range(1, last + 1):
        values = np.asarray(activations[depth], dtype=float)
        for j, (cx, cy, v) in enumerate(zip(*positions[depth], values)):
            gray = int(round(255 * float(np.clip(v, 0, 1))))
            fill = BACKGROUND if depth > reached else f"rgb({gray},{gray},{gray})"
            ring = (WAITING if depth > reached
                    else GUESS_COLOUR if depth == last and j == guess
                    else SELECTED if selected == (depth, j) else RING)
            shapes.append(dict(type="circle", xref="x", yref="y", x0=cx - RADIUS, x1=cx + RADIUS,
                               y0=cy - RADIUS, y1=cy + RADIUS, fillcolor=fill,
                               line=dict(color=ring, width=1 if ring in (RING, WAITING) else 3,
                                         dash="dot" if depth > reached else "solid")))
            if selected == (depth, j):
                shapes.append(dict(type="circle", xref="x", yref="y", x0=cx - 1.6 * RADIUS,
                                   x1=cx + 1.6 * RADIUS, y0=cy - 1.6 * RADIUS, y1=cy + 1.6 * RADIUS,
                                   line=dict(color=SELECTED, width=2, dash="dot")))
    return shapes


def _hover_markers(activations, positions) -> dict:
    """Invisible markers over the circles, for the hover and for clicks (customdata [depth, j])."""
    n_layers = len(activations)
    xs, ys, labels, refs = [], [], [], []
    for depth in range(1, n_layers):
        for j, (cx, cy, v) in enumerate(zip(*positions[depth], activations[depth])):
            xs.append(float(cx))
            ys.append(float(cy))
            labels.append(neuron_label(depth, j, n_layers) + "<br>"
                          + t("activation {value:.3f}", value=float(v)))
            refs.append([depth, j])
    return dict(type="scatter", x=xs, y=ys, mode="markers", text=labels, customdata=refs,
                marker=dict(size=18, color="rgba(0,0,0,0)"), showlegend=False,
                hovertemplate="%{text}<br><i>" + t("click: what feeds it?") + "</i><extra></extra>")


def _layer_names(sizes, positions, vertical: bool) -> list[dict]:
    """Each layer's name and size, above its column (or its row, drawn top to bottom)."""
    n_layers, font = len(sizes), dict(size=12, color=TEXT)
    notes = []
    for d in range(n_layers):
        name = layer_name(d, n_layers) + (f" ({SIDE} x {SIDE})" if d == 0 else "")
        if vertical:
            y = -0.6 if d == 0 else float(positions[d][1][0]) - RADIUS - 0.3
            text = nt("{layer}: {n} neuron", "{layer}: {n} neurons", sizes[d], layer=name)
            notes.append(dict(x=SIDE / 2, y=y, text=text, showarrow=False,
                              yanchor="bottom", font=font, bgcolor=BACKGROUND))
        else:
            x = SIDE / 2 if d == 0 else float(positions[d][0][0])
            text = nt("{layer}<br>{n} neuron", "{layer}<br>{n} neurons", sizes[d], layer=name)
            notes.append(dict(x=x, y=-0.6, text=text, showarrow=False,
                              yanchor="bottom", font=font))
    return notes


def _formula_place(depth: int, positions, vertical: bool, right_edge: float) -> dict:
    """Where the formula of the layer just computed goes: under its column, or under its row."""
    last = len(positions) - 1
    if vertical:
        below = SIDE + 0.3 if depth == 0 else float(positions[depth][1][0]) + RADIUS + 0.4
        return dict(x=SIDE / 2, y=below + (3.2 if depth == last else 0), xanchor="center")
    if depth == last:   # the outputs sit near the right edge: the formula ends there
        return dict(x=right_edge, y=SIDE + 0.6, xanchor="right")
    return dict(x=SIDE / 2 if depth == 0 else float(positions[depth][0][0]), y=SIDE + 0.6,
                xanchor="center")


def _step_labels(net, positions, guess: int, vertical: bool, reached: int,
                 right_edge: float) -> list[dict]:
    """What changes from step to step: the digit beside each output neuron (the network's
    choice marked once the outputs are computed) and the formula of layer `reached`.
    The same annotations with the same keys for every `reached` (see forward_pass.frame)."""
    sizes, last = net.sizes, len(net.sizes) - 1
    notes = []
    out_x, out_y = positions[-1]
    for digit in range(sizes[-1]):
        mark = digit == guess and reached == last
        text = f"<b>{digit}</b>" if mark else str(digit)
        style = dict(size=14 if mark else 12, color=GUESS_COLOUR if mark else TEXT)
        if vertical:
            notes.append(dict(x=float(out_x[digit]), y=float(out_y[digit]) + RADIUS + 0.2,
                              yanchor="top", text=text, showarrow=False, font=style))
        else:
            notes.append(dict(x=float(out_x[digit]) + RADIUS + 0.5, y=float(out_y[digit]),
                              xanchor="left", showarrow=False, font=style,
                              # TRANSLATORS: beside the output digit the network picked
                              text=text + (" <b>\u2190 " + t("choice") + "</b>" if mark else "")))
    if vertical:
        notes.append(dict(x=SIDE / 2, y=float(out_y[0]) + RADIUS + 2.2, yanchor="top",
                          showarrow=False,
                          text="<b>" + t("the network's choice: {digit}", digit=guess) + "</b>",
                          visible=reached == last, font=dict(size=13, color=GUESS_COLOUR)))
    notes.append(dict(text=forward_pass.formula(net, reached), showarrow=False, yanchor="top",
                      font=dict(size=14, color=TEXT), bgcolor=BACKGROUND, bordercolor=RING,
                      borderpad=3, **_formula_place(reached, positions, vertical, right_edge)))
    return notes


def network_figure(net, activations, palette: Palette, *, top_n: int | None = 300,
                   rank_by: str = RANK_BY_WEIGHT, selected: tuple[int, int] | None = None,
                   vertical: bool = False, opens_at: int | None = None) -> go.Figure:
    """The whole network for one input.

    activations: net.activations(x) for a (784,) x. top_n: how many connections
    to draw (None: all). selected: (layer depth, neuron index) to ring, e.g. (1, 5)
    for neuron 5 of the first hidden layer. vertical: layers top to bottom (phones).
    opens_at: the step (layer) the drawing opens at, before Play or the slider moves it;
    None, the last: everything lit. 0 shows only the input, the rest still to compute.
    layout.meta["connections"] holds how many connections are drawn.
    """
    sizes = net.sizes
    positions = neuron_positions(sizes, vertical)
    w_max = max(float(np.max(np.abs(w))) for w in net.weights) or 1.0
    conns = pick_connections(net, activations, top_n, rank_by)
    data = connection_traces(conns, positions, palette, w_max)

    grid = np.asarray(activations[0], dtype=np.float32).reshape(SIDE, SIDE)
    data.append(dict(type="heatmap", z=grid, x0=0.5, dx=1, y0=0.5, dy=1, zmin=0, zmax=1,
                     colorscale=GRAY_SCALE, showscale=False,
                     # TRANSLATORS: keep each %{...} as it is: Plotly puts the numbers there
                     hovertemplate=t("input pixel row %{y:.0f}, column %{x:.0f}<br>"
                                     "activation %{z:.3f}") + "<extra></extra>"))
    # The same picture over the lines (they show through a little), so the grid stays readable
    # under thousands of them.
    image = dict(source=png_data_uri(enlarged(grid, scale=10)), xref="x", yref="y", x=0, y=0,
                 sizex=SIDE, sizey=SIDE, xanchor="left", yanchor="top", sizing="stretch",
                 layer="above", opacity=0.9)
    guess, last = int(np.argmax(activations[-1])), len(sizes) - 1
    data.append(_hover_markers(activations, positions))

    far = float(positions[-1][1 if vertical else 0][0])   # where the output layer sits
    x_range = [-0.5, SIDE + 0.5] if vertical else [-0.5, far + 7]
    y_range = [far + 6.8, -2.4] if vertical else [SIDE + 2.6, -3.8]
    px_per_unit = 12 if vertical else 10.5    # a phone's width / a desktop column's width
    plot_px = int((y_range[0] - y_range[1]) * px_per_unit) + 5
    margin = forward_pass.margin(vertical)
    # One step per layer: the layers up to `reached` lit, the connections into them drawn.
    steps = [(forward_pass.line_colours(data, reached),
              _neuron_shapes(activations, positions, guess, selected, reached),
              _step_labels(net, positions, guess, vertical, reached, x_range[1] - 0.3))
             for reached in range(last + 1)]
    names = forward_pass.step_names(last + 1)
    fixed = _layer_names(sizes, positions, vertical)
    opening = last if opens_at is None else opens_at
    colours, shapes, labels = steps[opening]
    for i, colour in colours.items():
        data[i]["line"]["color"] = colour
    layout = dict(
        height=plot_px + margin["t"] + margin["b"], margin=margin, shapes=shapes, images=[image],
        annotations=fixed + labels,
        paper_bgcolor=BACKGROUND, plot_bgcolor=BACKGROUND, font=dict(color=TEXT),
        legend=dict(orientation="h", x=0.5, xanchor="center", y=0, yanchor="top",
                    font=dict(color=TEXT), itemclick=False, itemdoubleclick=False),
        dragmode=False, clickmode="event+select", meta=dict(connections=len(conns)),
        hoverlabel=dict(bgcolor="#222222", font=dict(color="#ffffff")),
        xaxis=dict(visible=False, range=x_range, constrain="domain"),
        yaxis=dict(visible=False, range=y_range, scaleanchor="x", constrain="domain"),
        **forward_pass.controls(names, plot_px, vertical, active=opening))
    changes = forward_pass.only_changes([[{}] * len(fixed) + labels for _, _, labels in steps])
    frames = [forward_pass.frame(name, colours, shapes, notes)
              for name, (colours, shapes, _), notes in zip(names, steps, changes)]
    return fast_figure(data, layout, frames=frames)
