"""/function: every layer of the network at once, things that are not digits, and photo uploads.

The checks on uploaded bytes are pure and live in `ui.image_input`; this module is
the Streamlit side (the uploader's callback, messages, the steps shown).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from netcore.preprocess import SIDE
from PIL import Image, ImageDraw

from ui import image_input, images, state, strokes
from ui.figures import GRAY_SCALE, NO_TOOLBAR, fast_figure
from ui.i18n import N_, message, t
from ui.images import enlarged
from ui.words import layer_name
from ui.palette import GUESS_COLOUR

# What one neuron of a layer gives back, by the layer's function (netcore.ACTIVATIONS).
PLAIN_SYMBOL = {"sigmoid": "σ", "relu": "ReLU", "tanh": "tanh"}
RANGE = {"sigmoid": N_("between 0 and 1"), "relu": N_("0 or more"),
         "tanh": N_("between -1 and 1")}

# --- every layer at once ----------------------------------------------------------------------

def layers_figure(activations, height: int = 360) -> go.Figure:
    """The input as a 28x28 picture, then each later layer as a column of lit cells with values.

    activations: net.activations(x), [a0, a1, ..., aL]. The output's brightest
    cell (the guess) is outlined. One row of panels, laid out as plotly's
    make_subplots would (column widths 3:1:1..., spacing 0.04), built from dicts.
    """
    cols, spacing = len(activations), 0.04
    widths = np.array([3.0] + [1.0] * (cols - 1))
    widths = widths / widths.sum() * (1 - spacing * (cols - 1))
    starts = np.concatenate([[0.0], np.cumsum(widths[:-1])]) + spacing * np.arange(cols)
    names = [layer_name(depth, cols, short=True) for depth in range(cols)]
    titles = [f"{name}<br>({a.size})" for name, a in zip(names, activations)]
    titles[0] = f"{names[0]}<br>({SIDE} x {SIDE} = {activations[0].size})"
    plain = dict(showgrid=False, zeroline=False, ticks="")
    data, layout, annotations = [], {}, []
    for col, (name, a) in enumerate(zip(names, activations), start=1):
        suffix = "" if col == 1 else str(col)
        x0, x1 = float(starts[col - 1]), float(starts[col - 1] + widths[col - 1])
        layout[f"xaxis{suffix}"] = dict(anchor=f"y{suffix}", domain=[x0, x1],
                                        showticklabels=False, **plain)
        layout[f"yaxis{suffix}"] = dict(anchor=f"x{suffix}", domain=[0.0, 1.0],
                                        autorange="reversed", showticklabels=False, **plain)
        annotations.append(dict(text=titles[col - 1], x=(x0 + x1) / 2, y=1.0, xref="paper",
                                yref="paper", xanchor="center", yanchor="bottom",
                                showarrow=False, font=dict(size=12)))
        trace = dict(type="heatmap", zmin=0, zmax=1, colorscale=GRAY_SCALE, showscale=False,
                     xaxis=f"x{suffix}", yaxis=f"y{suffix}")
        if col == 1:
            # TRANSLATORS: Plotly hover texts: keep %{x}, %{y} and %{z:...}, the chart fills them in.
            trace.update(z=activations[0].reshape(SIDE, SIDE),
                         hovertemplate=t("pixel row %{y}, column %{x}<br>activation %{z:.3f}")
                         + "<extra></extra>")
        else:
            trace.update(z=np.asarray(a, float).reshape(-1, 1), ygap=1, texttemplate="%{z:.2f}",
                         textfont=dict(size=10),
                         hovertemplate=t("{layer}, neuron %{{y}}<br>activation %{{z:.4f}}",
                                         layer=name) + "<extra></extra>")
        data.append(trace)
    layout["xaxis"]["constrain"] = "domain"
    layout["yaxis"].update(scaleanchor="x", constrain="domain")
    # The output's cells are the digits 0-9: say so on the right, where nothing else is.
    layout[f"yaxis{cols}"].update(showticklabels=True, side="right", tickfont=dict(size=11),
                                  tickvals=list(range(activations[-1].size)))
    guess = int(np.argmax(activations[-1]))
    layout.update(annotations=annotations, height=height, margin=dict(l=4, r=22, t=52, b=4),
                  shapes=[dict(type="rect", x0=-0.5, x1=0.5, y0=guess - 0.5, y1=guess + 0.5,
                               xref=f"x{cols}", yref=f"y{cols}",
                               line=dict(color=GUESS_COLOUR, width=3))])
    return fast_figure(data, layout, own_colours=True)


def layers_picture(activations, height: int = 300) -> Image.Image:
    """layers_figure as a picture (ui.images, no hover): the input as a 28 x 28 gray picture,
    each later layer a column of cells lit by their activation with the value printed, the
    output's cells numbered 0-9 on the right and its brightest (the guess) outlined in
    GUESS_COLOUR; each part under its name and size. `height` in CSS pixels."""
    k = images.HIDPI
    H, top, gap, col_w, numbers_w = height * k, 44 * k, 30 * k, 52 * k, 22 * k
    n = len(activations)
    names = [layer_name(depth, n, short=True) for depth in range(n)]
    titles = [f"{name} ({a.size})" for name, a in zip(names, activations)]
    titles[0] = f"{names[0]} ({SIDE} x {SIDE} = {activations[0].size})"
    out = Image.new("RGB", (H + (n - 1) * (gap + col_w) + numbers_w, top + H), (255, 255, 255))
    draw = ImageDraw.Draw(out)
    ink, face, small = (49, 51, 63), images.font(12 * k), images.font(10 * k)
    cell = H // SIDE
    out.paste(images.cells(images.coloured(activations[0], GRAY_SCALE, 0.0, 1.0), cell),
              ((H - cell * SIDE) // 2, top))
    images.text(out, (H / 2, top / 2), titles[0], size=12 * k)   # words: written by the browser
    x = H
    for depth in range(1, n):
        a = np.asarray(activations[depth], dtype=np.float64)
        x += gap
        rgb = images.coloured(a.reshape(-1, 1), GRAY_SCALE, 0.0, 1.0)
        row_h = H / a.size
        images.text(out, (x + col_w / 2, top / 2), titles[depth], size=12 * k)
        for j, v in enumerate(a):
            y0, y1 = top + j * row_h, top + (j + 1) * row_h - k   # a white line between cells
            colour = tuple(int(c) for c in rgb[j, 0])
            draw.rectangle([x, y0, x + col_w - 1, y1], fill=colour)
            light = float(np.dot(rgb[j, 0], (0.299, 0.587, 0.114))) > 128
            draw.text((x + col_w / 2, (y0 + y1) / 2), f"{v:.2f}", font=small, anchor="mm",
                      fill=(0, 0, 0) if light else (255, 255, 255))
        x += col_w
    output = np.asarray(activations[-1])
    row_h = H / output.size
    for d in range(output.size):
        draw.text((x + 6 * k, top + (d + 0.5) * row_h), str(d), font=small, anchor="lm", fill=ink)
    guess = int(np.argmax(output))
    draw.rectangle([x - col_w, top + guess * row_h, x - 1, top + (guess + 1) * row_h - 1],
                   outline=GUESS_COLOUR, width=3 * k)
    return out


def show_layers(activations, interactive: bool, key: str) -> None:
    """Every layer at once: the picture, or (interactive) the chart with exact values on hover."""
    if interactive:
        st.plotly_chart(layers_figure(activations), key=key, config=NO_TOOLBAR)
    else:
        images.show(layers_picture(activations))


def hover_switch(key: str) -> bool:
    """The switch from the picture to the interactive chart (exact values on hover)."""
    return st.toggle(t("Interactive chart: hover over a cell for its exact value"), key=key)


# --- things that are not digits ---------------------------------------------------------------

_ROWS, _COLS = strokes.ROWS, strokes.COLS


def _smiley(rng) -> np.ndarray:
    eyes = np.clip(2.3 - np.hypot(_ROWS - 10, np.minimum(np.abs(_COLS - 10), np.abs(_COLS - 18))),
                   0, 1)
    face = np.maximum(strokes.ring((14, 14), 9.5), strokes.ring((14, 14), 5.5,
                                                               arc=(0.35, np.pi - 0.35)))
    return np.maximum(face, eyes)


# The English names are the keys (the widget's values); they are shown with t(name).
NONDIGITS = {
    N_("uniform noise"): lambda rng: rng.random((SIDE, SIDE)),
    N_("sparse random pixels"): lambda rng: (rng.random((SIDE, SIDE)) < 0.08) * 1.0,
    N_("the letter A"): lambda rng: strokes.lines([((4, 14), (23, 7)), ((4, 14), (23, 21)),
                                                   ((16, 9.5), (16, 18.5))]),
    N_("the letter X"): lambda rng: strokes.lines([((5, 8), (23, 20)), ((5, 20), (23, 8))]),
    N_("a filled square"): lambda rng: ((_ROWS >= 6) & (_ROWS < 22) & (_COLS >= 6)
                                        & (_COLS < 22)) * 1.0,
    N_("a smiley"): _smiley,
}


def nondigit(kind: str, seed: int) -> np.ndarray:
    """One of NONDIGITS as the network's 784 inputs (float32, 0..1). Only the noise uses the seed."""
    picture = NONDIGITS[kind](np.random.default_rng(seed))
    return np.clip(picture, 0, 1).astype(np.float32).reshape(SIDE * SIDE)


