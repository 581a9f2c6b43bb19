"""Serving a class from several app processes: tell a learner who was moved between them.

Behind deploy/proxy/haproxy.cfg, HAProxy pins each learner to one process with a cookie
naming it (NETAPP_SERVER=a), and each process knows its own name from the environment
(NETAPP_SERVER_NAME, set by deploy/proxy/serve.sh). When a process stops, HAProxy sends its
learners to another one, where their session starts anew. The browser reconnects its
websocket without reloading the page, and the only requests it makes first (Streamlit's
health and host-config probes) leave the cookie alone (haproxy.cfg), so the new session sees
the old server's name: a moved learner. A learner who opens the site loads the page first,
and HAProxy's answer to that renews the cookie: they never see the message.
"""

from __future__ import annotations

import os

import streamlit as st

from ui import state
from ui.i18n import N_, t

SERVER_COOKIE = "NETAPP_SERVER"    # haproxy.cfg: `cookie NETAPP_SERVER insert`
SERVER_NAME_ENV = "NETAPP_SERVER_NAME"

MOVED_MESSAGE = N_("The server you were on stopped, so you are now on another one: your drawing "
                  "and any network you trained were lost. Draw your digit again (and train "
                  "again on the Learning page) to carry on.")


def moved_from(cookies, own_name: str | None) -> str | None:
    """The server a learner was moved from, or None when they are where they were (or when
    this process runs alone, without a name or a proxy's cookie)."""
    previous = cookies.get(SERVER_COOKIE)
    if not own_name or not previous or previous == own_name:
        return None
    return previous


def warn_if_moved() -> None:
    """Called by app.py on every run: on a session's first run only, tell a moved learner."""
    if state.server_checked():
        return
    state.mark_server_checked()
    if moved_from(dict(st.context.cookies), os.environ.get(SERVER_NAME_ENV)):
        # The browser resends the canvas's last value to the new session, which would show
        # the old guess beside an empty canvas: start the learner clean, as the message says.
        state.clear_drawing()
        # The message says the trained network is gone too: ui.restart_notice, which would
        # say so again (the link still names the old process's boot), stays silent.
        state.mark_restart_checked()
        state.set_url_trained_on(None)
        st.warning(t(MOVED_MESSAGE), icon=":material/swap_horiz:")
