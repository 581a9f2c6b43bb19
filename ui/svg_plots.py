"""Line plots as SVG pictures: curves, points and labels, with no script to load.

Every text (axis titles, labels, legend names) is given in the learner's language by the
caller; the browser writes it, in any script.

For figures that need no hover (the sigmoid lessons' curves): an SVG sent with
st.image is drawn by the browser itself, crisp at any size, while a Plotly chart
makes the page load plotly.js (about a second on a page's first chart). The look
follows Streamlit's Plotly theme: light grid lines, gray zero lines, axis titles.
"""

from __future__ import annotations

import math
import unicodedata
from html import escape

import numpy as np

from ui import i18n

FONT = "'Source Sans Pro', 'Source Sans 3', Arial, Helvetica, sans-serif"
INK = "#31333f"        # Streamlit's text colour
GRID = "#e6e9ef"
ZERO = "#a3a8b8"


def nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering lo..hi."""
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + k * step, 10) for k in range(int((hi - first) / step + 1e-9) + 1)]


def text_width(text: str, size: float) -> float:
    """About how wide a text is drawn at `size` px: wide (East Asian) letters take a whole
    em, others about 0.6 of one (8 px at 13 px, as the legend always reckoned)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 8 / 13 for ch in text)


def _number(v: float, language: str = "en") -> str:
    """A tick label: the language's decimal sign, a real minus sign (as plotly.js writes it)."""
    return i18n.localise(language, v, "g").replace("-", "\u2212")


