"""/neurons: how a picture became the input layer's 784 activations, with its real numbers."""

from __future__ import annotations

import numpy as np
from PIL import Image

from netcore import preprocess, stroke
from ui.i18n import t
from ui.images import marked_picture as picture


def gray_value_text(raw: np.ndarray, ink: np.ndarray, source: str) -> str:
    """How one real pixel of the learner's picture became an ink value, with its numbers."""
    candidates = np.flatnonzero(ink.ravel() >= preprocess.INK_THRESHOLD)
    k = candidates[np.argmin(np.abs(ink.ravel()[candidates] - 0.5))]   # a half-lit edge pixel
    r, c = divmod(int(k), ink.shape[1])
    where = t("Take pixel (row {r}, column {c}) of your {h} x {w} picture.", r=r, c=c,
              h=ink.shape[0], w=ink.shape[1])
    if source == "upload":
        where = t("Your photo was first turned into white ink on black.") + " " + where
    px, value = raw[r, c], float(ink[r, c])
    if raw.ndim == 2 and raw.dtype == np.uint8:
        return where + " " + t("It is stored as one byte from 0 to 255: **{byte}**. "
                               "Dividing by 255 gives **{byte} / 255 = {value:.3f}**.",
                               byte=int(px), value=value)
    if raw.ndim == 2:
        return where + " " + t("It holds **{value:.3f}** on a scale from 0 to 1.", value=value)
    red, green, blue = (int(v) for v in px[:3])
    rgb = px[:3].astype(float)
    brightness = float(preprocess.LUMA @ rgb) / 255
    kr, kg, kb = (float(k) for k in preprocess.LUMA)
    if raw.shape[2] == 4:
        given = where + " " + t(
            "The canvas stores four bytes from 0 to 255 per pixel: red, green, blue and opacity "
            "(alpha). Here they are **R={red}, G={green}, B={blue}**, **A={alpha}**.",
            red=red, green=green, blue=blue, alpha=int(px[3]))
    else:
        given = where + " " + t(
            "The canvas stores four bytes from 0 to 255 per pixel: red, green, blue and opacity "
            "(alpha). Here they are **R={red}, G={green}, B={blue}**.",
            red=red, green=green, blue=blue)
    weights = dict(red=red, green=green, blue=blue, kr=kr, kg=kg, kb=kb, brightness=brightness)
    if raw.shape[2] == 3:
        return given + " " + t("Brightness = ({kr:.3f} x {red} + {kg:.3f} x {green} + {kb:.3f} x "
                               "{blue}) / 255 = **{brightness:.3f}**, and that is its value.",
                               **weights)
    alpha = int(px[3])
    computed = brightness * alpha / 255
    if abs(computed - value) > 1e-3:   # black strokes on a transparent ground: alpha is the ink
        return given + " " + t(
            "Brightness = ({kr:.3f} x {red} + {kg:.3f} x {green} + {kb:.3f} x {blue}) / 255 = "
            "**{brightness:.3f}**. Its strokes are black on a transparent ground, so the ink is "
            "the opacity alone: {alpha} / 255 = **{value:.3f}**.", alpha=alpha, value=value,
            **weights)
    return given + " " + t(
        "Brightness = ({kr:.3f} x {red} + {kg:.3f} x {green} + {kb:.3f} x {blue}) / 255 = "
        "**{brightness:.3f}**; times the opacity, {brightness:.3f} x {alpha} / 255 = "
        "**{computed:.3f}**. A see-through pixel holds no ink, whatever its colour.",
        alpha=alpha, computed=computed, **weights)


def preprocess_figures(steps, width: int = 196) -> list[tuple[Image.Image, str]]:
    """The pictures of netcore.preprocess.preprocess_steps (ui.images pictures, `width` CSS
    pixels wide, each titled "k. <step>"), each with a sentence about it."""
    return [(picture(args.pop("picture"), title=f"{k}. {args.pop('title')}", width=width, **args),
             caption) for k, (args, caption) in enumerate(preprocess_shown(steps), start=1)]


