"""/matrix: one layer as a(1) = sigma(W a(0) + b), drawn and written with the real numbers,
and a measured race between Python loops and one matrix product.

Notation (as on every page): a layer with n inputs and k neurons has W of shape
(k, n) -- row j holds w_{j,0} .. w_{j,n-1}, the weights into neuron j -- and b,
a(1) of shape (k,). Indices start at 0.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from PIL import Image, ImageDraw

import netcore
from netcore.preprocess import SIDE
from ui import formulas, images, state
from ui.figures import GRAY_SCALE, NO_TOOLBAR, fast_figure
from ui.i18n import N_, number, t
from ui.palette import Palette
from ui.words import duration

EQUATION_HEIGHT = 380
_MARGIN = dict(l=38, r=6, t=8, b=34)   # top and bottom the same for every figure in a row,
_VECTOR_MARGIN = dict(_MARGIN, l=32)   # so the rows of W and the vectors' entries line up
VECTOR_WIDTH = 130                     # pixels: a column stays a column on a phone too


# --- pictures ---------------------------------------------------------------------------------

def _pixel_names(n: int) -> list[str]:
    """Hover text for input i: its pixel's place in the 28x28 picture (first layer only)."""
    if n != SIDE * SIDE:
        return [t("neuron {i} of the previous layer", i=i) for i in range(n)]
    return [t("pixel {i} (row {row}, column {column})", i=i, row=i // SIDE, column=i % SIDE)
            for i in range(n)]


def weight_matrix(W, palette: Palette, height: int = EQUATION_HEIGHT) -> go.Figure:
    """W (k x n) as a heat map: row j is the weights into neuron j, signed colours, values on hover."""
    W = np.asarray(W, dtype=np.float32)   # float32 travels to the browser as compact binary
    k, n = W.shape
    zmax = float(np.abs(W).max()) or 1.0
    trace = dict(
        type="heatmap", z=W, zmin=-zmax, zmax=zmax, colorscale=palette.colorscale(),
        colorbar=dict(tickvals=[-zmax, 0, zmax], ticktext=[f"- {zmax:.1f}", "0", f"+ {zmax:.1f}"],
                      thickness=10, len=0.9, x=1.0, xpad=4),
        # TRANSLATORS: a Plotly hover text: %{y} and %{x} are filled in by the chart, keep them.
        hovertemplate="w<sub>%{y},%{x}</sub> = %{z:+.3f}<br>"
                      + t("the weight into neuron %{y}<br>from input %{x}") + "<extra></extra>")
    return fast_figure([trace], dict(
        height=height, margin=_MARGIN,
        xaxis=dict(title=dict(text=t("input i (0 to {last})", last=n - 1), standoff=4),
                   tickvals=[0, n - 1],
                   showgrid=False, zeroline=False, automargin=False),
        yaxis=dict(tickvals=list(range(k)) if k <= 16 else [0, k - 1], autorange="reversed",
                   title=dict(text=t("neuron j"), standoff=2), showgrid=False, zeroline=False,
                   automargin=False)), own_colours=True)


def column_vector(values, *, palette: Palette | None = None, height: int = EQUATION_HEIGHT,
                  name: str = "a", hover_names: list[str] | None = None) -> go.Figure:
    """A vector drawn as a column of cells: signed colours if `palette` is given, else 0 (black) to 1.

    Up to 16 entries also print their values in the cells.
    """
    values = np.asarray(values, dtype=float).reshape(-1, 1)
    n = len(values)
    if palette is None:
        colours = dict(zmin=0, zmax=1, colorscale=GRAY_SCALE)
    else:
        zmax = float(np.abs(values).max()) or 1.0
        colours = dict(zmin=-zmax, zmax=zmax, colorscale=palette.colorscale())
    names = np.array(hover_names or [t("entry {i}", i=i) for i in range(n)],
                     dtype=object).reshape(-1, 1)
    trace = dict(type="heatmap", z=values, showscale=False, customdata=names, xgap=0,
                 ygap=1 if n <= 32 else 0, textfont=dict(size=11), **colours,
                 hovertemplate=name + "<sub>%{y}</sub> = %{z:+.4f}<br>%{customdata}<extra></extra>")
    if n <= 16:
        trace["texttemplate"] = "%{z:.2f}"
    return fast_figure([trace], dict(
        height=height, margin=_VECTOR_MARGIN,
        xaxis=dict(showticklabels=False, ticks="", showgrid=False, zeroline=False,
                   automargin=False),
        yaxis=dict(tickvals=list(range(n)) if n <= 16 else [0, n - 1], autorange="reversed",
                   showgrid=False, zeroline=False, automargin=False)), own_colours=True)


# The words around each part's name in the pictures of a_out = sigma(W a_in + b).
# TRANSLATORS: labels over the parts of the picture "a(1) = σ(W a(0) + b)", read left to right:
# "W", "times a(0)", "= W a(0)", "plus b", "σ( ) gives a(1)"; {name} is the part's symbol.
TIMES, PLUS, GIVES = N_("times {name}"), N_("plus {name}"), N_("σ( ) gives {name}")
_WORDED = (TIMES, PLUS, GIVES)


def part_label(template: str, name: str) -> str:
    """A part's label, its name in `template` ("times {name}"; "{name}" and "= {name}" have no
    words to translate)."""
    return t(template, name=name) if template in _WORDED else template.format(name=name)


def _layer_parts(W, a_in, b, a_out, layer: int):
    """The five parts of a_out = sigma(W a_in + b): (label template around the name, name, shape,
    values, signed, hover name)."""
    z_sum = W @ a_in
    up, here = f"({layer - 1})", f"({layer})"
    w, b_name = ("W", "b") if layer == 1 else (f"W{here}", f"b{here}")   # W, b as in the formula
    return [("{name}", w, W.shape, W, True, "W"), (TIMES, f"a{up}", a_in.shape, a_in, False, f"a{up}"),
            ("= {name}", f"{w} a{up}", z_sum.shape, z_sum, True, f"({w} a)"),
            (PLUS, b_name, b.shape, b, True, b_name),
            (GIVES, f"a{here}", a_out.shape, a_out, False, f"a{here}")]


def hover_switch() -> bool:
    """The switch from the one-picture figures to the interactive charts (exact values on hover)."""
    return st.toggle(t("Interactive charts: hover over any square for its exact value"),
                     key=state.MATRIX_HOVER)


def show_layer(W, a_in, b, a_out, palette: Palette, layer: int, key: str,
               interactive: bool = False) -> None:
    """The picture of a_out = sigma(W a_in + b): one picture (layer_picture, sized for a phone
    or a desktop), or, if `interactive`, five charts side by side with the exact values on
    hover (they load plotly.js, about a second on a page's first chart)."""
    if not interactive:
        from ui.widgets import is_phone
        images.show(layer_picture(W, a_in, b, a_out, palette, layer, phone=is_phone()))
        return
    parts = _layer_parts(W, a_in, b, a_out, layer)
    figs = [weight_matrix(W, palette),
            column_vector(a_in, name=parts[1][5], hover_names=_pixel_names(len(a_in))),
            column_vector(parts[2][3], palette=palette, name=parts[2][5]),
            column_vector(b, palette=palette, name=parts[3][5]),
            column_vector(a_out, name=parts[4][5])]
    columns = st.columns([3.2, 1, 1, 1, 1.1], gap="small")
    for nth, (column, (words, name, shape, *_), fig) in enumerate(zip(columns, parts, figs)):
        column.markdown(part_label(words, f"**{name}**") + "  \n"
                        + t("shape `{shape}`", shape=str(shape)))
        column.plotly_chart(fig, key=f"{key}-{nth}", config=NO_TOOLBAR,
                            width="stretch" if nth == 0 else VECTOR_WIDTH)


PICTURE_HEIGHT = 300   # CSS pixels: the grid of W and the columns of the vectors
INK = (49, 51, 63)     # Streamlit's text colour


def _strip(values, scale, zmin: float, zmax: float, width: int, height: int,
           numbers: bool) -> Image.Image:
    """A column vector as a strip of cells (a white line between cells when there are up to
    32, as column_vector's ygap), or a matrix as a grid; long ones shrunk smoothly to
    `height` (image pixels)."""
    grid = np.asarray(values, dtype=np.float64)
    grid = grid.reshape(-1, 1) if grid.ndim == 1 else grid
    rgb = images.coloured(grid, scale, zmin, zmax)
    picture = Image.fromarray(rgb, mode="RGB").resize((width, height), Image.Resampling.BOX
                                                       if grid.shape[0] > height
                                                       or grid.shape[1] > width
                                                       else Image.Resampling.NEAREST)
    rows = grid.shape[0]
    if rows <= 32 and grid.shape[1] == 1:
        draw = ImageDraw.Draw(picture)
        for j in range(1, rows):
            y = round(j * height / rows)
            draw.line([(0, y), (width, y)], fill=(255, 255, 255), width=images.HIDPI // 2 or 1)
    if numbers and grid.shape[1] == 1 and rows <= 16:
        draw = ImageDraw.Draw(picture)
        face = images.font(11 * images.HIDPI)
        for j in range(rows):
            y = (j + 0.5) * height / rows
            light = float(np.dot(rgb[j, 0], (0.299, 0.587, 0.114))) > 128
            draw.text((width / 2, y), f"{grid[j, 0]:.2f}", font=face, anchor="mm",
                      fill=(0, 0, 0) if light else (255, 255, 255))
    return picture


def layer_picture(W, a_in, b, a_out, palette: Palette, layer: int, phone: bool = False,
                  height: int = PICTURE_HEIGHT) -> Image.Image:
    """a_out = sigma(W a_in + b) as one picture: W (row j: the weights into neuron j, in the
    palette's signed colours, its colour bar beside it), then the columns a_in (gray 0..1),
    W a_in and b (signed) and a_out (gray), each under its name and shape; up to 16 entries
    print their values. A phone gets W on a row of its own, the four columns under it."""
    k = images.HIDPI
    H, label_h, tick = height * k, 40 * k, 10 * k
    small, face = images.font(11 * k), images.font(14 * k)
    parts = _layer_parts(W, a_in, b, a_out, layer)

    def labelled(picture: Image.Image, label: str, shape, left: int = 0, right: int = 0,
                 width: int | None = None) -> Image.Image:
        width = width or picture.width + left + right
        out = Image.new("RGB", (width, label_h + picture.height + 2 * tick), (255, 255, 255))
        x_mid = left + picture.width / 2   # words written by the browser (images.text)
        images.text(out, (x_mid, 14 * k), label, size=14 * k)
        images.text(out, (x_mid, 31 * k), t("shape {shape}", shape=str(shape)), size=11 * k)
        out.paste(picture, (left, label_h))
        return out

    def rows_marked(out: Image.Image, n: int, x: float, x_anchor: str) -> None:
        draw = ImageDraw.Draw(out)
        shown = range(n) if n <= 16 else (0, n - 1)
        for j in shown:
            draw.text((x, label_h + (j + 0.5) * H / n), str(j), font=small, anchor=x_anchor,
                      fill=INK)

    # W: signed colours, its rows numbered on the left, its colour bar on the right
    n_rows, n_cols = W.shape
    zmax = float(np.abs(W).max()) or 1.0
    w_width = (330 if phone else 250) * k
    grid = _strip(W, palette.colorscale(), -zmax, zmax, w_width, H, numbers=False)
    left, bar_w = 26 * k, 56 * k
    w_part = labelled(grid, part_label(parts[0][0], parts[0][1]), parts[0][2], left=left,
                      right=bar_w)
    rows_marked(w_part, n_rows, left - 4 * k, "rm")
    draw = ImageDraw.Draw(w_part)
    images.text(w_part, (left + w_width / 2, label_h + H + tick),
                t("input i (0 to {last})", last=n_cols - 1), size=11 * k)
    bar = images.coloured(np.linspace(zmax, -zmax, H)[:, None], palette.colorscale(), -zmax, zmax)
    x_bar = left + w_width + 6 * k
    w_part.paste(Image.fromarray(np.repeat(bar, 8 * k, axis=1), mode="RGB"), (x_bar, label_h))
    for y, text in ((0, f"+ {zmax:.1f}"), (H / 2, "0"), (H - 1, f"- {zmax:.1f}")):
        draw.text((x_bar + 11 * k, label_h + y), text, font=small, anchor="lm", fill=INK)

    # the four columns, each with its entries numbered on the left
    col_w, strip_w = 96 * k, 44 * k
    columns = []
    for words, name, shape, values, signed, _ in parts[1:]:
        label = part_label(words, name)
        zmax_v = float(np.abs(values).max()) or 1.0
        scale, lo, hi = ((palette.colorscale(), -zmax_v, zmax_v) if signed
                         else (GRAY_SCALE, 0.0, 1.0))
        strip = _strip(values, scale, lo, hi, strip_w, H, numbers=True)
        part = labelled(strip, label, shape, left=(col_w - strip_w) // 2, width=col_w)
        rows_marked(part, len(values), (col_w - strip_w) // 2 - 3 * k, "rm")
        columns.append(part)
    row = Image.new("RGB", (col_w * 4, columns[0].height), (255, 255, 255))
    for j, part in enumerate(columns):
        row.paste(part, (j * col_w, 0))
    if phone:
        return images.stacked(w_part, row, gap=8 * k)
    out = Image.new("RGB", (w_part.width + row.width, max(w_part.height, row.height)),
                    (255, 255, 255))
    out.paste(w_part, (0, 0))
    out.paste(row, (w_part.width, 0))
    return out


# --- formulas ---------------------------------------------------------------------------------
# Each formula is one LaTeX string shown whole by `show_formula`: on a narrow screen it scrolls
# sideways inside its own box, never split into lines such as a lone "σ(".


def _bmatrix(rows: list[list[str]]) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"


def _col(entries: list[str]) -> str:
    return _bmatrix([[e] for e in entries])


def _number(value: float) -> str:
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def general_formula() -> str:
    """a(1) = sigma(W a(0) + b) written out with its entries, W's size in the learner's words."""
    # TRANSLATORS: under the matrix W in a formula: "k rows × n columns" (k and n are letters).
    rows, columns = t("rows"), t("columns")
    return GENERAL_FORMULA.replace("@SIZE@", rf"k \text{{ {rows}}} \times n \text{{ {columns}}}")


GENERAL_FORMULA = (
    r"a^{(1)} = \sigma\left("
    + r"\underbrace{" + _bmatrix([
        ["w_{0,0}", r"\cdots", "w_{0,n-1}"],
        ["w_{1,0}", r"\cdots", "w_{1,n-1}"],
        [r"\vdots", r"\ddots", r"\vdots"],
        ["w_{k-1,0}", r"\cdots", "w_{k-1,n-1}"]])
    + r"}_{W:\ @SIZE@}"
    + r"\underbrace{" + _col(["a^{(0)}_0", "a^{(0)}_1", r"\vdots", "a^{(0)}_{n-1}"]) + r"}_{n}"
    + r"+\underbrace{" + _col(["b_0", "b_1", r"\vdots", "b_{k-1}"]) + r"}_{k}"
    + r"\right)")


def concrete_formula(W, a_in, b, a_out, rows: int = 3, cols: int = 2) -> str:
    """The same formula with real numbers: the first `rows` rows and the last, first/last columns."""
    k, n = W.shape
    keep_rows = [*range(rows), k - 1]
    matrix = [[_number(W[j, i]) for i in range(cols)] + [r"\cdots", _number(W[j, n - 1])]
              for j in keep_rows]
    matrix.insert(rows, [r"\vdots"] * cols + [r"\ddots", r"\vdots"])

    def vec(v, last, shown):
        return _col([_number(v[i]) for i in range(shown)] + [r"\vdots", _number(v[last])])
    return (r"\sigma\left(" + _bmatrix(matrix) + vec(a_in, n - 1, cols) + "+" + vec(b, k - 1, rows)
            + r"\right) = " + vec(a_out, k - 1, rows))


def layer_formula(layer: int, W_shape, a_in_shape, b_shape) -> str:
    """a(l) = sigma(W(l) a(l-1) + b(l)) with each symbol's NumPy shape written under it."""
    return (rf"\underbrace{{a^{{({layer})}}}}_{{{(W_shape[0],)}}} = "
            rf"\sigma\big(\underbrace{{W^{{({layer})}}}}_{{{W_shape}}}\, "
            rf"\underbrace{{a^{{({layer - 1})}}}}_{{{a_in_shape}}} + "
            rf"\underbrace{{b^{{({layer})}}}}_{{{b_shape}}}\big)")


def show_formula(latex: str) -> None:
    """One formula, whole: its box scrolls sideways when the screen is narrower."""
    formulas.show(latex)


# --- the race: loops against one matrix product -----------------------------------------------

def layer_by_python_loops(W_rows: list[list[float]], b: list[float], a0: list[float]) -> list[float]:
    """a(1) in plain Python, no NumPy: for each neuron j, for each input i, one multiply-add."""
    a1 = []
    for j in range(len(W_rows)):
        z = b[j]
        for i in range(len(a0)):
            z += W_rows[j][i] * a0[i]
        z = max(-60.0, min(60.0, z))           # as netcore.sigmoid: e^60 cannot overflow
        a1.append(1.0 / (1.0 + math.exp(-z)))
    return a1


def layer_by_neuron_loop(W, b, a0) -> np.ndarray:
    """A Python loop over the k neurons; each weighted sum is one NumPy dot product of n numbers."""
    z = np.array([W[j] @ a0 for j in range(len(b))]) + b
    return netcore.sigmoid(z)


def layer_by_matrix(W, b, A0) -> np.ndarray:
    """Every image at once. A0 holds one image per column: (k, n) @ (n, N) -> (k, N)."""
    return netcore.sigmoid(W @ A0 + b[:, None])


@dataclass(frozen=True)
class Timing:
    method: str        # its name, marked for translation (shown with t())
    images: int        # how many images this method actually ran on
    seconds: float     # measured time for those images

    @property
    def per_image(self) -> float:
        return self.seconds / self.images


@dataclass(frozen=True)
class Race:
    timings: list[Timing]   # plain loops, loop over neurons, matrix product
    worst: float            # largest |a(1) - matrix product's a(1)| over every image a loop ran on
    shape: tuple[int, int]  # W's shape (k, n)
    total: int              # images in the batch
    repeats: int            # the matrix product's time is the fastest of this many runs


def race(W, b, images, loop_budget: float = 0.4, matrix_budget: float = 0.3,
         max_repeats: int = 50) -> Race:
    """Time the three ways of computing a(1) for the rows of `images` (N, n).

    The loops run image after image until `loop_budget` seconds are used up (or
    all N are done). The matrix product runs on all N at once, again and again
    for `matrix_budget` seconds (at most `max_repeats` times), and its fastest
    run counts: its first runs can be many times slower while the BLAS library
    wakes its threads, most of all on a busy machine.
    """
    N = len(images)
    W_rows, b_list = W.tolist(), b.tolist()
    timings, worst = [], 0.0
    A1 = layer_by_matrix(W, b, images.T)
    for method, run in [(N_("plain Python loops"),
                         lambda x: layer_by_python_loops(W_rows, b_list, x.tolist())),
                        (N_("loop over neurons, NumPy sums"),
                         lambda x: layer_by_neuron_loop(W, b, x))]:
        spent, done = 0.0, 0
        while done < N and spent < loop_budget:
            start = time.perf_counter()
            a1 = run(images[done])
            spent += time.perf_counter() - start
            worst = max(worst, float(np.max(np.abs(np.asarray(a1) - A1[:, done]))))
            done += 1
        timings.append(Timing(method, done, spent))
    best, spent, repeats = math.inf, 0.0, 0
    while repeats < max_repeats and spent < matrix_budget:
        start = time.perf_counter()
        layer_by_matrix(W, b, images.T)
        took = time.perf_counter() - start
        best, spent, repeats = min(best, took), spent + took, repeats + 1
    timings.append(Timing(N_("one matrix product W @ A"), N, best))
    return Race(timings, worst, W.shape, N, repeats)


def blas_name() -> str:
    """The BLAS library NumPy was built with, e.g. "scipy-openblas", or "" if NumPy does not say."""
    try:
        return str(np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"])
    except Exception:  # noqa: BLE001 -- older NumPy or an unusual build: just leave the name out
        return ""


def _times(ratio: float) -> str:
    """A speed-up written the learner's way: 1,234 or 3.4."""
    return number(ratio, ",.0f") if ratio >= 10 else number(ratio, ".2g")


def show_race(result: Race) -> None:
    """The measured times as a table, the speed-up, and why a matrix product is so fast."""
    timings, worst, total = result.timings, result.worst, result.total
    (n_out, n_in), matrix, loops = result.shape, timings[-1], timings[0]
    # TRANSLATORS: column headings of the table of measured times.
    method, images, time_, per_image = t("method"), t("images"), t("time"), t("per image")
    for_all, slower = t("for {total:,} images", total=total), t("x slower")
    st.dataframe([{
        method: t(timing.method),
        images: number(timing.images, ","),
        time_: duration(timing.seconds),
        per_image: duration(timing.per_image),
        for_all: (t("{time} (measured)", time=duration(timing.per_image * total))
                  if timing.images == total else
                  t("{time} (estimated)", time=duration(timing.per_image * total))),
        slower: _times(timing.per_image / matrix.per_image),
    } for timing in timings], hide_index=True, key="matrix_race_table")
    blas = blas_name()
    st.markdown(
        t("Per image, the one matrix product was about **{loops} times faster** than the plain "
          "Python loops, and {neuron_loop} times faster than the loop over neurons. (The matrix "
          "time is its fastest of {repeats} runs. Times vary from press to press, more so when "
          "the server is busy.) All three gave the same a(1): the largest difference was "
          "{worst:.1e}.", loops=_times(loops.per_image / matrix.per_image),
          neuron_loop=_times(timings[1].per_image / matrix.per_image), repeats=result.repeats,
          worst=worst)
        + "\n\n"
        + t("Why? The plain loops pay Python's bookkeeping for each of the {per_image:,} "
            "multiply-adds of every image, and the loop over neurons still pays it {k} times per "
            "image. `W @ A` hands all {all:,} multiply-adds to NumPy in one call, and NumPy "
            "passes them to a **BLAS** library ({blas}): compiled code tuned for each kind of "
            "processor. It keeps small blocks of both matrices in the processor's fast **cache** "
            "while it works on them, uses **SIMD** instructions that do several multiply-adds in "
            "one step, and can share the work among the processor's cores. Almost all of a neural "
            "network's work is matrix products, which is why libraries optimise them so hard, and "
            "why **GPUs** help: they have thousands of small units doing multiply-adds at the "
            "same time.", per_image=n_out * n_in, k=n_out, all=n_out * n_in * total,
            blas=blas or t("Basic Linear Algebra Subprograms")))