class Plot:
    """One plot: data coordinates x_range x y_range mapped into a width x height picture
    (CSS pixels; the picture scales with its column) inside the margins (l, r, t, b)."""

    def __init__(self, width: int, height: int, x_range, y_range, *, margin=(60, 12, 30, 48),
                 x_title: str = "", y_title: str = "", axes: bool = True, y_ticks=None):
        self.width, self.height = width, height
        self.x0, self.x1 = map(float, x_range)
        self.y0, self.y1 = map(float, y_range)
        self.l, self.r, self.t, self.b = margin
        self.parts: list[str] = []
        self.language = i18n.current()   # read once: a figure writes dozens of numbers
        if axes:
            self._axes(x_title, y_title, y_ticks)

    def px(self, x: float) -> float:
        return self.l + (float(x) - self.x0) / (self.x1 - self.x0) * (self.width - self.l - self.r)

    def py(self, y: float) -> float:
        return self.t + (self.y1 - float(y)) / (self.y1 - self.y0) * (self.height - self.t - self.b)

    def _axes(self, x_title: str, y_title: str, y_ticks) -> None:
        bottom, top = self.py(self.y0), self.py(self.y1)
        for x in nice_ticks(self.x0, self.x1, max(2, (self.width - self.l - self.r) // 80)):
            colour = ZERO if x == 0 else GRID
            self.parts.append(f'<line x1="{self.px(x):.1f}" y1="{top:.1f}" x2="{self.px(x):.1f}" '
                              f'y2="{bottom:.1f}" stroke="{colour}" stroke-width="1"/>')
            self.text(x, self.y0, _number(x, self.language), anchor="middle", dy=16, size=12,
                      data=True)
        for y in (y_ticks if y_ticks is not None else nice_ticks(self.y0, self.y1, 5)):
            colour = ZERO if y == 0 else GRID
            self.parts.append(f'<line x1="{self.l}" y1="{self.py(y):.1f}" '
                              f'x2="{self.width - self.r}" y2="{self.py(y):.1f}" '
                              f'stroke="{colour}" stroke-width="1"/>')
            self.parts.append(self._text(self.l - 6, self.py(y) + 4, _number(y, self.language),
                                         "end", 12, INK))
        if x_title:
            self.parts.append(self._text((self.l + self.width - self.r) / 2, self.height - 8,
                                         x_title, "middle", 13, INK))
        if y_title:
            cx, cy = 14, (self.t + bottom) / 2
            self.parts.append(f'<text x="{cx}" y="{cy:.1f}" transform="rotate(-90 {cx} {cy:.1f})" '
                              f'text-anchor="middle" font-size="13" fill="{INK}">'
                              f'{escape(y_title)}</text>')

    @staticmethod
    def _text(x: float, y: float, text: str, anchor: str, size: int, colour: str) -> str:
        return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
                f'fill="{colour}">{escape(text)}</text>')

    def line(self, xs, ys, colour: str, width: float = 2, dash: str | None = None) -> None:
        """A polyline through (xs, ys), cut off at the plot's edges (as Plotly clips it)."""
        ys = np.clip(np.asarray(ys, dtype=float), self.y0 - (self.y1 - self.y0),
                     self.y1 + (self.y1 - self.y0))   # far outside is as good as infinity
        points = " ".join(f"{self.px(x):.1f},{self.py(y):.1f}" for x, y in zip(xs, ys))
        self.parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                          f'stroke-width="{width}" stroke-linejoin="round" clip-path="url(#plot)"'
                          + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")

    def hline(self, y: float, colour: str = "gray", dash: str = "2,3") -> None:
        self.line([self.x0, self.x1], [y, y], colour, width=1, dash=dash)

    def vline(self, x: float, colour: str = "gray", dash: str = "6,4") -> None:
        self.parts.append(f'<line x1="{self.px(x):.1f}" y1="{self.py(self.y1):.1f}" '
                          f'x2="{self.px(x):.1f}" y2="{self.py(self.y0):.1f}" stroke="{colour}" '
                          f'stroke-width="1" stroke-dasharray="{dash}"/>')

    def point(self, x: float, y: float, fill: str, size: float = 13,
              stroke: str | None = "black") -> None:
        """A round marker `size` px across (Plotly's marker size)."""
        outline = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
        self.parts.append(f'<circle cx="{self.px(x):.1f}" cy="{self.py(y):.1f}" r="{size / 2}" '
                          f'fill="{fill}"{outline}/>')

    def text(self, x: float, y: float, text: str, *, anchor: str = "start", dx: float = 0,
             dy: float = 0, size: int = 13, colour: str = INK, data: bool = True) -> None:
        """Text at data point (x, y) (or picture pixels if not `data`), moved by dx, dy px."""
        px, py = (self.px(x), self.py(y)) if data else (x, y)
        self.parts.append(self._text(px + dx, py + dy, text, anchor, size, colour))

    def arrow(self, x: float, y: float, text: str, dy: float) -> None:
        """A label dy px above (negative) or below the point, an arrow from it to the point."""
        px, py = self.px(x), self.py(y)
        tip = py + (7 if dy > 0 else -7)
        self.parts.append(f'<line x1="{px:.1f}" y1="{py + dy * 0.75:.1f}" x2="{px:.1f}" '
                          f'y2="{tip:.1f}" stroke="{INK}" stroke-width="1"/>')
        head = -1 if dy < 0 else 1
        self.parts.append(f'<path d="M{px - 4:.1f},{tip + 6 * head:.1f} L{px:.1f},{tip:.1f} '
                          f'L{px + 4:.1f},{tip + 6 * head:.1f}" fill="none" stroke="{INK}" '
                          f'stroke-width="1"/>')
        self.parts.append(self._text(px, py + dy + (4 if dy < 0 else 12), text, "middle", 13, INK))

    def legend(self, items: list[tuple[str, str]]) -> None:
        """(name, colour) entries in a row above the plot, as Plotly's horizontal legend."""
        x = self.l
        for name, colour in items:
            self.parts.append(f'<line x1="{x}" y1="14" x2="{x + 28}" y2="14" stroke="{colour}" '
                              f'stroke-width="2"/>')
            self.parts.append(self._text(x + 34, 18, name, "start", 13, INK))
            x += 40 + text_width(name, 13) + 20

    def number(self, value, spec: str) -> str:
        """A value written the learner's way (0,25 in French)."""
        return i18n.localise(self.language, value, spec)

    def svg(self) -> str:
        """The picture as SVG markup (st.image draws it as it is, scaled to its column)."""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" font-family="{FONT}">'
                f'<defs><clipPath id="plot"><rect x="{self.l}" y="{self.t}" '
                f'width="{self.width - self.l - self.r}" height="{self.height - self.t - self.b}"/>'
                f'</clipPath></defs><rect width="100%" height="100%" fill="white"/>'
                + "".join(self.parts) + "</svg>")


