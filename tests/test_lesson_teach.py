"""AppTest for /learning's "Teach it your digit": a misread test digit (found here by computation)
taught its label is then read as that label on the page, the shared default stays bit for bit,
another learner still sees the default, and Undo puts back exactly what was in use."""

import numpy as np
import pytest

import netcore
from apptest_helpers import (answer_check, chart, decode, metric_value, misread_test_digit,
                             page_test, the_digit, validate_figures)

CHECK = "learning-teach-accuracy"


@pytest.fixture(scope="module")
def mnist():
    return netcore.load_mnist()


@pytest.fixture(scope="module")
def misread():
    return misread_test_digit()


def open_learning(index: int, **session):
    at = page_test("learning.py", **session)
    at.query_params["mnist"] = str(index)
    at.run()
    assert not at.exception, at.exception
    return at


def teach_on_page(at, rate=None):
    if rate is not None:
        at.segmented_control(key="teach_rate").set_value(rate).run()
    at.button(key="teach_button").click().run()
    assert not at.exception, at.exception
    return at


def arrays_bytes(net) -> list[bytes]:
    return [a.tobytes() for a in (*net.weights, *net.biases)]


def test_teaching_a_misread_digit_makes_the_page_read_it_as_the_label(mnist, misread):
    from ui import resources, state
    index, label, guess = misread
    shared = resources.default_network()
    shared_before = arrays_bytes(shared)
    at = open_learning(index)
    assert metric_value(at, "Network's guess") == str(guess)
    assert at.segmented_control(key="teach_label").value == label   # the MNIST digit's label
    at = teach_on_page(at)
    taught = at.session_state[state.TRAINED_NET]
    assert taught is not None and taught.frozen and at.session_state[state.USE_TRAINED]
    x = the_digit(at).astype(np.float32)
    assert taught.predict(x) == label
    assert metric_value(at, "Network's guess") == str(label)
    assert any(f"read it as **{guess}**; it now reads it as **{label}**" in m.value
               for m in at.markdown)
    # The ten outputs before and after are the two networks' own.
    outputs = chart(at, "teach-outputs")["data"]
    np.testing.assert_allclose(decode(outputs[0]["x"]), shared.feedforward(x),
                               atol=1e-6)
    np.testing.assert_allclose(decode(outputs[1]["x"]), taught.feedforward(x),
                               atol=1e-6)
    # Step by step, from the default's output for the label to the taught network's.
    steps = decode(chart(at, "teach-steps")["data"][0]["y"])
    assert len(steps) == 21
    assert steps[0] == pytest.approx(shared.feedforward(x)[label], abs=1e-6)
    assert steps[-1] == pytest.approx(taught.feedforward(x)[label], abs=1e-6)
    # The first layer's change pictures are taught - default, neuron by neuron.
    pictures = chart(at, "teach-changes-1")["data"]
    change = taught.weights[0] - shared.weights[0]
    for j, trace in enumerate(pictures):
        np.testing.assert_allclose(decode(trace["z"]).ravel(), change[j], atol=1e-7)
    validate_figures(at)
    # The shared default is bit for bit what it was, and what the file holds.
    assert arrays_bytes(shared) == shared_before == arrays_bytes(netcore.load_default())


def test_the_test_scores_are_shown_after_the_prediction_and_are_the_networks_own(mnist, misread):
    from ui import resources, state
    index, label, _ = misread
    at = teach_on_page(open_learning(index))
    assert not [m for m in at.metric if m.label.startswith("Test digits right")]   # predict first
    taught = at.session_state[state.TRAINED_NET]
    right = lambda net: int(np.sum(net.predict(mnist.test_images) == mnist.test_labels))
    before, after = right(resources.default_network()), right(taught)
    answer = 0 if after > before else 1 if after == before else 2
    at = answer_check(at, CHECK, answer)
    assert not at.exception, at.exception
    assert metric_value(at, "Test digits right before") == f"{before:,}"
    assert metric_value(at, "Test digits right after") == f"{after:,}"
    assert CHECK in at.session_state[state.CHECKS_ANSWERED]
    assert at.session_state[state.TRAINED_META]["test_accuracy"] == pytest.approx(after / 10_000)


def test_another_learner_still_sees_the_shipped_network(misread):
    from ui import state
    index, label, guess = misread
    teach_on_page(open_learning(index))
    other = open_learning(index)
    assert other.session_state[state.TRAINED_NET] is None
    assert metric_value(other, "Network's guess") == str(guess)


