"""/neurons: how a picture became the input layer's 784 activations, with its real numbers."""

from __future__ import annotations

import numpy as np
from PIL import Image

from netcore import preprocess
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
    pixels wide), each with a sentence about it."""
    (h, w), (ch, cw), (fh, fw) = steps.ink.shape, steps.cropped.shape, steps.fitted.shape
    scale = max(ch, cw) / max(fh, fw)
    resize = ("it already was, so nothing changes" if (ch, cw) == (fh, fw) else
              f"each new pixel is the average of about {scale:.1f} x {scale:.1f} old ones"
              if scale >= 1 else f"enlarged {1 / scale:.1f} times, smoothly")
    (r, c), (dr, dc) = steps.center_of_mass, steps.shift
    return [
        (picture(steps.ink, title="1. as given", width=width, box=steps.bbox),
         f"Your picture, {h} x {w} pixels. The dashed box is where its ink is."),
        (picture(steps.cropped, title="2. cropped", width=width),
         f"Cut down to that box: {ch} x {cw} pixels."),
        (picture(steps.fitted, title="3. fitted into 20 x 20", width=width),
         f"Scaled so the longer side is 20, keeping its shape: {fh} x {fw} ({resize})."),
        (picture(steps.placed, title="4. placed in 28 x 28", width=width, marks=[(r, c)]),
         f"Put in the middle of a black 28 x 28 field. Its centre of mass (x) is at row {r:.2f}, "
         f"column {c:.2f}."),
        (picture(steps.final, title="5. centred", width=width, marks=[(14, 14)]),
         f"Moved {dr:+.2f} rows and {dc:+.2f} columns, so the centre of mass sits at row 14, "
         "column 14, as in MNIST. These are the 784 inputs."),
    ]
