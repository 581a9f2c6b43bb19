#!/usr/bin/env python
"""Draw the browser tab's icon, static/tab-icon.png: a tiny 3-4-2 network, nodes and edges.

    python static/make_tab_icon.py

A local file (app.py's page_icon), so opening a page fetches nothing from outside.
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 64
OUT = Path(__file__).resolve().parent / "tab-icon.png"
INK, EDGE = (49, 51, 63, 255), (120, 160, 230, 255)


def layer(x: float, n: int) -> list[tuple[float, float]]:
    gap = SIZE / (n + 1)
    return [(x, gap * (i + 1)) for i in range(n)]


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    layers = [layer(10, 3), layer(32, 4), layer(54, 2)]
    for left, right in zip(layers, layers[1:]):
        for a in left:
            for b in right:
                pen.line([a, b], fill=EDGE, width=2)
    for nodes in layers:
        for x, y in nodes:
            pen.ellipse([x - 5, y - 5, x + 5, y + 5], fill=INK)
    return image


if __name__ == "__main__":
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT}")
