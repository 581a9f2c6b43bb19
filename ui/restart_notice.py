"""After a server restart, tell a learner whose training (or trained network) was lost.

A restart loses every session's state, so the marker travels in the browser: while a
learner has a run or a network of their own, the URL carries this server process's
boot id (`ui.state.TRAINED_ON_PARAM`). The browser reconnects to the new process with
the same URL, in a new session. A new session that finds a marker from another boot
tells the learner once and drops it; one that finds this boot's own marker (a shared
link, a second tab) drops it silently.
"""

from __future__ import annotations

import secrets

import streamlit as st

from ui import state

BOOT_ID = secrets.token_hex(4)   # new at every start of the server process
LOST_MESSAGE = ("Your training (and your trained network) was lost when the server restarted. "
                "Train again on the Learning page, or load a weight file you saved.")


def check(has_work: bool) -> None:
    """On every full run: warn a new session about a lost run, and keep the marker in step
    with whether the learner has a run or a network (`has_work`) that a restart would lose."""
    marker = st.query_params.get(state.TRAINED_ON_PARAM)
    if not state.get(state.RESTART_CHECKED):   # this session's first full run
        state.set(state.RESTART_CHECKED, True)
        if marker is not None and marker != BOOT_ID:
            st.warning(LOST_MESSAGE, icon=":material/restart_alt:")
            marker = None
            st.query_params.pop(state.TRAINED_ON_PARAM, None)
    if has_work and marker != BOOT_ID:
        st.query_params[state.TRAINED_ON_PARAM] = BOOT_ID
    elif not has_work and marker is not None:
        st.query_params.pop(state.TRAINED_ON_PARAM, None)
