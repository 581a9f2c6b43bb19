"""/neurons: how a picture became the input layer's 784 activations, with its real numbers."""

from __future__ import annotations

import numpy as np
from PIL import Image

from netcore import preprocess, stroke
from ui.images import marked_picture as picture


def gray_value_text(raw: np.ndarray, ink: np.ndarray, source: str) -> str:
    """How one real pixel of the learner's picture became an ink value, with its numbers."""
    candidates = np.flatnonzero(ink.ravel() >= preprocess.INK_THRESHOLD)
    k = candidates[np.argmin(np.abs(ink.ravel()[candidates] - 0.5))]   # a half-lit edge pixel
    r, c = divmod(int(k), ink.shape[1])
    where = f"Take pixel (row {r}, column {c}) of your {ink.shape[0]} x {ink.shape[1]} picture."
    if source == "upload":
        where = "Your photo was first turned into white ink on black. " + where
    px = raw[r, c]
    if raw.ndim == 2 and raw.dtype == np.uint8:
        return (f"{where} It is stored as one byte from 0 to 255: **{px}**. "
                f"Dividing by 255 gives **{px} / 255 = {ink[r, c]:.3f}**.")
    if raw.ndim == 2:
        return f"{where} It holds **{ink[r, c]:.3f}** on a scale from 0 to 1."
    rgb = px[:3].astype(float)
    brightness = float(preprocess.LUMA @ rgb) / 255
    text = (f"{where} The canvas stores four bytes from 0 to 255 per pixel: red, green, blue and "
            f"opacity (alpha). Here they are **R={px[0]}, G={px[1]}, B={px[2]}**"
            + (f", **A={px[3]}**." if raw.shape[2] == 4 else ".") +
            f" Brightness = (0.299 x {px[0]} + 0.587 x {px[1]} + 0.114 x {px[2]}) / 255 = "
            f"**{brightness:.3f}**")
    if raw.shape[2] == 3:
        return text + ", and that is its value."
    computed = brightness * px[3] / 255
    if abs(computed - ink[r, c]) > 1e-3:   # black strokes on a transparent ground: alpha is the ink
        return text + (". Its strokes are black on a transparent ground, so the ink is the "
                       f"opacity alone: {px[3]} / 255 = **{ink[r, c]:.3f}**.")
    return text + (f"; times the opacity, {brightness:.3f} x {px[3]} / 255 = **{computed:.3f}**. "
                   "A see-through pixel holds no ink, whatever its colour.")


def preprocess_figures(steps, width: int = 196) -> list[tuple[Image.Image, str]]:
    """The pictures of netcore.preprocess.preprocess_steps (ui.images pictures, `width` CSS
    pixels wide, each titled "k. <step>"), each with a sentence about it."""
    return [(picture(args.pop("picture"), title=f"{k}. {args.pop('title')}", width=width, **args),
             caption) for k, (args, caption) in enumerate(preprocess_shown(steps), start=1)]


def preprocess_shown(steps) -> list[tuple[dict, str]]:
    """Each step shown: its picture's arguments (the array, its title, its marks) and its
    sentence (the pen step only when it was taken: an MNIST digit keeps its own pen)."""
    (h, w), (ch, cw), (fh, fw) = steps.ink.shape, steps.cropped.shape, steps.fitted.shape
    before = steps.cropped if steps.evened is None else steps.evened
    scale = max(before.shape) / max(fh, fw)
    resize = ("it already was, so nothing changes" if before.shape == (fh, fw) else
              f"each new pixel is the average of about {scale:.1f} x {scale:.1f} old ones"
              if scale >= 1 else f"enlarged {1 / scale:.1f} times, smoothly")
    (r, c), (dr, dc) = steps.center_of_mass, steps.shift
    items = [
        (dict(picture=steps.ink, title="as given", box=steps.bbox),
         f"Your picture, {h} x {w} pixels. The dashed box is where its ink is."),
        (dict(picture=steps.cropped, title="cropped"), f"Cut down to that box: {ch} x {cw} pixels."),
    ]
    if steps.evened is not None:
        was, now = steps.stroke_width
        low, high = (share * preprocess.FIT for share in stroke.MNIST_RANGE)
        mnist = f"most of MNIST's are {low:.1f} to {high:.1f}"
        items.append((dict(picture=steps.evened, title="pen checked" if was == now else
                           "redrawn with MNIST's pen"),
                      f"At 20 pixels tall your strokes are {was:.1f} pixels wide and {mnist}: "
                      "left as drawn." if was == now else
                      f"At 20 pixels tall your strokes would be {was:.1f} pixels wide, {mnist}: "
                      f"every edge moved {'out' if now > was else 'in'} by the same distance, to "
                      f"{now:.1f}, as a pen of that width would have drawn it. A fixed pen looks "
                      "bolder on a small digit."))
    items += [
        (dict(picture=steps.fitted, title="fitted into 20 x 20"),
         f"Scaled so the longer side is 20, keeping its shape: {fh} x {fw} ({resize})."),
        (dict(picture=steps.placed, title="placed in 28 x 28", marks=[(r, c)]),
         f"Put in the middle of a black 28 x 28 field. Its centre of mass (x) is at row {r:.2f}, "
         f"column {c:.2f}."),
        (dict(picture=steps.final, title="centred", marks=[(14, 14)]),
         f"Moved {dr:+.2f} rows and {dc:+.2f} columns, so the centre of mass sits at row 14, "
         "column 14, as in MNIST. These are the 784 inputs."),
    ]
    return items