def test_undo_restores_the_default_in_use_exactly(misread):
    from ui import state
    index, label, guess = misread
    at = teach_on_page(open_learning(index))
    at.button(key="teach_undo").click().run()
    assert not at.exception, at.exception
    assert at.session_state[state.TRAINED_NET] is None
    assert at.session_state[state.TRAINED_META] is None
    assert at.session_state[state.USE_TRAINED] is False
    assert metric_value(at, "Network's guess") == str(guess)
    assert not [b for b in at.button if b.key == "teach_undo"]


def test_undo_restores_the_learners_own_network_bit_for_bit_and_one_teaching_at_a_time(misread):
    """A learner with their own network in use teaches twice, then undoes twice."""
    from ui import resources, state
    from ui.lessons.learning.run import evaluate
    index, label, _ = misread
    own = netcore.load_default().copy()
    own.biases[2][:] += 0.01 * np.arange(10, dtype=np.float32)   # a network of their own
    own.freeze()
    meta, ev = {"source": "a test's own network"}, evaluate(own, resources.mnist())
    own_bytes = arrays_bytes(own)
    at = open_learning(index, **{state.TRAINED_NET: own, state.TRAINED_META: meta,
                                 state.TRAINED_EVAL: (own, ev), state.USE_TRAINED: True})
    at = teach_on_page(at)
    first = at.session_state[state.TRAINED_NET]
    assert first is not own
    assert at.session_state[state.TRAINED_META]["started_from"] == "a test's own network"
    at = teach_on_page(at, rate=1.0)
    second = at.session_state[state.TRAINED_NET]
    assert second is not first
    assert at.session_state[state.TRAINED_META]["times_taught"] == 2
    assert at.session_state[state.TRAINED_META]["learning_rate"] == 1.0
    at.button(key="teach_undo").click().run()
    assert at.session_state[state.TRAINED_NET] is first
    at.button(key="teach_undo").click().run()
    assert not at.exception, at.exception
    restored = at.session_state[state.TRAINED_NET]
    assert restored is own and arrays_bytes(restored) == own_bytes
    assert at.session_state[state.TRAINED_META] is meta
    assert at.session_state[state.TRAINED_EVAL] == (own, ev)
    assert at.session_state[state.USE_TRAINED] is True
    assert not [b for b in at.button if b.key == "teach_undo"]


def test_teaching_the_default_while_an_own_network_is_switched_off_keeps_that_one_for_undo(misread):
    from ui import state
    index, label, guess = misread
    own = netcore.Network((784, 10), seed=5).freeze()
    meta = {"source": "taught a digit on the /learning page", "times_taught": 4}
    at = open_learning(index, **{state.TRAINED_NET: own, state.TRAINED_META: meta,
                                 state.USE_TRAINED: False})
    assert metric_value(at, "Network's guess") == str(guess)   # the default runs
    at = teach_on_page(at)
    assert at.session_state[state.TRAINED_META]["started_from"] == "the site's trained network"
    assert at.session_state[state.TRAINED_META]["times_taught"] == 1
    assert at.session_state[state.TRAINED_NET].sizes == (784, 16, 16, 10)
    at.button(key="teach_undo").click().run()
    assert at.session_state[state.TRAINED_NET] is own and at.session_state[state.USE_TRAINED] is False
    assert at.session_state[state.TRAINED_META] is meta


def test_a_network_loaded_after_teaching_ends_its_undo(misread):
    from ui import state
    index, _, _ = misread
    at = teach_on_page(open_learning(index))
    at.session_state[state.TRAINED_NET] = netcore.Network((784, 10), seed=1).freeze()   # as an
    at.run()                                                      # upload or a finished run does
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "teach_undo"]
    assert at.session_state[state.TEACH_HISTORY] == ()