# --- uploads ----------------------------------------------------------------------------------

def on_upload(key: str) -> None:
    """The uploader's callback: a readable photo with ink becomes the learner's digit.

    Runs before the page, so the canvas already shows the photo's 28x28 picture.
    The file is read once, here; its outcome is kept in the learner's session
    for `show_upload_problem`. A refused file changes nothing else.
    """
    uploaded = state.widget(key)
    if uploaded is None:
        return
    result = image_input.read_photo(uploaded.getvalue())
    state.set_photo_result(uploaded.file_id, result.level, result.message)
    if result.ink is None:
        return
    state.clear_drawing()
    state.set_upload_photo(result.photo)
    ink = (np.asarray(result.ink) * 255).round().astype(np.uint8)   # white on black, as a drawing
    state.set_digit(state.make_digit(ink, source="upload"))
    state.set_url_mnist(None)


def show_upload_problem(uploaded) -> None:
    """Say why the file now in the uploader could not become the input, if it could not."""
    seen = state.photo_result()
    if uploaded is None or seen is None or seen[0] != uploaded.file_id:
        return
    _, level, refusal = seen
    text = message(refusal) + " " + t("Your previous digit is still the input.")
    if level == "error":
        st.error(text, icon=":material/error:")
    elif level == "warning":
        st.warning(text, icon=":material/warning:")


