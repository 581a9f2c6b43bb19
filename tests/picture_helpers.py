"""The pictures a page showed with st.image, read back as pixels under AppTest.

AppTest keeps an image's bytes in a media store that is gone when the run ends;
the `media` fixture (conftest-free: import it into a test module) records every
file the page adds, by URL, so a test can decode exactly what a learner's browser
would be sent.
"""

from __future__ import annotations

import base64
import io
import re
import urllib.parse

import numpy as np
import pytest
from PIL import Image


@pytest.fixture
def media(monkeypatch) -> dict[str, bytes]:
    """URL -> bytes of every media file pages add while the test runs."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    added: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        added[self.get_url(file_id)] = self.get_file(file_id).content
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return added


EMBEDDED_PNG = re.compile(r'<image href="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def shown_bytes(url: str, media: dict[str, bytes]) -> bytes:
    """The PNG bytes behind one st.image URL: a media file, or the PNG inside the SVG that
    ui.images.show sends for a picture with words written over it."""
    from ui.images import SVG_URL
    if url.startswith(SVG_URL):
        markup = urllib.parse.unquote(url[len(SVG_URL):])
        return base64.b64decode(EMBEDDED_PNG.search(markup).group(1))
    return media[url]


def svg_markup(at) -> list[str]:
    """The SVG markup of every picture sent as an SVG (ui.images.show, pictures with words)."""
    from ui.images import SVG_URL
    return [urllib.parse.unquote(img.url[len(SVG_URL):])
            for element in at.get("image") for img in element.proto.imgs
            if img.url.startswith(SVG_URL)]


def pictures(at, media: dict[str, bytes]) -> list[np.ndarray]:
    """Every raster picture st.image shows (PNG, or the PNG inside a ui.images picture with
    words over it; not the plots drawn as SVG, see svgs()), in page order, as an (h, w, 3)
    uint8 RGB array."""
    from ui.images import SVG_URL
    return [np.asarray(Image.open(io.BytesIO(shown_bytes(img.url, media))).convert("RGB"))
            for element in at.get("image") for img in element.proto.imgs
            if not img.url.startswith("data:image/svg") or img.url.startswith(SVG_URL)]


def cell_colours(picture: np.ndarray, shape: tuple[int, int], cell: int,
                 origin: tuple[int, int] = (0, 0)) -> np.ndarray:
    """The colour of each cell of a grid of `shape` cells drawn `cell` image pixels wide from
    `origin` (x, y): (rows, cols, 3), read an eighth of a cell in from each cell's top-left corner
    (clear of a number printed in its middle and of a frame around the picture)."""
    x0, y0 = origin
    inset = max(3, cell // 8)
    rows = y0 + np.arange(shape[0]) * cell + inset
    cols = x0 + np.arange(shape[1]) * cell + inset
    return picture[np.ix_(rows, cols)]


def heat_map_colours(values, colorscale, zmin: float, zmax: float) -> np.ndarray:
    """The colours plotly.js gives a heat map's cells, worked out here with plotly.py's own
    colour helpers (independently of ui.images): (..., 3) floats 0..255."""
    import plotly.colors
    scale = [(float(stop), plotly.colors.unlabel_rgb(plotly.colors.convert_colors_to_same_type(
        colour, "rgb")[0][0])) for stop, colour in colorscale]
    out = []
    for v in np.ravel(values):
        t = min(max((float(v) - zmin) / ((zmax - zmin) or 1.0), 0.0), 1.0)
        (s0, c0), (s1, c1) = next((a, b) for a, b in zip(scale, scale[1:]) if a[0] <= t <= b[0])
        out.append(plotly.colors.find_intermediate_color(c0, c1, (t - s0) / ((s1 - s0) or 1.0)))
    return np.asarray(out, dtype=float).reshape(np.shape(values) + (3,))


def panel_cells(picture: np.ndarray, n: int, cols: int, side: int = 28) -> list[np.ndarray]:
    """The cell colours of each of the n side x side panels of a ui.images.panel_picture
    (every panel titled): the layout that function documents (tiles of side cells under an
    11 px title, 6 px apart, HIDPI image pixels per CSS pixel), the cell size read off the
    picture's width."""
    from ui.images import HIDPI
    gap, room = 6 * HIDPI, int(11 * HIDPI * 1.8)
    cell = (picture.shape[1] - gap * (cols - 1)) // (cols * side)
    tile_w, tile_h = side * cell, room + side * cell
    return [cell_colours(picture, (side, side), cell,
                         origin=((k % cols) * (tile_w + gap), (k // cols) * (tile_h + gap) + room))
            for k in range(n)]


def svgs(at) -> list[str]:
    """The markup of every SVG the page shows with st.image (sent inline, as data URLs)."""
    import base64
    prefix = "data:image/svg+xml;base64,"
    return [base64.b64decode(img.url[len(prefix):]).decode()
            for element in at.get("image") for img in element.proto.imgs
            if img.url.startswith(prefix)]


def output_bars_shown(at) -> list[float] | None:
    """The ten values of the output bars (ui.svg_plots.output_bars) the page shows, or None."""
    import re
    for svg in svgs(at):
        values = re.findall(r"<title>\d: ([\d.]+)</title>", svg)
        if len(values) == 10:
            return [float(v) for v in values]
    return None


def svg_bar_values(at) -> list[list[float]]:
    """For every SVG bar chart (ui.svg_plots.column_bars) the page shows, the values its bars
    carry (each bar's <title>: "label: value")."""
    import re
    charts = []
    for svg in svgs(at):
        values = re.findall(r"<title>[^<:]*: ([+\-−]?[\d.]+)</title>", svg)
        if values and "<rect" in svg:
            charts.append([float(v.replace("−", "-")) for v in values])
    return charts
