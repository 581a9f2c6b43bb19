"""After a server restart, tell a learner whose training (or trained network) was lost.

A restart loses every session's state, so the marker travels in the browser: while a
learner has a run or a network of their own, the URL carries this server process's
boot id (`ui.state.URL_TRAINED_ON`). The browser reconnects to the new process with
the same URL, in a new session. A new session that finds a marker from another boot
tells the learner once and drops it; one that finds this boot's own marker (a shared
link, a second tab) drops it silently.
"""

from __future__ import annotations

import secrets

import streamlit as st

from ui import state
from ui.i18n import N_, t

BOOT_ID = secrets.token_hex(4)   # new at every start of the server process
LOST_MESSAGE = N_("Your training (and your trained network) was lost when the server restarted. "
                 "Train again on the Learning page, or load a weight file you saved.")


def check(has_work: bool) -> None:
    """On every full run: warn a new session about a lost run, and keep the marker in step
    with whether the learner has a run or a network (`has_work`) that a restart would lose."""
    marker = state.url_trained_on()
    if not state.restart_checked():   # this session's first full run
        state.mark_restart_checked()
        if marker is not None and marker != BOOT_ID:
            st.warning(t(LOST_MESSAGE), icon=":material/restart_alt:")
            marker = None
            state.set_url_trained_on(None)
    if has_work and marker != BOOT_ID:
        state.set_url_trained_on(BOOT_ID)
    elif not has_work and marker is not None:
        state.set_url_trained_on(None)
