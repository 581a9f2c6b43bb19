"""/why-layers: the hope (digits drawn from loops and lines, loops and lines from little edges).

The pictures are drawn in code (`ui.strokes`), to show the idea; no network made them.
"""

from __future__ import annotations

import numpy as np

from ui import strokes
from ui.i18n import N_, t

# (name, kind, parameters): a ring is ((row, col) centre, radius); a line is ((row, col),
# (row, col)). The names are in English, marked for the catalogues: shown as t(name).
HOPE_PARTS = {
    9: [(N_("loop on top"), "ring", ((9.5, 13.5), 5.0)),
        (N_("line on the right"), "line", ((9.5, 18.5), (24, 17)))],
    8: [(N_("loop on top"), "ring", ((8.5, 14), 4.5)),
        (N_("loop below"), "ring", ((18.5, 14), 5.5))],
    4: [(N_("slanted line"), "line", ((4, 11), (16, 7))),
        (N_("crossbar"), "line", ((16, 7), (16, 21))),
        (N_("upright line"), "line", ((4, 17), (24, 17)))],
}
PIECES = {"ring": 6, "line": 3}   # how many little edges make up each kind of part


def parts_sentence(names: list[str]) -> str:
    """What the hope says hidden layer 2 finds: the digit's two or three parts, by name."""
    if len(names) == 2:
        return t("Hope for hidden layer 2: the edges add up to {a} and {b}.", a=names[0],
                 b=names[1])
    if len(names) == 3:
        return t("Hope for hidden layer 2: the edges add up to {a} and {b} and {c}.",
                 a=names[0], b=names[1], c=names[2])
    raise ValueError(f"HOPE_PARTS gives a digit 2 or 3 parts, not {len(names)}")


def _geometry(kind: str, params):
    """Per pixel: distance to the part's middle line, and how far along it (0..1)."""
    if kind == "ring":
        centre, radius = params
        distance, angle = strokes.ring_geometry(centre, radius)
        return distance, (angle / (2 * np.pi)) % 1.0
    return strokes.line_geometry(*params)


def stroke(kind: str, params) -> np.ndarray:
    """A ring or a line segment as 28x28 ink in [0, 1], anti-aliased over about a pixel."""
    return strokes.ink(_geometry(kind, params)[0])


def edge_pieces(kind: str, params) -> list[np.ndarray]:
    """The stroke cut into PIECES[kind] little edges (arcs of a ring, thirds of a line)."""
    distance, along = _geometry(kind, params)
    ink = strokes.ink(distance)
    n = PIECES[kind]
    piece = np.minimum((along * n).astype(int), n - 1)
    return [np.where(piece == k, ink, 0) for k in range(n)]


def hope_digit(digit: int):
    """(whole picture, [(part name, picture)], [little edge pictures]) for a digit of HOPE_PARTS."""
    parts = [(name, stroke(kind, params)) for name, kind, params in HOPE_PARTS[digit]]
    edges = [edge for _, kind, params in HOPE_PARTS[digit] for edge in edge_pieces(kind, params)]
    whole = np.max([picture for _, picture in parts], axis=0)
    return whole, parts, edges


def in_context(piece: np.ndarray, whole: np.ndarray, faint: float = 0.18) -> np.ndarray:
    """A piece drawn bright over a faint copy of the whole digit, to show where it sits."""
    return np.maximum(piece, faint * whole)
