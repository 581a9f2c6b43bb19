"""The /layers drawing: the whole network lit up by one input, connections coloured by weight.

One SVG, in the learner's browser (no plotly.js to load). The input layer is
drawn as its 28x28 grid, every later neuron as a circle whose gray level is its
activation (hover for the exact number: each circle's title). Connections are
grouped by sign, strength and layer into at most 2 x N_BINS x 3 paths, so even
all 12,960 connections are a few dozen elements. The drawing carries every step
of the forward pass (ui.lessons.forward_pass): Play runs it layer by layer.
Coordinates are in input-pixel units: the grid is SIDE x SIDE of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from html import escape

import numpy as np

from netcore.preprocess import SIDE   # the input layer is drawn as a SIDE x SIDE picture, one unit a pixel
from ui.images import enlarged, png_data_uri
from ui.i18n import N_, nt, t
from ui.lessons import forward_pass
from ui.palette import GUESS_COLOUR, Palette, rgba
from ui.svg_plots import FONT, text_width
from ui.words import layer_name

N_BINS = 8          # strength bins per sign: line width and opacity grow with |w|
LAYER_GAP = 15      # distance between neuron columns, in pixel units ...
VERTICAL_GAP = 11   # ... and between neuron rows when the network is drawn top to bottom
RADIUS = 0.75       # neuron circles, in pixel units (they scale with the drawing)
FONT_UNITS = 1.15   # text height, in pixel units (about 12 px on a desktop column)
PX_PER_UNIT = {False: 10.5, True: 12}   # the widest the drawing is shown: a desktop column, a phone
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


def _f(v: float) -> str:
    """A coordinate as SVG writes it: three decimals at most."""
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _path(x0, y0, x1, y1) -> str:
    """Line segments as one SVG path: "M x0 y0 L x1 y1" per segment."""
    return " ".join(f"M{_f(a)} {_f(b)}L{_f(c)} {_f(d)}" for a, b, c, d in zip(x0, y0, x1, y1))


def connection_paths(conns: Connections, positions, palette: Palette, w_max: float) -> list[str]:
    """A group per layer fed (class fp-lines{d}: shown in full once the pass computes layer d),
    a path per sign and strength bin (|w| / w_max) in it: at most 2 * N_BINS * layers.
    Each path carries data-n, how many connections it draws."""
    if len(conns) == 0:
        return []
    strength_bin = np.minimum((np.abs(conns.weight) / w_max * N_BINS).astype(int), N_BINS - 1)
    groups = []
    for l in np.unique(conns.layer):
        # Thousands of overlapping lines add up to a solid block: a crowded layer is drawn fainter.
        crowd = min(1.0, np.sqrt(400 / np.count_nonzero(conns.layer == l)))
        paths = []
        for positive, colour in ((True, palette.positive), (False, palette.negative)):
            for b in range(N_BINS):   # weakest first: the strongest are drawn on top
                level = (b + 1) / N_BINS
                mask = ((conns.weight > 0) == positive) & (strength_bin == b) & (conns.layer == l)
                if not mask.any():
                    continue
                source, target = conns.source[mask], conns.target[mask]
                d = _path(positions[l][0][source], positions[l][1][source],
                          positions[l + 1][0][target], positions[l + 1][1][target])
                paths.append(f'<path d="{d}" data-n="{int(mask.sum())}" '
                             f'stroke="{rgba(colour, 0.03 + (0.12 + 0.8 * level) * crowd)}" '
                             f'stroke-width="{0.4 + 2.6 * level:.2f}" vector-effect="non-scaling-stroke"/>')
        groups.append(f'<g class="fp-lines{int(l) + 1}" fill="none">{"".join(paths)}</g>')
    return groups


def neuron_label(depth: int, index: int, n_layers: int) -> str:
    """e.g. "hidden layer 1, neuron 5" (layers counted as in the lesson: 0 = input)."""
    return t("{layer}, neuron {index}", layer=layer_name(depth, n_layers), index=index)


def _circle(cx: float, cy: float, r: float, fill: str, ring: str, width: float,
            extra: str = "", title: str = "") -> str:
    """One circle; its title (a line break allowed) is what the browser shows on hover."""
    inner = f"<title>{escape(title).replace(chr(10), '&#10;')}</title>" if title else ""
    return (f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" fill="{fill}" stroke="{ring}" '
            f'stroke-width="{width}" vector-effect="non-scaling-stroke"{extra}>{inner}</circle>')


def _neurons(activations, positions, guess: int, selected) -> list[str]:
    """Every neuron of layers 1.. lit by its activation (its title: name and value), the
    selected one ringed, the choice ringed in GUESS_COLOUR (class fp-choice); over each
    layer its waiting copy (class fp-wait{d}): dark, dotted, no title."""
    n_layers, last = len(activations), len(activations) - 1
    lit, waiting = [], []
    for depth in range(1, n_layers):
        copies = []
        for j, (cx, cy, v) in enumerate(zip(*positions[depth], activations[depth])):
            gray = int(round(255 * float(np.clip(v, 0, 1))))
            chosen, picked = depth == last and j == guess, selected == (depth, j)
            ring = SELECTED if picked else RING
            title = (neuron_label(depth, j, n_layers) + "\n"
                     + t("activation {value:.3f}", value=float(v)))
            lit.append(_circle(cx, cy, RADIUS, f"rgb({gray},{gray},{gray})", ring,
                               3 if picked else 1, title=title))
            if chosen:
                lit.append(f'<g class="fp-choice">{_circle(cx, cy, RADIUS, "none", GUESS_COLOUR, 3)}</g>')
            if picked:
                lit.append(_circle(cx, cy, 1.6 * RADIUS, "none", SELECTED, 2,
                                   ' stroke-dasharray="3 3"'))
            copies.append(_circle(cx, cy, RADIUS, BACKGROUND, WAITING, 1, ' stroke-dasharray="2 2"'))
        waiting.append(f'<g class="fp-wait{depth}">{"".join(copies)}</g>')
    return lit + waiting


def _text(x: float, y: float, text: str, *, size: float = FONT_UNITS, anchor: str = "middle",
          baseline: str = "auto", colour: str = TEXT, bold: bool = False, cls: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    klass = f' class="{cls}"' if cls else ""
    # A halo of the background round each letter keeps it readable over the lines.
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" text-anchor="{anchor}" '
            f'dominant-baseline="{baseline}" fill="{colour}" stroke="{BACKGROUND}" '
            f'stroke-width="0.3" paint-order="stroke"{weight}{klass}>{escape(text)}</text>')


def _layer_names(sizes, positions, vertical: bool) -> list[str]:
    """Each layer's name and size, above its column (or its row, drawn top to bottom)."""
    n_layers, notes = len(sizes), []
    for d in range(n_layers):
        name = layer_name(d, n_layers) + (f" ({SIDE} x {SIDE})" if d == 0 else "")
        if vertical:
            y = -0.7 if d == 0 else float(positions[d][1][0]) - RADIUS - 0.5
            notes.append(_text(SIDE / 2, y, nt("{layer}: {n} neuron", "{layer}: {n} neurons",
                                               sizes[d], layer=name)))
        else:
            x = SIDE / 2 if d == 0 else float(positions[d][0][0])
            notes.append(_text(x, -2.1, name))
            notes.append(_text(x, -0.7, nt("{n} neuron", "{n} neurons", sizes[d])))
    return notes


