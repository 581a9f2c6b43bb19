"""ui/images.py's pictures: the figures that used to be Plotly charts, drawn as PNG images.

Each picture must show what its chart showed: the same colour for every value (worked out
here with plotly.py's own colour helpers), bars as long as their values, marks where
the numbers put them.
"""

import numpy as np
import pytest

from picture_helpers import cell_colours, heat_map_colours, media  # noqa: F401 (a fixture)
from ui import images
from ui.palette import GUESS_COLOUR, PALETTES


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[k:k + 2], 16) for k in (1, 3, 5))


@pytest.mark.parametrize("name", list(PALETTES))
def test_coloured_gives_each_value_its_heat_map_colour(name):
    values = np.random.default_rng(0).normal(size=(7, 9)) * 2
    scale = PALETTES[name].colorscale()
    got = images.coloured(values, scale, -3.0, 3.0)
    np.testing.assert_allclose(got, heat_map_colours(values, scale, -3.0, 3.0), atol=0.51)
    assert tuple(images.coloured(np.array([[-9.0, 0.0, 9.0]]), scale, -3, 3)[0, 0]) == \
        _rgb(PALETTES[name].negative)   # beyond -zmax: the end colour


def test_signed_picture_cells_and_colour_bar_use_the_palette():
    palette = PALETTES["colorblind"]
    values = np.random.default_rng(1).normal(size=784)
    shown = images.signed_picture(values, palette, width=280, title="t")
    assert images.titles(shown) == (("t", 13 * images.HIDPI),)   # written above it, not in it
    picture = np.asarray(shown)
    cell, room = 20, 0
    zmax = float(np.abs(values).max())
    np.testing.assert_allclose(cell_colours(picture, (28, 28), cell, origin=(0, room)),
                               heat_map_colours(values.reshape(28, 28), palette.colorscale(),
                                                -zmax, zmax), atol=0.51)
    below = picture[room + 28 * cell:]   # the colour bar: both end colours are in it
    for colour in (palette.negative, palette.positive):
        assert (np.abs(below.astype(int) - _rgb(colour)).sum(axis=-1) <= 3).any()


def test_output_bars_are_as_long_as_the_outputs_and_the_guess_is_lit():
    import re
    from ui import svg_plots
    outputs = np.array([0.05, 0.9, 0.2, 0.0, 0.5, 0.1, 0.33, 0.7, 0.01, 0.15])
    svg = svg_plots.output_bars(outputs, title="T", axis_title="digit", width=460, height=260,
                                guess_colour=GUESS_COLOUR)
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" '
                      r'fill="([^"]+)"><title>(\d): ([\d.]+)</title>', svg)
    assert [int(d) for *_, d, _ in bars] == list(range(10))
    plot_w = 460 - 44 - 10
    for (x, width, fill, d, value), v in zip(bars, outputs):
        assert float(width) == pytest.approx(plot_w * v / 1.15, abs=0.1)
        assert float(value) == pytest.approx(v, abs=1e-4)
        assert fill == (GUESS_COLOUR if int(d) == 1 else "#8a8a8a")
    for v in outputs:
        assert f">{v:.2f}</text>" in svg                       # each value printed after its bar


def test_bar_picture_bars_are_as_tall_as_the_activations():
    values = np.array([0.95, 0.6, 0.31, 0.02])
    picture = np.asarray(images.bar_picture(values, [f"n{j}" for j in range(4)], width=300,
                                            height=260))
    heights = []
    for v in values:
        g = int(round(60 + 195 * v))
        heights.append(int(((picture == (g, g, g)).all(axis=-1)).sum(axis=0).max()))
    k = images.HIDPI
    plot_h = (260 - 12 - 58) * k
    np.testing.assert_allclose(heights, plot_h * values / 1.12, atol=2 * k + 1)


def test_marked_picture_draws_the_box_and_the_cross_where_the_numbers_say():
    picture = np.zeros((28, 28))
    picture[5:20, 8:15] = 1
    shown = np.asarray(images.marked_picture(picture, width=196, box=(5, 20, 8, 15),
                                             marks=[(12.0, 11.0)]))
    cell = 14
    yellow = (np.abs(shown.astype(int) - _rgb(GUESS_COLOUR)).sum(axis=-1) < 40)
    rows, cols = np.nonzero(yellow)
    # the dashed box runs along the cell edges of rows 5..19 and columns 8..14 (a 2-pixel line)
    assert abs(rows.min() - 5 * cell) <= 1 and abs(cols.min() - 8 * cell) <= 1
    assert abs(rows.max() - 20 * cell) <= 1 and abs(cols.max() - 15 * cell) <= 1
    # the cross's centre: the middle of cell (12, 11)
    centre = yellow[12 * cell + 3:13 * cell - 3, 11 * cell + 3:12 * cell - 3]
    assert centre.any()


