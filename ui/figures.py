"""Figures for the lessons: 28x28 grids of activations or weights, pictures, bars.

Built from plain dicts with plotly.py's property validation switched off
(`fast_figure`): validating costs 10-30 ms per small figure, and the pages
redraw several figures on every stroke. The tests validate each figure once
(`go.Figure(fig.to_dict())`), so a misspelt property still fails a test.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from PIL import Image

from netcore.preprocess import SIDE
from ui import i18n
from ui.i18n import t
from ui.images import GRAY_SCALE, NUMBER_MIN, coloured, enlarged, png_data_uri
from ui.palette import GUESS_COLOUR, Palette

NO_TOOLBAR = {"displayModeBar": False}   # st.plotly_chart(config=...): no Plotly toolbar over a figure
MARGIN = dict(l=4, r=4, t=30, b=4)
ROOMY_MARGIN = dict(l=10, r=10, t=40, b=10)   # room for a title at the usual size
# A colour bar under a grid, so a narrow column gives the picture its whole width.
BAR_BELOW = dict(orientation="h", thickness=10, len=0.9, x=0.5, xanchor="center",
                 y=-0.02, yanchor="top")
BAR_BELOW_MARGIN = dict(l=5, r=5, t=40, b=40)
# A thin gray line around the picture: a white picture on a white page needs it.
FRAME = dict(visible=True, showticklabels=False, ticks="", showgrid=False, zeroline=False,
             showline=True, mirror=True, linecolor="gray")


# Streamlit's Plotly template (3.7 kB in every figure's JSON) gives default colours: colour
# ways, colour scales for traces that set none. A figure that sets every colour itself needs
# none of it; Streamlit's browser side still styles fonts, axes and backgrounds the same way.
def bare_template() -> dict:
    """An empty Plotly template (a new one for each figure: nothing shared between figures)."""
    return dict(data={}, layout={})


def fast_figure(data: list[dict], layout: dict, *, own_colours: bool = False) -> go.Figure:
    """A figure from plain dicts, skipping plotly.py's (slow) validation.

    own_colours: every trace sets its colours (colorscale, marker colours), so the
    figure is sent without Streamlit's template (bare_template()), 3.7 kB less.
    """
    if own_colours:
        layout = dict(layout, template=bare_template())
    language = i18n.current()
    if language != i18n.SOURCE:   # numbers on hover and ticks in the learner's way (0,5)
        layout = dict(layout, separators=i18n.plotly_separators(language))
    return go.Figure(dict(data=data, layout=layout), _validate=False)


def square_axes(n: int = 1) -> dict:
    """Hidden, square, top-down axes (image orientation) for n panels side by side."""
    axes = {}
    for k in range(1, n + 1):
        suffix = "" if k == 1 else str(k)
        axes[f"xaxis{suffix}"] = dict(visible=False, constrain="domain")
        axes[f"yaxis{suffix}"] = dict(visible=False, autorange="reversed", constrain="domain",
                                      scaleanchor=f"x{suffix}")
    return axes


def signed_colourbar(zmax: float, clipped: bool = False, **place) -> dict:
    """+ and - written on the bar; clipped: larger values share the end colours (<= and >=).

    place: Plotly colorbar keys that move or resize it (default: upright, on the right).
    """
    low, high = ("\u2264 ", "\u2265 ") if clipped else ("", "")
    return dict(tickvals=[-zmax, 0, zmax], thickness=12, len=0.8,
                ticktext=[f"{low}- {zmax:.2g}", "0", f"{high}+ {zmax:.2g}"]) | place


def _as_grid(values) -> np.ndarray:
    grid = np.asarray(values, dtype=np.float32)
    return grid.reshape(SIDE, SIDE) if grid.ndim == 1 else grid


def _where() -> str:
    """ "row r, column c" of a grid's cell, for a Plotly hover template."""
    # TRANSLATORS: a grid cell's place, in a chart's hover text: keep %{y} and %{x}
    return t("row %{y}, column %{x}")


def _hover(name: str, number_format: str, roomy: bool) -> str:
    """The hover of a grid's cell: "row r, column c" then "name value" ("name = value" if roomy).

    name: in the learner's language."""
    return (_where() + f"<br>{name}{' = ' if roomy else ' '}%{{z:{number_format}}}"
            "<extra></extra>")


def _grid_figure(trace: dict, title: str, height: int, roomy: bool, margin: dict | None = None,
                 frame: bool = False) -> go.Figure:
    """One square grid: compact (small title, thin margins) or roomy (see pixel_grid)."""
    margin = margin or (ROOMY_MARGIN if roomy else MARGIN)
    layout = dict(title=dict(text=title) if roomy else dict(text=title, font=dict(size=13)),
                  height=height, margin=margin, **square_axes())
    if frame:
        layout["xaxis"].update(FRAME)
        layout["yaxis"].update(FRAME)
    return fast_figure([trace], layout, own_colours=True)