def output_bars(outputs, *, title: str, axis_title: str, width: int = 460,
                height: int = 260, guess_colour: str, other_colour: str = "#8a8a8a") -> str:
    """The ten output activations as horizontal bars (0 to 1.15 across), the brightest (the
    network's guess) in guess_colour, each value printed after its bar, the digits down the
    side: an SVG of a few kilobytes, cheap to make on every stroke and drawn by the browser
    (text in any script, no plotly.js to load)."""
    outputs = np.asarray(outputs, dtype=float)
    guess = int(np.argmax(outputs))
    n = len(outputs)
    plot = Plot(width, height, (0, 1.15), (n - 0.5, -0.5), margin=(44, 10, 34, 26), axes=False)
    for tick in (0, 0.2, 0.4, 0.6, 0.8, 1.0):
        x = plot.px(tick)
        plot.parts.append(f'<line x1="{x:.1f}" y1="{plot.t}" x2="{x:.1f}" '
                          f'y2="{height - plot.b}" stroke="{ZERO if tick == 0 else GRID}"/>')
        plot.text(x, height - plot.b + 15, _number(tick, plot.language), anchor="middle", size=11,
                  data=False)
    plot.text(8, 20, title, size=15, data=False)
    cx, cy = 12, (plot.t + height - plot.b) / 2
    plot.parts.append(f'<text x="{cx}" y="{cy:.1f}" transform="rotate(-90 {cx} {cy:.1f})" '
                      f'text-anchor="middle" font-size="12" fill="{INK}">{escape(axis_title)}</text>')
    slot = (height - plot.t - plot.b) / n
    for d, v in enumerate(outputs):
        y0 = plot.t + slot * (d + 0.1)
        x0, x1 = plot.px(0), plot.px(min(max(v, 0.0), 1.15))
        colour = guess_colour if d == guess else other_colour
        plot.parts.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
                          f'height="{slot * 0.8:.1f}" fill="{colour}"><title>{d}: {v:.4f}</title></rect>')
        middle = y0 + slot * 0.4 + 4
        plot.text(x1 + 3, middle, plot.number(v, ".2f"), size=11, data=False)
        plot.text(plot.l - 6, middle, str(d), anchor="end", size=11, data=False)
    return plot.svg()


def column_bars(values, labels, colours, *, title: str, y_title: str, value_format: str,
                y_range=None, width: int = 460, height: int = 260,
                outline: str | None = None) -> str:
    """One vertical bar per value (signed weights, or activations 0..1), each in its colour,
    the value printed over (or under, if negative) its bar, the labels slanted beneath: what
    the Plotly bar charts showed, as an SVG with no script to load. `title` attributes carry
    each bar's exact value (the browser shows them on hover)."""
    values = np.asarray(values, dtype=float)
    lo, hi = y_range if y_range is not None else (min(0.0, values.min()), max(0.0, values.max()))
    pad = 0.12 * (hi - lo or 1.0)
    lo, hi = (lo - pad if lo < 0 else lo), hi + pad
    plot = Plot(width, height, (-0.5, len(values) - 0.5), (lo, hi), margin=(48, 10, 30, 52),
                axes=False)
    for y in nice_ticks(lo, hi, 4):
        plot.parts.append(f'<line x1="{plot.l}" y1="{plot.py(y):.1f}" x2="{width - plot.r}" '
                          f'y2="{plot.py(y):.1f}" stroke="{ZERO if y == 0 else GRID}" '
                          f'stroke-width="{2 if y == 0 else 1}"/>')
        plot.parts.append(plot._text(plot.l - 6, plot.py(y) + 4, _number(y, plot.language), "end",
                                     11, INK))
    plot.text(8, 18, title, size=13, data=False)
    cx, cy = 12, (plot.t + height - plot.b) / 2
    plot.parts.append(f'<text x="{cx}" y="{cy:.1f}" transform="rotate(-90 {cx} {cy:.1f})" '
                      f'text-anchor="middle" font-size="12" fill="{INK}">{escape(y_title)}</text>')
    slot = plot.px(1) - plot.px(0)
    edge = f' stroke="{outline}" stroke-width="1"' if outline else ""
    for k, (v, label, colour) in enumerate(zip(values, labels, colours)):
        x0 = plot.px(k) - slot * 0.4
        top, bottom = sorted((plot.py(max(v, 0.0)), plot.py(min(v, 0.0))))
        shown = plot.number(v, value_format)   # the learner's way: 0,25 in French
        plot.parts.append(f'<rect x="{x0:.1f}" y="{top:.1f}" width="{slot * 0.8:.1f}" '
                          f'height="{max(bottom - top, 0.0):.1f}" fill="{colour}"{edge}>'
                          f'<title>{escape(str(label))}: {shown}</title></rect>')
        ty = top - 3 if v >= 0 else bottom + 10
        plot.text(plot.px(k), ty, shown, anchor="middle", size=9, data=False)
        lx, ly = plot.px(k), height - plot.b + 12
        plot.parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="end" font-size="10" '
                          f'fill="{INK}" transform="rotate(-45 {lx:.1f} {ly:.1f})">'
                          f'{escape(str(label))}</text>')
    return plot.svg()


