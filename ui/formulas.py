"""Formulas shown whole: one st.latex per formula, never pieces side by side.

On a screen narrower than a formula, st.latex's own box scrolls sideways (Streamlit gives
KaTeX's display box overflow-x: auto). The style below adds a soft shadow at the edge that
has more formula beyond it (the "scroll shadow" of pure CSS: the white covers travel with
the content, the shadows stay at the box's edges), so a phone shows that there is more.
"""

from __future__ import annotations

import streamlit as st

_SCROLL_SHADOWS = """<style>
[data-testid="stMain"] .katex-display {
  background:
    linear-gradient(to right, var(--st-background-color, #fff) 30%, transparent) left / 2.5rem 100%,
    linear-gradient(to left, var(--st-background-color, #fff) 30%, transparent) right / 2.5rem 100%,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, .18), transparent) left / .8rem 100%,
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .18), transparent) right / .8rem 100%;
  background-repeat: no-repeat;
  background-attachment: local, local, scroll, scroll;
}
</style>"""


def show(latex: str) -> None:
    """One formula, whole; on a narrow screen its box scrolls sideways, with an edge shadow."""
    st.html(_SCROLL_SHADOWS)
    st.latex(latex)
