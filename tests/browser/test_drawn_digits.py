"""Issue 12 §3 in a real browser: MNIST test digits drawn stroke by stroke with the mouse on
the canvas (the app's 22 px pen, at sizes from less than half the canvas to nearly all of it)
are read about as well as the same digits as they are.

Each digit's centre line (netcore.redraw.centre_line) is walked into strokes, as a hand would
draw it, and drawn with Playwright's mouse; what the page shows as "Network's guess" is what
the whole path (Fabric's canvas, its PNG, to_mnist, the shipped network) made of it.
"""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import netcore
from netcore.redraw import centre_line
from tests.browser.helpers import (CANVAS_SIZE, draw_stroke, finish_stroke, guess_metric,
                                   open_app, read_guess, wait_for_app)

N_DIGITS = 16
SEED = 2026
UPSCALE = 4        # the centre line is found on the digit enlarged 4 times (112 x 112)
PEN = 22           # ui/canvas.py's pen, px


def _neighbours(p, on):
    y, x = p
    return [(y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
            if (dy or dx) and (y + dy, x + dx) in on]


def centre_line_strokes(skeleton: np.ndarray) -> list[list[tuple[int, int]]]:
    """The skeleton's pixels walked into strokes (lists of (row, col)): from each loose end
    first, then from anywhere left, each step to a neighbour not yet joined to this pixel,
    until every joint between neighbours is drawn once."""
    on = set(zip(*(a.tolist() for a in np.nonzero(skeleton))))
    drawn, strokes = set(), []
    ends = sorted(p for p in on if len(_neighbours(p, on)) == 1)
    for start in ends + sorted(on):
        while True:
            path, here = [start], start
            while True:
                step = [q for q in _neighbours(here, on) if frozenset((here, q)) not in drawn]
                if not step:
                    break
                drawn.add(frozenset((here, step[0])))
                here = step[0]
                path.append(here)
            if len(path) == 1:
                break
            strokes.append(path)
    return [s for s in strokes if len(s) >= 3] or strokes


def mouse_strokes(digit: np.ndarray, side: float, rng: np.random.Generator):
    """Strokes in canvas pixels for a 28 x 28 digit, its ink's longer side `side` px (pen
    included), at a random place; every third point of each stroke (and its last)."""
    big = np.kron(digit.reshape(28, 28), np.ones((UPSCALE, UPSCALE)))
    strokes = centre_line_strokes(centre_line(big >= 0.5 * big.max()))
    points = np.array([p for s in strokes for p in s], dtype=float)
    lo, extent = points.min(0), max(np.ptp(points, 0).max(), 1.0)
    scale = (side - PEN) / extent
    span = np.ptp(points, 0) * scale + PEN
    at = rng.uniform(0, CANVAS_SIZE - span) + PEN / 2
    out = []
    for s in strokes:
        s = s[::3] + ([s[-1]] if (len(s) - 1) % 3 else [])
        out.append([(float(c - lo[1]) * scale + at[1], float(r - lo[0]) * scale + at[0]) for r, c in s])
    return out


@pytest.mark.timeout(900)   # about 2 minutes: some 30 strokes a digit
def test_digits_drawn_with_the_mouse_are_read_about_as_well_as_mnist_s(app_server, page: Page):
    net, data = netcore.load_default(), netcore.load_mnist()
    rng = np.random.default_rng(SEED)
    pick = rng.choice(len(data.test_labels), N_DIGITS, replace=False)
    labels = data.test_labels[pick]
    direct = int(np.sum(np.asarray(net.predict(data.test_images[pick])) == labels))
    open_app(page, app_server, "/")
    read = []
    for i in pick:
        for stroke in mouse_strokes(data.test_images[i], rng.uniform(120, 266), rng):
            draw_stroke(page, stroke)
        finish_stroke(page)
        read.append(read_guess(page))
        page.get_by_role("button", name="Clear").click()
        wait_for_app(page)
        expect(guess_metric(page)).to_have_count(0)
    right = sum(r == str(y) for r, y in zip(read, labels))
    missed = [(int(i), int(y), r) for i, y, r in zip(pick, labels, read) if r != str(y)]
    print(f"drawn: {right} of {N_DIGITS} read right, as they are: {direct}; missed {missed}")
    # As they are, the network reads `direct` of them; drawn, at most one fewer.
    assert right >= direct - 1, f"{right} of {N_DIGITS} drawn read right ({direct} as they are): {missed}"