def signed_bars(values, palette, *, labels, title: str, y_title: str, width: int = 460,
                height: int = 260) -> str:
    """Signed values (weights, weight x activation) as column_bars in the palette's colours."""
    colours = [palette.positive if v > 0 else palette.negative for v in np.asarray(values)]
    return column_bars(values, labels, colours, title=title, y_title=y_title,
                       value_format="+.2f", width=width, height=height)


def heat_table(values, *, title: str, x_labels, y_labels, x_title: str, y_title: str,
               zmin: float = 0.0, zmax: float = 1.0, selected_row: int | None = None,
               outline: str = "#ffd60a", cell: int = 24, numbers: bool = True) -> str:
    """A table of values as gray cells (zmin black, zmax white), each value printed in its
    cell (dark on light cells, light on dark), one row outlined: a heat map drawn by the
    browser. Each cell's <title> carries its exact value (shown on hover)."""
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    left, top, bottom = 52, 30, 40
    width, height = left + cols * cell + 8, top + rows * cell + bottom
    plot = Plot(width, height, (0, 1), (0, 1), margin=(left, 8, top, bottom), axes=False)
    plot.text(8, 18, title, size=13, data=False)
    share = np.clip((values - zmin) / ((zmax - zmin) or 1.0), 0.0, 1.0)
    for r in range(rows):
        for c in range(cols):
            g = int(round(255 * share[r, c]))
            x, y = left + c * cell, top + r * cell
            plot.parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                              f'fill="rgb({g},{g},{g})"><title>{escape(str(y_labels[r]))}, '
                              f'{escape(str(x_labels[c]))}: {plot.number(values[r, c], ".3f")}'
                              f'</title></rect>')
            if numbers:
                ink = "#31333f" if g > 140 else "#f0f2f6"
                plot.text(x + cell / 2, y + cell / 2 + 3, plot.number(values[r, c], ".2f"),
                          anchor="middle", size=8, colour=ink, data=False)
    for c, label in enumerate(x_labels):
        plot.text(left + (c + 0.5) * cell, top + rows * cell + 13, str(label), anchor="middle",
                  size=11, data=False)
    for r, label in enumerate(y_labels):
        plot.text(left - 5, top + (r + 0.5) * cell + 4, str(label), anchor="end", size=10,
                  data=False)
    plot.text(left + cols * cell / 2, height - 8, x_title, anchor="middle", size=12, data=False)
    cx, cy = 12, top + rows * cell / 2
    plot.parts.append(f'<text x="{cx}" y="{cy:.1f}" transform="rotate(-90 {cx} {cy:.1f})" '
                      f'text-anchor="middle" font-size="12" fill="{INK}">{escape(y_title)}</text>')
    if selected_row is not None:
        plot.parts.append(f'<rect x="{left - 1}" y="{top + selected_row * cell - 1}" '
                          f'width="{cols * cell + 2}" height="{cell + 2}" fill="none" '
                          f'stroke="{outline}" stroke-width="3"/>')
    return plot.svg()