def test_show_keeps_the_pictures_pixels_and_shows_it_at_half_their_width(media):
    from streamlit.testing.v1 import AppTest

    from picture_helpers import pictures

    def page():
        import numpy as np

        from ui import images
        images.show(images.pixel_picture(np.linspace(0, 1, 784), width=300))

    at = AppTest.from_function(page).run()
    assert not at.exception
    (shown,) = pictures(at, media)
    assert shown.shape[1] == 2 * 300 // 28 * 28   # HIDPI pixels, not shrunk to the shown width
    assert at.get("image")[0].proto.imgs[0].url.endswith(".png")   # sent as a PNG, not a JPEG


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA"])
def test_png_decodes_to_the_same_pixels(mode):
    import io

    from PIL import Image
    rng = np.random.default_rng(2)
    shape = (37, 53) if mode == "L" else (37, 53, len(mode))
    picture = Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode=mode)
    decoded = Image.open(io.BytesIO(images.png(picture)))
    decoded.load()
    expected = picture if mode != "RGBA" else picture.convert("RGB")
    assert decoded.mode == expected.mode
    np.testing.assert_array_equal(np.asarray(decoded), np.asarray(expected))


# --- words are written by the browser, never drawn into the pixels -------------------------------

def test_names_with_letters_are_kept_as_words_and_digits_are_drawn():
    grids = np.zeros((2, 28, 28))
    with_letters = images.panel_picture(grids, ["neuron 0", "ニューロン 1"], cols=2, width=200)
    with_digits = images.panel_picture(grids, ["0", "1"], cols=2, width=200)
    room = int(11 * images.HIDPI * 1.8)
    band = np.asarray(with_letters)[:room]
    assert (band == 255).all()                       # no ink where the names go...
    assert [w.text for w in images.words(with_letters)] == ["neuron 0", "ニューロン 1"]
    assert images.words(with_letters)[1].x > with_letters.width / 2   # ...over its own tile
    assert (np.asarray(with_digits)[:room] < 128).any() and not images.words(with_digits)


def test_a_title_is_not_drawn_and_titles_stack_outermost_first():
    plain = images.pixel_picture(np.zeros(784), width=140)
    titled = images.titled(images.titled(plain, "inner", 22), "outer", 28)
    assert titled.size == plain.size and np.array_equal(np.asarray(titled), np.asarray(plain))
    assert images.titles(titled) == (("outer", 28), ("inner", 22))
    assert images.titles(plain) == ()   # the original is left as it was


def test_the_svg_holds_the_picture_and_its_words_in_the_pictures_coordinates():
    import base64
    import re
    picture = images.bar_picture([0.2, 0.9], ["neuron <0>", "뉴런 1"], width=200, height=200)
    markup = images.svg(picture)
    embedded = re.search(r'href="data:image/png;base64,([^"]+)"', markup).group(1)
    assert base64.b64decode(embedded) == images.png(picture)
    assert f'viewBox="0 0 {picture.width} {picture.height}"' in markup
    assert "neuron &lt;0&gt;" in markup and "뉴런 1" in markup and "activation" in markup
    assert 'rotate(-45' in markup and 'rotate(-90' in markup   # slanted labels, upright axis word


def test_show_writes_the_title_above_and_sends_words_in_an_svg(media):
    from streamlit.testing.v1 import AppTest

    from picture_helpers import pictures, svg_markup

    def page():
        import numpy as np

        from ui import images
        panel = images.panel_picture(np.zeros((2, 28, 28)), ["edge 0", "edge 1"], cols=2,
                                     width=1600)   # wider than Streamlit keeps: shrunk
        images.show(images.titled(images.titled(panel, "before training", 22), "Two edges", 28))
        images.show(images.pixel_picture(np.zeros(784), width=100, title="a title"))

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["**Two edges**", "**a title**"]
    assert [c.value for c in at.caption] == ["before training"]   # a smaller line, smaller
    (markup,) = svg_markup(at)
    width = images.panel_picture(np.zeros((2, 28, 28)), ["a", "b"], cols=2, width=1600).width
    assert f'viewBox="0 0 {width} ' in markup and ">edge 1</text>" in markup
    shown = pictures(at, media)
    assert shown[0].shape[1] == images.MAX_SHOWN * images.HIDPI   # the pixels under the words
    assert at.get("image")[1].proto.imgs[0].url.endswith(".png")   # no words: a plain PNG
