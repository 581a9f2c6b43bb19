"""A fix for the drawing canvas component's toolbar, injected into its shadow root.

The one place that relies on the inside of `streamlit-drawable-canvas` (its
class names and button labels) and of Streamlit's isolated components; the
test in tests/test_fragile_streamlit.py reads the installed component's
frontend bundle and fails if any name used here is gone.

Why: the toolbar (undo, redo, ...) hides, invisible but clickable, over the
canvas's top-right corner; hovering slides it up, 0.1 s later. So a stroke
started there (at once with a mouse, always with a finger) was lost, or pressed
a hidden button such as "Edit", after which the pen moves strokes instead of
drawing. These rules let the hidden toolbar pass presses through, move it up
at once on hover, and remove two buttons from the digit canvas (key
"canvas-<n>"; /weights' painting canvas keeps them): "Edit" (a pencil icon,
easily read as "draw") and the bin, "Reset canvas & history", which goes back
to the canvas's `initial_drawing`: the drawing brought over from another page
came straight back. The Clear button below the canvas empties it. The toolbar
is in the component's shadow root, out of reach of page CSS, hence a script.
"""

from __future__ import annotations

import streamlit as st

# What the script relies on, by name (the test looks for each one in the installed packages).
ROOT_CLASS = "dc-root"                    # the component's outer box ...
TOOLBAR_CLASS = "dc-toolbar"              # ... whose direct child is the toolbar
SEPARATOR_CLASS = "dc-toolbar-separator"  # the line before the Edit button
PINNED_ATTRIBUTE = "data-pinned"          # set on the toolbar while it must stay shown
HIDDEN_BUTTONS = ("Edit", "Reset canvas & history")   # aria-labels of the buttons removed
HOST_TEST_ID = "stBidiComponentIsolated"  # Streamlit's element holding the shadow root
DIGIT_CANVAS_CLASS = "st-key-canvas-"     # Streamlit's class for key="canvas-<n>" (ui.canvas)

_hidden = ", ".join(f'.{TOOLBAR_CLASS} button[aria-label="{label}"]' for label in HIDDEN_BUTTONS)
SCRIPT = f"""<script>
(() => {{
  if (window.__digitCanvasToolbarFix) return;
  window.__digitCanvasToolbarFix = true;
  const passThrough = '.{ROOT_CLASS}:not(:hover) > .{TOOLBAR_CLASS}:not([{PINNED_ATTRIBUTE}="true"])'
    + ':not(:focus-within) {{pointer-events: none}}'
    + '.{ROOT_CLASS}:hover > .{TOOLBAR_CLASS} {{transition: opacity .15s .1s !important}}';
  const noEdit = '{_hidden}, .{SEPARATOR_CLASS} {{display: none}}';
  const patch = () => {{
    for (const host of document.querySelectorAll('[data-testid="{HOST_TEST_ID}"]')) {{
      const root = host.shadowRoot;
      if (root && !root.querySelector('style[data-toolbar-fix]')) {{
        const style = document.createElement('style');
        style.dataset.toolbarFix = '';
        style.textContent = passThrough
          + (host.closest('[class*="{DIGIT_CANVAS_CLASS}"]') ? noEdit : '');
        root.appendChild(style);
      }}
    }}
  }};
  new MutationObserver(patch).observe(document.body, {{childList: true, subtree: true}});
  patch();
}})();
</script>"""


def fix_toolbar() -> None:
    """Inject the script (it patches every canvas on the page, once each)."""
    st.html(SCRIPT, unsafe_allow_javascript=True)