def pixel_grid(values, *, title: str = "", height: int = 300, hover_name: str | None = None,
               hover: str | None = None, numbers: bool = False, zmax: float = 1.0,
               customdata=None, frame: bool = False, roomy: bool = False) -> go.Figure:
    """Values from 0 (black) to zmax (white) on a grid, the exact value on hover.

    values: 2-D, or (784,) read as 28x28. title, hover_name: in the learner's language;
    hover_name: what the hover calls a value (default "activation": "row, column,
    activation"); hover: a whole Plotly hover template instead.
    numbers: print each value >= NUMBER_MIN with one decimal inside its cell.
    customdata: per-cell values for the hover (%{customdata}). frame: a gray line around it.
    roomy: the look of the first lessons (/ and /weights): wider margins, the title at
    the usual size and "name = value" on hover.
    """
    grid = _as_grid(values)
    trace = dict(type="heatmap", z=grid, zmin=0, zmax=zmax, colorscale=GRAY_SCALE,
                 showscale=False,
                 hovertemplate=hover or _hover(hover_name or t("activation"), ".3f", roomy))
    if customdata is not None:
        trace["customdata"] = customdata
    if numbers:
        # a numpy array, not nested lists: plotly.py copies and walks lists element by element
        trace["text"] = np.where(grid >= NUMBER_MIN, np.char.mod("%.1f", grid), "")
        trace["texttemplate"] = "%{text}"
        trace["textfont"] = dict(size=9)
    return _grid_figure(trace, title, height, roomy, frame=frame)


def signed_grid(values, palette: Palette, *, title: str = "", height: int = 300,
                hover_name: str | None = None, zmax: float | None = None,
                colourbar_below: bool = False, roomy: bool = False) -> go.Figure:
    """Signed numbers on a grid in the palette, + and - on the colour bar, exact values on hover.

    hover_name: what the hover calls a value (default "weight"), in the learner's language.
    zmax: the value given the end colours (default the largest |value|).
    colourbar_below: the bar under the grid (for narrow columns). roomy: as in pixel_grid.
    """
    grid = _as_grid(values)
    zmax = float(zmax or np.max(np.abs(grid)) or 1.0)
    bar = signed_colourbar(zmax, **(BAR_BELOW if colourbar_below else {}))
    trace = dict(type="heatmap", z=grid, zmin=-zmax, zmax=zmax, colorscale=palette.colorscale(),
                 colorbar=bar, hovertemplate=_hover(hover_name or t("weight"), "+.3f", roomy))
    margin = BAR_BELOW_MARGIN if colourbar_below else None
    return _grid_figure(trace, title, height, roomy, margin)


def picture(image, *, title: str = "", height: int = 220, box=None, marks=()) -> go.Figure:
    """A picture of any size (0..1) sent as a small PNG, not as numbers; for big drawings.

    box: (top, bottom, left, right), half-open, drawn as a dashed rectangle.
    marks: (row, col) points to mark with a cross (e.g. the centre of mass).
    """
    h, w = np.shape(image)
    source = png_data_uri(enlarged(image))
    data = [dict(type="image", source=source, x0=0, y0=0, dx=1, dy=1, hoverinfo="skip")]
    shapes = []
    if box is not None:
        top, bottom, left, right = box
        shapes.append(dict(type="rect", x0=left - 0.5, x1=right - 0.5,
                           y0=top - 0.5, y1=bottom - 0.5,
                           line=dict(color=GUESS_COLOUR, width=2, dash="dash")))
    for row, col in marks:
        data.append(dict(type="scatter", x=[col], y=[row], mode="markers",
                         marker=dict(symbol="x-thin", size=14,
                                     line=dict(color=GUESS_COLOUR, width=2)),
                         # TRANSLATORS: hover text of a cross on a picture: keep %{y:.2f}, %{x:.2f}
                         hovertemplate=t("centre of mass") + "<br>"
                         + t("row %{y:.2f}, column %{x:.2f}") + "<extra></extra>",
                         showlegend=False))
    layout = dict(title=dict(text=title, font=dict(size=13)), height=height, margin=MARGIN,
                  shapes=shapes, **square_axes())
    layout["xaxis"].update(range=[-0.5, w - 0.5])
    layout["yaxis"].update(range=[h - 0.5, -0.5], autorange=False)
    return fast_figure(data, layout, own_colours=True)