STEP_WIDTH = 90   # pixels: five steps side by side beside the canvas, three a row on a phone


def _step_picture(picture):
    """A step's picture blown up to about STEP_WIDTH pixels, with square pixels."""
    return enlarged(picture, scale=max(1, STEP_WIDTH // max(np.shape(picture))))


def show_photo_steps(digit: state.Digit) -> None:
    """The uploaded photo on its way to 784 inputs: photo, ink, cropped, 20 x 20, centred 28 x 28."""
    steps = digit.steps
    if steps is None:
        return
    photo = state.upload_photo()
    (fh, fw), (ch, cw) = steps.fitted.shape, steps.cropped.shape
    x = "\u00a0x\u00a0"   # "480 x 480" never broken over two lines
    items = [] if photo is None else [
        (photo, t("1. photo, {height}{x}{width}", height=photo.shape[0], x=x,
                  width=photo.shape[1]))]
    items += [(_step_picture(steps.ink), t("2. gray, inverted")),
              (_step_picture(steps.cropped), t("3. cropped, {height}{x}{width}", height=ch, x=x,
                                               width=cw)),
              (_step_picture(steps.fitted), t("4. fitted, {height}{x}{width}", height=fh, x=x,
                                              width=fw)),
              (_step_picture(steps.final), t("5. centred, {height}{x}{width}", height=SIDE, x=x,
                                             width=SIDE))]
    with st.container(horizontal=True, gap="xsmall"):
        for picture, caption in items:
            st.image(picture, caption=caption, width=STEP_WIDTH)
