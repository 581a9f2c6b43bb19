"""Gray pictures as images rather than Plotly heatmaps: no numbers to hover, just pixels.

For pictures that need no hover (canvas backgrounds, the steps of a photo, the
mistakes gallery, the input drawn over the network's connections), sending an
image is lighter than sending every value.

Pictures carry no words in their pixels: the font drawn into them (Source Sans) has no
Japanese, Korean or Chinese letters. Digits and mathematical signs are drawn; any text
with letters (a panel's names, an axis's word) is kept beside the picture (`text`) and
written by the learner's browser over it (`show` sends the picture inside an SVG holding
those words), and a picture's title (`titled`) is shown by `show` as page text above it.
"""

from __future__ import annotations

import base64
import functools
import io
import html
import re
import struct
import urllib.parse
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

import plotly.colors

from netcore.preprocess import SIDE   # a (784,) vector is read as SIDE x SIDE, as MNIST stores it
from ui.i18n import t
from ui.palette import ACTIVATION_SCALE, GUESS_COLOUR, Palette

# Named scales ("gray") are resolved by plotly.py's validation, which figures.fast_figure skips.
GRAY_SCALE = plotly.colors.get_colorscale(ACTIVATION_SCALE)
NUMBER_MIN = 0.05   # cells below this print no number, so the digit's shape stands out


def enlarged(picture, scale: int = 1) -> Image.Image:
    """A gray picture with values 0 (black) to 1 (white) as an 8-bit image, each pixel a
    scale x scale square: nearest neighbour, so small pictures stay crisp, never blurred.

    picture: any 2-D array, or a (784,) vector read as 28 x 28. Values outside 0..1
    are clipped.
    """
    grid = np.asarray(picture, dtype=np.float32)
    grid = grid.reshape(SIDE, SIDE) if grid.ndim == 1 else grid
    image = Image.fromarray((np.clip(grid, 0, 1) * 255).round().astype(np.uint8))
    if scale == 1:
        return image
    return image.resize((grid.shape[1] * scale, grid.shape[0] * scale), Image.Resampling.NEAREST)


def png_data_uri(image: Image.Image) -> str:
    """The image as a PNG in a data: URI, for Plotly to draw without a file."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


# --- pictures sent as PNG images in place of Plotly charts -----------------------------------
# A page without a Plotly chart never loads plotly.js (4.7 MB of script parsed and run on the
# first chart of a fresh page: about a second of a page opened from a link). The pictures
# below draw what the heat maps drew, in the same colours, for figures whose numbers the page
# prints or needs no hover for. They are drawn at twice the size they are shown (`HIDPI`), so
# text and cell edges stay sharp on phones and high-density screens.

HIDPI = 2                      # image pixels per CSS pixel
MAX_SHOWN = 730                # CSS pixels: wider, and Streamlit would shrink the image data
TEXT_DARK, TEXT_LIGHT = (0, 0, 0), (255, 255, 255)
FRAME_COLOUR = (128, 128, 128)  # the gray line around a white-on-white picture (figures.FRAME)


def _rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' or 'rgb(r, g, b)' as three numbers 0..255."""
    colour = colour.strip()
    if colour.startswith("#"):
        return tuple(float(int(colour[k:k + 2], 16)) for k in (1, 3, 5))
    return tuple(float(c) for c in colour[colour.index("(") + 1:-1].split(",")[:3])


def coloured(values, colorscale, zmin: float, zmax: float) -> np.ndarray:
    """Values as an (h, w, 3) uint8 RGB array in a Plotly colour scale ([[stop, colour], ...]),
    zmin..zmax mapped to its ends, values beyond them clipped, each channel interpolated
    linearly between stops: the colours plotly.js gives a heat map's cells."""
    grid = np.asarray(values, dtype=np.float64)
    grid = grid.reshape(SIDE, SIDE) if grid.ndim == 1 else grid
    span = (zmax - zmin) or 1.0
    t = np.clip((grid - zmin) / span, 0.0, 1.0)
    stops = [float(stop) for stop, _ in colorscale]
    channels = np.array([_rgb(colour) for _, colour in colorscale])
    rgb = np.stack([np.interp(t, stops, channels[:, k]) for k in range(3)], axis=-1)
    return rgb.round().astype(np.uint8)


