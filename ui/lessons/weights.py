"""The /weights painting canvas: a neuron's 28x28 weights as Fabric.js rectangles, and back.

The canvas works with rectangles: each weight is one 8 x 8 square of the
224 x 224 canvas, and a weight is +1, -1 or 0 depending on the colour of the
last rectangle covering its centre. After every change the canvas is redrawn
from the weights, so what it shows is exactly what the neuron holds. The
painted weights themselves live in `state.PAINTED` (see `ui.lessons.neuron`).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from ui import palette, state
from ui.i18n import N_
from ui.images import enlarged
from netcore.preprocess import SIDE
from ui.lessons.neuron import painted_weights

CELL = 8            # canvas pixels per weight: 224 x 224 fits beside the product picture
PAINT_SIZE = SIDE * CELL
FILL_ALPHA = 0.7    # weights are drawn see-through so the learner's digit shows beneath
DIM = 110 / 255     # ... dimmed to this brightness, so the weights stand out over it
ERASE_FILL = "rgba(0,0,0,0.85)"
PENS = {1.0: "+1", -1.0: "-1", 0.0: N_("0 (erase)")}   # the pen's weight -> its label (t())


def _fill_values() -> dict[str, float]:
    """Every fill colour a weight rectangle can have (in either palette) -> its weight."""
    values = {ERASE_FILL: 0.0}
    for pal in palette.PALETTES.values():
        values[palette.rgba(pal.positive, FILL_ALPHA)] = 1.0
        values[palette.rgba(pal.negative, FILL_ALPHA)] = -1.0
    return values


def _pen_fill(value: float, pal: palette.Palette) -> str:
    return {1.0: palette.rgba(pal.positive, FILL_ALPHA),
            -1.0: palette.rgba(pal.negative, FILL_ALPHA)}.get(value, ERASE_FILL)


_ORIGIN = {"left": 0.0, "top": 0.0, "center": 0.5, "right": 1.0, "bottom": 1.0}


def drawing_to_weights(drawing: dict | None) -> np.ndarray | None:
    """The 28x28 weights a Fabric.js drawing of rectangles stands for (None: no drawing).

    A weight takes the value of the last rectangle (in drawing order) that covers the
    centre of its CELL x CELL square; rectangles may be moved, scaled or turned.
    """
    if not drawing:
        return None
    fills = _fill_values()
    centres = (np.arange(SIDE) + 0.5) * CELL
    px, py = np.meshgrid(centres, centres)   # (28, 28) canvas coordinates of every weight
    grid = np.zeros((SIDE, SIDE))
    for obj in drawing.get("objects", []):
        if str(obj.get("type", "")).lower() != "rect" or obj.get("fill") not in fills:
            continue
        width = float(obj.get("width", 0)) * float(obj.get("scaleX", 1))
        height = float(obj.get("height", 0)) * float(obj.get("scaleY", 1))
        angle = np.deg2rad(float(obj.get("angle", 0)))
        # (left, top) is where the object's origin point sits; undo the turn about it.
        dx, dy = px - float(obj.get("left", 0)), py - float(obj.get("top", 0))
        u = np.cos(angle) * dx + np.sin(angle) * dy + _ORIGIN.get(obj.get("originX"), 0) * width
        v = -np.sin(angle) * dx + np.cos(angle) * dy + _ORIGIN.get(obj.get("originY"), 0) * height
        inside = ((u >= min(0, width)) & (u < max(0, width))
                  & (v >= min(0, height)) & (v < max(0, height)))
        grid[inside] = fills[obj["fill"]]
    return grid


def weights_to_drawing(grid: np.ndarray, pal: palette.Palette) -> dict:
    """Fabric.js rectangles, one per block of equal non-zero weights (runs of a row, stacked)."""
    objects, open_rects = [], {}
    for row in range(SIDE):
        still_open = {}
        col = 0
        while col < SIDE:
            value = float(grid[row, col])
            end = col
            while end + 1 < SIDE and grid[row, end + 1] == value:
                end += 1
            if value != 0:
                run = (col, end, value)
                rect = open_rects.get(run)
                if rect is None:
                    fill = _pen_fill(np.sign(value), pal)
                    # Fabric 7 places objects by their centre unless told otherwise.
                    rect = {"type": "rect", "originX": "left", "originY": "top",
                            "left": col * CELL, "top": row * CELL,
                            "width": (end - col + 1) * CELL, "height": 0, "fill": fill,
                            "stroke": fill, "strokeWidth": 0}
                    objects.append(rect)
                rect["height"] += CELL
                still_open[run] = rect
            col = end + 1
        open_rects = still_open
    return {"objects": objects}


def _background(digit) -> Image.Image | None:
    """The learner's digit, dimmed, under the weights: paint where its strokes are."""
    if digit is None or digit.x is None:
        return None
    return enlarged(digit.x * DIM, scale=CELL)


def _store_painting() -> None:
    """on_change of the canvas: turn the new drawing into weights before the page reruns."""
    value = state.widget(state.WEIGHTS_PAINT)
    try:
        grid = drawing_to_weights(value["drawing"]["raw"])
    except (KeyError, TypeError):
        return
    if grid is not None:
        state.set_painted(grid)
        state.set_neuron_choice("painted")   # painting is choosing: /sigmoid-and-bias uses it too


def paint_canvas(digit, pen: float) -> None:
    """The painted weights as rectangles the learner draws over.

    The canvas always opens with the weights in `state.PAINTED`; a new drawing comes
    back through on_change only. (Its return value can be the drawing from before a
    preset was chosen, so it must not overwrite the weights.)
    """
    # Imported here: the component registers itself only inside a running app, and
    # the rest of this module (weights <-> drawings) is used by plain tests too.
    from streamlit_drawable_canvas import st_canvas

    pal = palette.current()
    fill = _pen_fill(pen, pal)
    st_canvas(
        fill_color=fill, stroke_color=fill, stroke_width=0, background_color="#000000",
        background_image=_background(digit), width=PAINT_SIZE, height=PAINT_SIZE,
        drawing_mode="rect", initial_drawing=weights_to_drawing(painted_weights(), pal),
        key=state.WEIGHTS_PAINT, on_change=_store_painting)