def _resize_sentence(before_shape, fh: int, fw: int, scale: float) -> str:
    """Step "fitted into 20 x 20": how the picture was scaled, with its new size."""
    if before_shape == (fh, fw):
        return t("Scaled so the longer side is 20, keeping its shape: {fh} x {fw} (it already "
                 "was, so nothing changes).", fh=fh, fw=fw)
    if scale >= 1:
        return t("Scaled so the longer side is 20, keeping its shape: {fh} x {fw} (each new "
                 "pixel is the average of about {scale:.1f} x {scale:.1f} old ones).",
                 fh=fh, fw=fw, scale=scale)
    return t("Scaled so the longer side is 20, keeping its shape: {fh} x {fw} (enlarged "
             "{times:.1f} times, smoothly).", fh=fh, fw=fw, times=1 / scale)


def _pen_sentence(was: float, now: float, low: float, high: float) -> str:
    """Step "pen": the learner's stroke width against MNIST's, and what was done about it."""
    if was == now:
        return t("At 20 pixels tall your strokes are {was:.1f} pixels wide and most of MNIST's "
                 "are {low:.1f} to {high:.1f}: left as drawn.", was=was, low=low, high=high)
    if now > was:
        return t("At 20 pixels tall your strokes would be {was:.1f} pixels wide, most of MNIST's "
                 "are {low:.1f} to {high:.1f}: every edge moved out by the same distance, to "
                 "{now:.1f}, as a pen of that width would have drawn it. A fixed pen looks "
                 "bolder on a small digit.", was=was, now=now, low=low, high=high)
    return t("At 20 pixels tall your strokes would be {was:.1f} pixels wide, most of MNIST's "
             "are {low:.1f} to {high:.1f}: every edge moved in by the same distance, to "
             "{now:.1f}, as a pen of that width would have drawn it. A fixed pen looks "
             "bolder on a small digit.", was=was, now=now, low=low, high=high)


def preprocess_shown(steps) -> list[tuple[dict, str]]:
    """Each step shown: its picture's arguments (the array, its title, its marks) and its
    sentence (the pen step only when it was taken: an MNIST digit keeps its own pen)."""
    (h, w), (ch, cw), (fh, fw) = steps.ink.shape, steps.cropped.shape, steps.fitted.shape
    before = steps.cropped if steps.evened is None else steps.evened
    scale = max(before.shape) / max(fh, fw)
    (r, c), (dr, dc) = steps.center_of_mass, steps.shift
    items = [
        # TRANSLATORS: the titles of the pictures: "1. as given", "2. cropped", ...
        (dict(picture=steps.ink, title=t("as given"), box=steps.bbox),
         t("Your picture, {h} x {w} pixels. The dashed box is where its ink is.", h=h, w=w)),
        (dict(picture=steps.cropped, title=t("cropped")),
         t("Cut down to that box: {h} x {w} pixels.", h=ch, w=cw)),
    ]
    if steps.evened is not None:
        was, now = steps.stroke_width
        low, high = (share * preprocess.FIT for share in stroke.MNIST_RANGE)
        items.append((dict(picture=steps.evened, title=t("pen checked") if was == now else
                           t("redrawn with MNIST's pen")),
                      _pen_sentence(float(was), float(now), float(low), float(high))))
    items += [
        (dict(picture=steps.fitted, title=t("fitted into 20 x 20")),
         _resize_sentence(before.shape, fh, fw, scale)),
        (dict(picture=steps.placed, title=t("placed in 28 x 28"), marks=[(r, c)]),
         t("Put in the middle of a black 28 x 28 field. Its centre of mass (x) is at row "
           "{row:.2f}, column {column:.2f}.", row=float(r), column=float(c))),
        (dict(picture=steps.final, title=t("centred"), marks=[(14, 14)]),
         t("Moved {rows:+.2f} rows and {columns:+.2f} columns, so the centre of mass sits at "
           "row 14, column 14, as in MNIST. These are the 784 inputs.", rows=float(dr),
           columns=float(dc))),
    ]
    return items