def _formula(net, depth: int, positions, vertical: bool, right_edge: float) -> str:
    """The formula of layer `depth` in a box (class fp-formula{depth}): under its column, or under
    its row when drawn top to bottom."""
    text, last = forward_pass.formula(net, depth), len(positions) - 1
    size = FONT_UNITS * 1.15
    width = text_width(text, size) + 0.8
    if vertical:
        y = (SIDE + 0.5 if depth == 0 else float(positions[depth][1][0]) + RADIUS + 0.5)
        y += 3.4 if depth == last else 0
        x = SIDE / 2
    else:
        y = SIDE + 0.7
        x = SIDE / 2 if depth == 0 else float(positions[depth][0][0])
        x = min(max(x, width / 2 - 0.4), right_edge - width / 2)
    box = (f'<rect x="{_f(x - width / 2)}" y="{_f(y)}" width="{_f(width)}" '
           f'height="{_f(size * 1.5)}" rx="0.3" fill="{BACKGROUND}" stroke="{RING}" '
           f'stroke-width="1" vector-effect="non-scaling-stroke"/>')
    return (f'<g class="fp-formula{depth}">{box}'
            + _text(x, y + size * 0.75, text, size=size, baseline="central") + "</g>")


def _outputs(positions, guess: int, vertical: bool) -> list[str]:
    """The digit beside each output neuron; the network's choice marked (class fp-choice),
    the chosen digit's plain label hidden then (class fp-unchosen)."""
    out_x, out_y = positions[-1]
    notes = []
    for digit, (x, y) in enumerate(zip(out_x, out_y)):
        x, y = float(x), float(y)
        if vertical:
            place = dict(x=x, y=y + RADIUS + 0.4, baseline="hanging")
        else:
            place = dict(x=x + RADIUS + 0.5, y=y, anchor="start", baseline="central")
        plain = _text(text=str(digit), **place)
        notes.append(f'<g class="fp-unchosen">{plain}</g>' if digit == guess else plain)
    x, y = float(out_x[guess]), float(out_y[guess])
    if vertical:
        mark = (_text(x, y + RADIUS + 0.4, str(guess), baseline="hanging", bold=True,
                      colour=GUESS_COLOUR)
                + _text(SIDE / 2, y + RADIUS + 2.3, t("the network's choice: {digit}", digit=guess),
                        baseline="hanging", bold=True, colour=GUESS_COLOUR))
    else:
        # TRANSLATORS: beside the output digit the network picked
        mark = _text(x + RADIUS + 0.5, y, f"{guess} \u2190 " + t("choice"), anchor="start",
                     baseline="central", bold=True, colour=GUESS_COLOUR)
    notes.append(f'<g class="fp-choice">{mark}</g>')
    return notes