def font(size: int) -> ImageFont.FreeTypeFont:
    """The page's own font (Source Sans, shipped with Streamlit's frontend) at `size` image
    pixels; Pillow's embedded font if that file cannot be read."""
    return _font(int(size))


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    import streamlit
    media = Path(streamlit.__file__).parent / "static" / "static" / "media"
    for path in sorted(media.glob("SourceSansVF-Upright*.woff2")):
        try:
            face = ImageFont.truetype(str(path), size)
            face.set_variation_by_axes([400])   # the regular weight of the variable font
            return face
        except OSError:
            continue
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=256)
def _label(text: str, size: int, colour: tuple) -> Image.Image:
    """A short text as an RGBA tile, drawn once and pasted wherever it is needed."""
    face = font(size)
    left, top, right, bottom = face.getbbox(text, anchor="mm")
    tile = Image.new("RGBA", (right - left + 2, bottom - top + 2), colour + (0,))
    ImageDraw.Draw(tile).text((1 - left, 1 - top), text, font=face, anchor="mm",
                              fill=colour + (255,))
    return tile


def cells(rgb: np.ndarray, cell: int) -> Image.Image:
    """An RGB array with each entry a cell x cell square (nearest neighbour); a gray one
    (all channels equal) as a one-channel image, a third of the bytes to encode."""
    gray = bool(np.all(rgb[..., 0:1] == rgb))
    image = Image.fromarray(np.ascontiguousarray(rgb[..., 0]) if gray else rgb,
                            mode="L" if gray else "RGB")
    return image.resize((image.width * cell, image.height * cell), Image.Resampling.NEAREST)


def print_numbers(image: Image.Image, values, cell: int, *, minimum: float, fmt: str = "{:.1f}",
                  size: int | None = None) -> None:
    """Each value >= minimum written in the middle of its cell, dark on light cells and light
    on dark ones (as plotly.js picks the text colour of a heat map's cells)."""
    grid = np.asarray(values, dtype=np.float64)
    grid = grid.reshape(SIDE, SIDE) if grid.ndim == 1 else grid
    size = size or max(6, cell // 2)
    pixels = np.asarray(image.convert("L"))
    for r, c in zip(*np.nonzero(grid >= minimum)):
        x, y = c * cell + cell // 2, r * cell + cell // 2
        dark = pixels[y, x] > 128   # dark text on a light cell
        tile = _label(fmt.format(grid[r, c]), size, TEXT_DARK if dark else TEXT_LIGHT)
        image.paste(tile, (x - tile.width // 2, y - tile.height // 2), tile)


def dashed_box(image: Image.Image, box, cell: float, colour: str, width: int) -> None:
    """(top, bottom, left, right) cell edges, half-open, as a dashed rectangle."""
    top, bottom, left, right = box
    x0, y0, x1, y1 = left * cell, top * cell, right * cell - 1, bottom * cell - 1
    draw, dash = ImageDraw.Draw(image), 4 * width
    for (ax, ay), (bx, by) in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)),
                               ((x0, y1), (x1, y1)), ((x0, y0), (x0, y1))):
        length = max(abs(bx - ax), abs(by - ay))
        for start in np.arange(0, length, 2 * dash):
            end = min(start + dash, length)
            f0, f1 = start / (length or 1), end / (length or 1)
            draw.line([(ax + (bx - ax) * f0, ay + (by - ay) * f0),
                       (ax + (bx - ax) * f1, ay + (by - ay) * f1)], fill=colour, width=width)


def cross(image: Image.Image, row: float, col: float, cell: float, colour: str, half: int,
          width: int) -> None:
    """A thin x at (row, col) in cell units, the centre of a cell being (r, c)."""
    x, y = (col + 0.5) * cell, (row + 0.5) * cell
    draw = ImageDraw.Draw(image)
    draw.line([(x - half, y - half), (x + half, y + half)], fill=colour, width=width)
    draw.line([(x - half, y + half), (x + half, y - half)], fill=colour, width=width)


def framed(image: Image.Image, width: int) -> Image.Image:
    """A gray line around the picture (a white picture on a white page needs it)."""
    outline = FRAME_COLOUR if image.mode == "RGB" else FRAME_COLOUR[0]   # a gray picture is "L"
    ImageDraw.Draw(image).rectangle([0, 0, image.width - 1, image.height - 1],
                                    outline=outline, width=width)
    return image


