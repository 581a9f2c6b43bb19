"""ui.serving: who counts as a learner moved from another server (the browser side, with a
real HAProxy and two processes, is tests/browser/test_proxy.py)."""

from __future__ import annotations

from apptest_helpers import app_test
from ui import serving, state


def test_a_cookie_naming_another_server_means_the_learner_was_moved():
    assert serving.moved_from({"NETAPP_SERVER": "a"}, "b") == "a"


def test_a_fresh_learner_or_one_on_their_own_server_was_not_moved():
    assert serving.moved_from({}, "b") is None                       # no proxy cookie yet
    assert serving.moved_from({"NETAPP_SERVER": "b"}, "b") is None       # where they were
    assert serving.moved_from({"NETAPP_SERVER": ""}, "b") is None
    assert serving.moved_from({"other": "a"}, "b") is None


def test_a_process_running_alone_never_warns():
    # plain `streamlit run app.py` (no NETAPP_SERVER_NAME): even a stale proxy cookie is not a move
    assert serving.moved_from({"NETAPP_SERVER": "a"}, None) is None
    assert serving.moved_from({"NETAPP_SERVER": "a"}, "") is None


def test_the_app_looks_once_per_session_and_shows_no_message_to_a_fresh_learner(monkeypatch):
    monkeypatch.setenv(serving.SERVER_NAME_ENV, "b")
    at = app_test().run()
    assert not at.exception
    assert at.session_state[state.SERVER_CHECKED] is True
    assert not [w for w in at.warning if serving.MOVED_MESSAGE in w.value]


def test_a_moved_learner_who_had_trained_gets_one_message_not_two(monkeypatch):
    """Moved from another process with a run's marker in the link: the moved message says
    the network is gone too, so the restart notice (tests/test_restart_notice.py) is not
    shown beside it, and the marker goes."""
    from ui import restart_notice
    monkeypatch.setenv(serving.SERVER_NAME_ENV, "b")
    monkeypatch.setattr(serving, "moved_from", lambda cookies, own_name: "a")  # cookie says "a"
    at = app_test()
    at.query_params[state.URL_TRAINED_ON] = "0ldb00t0"    # the stopped process's boot
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [serving.MOVED_MESSAGE]
    assert restart_notice.LOST_MESSAGE not in [w.value for w in at.warning]
    assert state.URL_TRAINED_ON not in at.query_params
