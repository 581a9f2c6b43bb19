"""The first four lessons' text that a plain page run does not show goes through t() too.

tests/test_i18n.py runs each lesson once, before any check is answered. Here, under the same
pseudo language (every translated string comes back as ⟦...⟧), every check of /, /neurons,
/layers and /why-layers gives its question, choices, explanation and the reason for each
wrong answer; /neurons gives its gray-value sentence for each kind of picture and its
preprocessing steps with and without the pen step; /layers' drawing gives its annotations,
legend, hovers and Play / Pause labels, drawn across and top to bottom. No words may be
left outside the marks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image, ImageDraw

import netcore
from apptest_helpers import canvas_image, mnist_digit
from i18n_helpers import pseudo_language, untranslated


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


@pytest.fixture
def pseudo(monkeypatch):
    with pseudo_language(monkeypatch):
        yield


def make_digit(raw, source="drawing", label=None):
    from ui import state
    return state.make_digit(raw, source=source, label=label)


def check_texts(check, wrong_answers) -> list[str]:
    """Everything a learner can read of a check: question, choices, explanation, why-wrongs."""
    texts = [check.question, check.explanation, *check.choices]
    texts += [check.why_wrong(v) for v in wrong_answers]
    return texts


def assert_translated(texts):
    assert texts and all(texts)
    missing = untranslated(texts)
    assert not missing, "text that bypasses t():\n" + "\n".join(repr(t[:160]) for t in missing)


def drawn_digit(size: int, pen: int = 22) -> np.ndarray:
    """A 280 x 280 drawing of a 7, `size` pixels tall, with the canvas' 22 px pen: a small one
    gets the pen step's thinner redrawing, a large one is left as drawn; a thin pen's
    strokes are made wider."""
    picture = Image.new("L", (280, 280), 0)
    draw = ImageDraw.Draw(picture)
    draw.line([(10, 10), (size - 10, 10), (size // 2, size - 10)], fill=255, width=pen)
    return np.asarray(picture)


def small_mnist_digit() -> np.ndarray:
    """An MNIST 6 shrunk to 12 x 12 in its 28 x 28 field: the fitting step enlarges it."""
    field = np.zeros((28, 28), np.uint8)
    field[8:20, 8:20] = np.asarray(Image.fromarray(mnist_digit(6)).resize((12, 12)))
    return field


def _intro_check_texts(source: str):
    """An AppTest script (ui.canvas, which the check reads its size from, only imports in a
    running app): every text of the intro check, into the session state."""
    import streamlit as st
    from apptest_helpers import canvas_image, mnist_digit
    import netcore
    from ui import state
    from ui.lessons import intro_checks
    raw = mnist_digit(3) if source == "mnist" else canvas_image(3)
    check = intro_checks.inputs_check(state.make_digit(raw, source=source), netcore.load_default())
    st.session_state["texts"] = [check.question, check.explanation, *check.choices,
                                 *(check.why_wrong(i) for i in range(4) if i != check.answer)]


@pytest.mark.parametrize("source", ["drawing", "mnist", "upload"])
def test_the_intro_check_in_every_part(pseudo, source):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_intro_check_texts, args=(source,), default_timeout=60).run()
    assert not at.exception, at.exception
    texts = at.session_state["texts"]
    assert len(texts) == 1 + 1 + 4 + 3
    assert_translated(texts)


@pytest.mark.parametrize("image", [3, 5])
def test_the_neurons_checks_in_every_part(pseudo, image):
    from ui.lessons import neurons_checks
    digit = make_digit(canvas_image(image))
    white = neurons_checks.white_check(digit)
    gray = neurons_checks.gray_check(digit)
    assert_translated(check_texts(white, [i for i in range(4) if i != white.answer])
                      + check_texts(gray, [-0.5, 0.0, 0.95, 200]))


def test_the_layers_check_with_a_misread_mnist_digit(net, pseudo):
    from apptest_helpers import misread_test_digit, _mnist_test
    from ui.lessons import layers_checks
    index, label, guess = misread_test_digit()
    digit = make_digit(_mnist_test()[0][index], source="mnist", label=label)
    outputs = net.activations(digit.x)[-1]
    check = layers_checks.brightest_check(outputs, digit)
    assert check.answer == guess
    texts = check_texts(check, [d for d in range(10) if d != guess])
    assert any(f"meant a {label}" in text for text in texts)   # both sentences about the writer
    assert_translated(texts)


def test_the_why_layers_check_in_every_part(net, pseudo):
    from ui.lessons import why_layers_checks
    check = why_layers_checks.spread_check(net)
    assert_translated(check_texts(check, [i for i in range(3) if i != check.answer]))


def rgba_black_on_transparent() -> np.ndarray:
    """Black strokes on a transparent ground: the opacity alone is the ink."""
    rgba = canvas_image(4)
    rgba[..., :3] = 0
    return rgba


@pytest.mark.parametrize("raw, source", [
    (mnist_digit(2), "mnist"),                                        # one byte a pixel
    (mnist_digit(2).astype(np.float32) / 255, "upload"),             # one float a pixel
    (np.repeat(mnist_digit(2)[..., None], 3, axis=2), "upload"),       # red, green, blue
    (canvas_image(2), "drawing"),                                      # ... and opacity
    (rgba_black_on_transparent(), "drawing"),
], ids=["bytes", "floats", "rgb", "rgba", "black-on-transparent"])
def test_the_gray_value_sentence_for_every_kind_of_picture(pseudo, raw, source):
    from ui.lessons import neurons
    digit = make_digit(raw, source=source)
    text = neurons.gray_value_text(np.asarray(digit.raw), digit.steps.ink, source)
    assert_translated([text])


@pytest.mark.parametrize("raw, source, says", [
    (drawn_digit(90), "drawing", "moved in"), (drawn_digit(260, pen=5), "drawing", "moved out"),
    (drawn_digit(200), "drawing", "left as drawn"), (mnist_digit(0), "mnist", "already was"),
    (small_mnist_digit(), "mnist", "enlarged"),
], ids=["pen thinner", "pen wider", "pen kept", "mnist", "enlarged"])
def test_the_preprocessing_steps_are_translated(pseudo, raw, source, says):
    from ui.lessons import neurons
    shown = neurons.preprocess_shown(make_digit(raw, source=source).steps)
    texts = [args["title"] for args, _ in shown] + [caption for _, caption in shown]
    assert any(says in text for text in texts)   # the case this picture is for
    assert_translated(texts)


@pytest.mark.parametrize("vertical", [False, True])
@pytest.mark.parametrize("opens_at", [0, None])
def test_the_layers_drawing_is_translated(net, pseudo, monkeypatch, vertical, opens_at):
    """Its texts, legend, hovers (titles) and buttons. The layer names are ui.words' (with its
    own tests); here they come back marked, as they will once ui.words translates them."""
    from ui.lessons import forward_pass, layers
    from ui.palette import PALETTES
    for module in (layers, forward_pass):
        monkeypatch.setattr(module, "layer_name", lambda *a, **k: "⟦a layer⟧")
    x = make_digit(canvas_image(8)).x
    root = ET.fromstring(layers.network_drawing(net, net.activations(x), PALETTES["video"],
                                                vertical=vertical, opens_at=opens_at).html)
    texts = [e.text for e in root.iter() if e.tag.split("}")[-1] in ("text", "title", "label")]
    texts += [e.tail for e in root.iter() if e.tail and e.tail.strip()]   # the legend's names
    texts += [e.get("aria-label") for e in root.iter() if e.get("aria-label")]
    texts += [forward_pass.how_to(), layers.neuron_label(2, 3, 4)]
    texts = [text for text in texts if text and text.strip()]
    assert_translated(texts)


def test_the_hope_for_each_digit_names_its_parts_in_one_sentence(pseudo):
    from ui.i18n import t
    from ui.lessons import why_layers
    sentences = [why_layers.parts_sentence([t(name) for name, _, _ in parts])
                 for parts in why_layers.HOPE_PARTS.values()]
    assert_translated(sentences)
