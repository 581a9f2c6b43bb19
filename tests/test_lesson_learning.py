"""AppTest for /learning: train from the page, stop, blow up, refuse bad settings and files,
and use the learner's network on another page.

Training runs in a background thread (ui.lessons.learning.run.Run), exactly as in the browser;
the tests rerun the page, as the page's polling fragment would, until the run ends.
"""

import io
import json
import pickle
import time

import numpy as np
import pytest

import netcore
from apptest_helpers import (answer_check, app_test, canvas_image, feed_digit, metric_value,
                             page_test, validate_figures)

RUN_TIMEOUT = 240   # seconds; generous because the test machine may be shared


def train_from_page(at, timeout=RUN_TIMEOUT):
    """Click Train, then rerun the page until the run has ended and been collected."""
    from ui import state
    at.button(key="learning_train").click().run()
    assert not at.exception, at.exception
    run = at.session_state[state.TRAIN_RUN]
    deadline = time.monotonic() + timeout
    while not run.done:
        assert time.monotonic() < deadline, "training did not end in time"
        time.sleep(0.25)
        at.run()
        assert not at.exception, at.exception
    at.run()
    assert not at.exception, at.exception
    return run


def short_run_page(epochs=1, images=10_000):
    at = page_test("learning.py").run()
    at.number_input(key="learning_epochs").set_value(epochs)
    at.select_slider(key="learning_images").set_value(images)
    return at.run()


def test_page_starts_with_the_videos_network_and_its_random_weights():
    at = page_test("learning.py").run()
    assert not at.exception
    plan = " ".join(m.value for m in at.markdown)
    assert "784-16-16-10" in plan and "13,002" in plan and "Estimated time" in plan
    assert not at.button(key="learning_train").disabled
    assert not at.warning and not at.error
    assert not at.get("plotly_chart")   # the random weights are a picture: no plotly.js yet
    assert len(at.get("image")) == 2   # the random weights; the misread test digits further down
    validate_figures(at)


def test_training_the_videos_network_from_the_page_learns_and_keeps_the_default():
    from ui import resources, state
    at = short_run_page(epochs=1, images=10_000)
    assert at.session_state["learning_preset"] == "custom"
    run = train_from_page(at)
    assert run.status == "finished", run.error
    own = at.session_state[state.TRAINED_NET]
    assert own is run.net and own.sizes == (784, 16, 16, 10)
    accuracy = at.session_state[state.TRAINED_META]["test_accuracy"]
    assert accuracy > 0.8
    data = resources.mnist()
    assert own.accuracy(data.test_images, data.test_labels) == pytest.approx(accuracy)
    assert any(f"{accuracy:.2%}" in s.value for s in at.success)
    assert any("Your network" in m.value and "The site's network" in m.value for m in at.markdown)
    # The shared default network is untouched (read-only, and equal to the file's weights).
    default, fresh = resources.default_network(), netcore.load_default()
    for w, w0 in zip(default.weights, fresh.weights):
        assert not w.flags.writeable and np.array_equal(w, w0)
    # The curves hold only finite numbers, one point per few batches, up to MAX_CHART_POINTS.
    points = np.array(run.curve.points)
    assert np.isfinite(points).all() and 10 < len(points) <= 301
    assert [x for x, _ in run.curve.tests] == [0.0, 1.0]


def test_stop_keeps_a_usable_network():
    from ui import resources, state
    at = short_run_page(epochs=30, images=60_000)
    at.button(key="learning_train").click().run()
    run = at.session_state[state.TRAIN_RUN]
    deadline = time.monotonic() + 60
    while run.latest is None or run.latest.epoch < 2:   # let it learn for a full epoch first
        assert time.monotonic() < deadline and not run.done
        time.sleep(0.1)
    at.run()
    at.button(key="learning_stop").click().run()
    assert run.wait(30)
    at.run()
    assert not at.exception
    assert run.status == "stopped"
    assert any("Stopped after" in i.value for i in at.info)
    own = at.session_state[state.TRAINED_NET]
    data = resources.mnist()
    assert own is run.net and own.accuracy(data.test_images, data.test_labels) > 0.8
    assert at.session_state[state.TRAINED_META]["status"] == "stopped"