@pytest.mark.parametrize("sizes", [(784, 10), (784, 100, 10), (784, 8, 8, 8, 10)])
def test_a_learners_network_of_another_shape_is_taught_and_shown(sizes):
    from ui import resources, state
    from ui.lessons.learning.run import evaluate
    from apptest_helpers import canvas_image
    own = netcore.Network(sizes, seed=2).freeze()
    at = page_test("learning.py", canvas_image(7), **{
        state.TRAINED_NET: own, state.TRAINED_META: {}, state.USE_TRAINED: True,
        state.TRAINED_EVAL: (own, evaluate(own, resources.mnist()))}).run()
    at.segmented_control(key="teach_label").set_value(7).run()
    at = teach_on_page(at)
    taught = at.session_state[state.TRAINED_NET]
    assert taught.sizes == sizes and taught is not own
    assert len(at.tabs) >= len(sizes) - 1
    assert any(f"{own.n_params:,} weights and biases" in m.value for m in at.markdown)
    validate_figures(at)


def test_a_drawing_starts_with_no_label_and_teaching_waits_for_one():
    from apptest_helpers import canvas_image
    at = page_test("learning.py", canvas_image(4)).run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="teach_label").value is None
    assert at.button(key="teach_button").disabled
    at.segmented_control(key="teach_label").set_value(4).run()
    assert not at.button(key="teach_button").disabled
    assert at.button(key="teach_button").label == "Teach it that this is a 4"


def test_every_text_of_a_teaching_goes_through_t(misread, monkeypatch):
    """Under a pseudo language (every t() result marked): a teaching of the shipped network, its
    check answered, and one of a learner's own bigger network (pictures of its first 16 neurons,
    a layer too big to draw, Undo back to it) show no text that bypassed t()."""
    from apptest_helpers import canvas_image
    from i18n_helpers import pseudo_language, shown_texts, untranslated
    from ui import resources, state
    from ui.lessons.learning.run import evaluate
    index, _, _ = misread
    own = netcore.Network((784, 100, 70, 10), seed=2).freeze()
    missing = []
    with pseudo_language(monkeypatch):
        at = teach_on_page(open_learning(index))
        at = answer_check(at, CHECK, 2)
        assert not at.exception, at.exception
        missing += untranslated(shown_texts(at))
        at = page_test("learning.py", canvas_image(7), **{
            state.TRAINED_NET: own, state.TRAINED_META: {}, state.USE_TRAINED: True,
            state.TRAINED_EVAL: (own, evaluate(own, resources.mnist()))}).run()
        at.segmented_control(key="teach_label").set_value(7).run()
        at = teach_on_page(at)
        missing += untranslated(shown_texts(at))
    assert not missing, "text that bypasses t():\n" + "\n".join(
        repr(text[:120]) for text in dict.fromkeys(missing))


def _teaching_texts():
    """An AppTest script: the texts of teaching the first MNIST test 4 that it is a 9, into the
    session state (the teaching reads the learner's session, so it runs inside a script)."""
    import streamlit as st
    from apptest_helpers import mnist_digit
    from ui import state
    from ui.lessons.learning import teach
    digit = state.make_digit(mnist_digit(4), source="mnist")
    lesson = teach.teach_digit(digit.x, 9, 0.1)
    check = teach.accuracy_check(lesson)
    texts = [check.question, check.explanation, *check.choices,
             *(check.why_wrong(i) for i in range(3) if i != check.answer),
             teach.recipe_text(lesson.config, None, 13_002),
             teach.recipe_text(lesson.config, 9, 13_002), teach.change_table(lesson),
             *teach.layer_names(lesson.before)]
    for figure in (teach.outputs_figure(lesson.outputs_before, lesson.outputs_after, 9),
                   teach.steps_figure(lesson)):
        layout = figure.layout
        texts += [trace.name for trace in figure.data] + [trace.hovertemplate
                                                           for trace in figure.data]
        texts += [layout.xaxis.title.text, layout.yaxis.title.text]
    st.session_state["texts"] = [str(text) for text in texts]


def test_a_teachings_check_tables_and_figures_go_through_t(monkeypatch):
    """Under the pseudo language: the check after a teaching (question, choices, explanation and
    why each wrong answer is wrong), the recipe, the table of changes, the layers' names and the
    two figures' legends, hovers and axes."""
    from streamlit.testing.v1 import AppTest
    from i18n_helpers import pseudo_language, untranslated
    with pseudo_language(monkeypatch):
        at = AppTest.from_function(_teaching_texts, default_timeout=60).run()
    assert not at.exception, at.exception
    texts = at.session_state["texts"]
    assert len(texts) > 15 and all(texts)
    missing = untranslated([text.replace("<extra></extra>", "") for text in texts])
    assert not missing, "text that bypasses t():\n" + "\n".join(repr(x[:160]) for x in missing)