WORDS, TITLES = "words", "titles"   # Image.info keys: what `show` writes with a picture
INK = (49, 51, 63)                  # Streamlit's text colour
LETTER = re.compile(r"[^\W\d_]")   # any letter of any script


@dataclass(frozen=True)
class Word:
    """A text with letters, written by the browser over a picture: at (x, y) in the picture's
    pixels, `size` pixels high, placed by a PIL anchor ("mm", "lm", "ma", ...), turned
    `angle` degrees anticlockwise about (x, y)."""
    x: float
    y: float
    text: str
    size: float
    colour: str
    anchor: str = "mm"
    angle: float = 0.0


def _css(colour) -> str:
    if isinstance(colour, str):
        return colour
    return "#%02x%02x%02x" % tuple(int(c) for c in colour[:3])


def words(image: Image.Image) -> tuple[Word, ...]:
    """The words written over the picture (in its pixels' coordinates)."""
    return image.info.get(WORDS, ())


def titles(image: Image.Image) -> tuple[tuple[str, int], ...]:
    """The picture's title lines, (text, size in image pixels), the outermost first."""
    return image.info.get(TITLES, ())


def _add_words(image: Image.Image, new, dx: float = 0, dy: float = 0) -> None:
    """Words of a picture pasted into `image` at (dx, dy) (tuples: copies share nothing)."""
    moved = tuple(replace(w, x=w.x + dx, y=w.y + dy) for w in new)
    if moved:
        image.info[WORDS] = words(image) + moved


def paste(image: Image.Image, part: Image.Image, xy, mask=None) -> None:
    """Image.paste, keeping the words of `part` (moved to where it lands)."""
    image.paste(part, xy, mask)
    _add_words(image, words(part), *xy)


def text(image: Image.Image, xy, content: str, *, size: int, colour=INK, anchor: str = "mm",
         angle: float = 0.0) -> None:
    """Write a text on the picture at xy (PIL anchor), `size` image pixels high: digits and
    signs ("0.25", "- 3.1", "≤ 2") drawn in its pixels with the page's font; a text with
    letters kept as a Word, which the learner's browser writes in any script (see `show`)."""
    if LETTER.search(content):
        _add_words(image, (Word(float(xy[0]), float(xy[1]), content, size, _css(colour), anchor,
                                angle),))
        return
    if angle:
        tile = _label(content, size, tuple(int(c) for c in _rgb(_css(colour))))
        tile = tile.rotate(angle, expand=True, resample=Image.BICUBIC)
        image.paste(tile, (int(xy[0] - tile.width / 2), int(xy[1] - tile.height / 2)), tile)
        return
    ImageDraw.Draw(image).text(xy, content, font=font(size), anchor=anchor, fill=colour)


def titled(image: Image.Image, title: str, size: int, colour=INK) -> Image.Image:
    """The picture with a title above it: not drawn, but shown by `show` as page text above
    the picture (so in any language and script); size (image pixels) picks how it looks."""
    if not title:
        return image
    out = image.copy()
    out.info[TITLES] = ((title, int(size)),) + titles(image)
    return out


def named(image: Image.Image, name: str, size: int, colour=INK) -> Image.Image:
    """The picture with a name in a band above it, on white: a tile of a panel picture."""
    if not name:
        return image
    room = int(size * 1.8)
    out = Image.new("RGB", (image.width, image.height + room), (255, 255, 255))
    paste(out, image, (0, room))
    text(out, (image.width / 2, room / 2), name, size=size, colour=colour)
    return out


def colour_bar(colorscale, labels, width: int, size: int) -> Image.Image:
    """A horizontal colour bar (the scale from left to right), `labels` (left, middle, right)
    written under its ends and middle, on white."""
    strip = coloured(np.linspace(0, 1, width)[None, :], colorscale, 0.0, 1.0)
    bar_h = size
    out = Image.new("RGB", (width + 2 * size * 3, bar_h + int(size * 1.8)), (255, 255, 255))
    x0 = size * 3
    out.paste(Image.fromarray(np.repeat(strip, bar_h, axis=0), mode="RGB"), (x0, 0))
    for x, label in zip((x0, x0 + width / 2, x0 + width), labels):
        text(out, (x, bar_h + size * 0.2), label, size=size, anchor="ma")
    return out


