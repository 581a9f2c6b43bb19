"""Reading /layers' network drawing (ui.lessons.layers.network_drawing).

Its HTML is well-formed XML (the SVG and the controls around it), so the tests read it
with ElementTree: parts by their class (fp-<part>), circles, paths and texts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(html: str) -> ET.Element:
    return ET.fromstring(html)


def drawing_html(at) -> str:
    """The drawing's HTML as an AppTest run of /layers shows it (one st.markdown)."""
    found = [m.value for m in at.markdown if m.value.startswith('<div class="fp"')]
    assert len(found) == 1, f"{len(found)} network drawings on the page"
    return found[0]


def parts(root: ET.Element, name: str) -> list[ET.Element]:
    """The elements of class fp-<name> (e.g. "wait2", "formula0", "choice")."""
    return [e for e in root.iter() if f"fp-{name}" in (e.get("class") or "").split()]


def text_of(element: ET.Element) -> str:
    return " ".join(t.text or "" for t in element.iter(f"{SVG}text"))


def lit_circles(root: ET.Element, sizes) -> dict[tuple[int, int], ET.Element]:
    """{(depth, j): circle} of the neurons lit by their activation: the circles with a title,
    in the drawing's order (layer 1 first)."""
    titled = [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    refs = [(d, j) for d in range(1, len(sizes)) for j in range(sizes[d])]
    assert len(titled) == len(refs)
    return dict(zip(refs, titled))


def gray_level(fill: str) -> float:
    r, g, b = (int(v) for v in fill.removeprefix("rgb(").removesuffix(")").split(","))
    assert r == g == b
    return r / 255


def drawn_connections(root: ET.Element) -> int:
    """How many connections the paths draw: one "M x y L x y" each."""
    counted = 0
    for path in root.iter(f"{SVG}path"):
        segments = path.get("d").count("M")
        assert segments == int(path.get("data-n"))
        counted += segments
    return counted


def style_text(root: ET.Element) -> str:
    return root.find("style").text


def rules(css: str) -> dict[str, str]:
    """{selector: declarations} of the plain rules (keyframes left out)."""
    css = re.sub(r"@keyframes [\w-]+ \{( [\d.]+% \{[^}]*\})+ \}", "", css)
    return {sel.strip(): body.strip().rstrip(";") for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)}


def keyframes(css: str) -> dict[str, list[tuple[float, str]]]:
    """{animation name: [(offset %, declarations), ...]}."""
    out = {}
    for name, body in re.findall(r"@keyframes ([\w-]+) \{((?: [\d.]+% \{[^}]*\})+) \}", css):
        out[name] = [(float(p), d.strip().rstrip(";")) for p, d in re.findall(r"([\d.]+)% \{([^}]*)\}", body)]
    return out
