"""Run every lesson through app.py, even when a fresh server is first opened on a lesson's URL.

The one place that touches a Streamlit internal for this (tested in
tests/test_fragile_streamlit.py against the installed Streamlit).

Streamlit 1.67 still supports the old (v1) multipage mode: when the entry
script has a `pages/` folder beside it, its first session sets the class
attribute `PagesManager.uses_pages_directory` to True, and then every script
run goes through `_mpa_v1`, which runs a file of `pages/` on its own, without
app.py's navigation and sidebar. Only the public `st.navigation` sets it back
to False, and app.py only runs once that is done: a learner whose first visit
to a new server is /neurons would get the bare page. There is no supported
switch (no config option; the folder must stay), so the first lesson page run
in v1 mode turns the mode off and reruns. The flag belongs to the class, so
this happens once per server process; afterwards it is one attribute read.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

FLAG = "uses_pages_directory"   # the PagesManager class attribute; the test checks it exists


def leave_pages_folder_mode() -> None:
    """If Streamlit runs this page in its old pages/ folder mode, switch the mode off and rerun.

    The rerun asks for the same URL, which app.py's st.navigation maps to the same page.
    """
    if getattr(PagesManager, FLAG):
        setattr(PagesManager, FLAG, False)
        st.rerun()