def stacked(*images: Image.Image, gap: int = 0) -> Image.Image:
    """Pictures one under the other, centred, on white."""
    width = max(im.width for im in images)
    out = Image.new("RGB", (width, sum(im.height for im in images) + gap * (len(images) - 1)),
                    (255, 255, 255))
    y = 0
    for im in images:
        paste(out, im, ((width - im.width) // 2, y))
        y += im.height + gap
    out.info[TITLES] = titles(images[0])   # a title above the first is above them all
    return out


def png(image: Image.Image) -> bytes:
    """The picture as PNG bytes, quickly (pictures are redrawn on every stroke): rows stored
    unfiltered, zlib at level 1, 2 to 3 times less CPU than Pillow's encoder (which tries a
    filter per row) for files 10-20% larger. Gray ("L") or RGB; other modes become RGB."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    pixels = np.asarray(image)
    height, width = pixels.shape[:2]
    rows = np.empty((height, pixels[0].size + 1), dtype=np.uint8)
    rows[:, 0] = 0                                   # filter type 0 (none) for every row
    rows[:, 1:] = pixels.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if image.mode == "L" else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _png_chunk(b"IEND", b""))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def shown_width(image: Image.Image) -> int:
    """The CSS width a HIDPI picture is shown at (its own size in CSS pixels)."""
    return image.width // HIDPI


# --- the lessons' pictures ----------------------------------------------------------------------

TITLE_SIZE = 13   # CSS pixels, as the compact figures' titles (figures.MARGIN's figures)


def _grid(values) -> np.ndarray:
    grid = np.asarray(values, dtype=np.float64)
    return grid.reshape(SIDE, SIDE) if grid.ndim == 1 else grid


def _cell(width: int, n: int) -> int:
    return max(1, round(width * HIDPI / n))


def pixel_picture(values, *, width: int, title: str = "", numbers: bool = False,
                  frame: bool = False, zmax: float = 1.0) -> Image.Image:
    """What figures.pixel_grid draws, as a picture: values 0 (black) to zmax (white), each
    value >= figures' NUMBER_MIN printed with one decimal if `numbers`; width in CSS pixels."""
    grid = _grid(values)
    cell = _cell(width, grid.shape[1])
    image = cells(coloured(grid, GRAY_SCALE, 0.0, zmax), cell)
    if numbers:
        print_numbers(image, grid, cell, minimum=NUMBER_MIN, size=max(6, round(cell * 0.45)))
    if frame:
        framed(image, HIDPI)
    return titled(image, title, TITLE_SIZE * HIDPI)


def signed_picture(values, palette: Palette, *, width: int, title: str = "",
                   zmax: float | None = None) -> Image.Image:
    """What figures.signed_grid draws, as a picture: signed values in the palette, the end
    colours at +-zmax (default the largest |value|), a colour bar marked - and + below."""
    grid = _grid(values)
    zmax = float(zmax or np.max(np.abs(grid)) or 1.0)
    clipped = float(np.max(np.abs(grid))) > zmax
    cell = _cell(width, grid.shape[1])
    image = cells(coloured(grid, palette.colorscale(), -zmax, zmax), cell)
    return stacked(titled(image, title, TITLE_SIZE * HIDPI),
                   colour_bar(palette.colorscale(), signed_labels(zmax, clipped),
                              int(image.width * 0.7), 11 * HIDPI), gap=4 * HIDPI)


def signed_labels(zmax: float, clipped: bool = False) -> tuple[str, str, str]:
    """The colour bar's three labels, as figures.signed_colourbar writes them."""
    low, high = ("\u2264 ", "\u2265 ") if clipped else ("", "")
    return f"{low}- {zmax:.2g}", "0", f"{high}+ {zmax:.2g}"


def marked_picture(values, *, width: int, title: str = "", box=None, marks=()) -> Image.Image:
    """What figures.picture draws, as a picture: any size 0..1, box (top, bottom, left, right,
    half-open) as a dashed rectangle and marks (row, col) as crosses, in GUESS_COLOUR."""
    grid = _grid(values)
    h, w = grid.shape
    scale = width * HIDPI / max(h, w)
    if scale >= 1:
        cell = max(1, round(scale))
        image = cells(coloured(grid, GRAY_SCALE, 0.0, 1.0), cell)
    else:   # a big drawing: shrunk smoothly, as the browser shows a big image in a small figure
        cell = scale
        image = Image.fromarray(coloured(grid, GRAY_SCALE, 0.0, 1.0), mode="RGB").resize(
            (max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BOX)
    image = image.convert("RGB")   # the marks are in colour
    if box is not None:
        dashed_box(image, box, cell, GUESS_COLOUR, HIDPI)
    for row, col in marks:
        cross(image, row, col, cell, GUESS_COLOUR, 7 * HIDPI, HIDPI)
    return titled(image, title, TITLE_SIZE * HIDPI)


def panel_picture(images, titles, *, cols: int, width: int, palette: Palette | None = None,
                  zmax: float | None = None, title_colours=None) -> Image.Image:
    """What figures.panel_grid draws, as one picture: small grids in rows of `cols`, each
    under its title (coloured where title_colours gives a colour); gray 0..1, or signed in
    `palette` with one colour bar for all (values beyond +-zmax, default the largest |value|,
    get the end colours and the bar says so)."""
    grids = [_grid(im) for im in images]
    largest = max(float(np.max(np.abs(g))) for g in grids) or 1.0
    zmax = float(zmax or largest)
    gap = 6 * HIDPI
    side = max(max(g.shape) for g in grids)
    cell = max(1, (width * HIDPI - gap * (cols - 1)) // (cols * side))
    size = 11 * HIDPI
    scale, lo = (GRAY_SCALE, 0.0) if palette is None else (palette.colorscale(), -zmax)
    hi = 1.0 if palette is None else zmax
    tiles = []
    for k, (grid, name) in enumerate(zip(grids, titles)):
        colour = (title_colours[k] if title_colours and title_colours[k] else "#31333f")
        tiles.append(named(cells(coloured(grid, scale, lo, hi), cell), name, size, colour))
    tile_w, tile_h = max(t.width for t in tiles), max(t.height for t in tiles)
    rows = -(-len(tiles) // cols)
    out = Image.new("RGB", (cols * tile_w + (cols - 1) * gap, rows * tile_h + (rows - 1) * gap),
                    (255, 255, 255))
    for k, tile in enumerate(tiles):
        r, c = divmod(k, cols)
        paste(out, tile, (c * (tile_w + gap) + (tile_w - tile.width) // 2, r * (tile_h + gap)))
    if palette is None:
        return out
    return stacked(out, colour_bar(palette.colorscale(), signed_labels(zmax, largest > zmax),
                                   int(out.width * 0.6), size), gap=4 * HIDPI)


def show(image: Image.Image, where=None) -> None:
    """Show a picture made here at its CSS size (shown_width; narrower if its column is):
    a container of that width with the image stretched into it, so that Streamlit keeps
    the HIDPI pixels (st.image(width=n) would shrink them to n); PNG said outright, else
    Streamlit re-encodes a picture without an alpha channel as a JPEG.

    Its title lines (`titled`) come first, centred above it, as page text; a picture with
    words (`text`) is sent as an SVG holding the PNG and those words, which the browser
    writes in the page's font, or in the learner's own for scripts that font lacks."""
    import streamlit as st
    width, height = image.size
    if image.width > MAX_SHOWN * HIDPI:   # st.image keeps at most 2 x 730 pixels across
        image = image.resize((MAX_SHOWN * HIDPI, round(image.height * MAX_SHOWN * HIDPI
                                                       / image.width)), Image.Resampling.BOX)
    box = (where or st).container(width=shown_width(image), gap="xsmall")
    for line, size in titles(image):
        if size >= TITLE_SIZE * HIDPI:
            box.markdown(f"**{line}**", text_alignment="center")
        else:
            box.caption(line, text_alignment="center")
    if words(image):
        box.image(svg_url(svg(image, width, height)), width="stretch")
    else:
        box.image(png(image), width="stretch", output_format="PNG")


SVG_URL = "data:image/svg+xml;charset=utf-8,"


def svg_url(markup: str) -> str:
    """SVG markup as a data: URL, percent-encoded (st.image sends it as it is): base64 of the
    markup, as st.image makes of an SVG string, would encode the PNG inside it twice."""
    return SVG_URL + urllib.parse.quote(markup, safe="/+=:;,.-_'()")


_BASELINES = {"a": "hanging", "t": "hanging", "m": "central", "s": "alphabetic",
              "b": "text-after-edge", "d": "text-after-edge"}
_ANCHORS = {"l": "start", "m": "middle", "r": "end"}
SVG_FONT = "'Source Sans Pro', 'Source Sans 3', 'Noto Sans', 'Noto Sans CJK JP', sans-serif"


def svg(image: Image.Image, width: int | None = None, height: int | None = None) -> str:
    """The picture as SVG markup: its PNG, and its words written over it as SVG text.

    width, height: the picture's size before any shrinking, the coordinates of its words
    (default its own size); the SVG is as wide as the picture is shown (shown_width)."""
    width, height = width or image.width, height or image.height
    source = "data:image/png;base64," + base64.b64encode(png(image)).decode()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width // HIDPI}" height="{height // HIDPI}" font-family="{SVG_FONT}">',
             f'<image href="{source}" width="{width}" height="{height}"/>']
    for w in words(image):
        turn = f' transform="rotate({-w.angle:g} {w.x:.1f} {w.y:.1f})"' if w.angle else ""
        parts.append(f'<text x="{w.x:.1f}" y="{w.y:.1f}" font-size="{w.size:g}" '
                     f'fill="{w.colour}" text-anchor="{_ANCHORS[w.anchor[0]]}" '
                     f'dominant-baseline="{_BASELINES[w.anchor[1]]}"{turn}>'
                     f'{html.escape(w.text)}</text>')
    return "".join(parts) + "</svg>"


def bar_picture(values, labels, *, width: int, height: int, title: str = "") -> Image.Image:
    """What figures.activation_bars draws, as a picture: activations 0..1 as bars lit by their
    own value (gray 60 to 255, a gray outline), each value printed over its bar, the labels
    slanted under them, an axis from 0 to 1 marked "activation". Sizes in CSS pixels; the
    title (shown above the picture by `show`) and labels in the learner's language."""
    values = np.clip(np.asarray(values, dtype=np.float64), 0, 1)
    k = HIDPI
    W, H = width * k, height * k
    left, right, top, bottom = 52 * k, 10 * k, 12 * k, 58 * k
    ink, axis = (49, 51, 63), (210, 210, 210)
    out = Image.new("RGB", (W, H), (255, 255, 255))
    draw = ImageDraw.Draw(out)
    plot_h, plot_w, top_value = H - top - bottom, W - left - right, 1.12
    y_of = lambda v: top + plot_h * (1 - v / top_value)   # noqa: E731
    small = font(9 * k)
    for tick in (0, 0.2, 0.4, 0.6, 0.8, 1.0):
        y = y_of(tick)
        draw.line([(left, y), (W - right, y)], fill=(235, 235, 235) if tick else axis, width=k)
        draw.text((left - 4 * k, y), f"{tick:g}", font=small, anchor="rm", fill=ink)
    text(out, (11 * k, top + plot_h / 2), t("activation"), size=11 * k, angle=90)
    slot = plot_w / len(values)
    for j, (v, name) in enumerate(zip(values, labels)):
        x0, x1 = left + slot * (j + 0.1), left + slot * (j + 0.9)
        g = int(round(60 + 195 * v))
        draw.rectangle([x0, y_of(v), x1, y_of(0)], fill=(g, g, g), outline=(136, 136, 136),
                       width=k)
        draw.text(((x0 + x1) / 2, y_of(v) - 2 * k), f"{v:.2f}", font=small, anchor="mb", fill=ink)
        if LETTER.search(str(name)):   # its top right under the bar's middle, slanted
            text(out, ((x0 + x1) / 2, y_of(0) + 3 * k), str(name), size=10 * k, anchor="ra",
                 angle=45)
        else:
            tag = _label(str(name), 10 * k, ink).rotate(45, expand=True, resample=Image.BICUBIC)
            out.paste(tag, (int((x0 + x1) / 2 - tag.width), int(y_of(0) + 3 * k)), tag)
    return titled(out, title, 13 * k)