@dataclass(frozen=True)
class NetworkDrawing:
    """The drawing as HTML for st.markdown (no blank line in it: it stays one HTML block)."""
    html: str
    connections: int      # how many connections it draws


def network_drawing(net, activations, palette: Palette, *, top_n: int | None = 300,
                    rank_by: str = RANK_BY_WEIGHT, selected: tuple[int, int] | None = None,
                    vertical: bool = False, opens_at: int | None = None) -> NetworkDrawing:
    """The whole network for one input, with the forward pass's steps and controls.

    activations: net.activations(x) for a (784,) x. top_n: how many connections
    to draw (None: all). selected: (layer depth, neuron index) to ring, e.g. (1, 5)
    for neuron 5 of the first hidden layer. vertical: layers top to bottom (phones).
    opens_at: the step (layer) the drawing opens at, before Play or a step is pressed;
    None, the last: everything lit. 0 shows only the input, the rest still to compute.
    """
    sizes = net.sizes
    positions = neuron_positions(sizes, vertical)
    w_max = max(float(np.max(np.abs(w))) for w in net.weights) or 1.0
    conns = pick_connections(net, activations, top_n, rank_by)
    guess, last = int(np.argmax(activations[-1])), len(sizes) - 1

    far = float(positions[-1][1 if vertical else 0][0])   # where the output layer sits
    x0, x1 = (-1.0, SIDE + 1.0) if vertical else (-0.5, far + 7)
    y0, y1 = (-2.6, far + 7.2) if vertical else (-3.6, SIDE + 2.7)
    grid = enlarged(np.asarray(activations[0], dtype=np.float32).reshape(SIDE, SIDE), scale=10)
    # The input picture over the lines (they show through a little), so the grid stays
    # readable under thousands of them.
    pixels = t("your {n} pixels: the input layer", n=sizes[0])
    picture = (f'<image href="{png_data_uri(grid)}" x="0" y="0" width="{SIDE}" height="{SIDE}" '
               f'preserveAspectRatio="none" opacity="0.9" style="image-rendering: pixelated">'
               f"<title>{escape(pixels)}</title></image>")
    body = (connection_paths(conns, positions, palette, w_max) + [picture]
            + _neurons(activations, positions, guess, selected)
            + _layer_names(sizes, positions, vertical) + _outputs(positions, guess, vertical)
            + [_formula(net, d, positions, vertical, x1 - 0.3) for d in range(last + 1)])
    width_px = int((x1 - x0) * PX_PER_UNIT[vertical])
    about = t("the network, lit by your digit")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_f(x0)} {_f(y0)} {_f(x1 - x0)} '
           f'{_f(y1 - y0)}" style="max-width: {width_px}px; background: {BACKGROUND}; '
           f'font-family: {FONT}" role="img" aria-label="{escape(about)}">'
           + "".join(body) + "</svg>")
    names = forward_pass.step_names(last + 1)
    inputs, bar = forward_pass.controls(
        names, [(palette.positive, t(POSITIVE_NAME)), (palette.negative, t(NEGATIVE_NAME))])
    stage = f'<div class="fp-stage">{svg}</div>'
    html = (f'<div class="{forward_pass.ROOT}">'
            + forward_pass.style(last + 1, last if opens_at is None else opens_at)
            + inputs + (stage + bar if vertical else bar + stage) + "</div>")
    return NetworkDrawing(html=html, connections=len(conns))
