"""After a server restart, a learner whose run or network was lost is told so, once.

The marker is the URL's `trained_on` parameter (ui.state.URL_TRAINED_ON): a new
AppTest is a new session, as the browser's reconnect to a restarted server is, and
`at.query_params` is the URL it reconnects with.
"""

import netcore
from apptest_helpers import app_test, page_test

from ui import restart_notice, state

PARAM = state.URL_TRAINED_ON
LOST = "was lost when the server restarted"


def lost_warnings(at) -> list[str]:
    return [w.value for w in at.warning if LOST in w.value]


def test_a_learner_whose_run_was_lost_in_a_restart_is_told_once_and_the_marker_goes():
    at = app_test()
    at.query_params[PARAM] = "0ldb00t0"          # written by the server before the restart
    at.run()
    assert not at.exception
    assert len(lost_warnings(at)) == 1
    assert PARAM not in at.query_params
    at.run()                                      # the next run of the same session
    assert not lost_warnings(at)


def test_the_message_shows_on_the_learning_page_opened_on_its_own():
    at = page_test("learning.py")
    at.query_params[PARAM] = "0ldb00t0"
    at.run()
    assert not at.exception and len(lost_warnings(at)) == 1
    assert PARAM not in at.query_params


def test_a_shared_link_from_this_server_run_is_dropped_without_a_message():
    at = app_test()
    at.query_params[PARAM] = restart_notice.BOOT_ID
    at.run()
    assert not at.exception and not lost_warnings(at)
    assert PARAM not in at.query_params


def test_no_marker_no_message():
    at = page_test("learning.py").run()
    assert not at.exception and not lost_warnings(at) and PARAM not in at.query_params


def test_a_learner_with_a_network_of_their_own_carries_this_boots_marker():
    at = page_test("learning.py", **{state.TRAINED_NET: netcore.Network((784, 10), seed=1)})
    at.run()
    assert at.query_params[PARAM] == restart_notice.BOOT_ID
    assert not lost_warnings(at)


def test_training_from_the_page_sets_the_marker():
    at = page_test("learning.py").run()
    at.select_slider(key="learning_images").set_value(1_000)
    at.number_input(key="learning_epochs").set_value(1).run()
    at.button(key="learning_train").click().run()
    assert not at.exception
    assert at.query_params[PARAM] == restart_notice.BOOT_ID
    assert at.session_state[state.TRAIN_RUN].wait(120)