def test_a_run_that_blows_up_is_explained_and_thrown_away():
    from ui import state
    at = page_test("learning.py").run()
    at.selectbox(key="learning_preset").select("blowup").run()
    assert at.number_input(key="learning_lr").value == 10.0
    run = train_from_page(at)
    assert run.status == "diverged"
    assert any("blew up" in w.value and "smaller learning rate" in w.value for w in at.warning)
    assert at.session_state[state.TRAINED_NET] is None
    assert all(np.isfinite(p).all() for p in run.curve.points)


def test_settings_beyond_this_machine_or_nonsense_are_refused_with_a_message():
    at = page_test("learning.py").run()
    at.slider(key="learning_layers").set_value(4).run()
    for i in range(4):
        at.number_input(key=f"learning_size_{i}").set_value(512)
    at.number_input(key="learning_epochs").set_value(100).run()
    assert any("would take about" in w.value for w in at.warning)
    assert at.button(key="learning_train").disabled

    at = page_test("learning.py").run()
    at.select_slider(key="learning_images").set_value(1_000)
    at.number_input(key="learning_batch").set_value(5_000).run()
    assert any("batch size must be" in w.value for w in at.warning)
    assert at.button(key="learning_train").disabled

    at.number_input(key="learning_batch").set_value(100)
    at.number_input(key="learning_lr").set_value(0.0).run()
    assert any("learning rate must be" in w.value for w in at.warning)


def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _valid_arrays(sizes=(784, 10)):
    net = netcore.Network(sizes)
    arrays = {"sizes": np.array(sizes), "activation": np.array("sigmoid"),
              "metadata": np.array(json.dumps({}))}
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        arrays[f"weights_{l}"], arrays[f"biases_{l}"] = w, b
    return arrays


def _nan_file():
    arrays = _valid_arrays()
    arrays["weights_0"] = arrays["weights_0"].copy()
    arrays["weights_0"][3, 5] = np.nan
    return _npz(**arrays)


def _wrong_shape_file():
    arrays = _valid_arrays()
    arrays["weights_0"] = np.zeros((10, 100), np.float32)
    return _npz(**arrays)


def _truncated_file():
    return netcore.network_to_bytes(netcore.Network((784, 10)))[:500]