def _panel_trace(im, name: str, suffix: str, hover_name: str, signed: bool) -> dict:
    """One panel of panel_grid as a heat map: exact values on hover."""
    trace = dict(type="heatmap", z=im, xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                 hovertemplate=f"{name}<br>{_where()}<br>{hover_name} "
                               + ("%{z:+.3f}" if signed else "%{z:.3f}") + "<extra></extra>")
    if signed:
        trace["coloraxis"] = "coloraxis"
    else:
        trace.update(zmin=0, zmax=1, colorscale=GRAY_SCALE, showscale=False)
    return trace


def gray_scale_image(values) -> Image.Image:
    """Values 0..1 as an RGB image in GRAY_SCALE's colours, interpolated between its stops as
    the browser colours a heat map: the same picture as the heat map, without its numbers."""
    return Image.fromarray(coloured(_as_grid(values), GRAY_SCALE, 0.0, 1.0), mode="RGB")


def panel_grid(images, titles, *, cols: int, palette: Palette | None = None,
               height: int = 600, zmax: float | None = None, hover_name: str | None = None,
               title_colours=None, hover: bool = True) -> go.Figure:
    """Many small grids in one figure: gray 0..1, or signed in `palette` with one shared colour bar.

    zmax (signed only): values beyond +-zmax get the end colours (the bar says so);
    default the largest |value|.
    titles, hover_name (default "activation"): in the learner's language.
    hover False (gray only): each panel is sent as a small PNG in the same colours, with
    no numbers to hover: lighter to send and to draw, for pictures that only show an idea.
    """
    images = [_as_grid(im) for im in images]
    rows = -(-len(images) // cols)
    gap, title_room, row_gap = 0.04, 18 / (height - 12), 6 / (height - 12)   # paper fractions
    signed = palette is not None
    largest = max(float(np.max(np.abs(im))) for im in images) or 1.0
    zmax = float(zmax or largest)
    data, layout, annotations = [], square_axes(len(images)), []
    for k, (im, name) in enumerate(zip(images, titles)):
        r, c = divmod(k, cols)
        suffix = "" if k == 0 else str(k + 1)
        x0, y1 = c / cols + gap / 2, 1 - r / rows - title_room
        x1, y0 = (c + 1) / cols - gap / 2, 1 - (r + 1) / rows + row_gap
        layout[f"xaxis{suffix}"]["domain"] = [x0, x1]
        layout[f"yaxis{suffix}"].update(domain=[y0, y1], constraintoward="top")
        if not hover and not signed:
            h, w = im.shape
            layout[f"xaxis{suffix}"]["range"] = [-0.5, w - 0.5]
            layout[f"yaxis{suffix}"].update(range=[h - 0.5, -0.5], autorange=False)
            data.append(dict(type="image", source=png_data_uri(gray_scale_image(im)), x0=0, y0=0,
                             dx=1, dy=1, hoverinfo="skip", xaxis=f"x{suffix}",
                             yaxis=f"y{suffix}"))
        else:
            data.append(_panel_trace(im, name, suffix, hover_name or t("activation"), signed))
        colour = title_colours[k] if title_colours else None
        annotations.append(dict(text=name, x=(x0 + x1) / 2, y=y1, xref="paper", yref="paper",
                                xanchor="center", yanchor="bottom", showarrow=False,
                                font=dict(size=11, color=colour)))
    if signed:
        layout["coloraxis"] = dict(colorscale=palette.colorscale(), cmin=-zmax, cmax=zmax,
                                   colorbar=signed_colourbar(
                                       zmax, clipped=largest > zmax, orientation="h", x=0.5,
                                       xanchor="center", y=0, yanchor="top", len=0.6))
    layout.update(height=height, margin=dict(l=4, r=4, t=6, b=40 if signed else 6),
                  annotations=annotations)
    return fast_figure(data, layout, own_colours=True)


def activation_bars(values, labels, *, title: str = "", height: int = 260) -> go.Figure:
    """Activations (0..1) as bars lit by their own value, in the order given (labels and
    title in the learner's language)."""
    activation = t("activation")
    values = np.asarray(values, dtype=float)
    grays = [f"rgb({g},{g},{g})" for g in (60 + 195 * np.clip(values, 0, 1)).round().astype(int)]
    trace = dict(type="bar", x=list(labels), y=values, marker=dict(color=grays,
                 line=dict(color="#888", width=1)), text=[f"{v:.2f}" for v in values],
                 textposition="outside", cliponaxis=False, textfont=dict(size=9),
                 hovertemplate="%{x}<br>" + activation + " %{y:.4f}<extra></extra>")
    return fast_figure([trace], dict(
        title=dict(text=title, font=dict(size=13)), height=height,
        margin=dict(l=40, r=10, t=40, b=40), xaxis=dict(type="category", tickangle=-45),
        yaxis=dict(range=[0, 1.12], title=dict(text=activation))), own_colours=True)
