"""The figures /learning draws: weight pictures, learning curves and the confusion matrix.

The live figures are redrawn twice a second while a network trains, so they are
built from plain dicts with plotly.py's validation switched off (it costs more
than the drawing); the tests validate each one once with go.Figure(fig.to_dict()).
Signed numbers (weights) use ui.palette; counts and pixels are gray.
Pure Plotly, no Streamlit: the page's widgets and layout are in `ui.lessons.learning.view`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from netcore.preprocess import SIDE
from ui.figures import GRAY_SCALE, fast_figure, signed_colourbar, square_axes
from ui.i18n import number, t
from ui.palette import Palette
from ui.lessons.learning.settings import N_DIGITS, Settings

LOSS_COLOUR, TRAIN_COLOUR, TEST_COLOUR = "#e8893d", "#9a9a9a", "#2f6fd6"


def weight_pictures(weights, palette: Palette, name: str | None = None, columns: int = 4,
                    height: int | None = None, title: str = "", subtitle: str = "") -> go.Figure:
    """Each row j of `weights` (k, 784) as a 28x28 picture numbered j ("{name} j" on hover;
    name: a word in the learner's language, "neuron" when None).

    One shared colour scale (clipped at the 99th percentile of |w|, so one extreme
    weight does not wash out the rest) with + and - on its bar; the exact weight,
    the neuron and the pixel on hover.
    """
    weights = np.asarray(weights, dtype=np.float32)
    k = len(weights)
    columns = min(columns, k)
    rows = -(-k // columns)
    zmax = float(np.percentile(np.abs(weights), 99)) or 1.0
    data, layout = [], square_axes(k)
    name = t("neuron") if name is None else name
    for j in range(k):
        r, c = divmod(j, columns)
        n = "" if j == 0 else str(j + 1)
        data.append(dict(
            type="heatmap", z=weights[j].reshape(SIDE, SIDE), xaxis=f"x{n}", yaxis=f"y{n}",
            coloraxis="coloraxis",
            # TRANSLATORS: hover text of one weight picture; name is "neuron", "digit" or
            # "change of neuron"; keep Plotly's %{{y}}, %{{x}} and %{{z:+.3f}} as they are
            hovertemplate=t("{name} {j}, pixel row %{{y}}, column %{{x}}<br>weight %{{z:+.3f}}",
                            name=name, j=j) + "<extra></extra>"))
        x0, y1 = c / columns, 1 - r / rows
        layout[f"xaxis{n}"]["domain"] = [x0 + 0.01, x0 + 1 / columns - 0.01]
        layout[f"yaxis{n}"]["domain"] = [y1 - 1 / rows + 0.01, y1 - 0.12 / rows]
    annotations = [dict(text=str(j), x=0.5, y=1, xref=f"{axis.replace('y', 'x')} domain",
                        yref=f"{axis} domain", yanchor="bottom", showarrow=False,
                        font=dict(size=11))
                   for j, axis in enumerate(trace["yaxis"] for trace in data)]
    layout.update(
        height=height or 40 + rows * 100 + (10 if subtitle else 0), annotations=annotations,
        margin=dict(l=4, r=4, t=60 if subtitle else 50 if title else 14, b=4),
        title=dict(text=title, font=dict(size=14),
                   subtitle=dict(text=subtitle, font=dict(size=11))),
        coloraxis=dict(colorscale=palette.colorscale(), cmin=-zmax, cmax=zmax,
                       colorbar=signed_colourbar(zmax, thickness=10, len=0.9)))
    return fast_figure(data, layout)


def learning_curves(points, tests, total_epochs: int, height: int = 420) -> go.Figure:
    """Loss (top) and accuracy (bottom) against epochs, 0 to total_epochs.

    points: (epoch, loss, training accuracy) averaged over a few batches each;
    tests: (epoch, test accuracy), the first one before any training.
    """
    xs, loss, acc = (list(v) for v in zip(*points)) if points else ([], [], [])
    tx, tacc = (list(v) for v in zip(*tests)) if tests else ([], [])
    axis = dict(range=[0, total_epochs], title=None, gridcolor="rgba(128,128,128,0.25)")
    data = [
        dict(type="scatter", x=xs, y=loss, mode="lines", name=t("loss (training batches)"),
             line=dict(color=LOSS_COLOUR, width=2), xaxis="x", yaxis="y",
             hovertemplate=t("epoch %{x:.2f}<br>loss %{y:.3f}") + "<extra></extra>"),
        dict(type="scatter", x=xs, y=acc, mode="lines", name=t("accuracy on training batches"),
             line=dict(color=TRAIN_COLOUR, width=1.5), xaxis="x2", yaxis="y2",
             hovertemplate=t("epoch %{x:.2f}<br>training batches: %{y:.1%}") + "<extra></extra>"),
        dict(type="scatter", x=tx, y=tacc, mode="lines+markers+text",
             name=t("accuracy on test images"),
             text=[""] * (len(tacc) - 1) + [number(tacc[-1], ".1%")] if tacc else [],
             textposition="bottom left", textfont=dict(color=TEST_COLOUR),
             line=dict(color=TEST_COLOUR, width=2.5), marker=dict(size=8), xaxis="x2",
             yaxis="y2", hovertemplate=t("after epoch %{x:.0f}<br>test images: %{y:.2%}")
                                       + "<extra></extra>"),
    ]
    layout = dict(
        height=height, margin=dict(l=50, r=10, t=60, b=40), hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        xaxis=dict(axis, anchor="y", showticklabels=False),
        xaxis2=dict(axis, anchor="y2", matches="x",
                    title=dict(text=t("epochs (passes over the training images)"))),
        yaxis=dict(domain=[0.58, 1], title=dict(text=t("loss")), rangemode="tozero",
                   gridcolor="rgba(128,128,128,0.25)"),
        yaxis2=dict(domain=[0, 0.5], title=dict(text=t("accuracy")), range=[0, 1.02],
                    tickformat=".0%", gridcolor="rgba(128,128,128,0.25)"))
    return fast_figure(data, layout)


def confusion(counts, height: int = 420) -> go.Figure:
    """(10, 10) counts, row = true digit, column = the network's answer; every count printed.

    Colour follows log(1 + count), so the few mistakes still show next to the diagonal's
    hundreds; hover gives the exact count.
    """
    counts = np.asarray(counts)
    digits = [str(d) for d in range(10)]
    trace = dict(type="heatmap", z=np.log1p(counts), x=digits, y=digits, customdata=counts,
                 colorscale=GRAY_SCALE, showscale=False, text=counts, texttemplate="%{text}",
                 textfont=dict(size=11),
                 hovertemplate=t("a <b>%{y}</b> that it called <b>%{x}</b>: "
                                 "%{customdata} test images") + "<extra></extra>")
    layout = dict(height=height, margin=dict(l=50, r=10, t=10, b=50),
                  xaxis=dict(title=dict(text=t("what the network said")), side="bottom",
                             type="category", constrain="domain"),
                  yaxis=dict(title=dict(text=t("the true digit")), autorange="reversed",
                             type="category", scaleanchor="x", constrain="domain"))
    return fast_figure([trace], layout)


def weights_meaning(s: Settings) -> tuple[str, str]:
    """(what each weight picture belongs to, a title) for the first layer of weights, in the
    learner's language."""
    if not s.hidden:
        # TRANSLATORS: a weight picture of the output neuron for one digit ("digit 3, pixel ...")
        return t("digit"), t("Weights into the {n} output neurons", n=N_DIGITS)
    shown = min(16, s.hidden[0])
    if shown == s.hidden[0]:
        return t("neuron"), t("Weights into hidden layer 1 ({n} neurons)", n=shown)
    return t("neuron"), t("Weights into hidden layer 1 (first {shown} of {n} neurons)",
                          shown=shown, n=s.hidden[0])


def weight_figure(weights, s: Settings, palette: Palette, when: str) -> go.Figure:
    name, title = weights_meaning(s)
    return weight_pictures(weights, palette, name, title=title, subtitle=when)


def weight_picture(weights, s: Settings, palette: Palette, when: str, width: int = 420):
    """weight_figure as a picture (ui.images, no hover): the page's first screen then loads
    no plotly.js. The same pictures, numbers and shared colour scale (99th percentile of |w|)."""
    from ui import images
    weights = np.asarray(weights, dtype=np.float32)
    _, title = weights_meaning(s)
    zmax = float(np.percentile(np.abs(weights), 99)) or 1.0
    grid = images.panel_picture(weights, [str(j) for j in range(len(weights))],
                                cols=min(4, len(weights)), width=width, palette=palette, zmax=zmax)
    k = images.HIDPI
    return images.titled(images.titled(grid, when, 11 * k), title, 14 * k)