BAD_FILES = {
    "pickle": (pickle.dumps({"weights": [1, 2, 3]}), "pickle"),
    "text": (b"these are not the weights you are looking for\n", "zip archive"),
    "empty": (b"", "empty"),
    "wrong shapes": (_wrong_shape_file(), "shape"),
    "NaN": (_nan_file(), "NaN"),
    "cut short": (_truncated_file(), "damaged"),
    "wrong inputs": (netcore.network_to_bytes(netcore.Network((100, 16, 10))), "784 inputs"),
    "wrong outputs": (netcore.network_to_bytes(netcore.Network((784, 16, 5))), "10 outputs"),
    "object array": (_npz(**{**_valid_arrays(), "metadata": np.array([{"a": 1}], dtype=object)}),
                     "pickled object"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_weight_files_are_refused_and_change_nothing(kind):
    from ui import state
    data, why = BAD_FILES[kind]
    before = netcore.Network((784, 10), seed=3)
    at = page_test("learning.py", **{state.TRAINED_NET: before}).run()
    at.file_uploader(key="learning_upload_file").set_value((f"{kind}.npz", data,
                                                            "application/octet-stream")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "was not loaded" in errors[0] and why in errors[0], errors
    assert at.session_state[state.TRAINED_NET] is before


def test_a_saved_network_loads_back_with_its_accuracy():
    from ui import resources, state
    from ui.lessons.learning import session as training_session
    data = resources.mnist()
    net = netcore.Network((784, 32, 10), "tanh", seed=1)
    netcore.train(net, data.train_images[:2000], data.train_labels[:2000],
                  netcore.TrainConfig(epochs=1, batch_size=50))
    meta = {"source": "test", "test_accuracy": net.accuracy(data.test_images, data.test_labels)}
    at = page_test("learning.py").run()
    at.file_uploader(key="learning_upload_file").set_value(
        ("mine [x](y).npz", netcore.network_to_bytes(net, meta), "application/octet-stream")).run()
    assert not at.exception
    assert any("Loaded" in s.value and "784-32-10" in s.value for s in at.success)
    loaded = at.session_state[state.TRAINED_NET]
    assert loaded.activation == "tanh"
    for w, w0 in zip(loaded.weights, net.weights):
        assert np.array_equal(w, w0)
    table = next(m.value for m in at.markdown if "Your network" in m.value)
    assert f"{meta['test_accuracy']:.2%}" in table
    assert at.get("download_button")[0].label.startswith("Download your network")
    # The bytes that button serves (the browser test downloads them for real) load back.
    again, again_meta = netcore.network_from_bytes(training_session.weight_file_bytes(
        loaded, at.session_state[state.TRAINED_META]))
    assert again_meta["test_accuracy"] == meta["test_accuracy"]
    assert np.array_equal(again.weights[1], net.weights[1])


def test_using_my_network_changes_the_guess_on_another_page():
    from ui import state
    from ui.state import make_digit
    default = netcore.load_default()
    bad = netcore.Network((784, 16, 16, 10), seed=0)    # random weights: a deliberately bad net
    image = next(canvas_image(d) for d in range(10)
                 if bad.predict(make_digit(canvas_image(d)).x) != default.predict(
                     make_digit(canvas_image(d)).x))
    x = make_digit(image).x

    at = app_test()
    at.run()
    at.switch_page("pages/learning.py")
    at.session_state[state.TRAINED_NET] = bad
    at.run()
    at.toggle(key="learning_use_mine").set_value(True).run()
    assert at.session_state[state.USE_TRAINED] is True
    feed_digit(at, image)
    at.switch_page("pages/intro.py").run()
    assert not at.exception
    assert metric_value(at, "Network's guess") == str(bad.predict(x))
    assert any("your own trained network" in c.value for c in at.caption)

    at.switch_page("pages/learning.py").run()
    assert at.toggle(key="learning_use_mine").value is True   # remembered across pages
    at.toggle(key="learning_use_mine").set_value(False).run()
    at.switch_page("pages/intro.py").run()
    assert metric_value(at, "Network's guess") == str(default.predict(x))


def test_settings_survive_a_visit_to_another_page():
    at = app_test()
    at.run()
    at.switch_page("pages/learning.py").run()
    at.selectbox(key="learning_preset").select("wide").run()
    at.number_input(key="learning_epochs").set_value(3).run()
    at.switch_page("pages/intro.py").run()
    at.switch_page("pages/learning.py").run()
    assert not at.exception
    assert at.selectbox(key="learning_preset").value == "custom"
    assert at.number_input(key="learning_epochs").value == 3
    assert at.number_input(key="learning_size_0").value == 64
    assert at.selectbox(key="learning_activation").value == "relu"


def test_a_run_longer_than_the_time_limit_is_stopped_and_kept(monkeypatch):
    from ui.lessons.learning import run as training_run
    from ui.lessons.learning.settings import Settings
    monkeypatch.setattr(training_run, "TIME_LIMIT", 0.0)
    run = training_run.Run(Settings(hidden=(), epochs=1, n_train=1_000),
                           netcore.load_mnist()).start()
    assert run.wait(60)
    assert run.status == "stopped" and run.timed_out
    assert run.latest.batch == 1 and run.evaluation is not None


def test_runs_beyond_the_servers_training_slots_wait_their_turn_then_finish():
    import netcore
    from ui.lessons.learning import run as training_run, text as training_text
    from ui.lessons.learning.settings import Settings
    data = netcore.load_mnist()
    slots = training_run._TRAINING_SLOTS
    taken = [slots.acquire(blocking=False) for _ in range(2)]   # two other learners training
    assert all(taken)
    try:
        run = training_run.Run(Settings(epochs=1, n_train=1000), data).start()
        time.sleep(0.3)
        assert run.waiting and not run.done and run.latest is None
        assert training_text.progress_text(run)[0].startswith("Waiting")
    finally:
        for _ in taken:
            slots.release()
    assert run.wait(timeout=60)
    assert run.status == "finished" and not run.waiting


def test_a_weight_files_own_numbers_are_shown_rounded():
    from ui.lessons.learning.text import recipe
    text = recipe({"source": "somewhere", "train_accuracy": 0.9725833333333334, "epochs": 3,
                   "cpus": 2})
    assert "train accuracy: 0.9726" in text and "epochs: 3" in text
    assert "cpus" not in text   # the machine it was trained on is no use to a learner
    assert "0.97258" not in text


# --- the checks for understanding ---------------------------------------------------------------

def _texts(at, kind) -> str:
    return " ".join(str(m.value) for m in getattr(at, kind))


def _test_set_score(net) -> tuple[int, np.ndarray]:
    data = netcore.mnist.load_mnist()
    guesses = np.asarray(net.predict(data.test_images))
    return int(np.sum(guesses == data.test_labels)), guesses


def test_the_random_start_check_is_judged_by_a_new_networks_real_score():
    n, guesses = _test_set_score(netcore.Network((784, 16, 16, 10), "sigmoid", seed=0))
    right = 0 if n < 100 else 1 if n < 3_000 else 2 if n < 7_000 else 3
    at = page_test("learning.py").run()
    at = answer_check(at, "learning-random-start", (right + 2) % 4)
    assert not at.exception
    assert f"{n:,} right" in _texts(at, "warning")
    at = answer_check(at, "learning-random-start", right)
    success = _texts(at, "success")
    assert f"**{n:,}** right" in success
    assert f"{np.bincount(guesses).argmax()}" in success   # the answer it gives most


def test_the_trained_accuracy_check_is_judged_by_the_shipped_networks_real_score():
    n, guesses = _test_set_score(netcore.load_default())
    starts = [0, 5_000, 9_000, 9_500, 9_800]
    right = max(i for i, start in enumerate(starts) if n >= start)
    at = page_test("learning.py").run()
    at = answer_check(at, "learning-trained-accuracy", (right + 1) % len(starts))
    at = answer_check(at, "learning-trained-accuracy", (right + 2) % len(starts))
    info = _texts(at, "info")   # two wrong answers: the answer is shown, with its score
    assert f"**{n:,}** of 10,000" in info and f"{10_000 - n:,} wrong" in info
    from ui import state
    assert "learning-trained-accuracy" in at.session_state[state.CHECKS_ANSWERED]


# --- every sentence in the learner's language ---------------------------------------------------

def _bypassing_t(at, shows: str) -> list[str]:
    """The texts of the page that bypassed t(); `shows`: a message the page must be showing."""
    from i18n_helpers import shown_texts, untranslated
    assert not at.exception, at.exception
    texts = shown_texts(at)
    assert any("⟦" + shows in text for text in texts), shows
    return untranslated(texts)


def test_every_state_of_the_page_goes_through_t(monkeypatch):
    """Under a pseudo language (every t() result marked), the texts of a run while it trains and
    after it finished, blew up or was stopped, a refused plan, the learner's network with its
    mistakes, and loaded and refused weight files all went through t()."""
    from i18n_helpers import pseudo_language
    from ui import state
    missing = {}
    with pseudo_language(monkeypatch):
        at = short_run_page(epochs=30, images=60_000)
        at.button(key="learning_train").click().run()
        run = at.session_state[state.TRAIN_RUN]
        while run.latest is None or run.latest.kind != "batch":
            assert not run.done
            time.sleep(0.01)
        at.run()
        missing["training"] = _bypassing_t(at, "Epoch 1 of 30, step")
        at.button(key="learning_stop").click().run()
        assert run.wait(RUN_TIMEOUT)
        at.run()
        missing["stopped"] = _bypassing_t(at, "Stopped after")

        at.number_input(key="learning_epochs").set_value(2)
        at.select_slider(key="learning_images").set_value(1_000).run()
        assert train_from_page(at).status == "finished"
        at.selectbox(key=state.LEARNING_MISTAKES_OF).set_value(3).run()
        missing["finished"] = _bypassing_t(at, "Trained in")

        at.selectbox(key="learning_preset").select("blowup").run()
        assert train_from_page(at).status == "diverged"
        missing["blew up"] = _bypassing_t(at, "Training blew up")

        at.slider(key="learning_layers").set_value(4).run()
        for i in range(4):
            at.number_input(key=f"learning_size_{i}").set_value(512)
        at.select_slider(key="learning_images").set_value(60_000)
        at.number_input(key="learning_epochs").set_value(100).run()
        missing["too long"] = _bypassing_t(at, "This would take about")

        at.file_uploader(key="learning_upload_file").set_value(
            ("wrong.npz", netcore.network_to_bytes(netcore.Network((784, 16, 5))),
             "application/octet-stream")).run()
        missing["refused file"] = _bypassing_t(at, "wrong.npz was not loaded")
        at.file_uploader(key="learning_upload_file").set_value(
            ("mine.npz", netcore.network_to_bytes(netcore.Network((784, 32, 10), "tanh")),
             "application/octet-stream")).run()
        missing["loaded file"] = _bypassing_t(at, "Loaded mine.npz")
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, "text that bypasses t():\n" + "\n".join(
        f"{k}: {text[:120]!r}" for k, texts in missing.items() for text in texts)


def _assert_through_t(texts):
    from i18n_helpers import untranslated
    assert texts and all(texts)
    missing = untranslated(list(texts))
    assert not missing, "text that bypasses t():\n" + "\n".join(repr(x[:160]) for x in missing)


def test_every_sentence_about_a_run_goes_through_t(monkeypatch):
    """Under the pseudo language: the progress lines and the summary of real runs that waited,
    trained, finished (well and badly), were stopped (by the learner and by the time limit),
    blew up, or never started because their learner left; the plans of every preset, a refused
    one, and every kind of weight file's recipe."""
    from i18n_helpers import pseudo_language
    from ui.lessons.learning import figs, run as training_run, text, view
    from ui.lessons.learning.settings import PRESETS, Settings, problem
    data = netcore.load_mnist()
    tiny = Settings(hidden=(), epochs=1, n_train=1_000)
    texts = []

    def ended(settings, stop_first=False, **kw):
        run = training_run.Run(settings, data, **kw)
        if stop_first:
            run.stop()
        assert run.start().wait(RUN_TIMEOUT)
        return run

    with pseudo_language(monkeypatch):
        runs = {"finished": ended(tiny), "badly": ended(Settings(hidden=(), learning_rate=1e-6,
                                                                 epochs=1, n_train=1_000)),
                "stopped": ended(Settings(epochs=5, n_train=60_000), stop_first=True),
                "blew up": ended(PRESETS["blowup"].settings)}
        monkeypatch.setattr(training_run, "TIME_LIMIT", 0.0)
        runs["timed out"] = ended(tiny)
        monkeypatch.setattr(training_run, "ABANDONED_AFTER", 0.0)
        slots = training_run._TRAINING_SLOTS
        taken = [slots.acquire(blocking=False) for _ in range(training_run.SLOTS)]
        try:
            waiting = training_run.Run(tiny, data).start()
            while not waiting.waiting:
                time.sleep(0.01)
            texts += text.progress_text(waiting)[:1]
            runs["never started"] = ended(tiny, session_alive=lambda: False)
        finally:
            for _ in filter(None, taken):
                slots.release()
        assert waiting.wait(RUN_TIMEOUT)
        statuses = {name: run.status for name, run in runs.items()}
        assert statuses == {"finished": "finished", "badly": "finished", "stopped": "stopped",
                            "blew up": "diverged", "timed out": "stopped",
                            "never started": "failed"}
        assert runs["badly"].evaluation.accuracy < 0.2 < runs["finished"].evaluation.accuracy
        for run in runs.values():
            texts += [*text.progress_text(run), text.run_summary(run, kept_previous=True)[1]]
            texts.append(view.when_text(run.weights_now[0]))
        texts += [view.when_text(e) for e in (0, 1, 3, 2.5)]
        texts += [text.describe_plan(p.settings) for p in PRESETS.values()]
        texts += [figs.weights_meaning(p.settings)[1] for p in PRESETS.values()]
        texts.append(problem(Settings(hidden=(512,) * 4, epochs=100)))
        default_meta = netcore.load_network(netcore.default.DEFAULT_PATH, max_bytes=None)[1]
        texts += [text.recipe(default_meta), text.recipe(runs["finished"].metadata()),
                  text.recipe({}), text.recipe({"source": text.TAUGHT, "started_from":
                                                "the site's trained network", "times_taught": 2,
                                                "taught_label": 4, "steps": 20,
                                                "learning_rate": 0.1})]
    assert texts[0].startswith("⟦Waiting")
    _assert_through_t(texts)


def test_the_checks_and_how_good_go_through_t(monkeypatch):
    """Under the pseudo language: both checks before training (question, choices, explanation,
    the reason for every wrong answer) and "How good can it get?"'s summary."""
    from i18n_helpers import pseudo_language
    from ui.lessons.learning import checks, how_good, session
    with pseudo_language(monkeypatch):
        texts = []
        for check in checks.before_training():
            texts += [check.question, check.explanation, *check.choices]
            texts += [check.why_wrong(i) for i in range(len(check.choices)) if i != check.answer]
        texts.append(how_good.summary(session.default_evaluation()))
        texts.append(how_good.drawings(session.default_metadata()["recipe"]))
        texts += [how_good.cited(p.source) for p in how_good.PUBLISHED]
    _assert_through_t(texts)
