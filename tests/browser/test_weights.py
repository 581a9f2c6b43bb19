"""/weights in a real browser: pick an MNIST digit, apply a preset or paint, watch the sum move."""

from urllib.parse import parse_qs, urlparse

import numpy as np
from playwright.sync_api import expect

from netcore.mnist import load_mnist
from netcore.preprocess import to_mnist
from apptest_helpers import video_bar_and_edge
from ui import palette
from tests.browser.helpers import assert_no_error_box, open_app, wait_for_app


def weighted_sum(page) -> float:
    metric = page.get_by_test_id("stMetric").filter(has_text="Weighted sum")
    expect(metric).to_have_count(1)
    return float(metric.get_by_test_id("stMetricValue").inner_text())


# The 28x28 weights the paint canvas shows: the colour of Fabric's drawing layer at the centre
# of each 8x8 cell (black: 0, the palette's + colour: +1, its - colour: -1).
PAINTED_JS = """canvas => {
  const k = canvas.width / 224, ctx = canvas.getContext('2d'), out = [];
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
    const d = ctx.getImageData(Math.floor((8 * c + 4) * k), Math.floor((8 * r + 4) * k), 1, 1).data;
    out.push([d[0], d[1], d[2], d[3]]);
  }
  return out;
}"""


def painted_weights(component, pal=next(iter(palette.PALETTES.values()))) -> np.ndarray:
    """The weights on the paint canvas, in the default palette (+ green, - red)."""
    rgba = np.array(component.locator("canvas.dc-canvas.lower-canvas").evaluate(PAINTED_JS), float)
    lit = rgba[:, :3].max(axis=1) > 40
    plus = rgba[:, :3].argmax(axis=1) == np.argmax(_rgb(pal.positive))
    assert np.argmax(_rgb(pal.positive)) != np.argmax(_rgb(pal.negative))
    grid = np.zeros(784)
    grid[lit & plus], grid[lit & ~plus] = 1.0, -1.0
    return grid.reshape(28, 28)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)])


def pick_digit_the_edge_changes(page, images, bar, edge, tries: int = 5) -> np.ndarray:
    """Pick MNIST digits until one has ink on the ring (all but about 1 in 200 do)."""
    for _ in range(tries):
        page.get_by_role("button", name="Pick an MNIST digit").click()
        wait_for_app(page)
        page.wait_for_function("() => location.search.includes('mnist=')")
        index = int(parse_qs(urlparse(page.url).query)["mnist"][0])
        # the app makes the pick its input: 8-bit gray, then to_mnist keeping MNIST's own pen
        raw = (images[index].reshape(28, 28) * 255).round().astype(np.uint8)
        x = to_mnist(raw, pen=None).astype(np.float64)
        if abs(edge @ x - bar @ x) > 0.05:
            return x
    raise AssertionError("no picked digit had ink around the bar")


def test_edge_preset_changes_the_weighted_sum_of_a_picked_digit(app_server, page):
    open_app(page, app_server, "weights")
    expect(page.get_by_text("canvas is empty")).to_be_visible()
    images = load_mnist().test_images
    bar, edge = video_bar_and_edge()

    x = pick_digit_the_edge_changes(page, images, bar, edge)
    before = weighted_sum(page)
    assert abs(before - bar @ x) < 0.006          # the painted neuron starts as the bar

    page.get_by_role("button", name="Edge", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Weighted sum")
           .get_by_test_id("stMetricValue")).not_to_have_text(f"{before:.2f}")
    after = weighted_sum(page)
    assert abs(after - edge @ x) < 0.006
    assert after != before
    assert_no_error_box(page)


def test_painting_a_rectangle_of_negative_weight_changes_the_sum(app_server, page):
    images = load_mnist().test_images
    index = 18   # a 3 with ink in the middle rows
    open_app(page, app_server, f"weights?mnist={index}")
    raw = (images[index].reshape(28, 28) * 255).round().astype(np.uint8)
    x = to_mnist(raw, pen=None).astype(np.float64).reshape(28, 28)
    bar, _ = video_bar_and_edge()
    before = weighted_sum(page)
    assert abs(before - bar @ x.ravel()) < 0.006

    page.get_by_test_id("stRadio").get_by_text("-1", exact=True).click()
    wait_for_app(page)
    paint = page.get_by_test_id("stBidiComponentIsolated").nth(1).locator("canvas").last
    # The canvas now sits lower on the page (below the lesson bar and the palette switch): the
    # drag must stay inside the window, or the moves past its bottom edge never reach the canvas.
    paint.evaluate("c => c.scrollIntoView({block: 'center'})")
    box = paint.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
    assert round(box["width"]) == 224   # 8 canvas pixels per weight
    # Drag from canvas (58, 98) to (178, 158): covers the weight centres (8c + 4, 8r + 4)
    # of columns 7-21 and rows 12-19.
    page.mouse.move(box["x"] + 58, box["y"] + 98)
    page.mouse.down()
    for fraction in (0.25, 0.5, 0.75, 1.0):
        page.mouse.move(box["x"] + 58 + 120 * fraction, box["y"] + 98 + 60 * fraction)
        # The rectangle takes its size from the last move the canvas has handled (once per
        # animation frame, which headless Chromium runs slowly): let it catch up.
        page.wait_for_timeout(250)
    page.mouse.up()
    metric = (page.get_by_test_id("stMetric").filter(has_text="Weighted sum")
              .get_by_test_id("stMetricValue"))
    expect(metric).not_to_have_text(f"{before:.2f}", timeout=15_000)
    wait_for_app(page)
    # The sum belongs to the painted neuron: the bar with the rectangle the canvas really drew
    # (headless Chromium may have handled only some of the moves), read off the paint canvas.
    w = painted_weights(page.get_by_test_id("stBidiComponentIsolated").nth(1))
    assert (w < 0).sum() >= 8, "no rectangle of negative weight was painted"
    assert np.array_equal(w[w > 0], bar.reshape(28, 28)[w > 0])
    assert (w[12:20, 7:22] == -1).all(), "the rectangle is not the size of the drag"
    expected = float((w * x).sum())
    expect(metric).to_have_text(f"{expected:.2f}", timeout=15_000)
    assert expected < before
    wait_for_app(page)
    assert_no_error_box(page)
