"""netcore's and the uploads' messages about bad input reach a learner in their language.

netcore cannot translate (it never imports the app): each refusal keeps the template it
was written from, marked with N_ so that it is in the catalogues, and its values, each
short. The app shows `t(error.template, **error.values)`: numbers written the language's
way, the message as long as the template's translation plus a few short values.
"""

from __future__ import annotations

import ast
import io

import numpy as np
import pytest
from PIL import Image

from apptest_helpers import ROOT
from netcore.messages import MAX_VALUE_CHARS, Message
from netcore.weightfile import MAX_MESSAGE_CHARS, WeightFileError, network_from_bytes
from test_weightfile import spoiled
from ui.i18n import fill


def _marked(path) -> set[str]:
    """Every literal marked with N_() in a source file."""
    tree = ast.parse((ROOT / path).read_text())
    return {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "N_" and isinstance(node.args[0], ast.Constant)}


def _refusal(data: bytes) -> WeightFileError:
    with pytest.raises(WeightFileError) as caught:
        network_from_bytes(data)
    return caught.value


BAD_FILES = {
    "empty": b"",
    "not a zip": b"epochs,lr\n30,3.0\n",
    "missing": spoiled(weights_1=None, biases_2=None),
    "many unexpected": spoiled(**{f"extra_{k}": np.zeros(1) for k in range(9)}),
    "long names": spoiled(**{"x" * 300 + str(k): np.zeros(1) for k in range(6)}),
    "shape": spoiled(weights_1=np.zeros((16, 15), np.float32)),
    "text shape": spoiled(activation=np.array(["sigmoid", "relu"])),
    "dtype": spoiled(biases_1=np.arange(16)),
    "too many parameters": spoiled(sizes=np.array([784, 100_000, 1000])),
    "activation": spoiled(activation=np.array("softplus")),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_weight_file_refusal_is_a_marked_template_and_short_values(name):
    error = _refusal(BAD_FILES[name])
    assert error.template in _marked("netcore/weightfile.py")
    assert fill("en", error.template, error.values)[:MAX_MESSAGE_CHARS - 3] \
        == str(error)[:MAX_MESSAGE_CHARS - 3]
    assert all(len(str(v)) <= MAX_VALUE_CHARS for v in error.values.values())
    assert len(fill("de", error.template, error.values)) <= len(error.template) \
        + sum(len(str(v)) + 8 for v in error.values.values())


def test_a_refusal_in_another_language_writes_its_numbers_that_way():
    error = _refusal(BAD_FILES["too many parameters"])
    assert "178,501,000 parameters" in str(error)
    assert "178.501.000" in fill("de", error.template, error.values)
    assert "178\u202f501\u202f000" in fill("fr", error.template, error.values)


def test_many_names_are_a_few_then_a_count_in_one_message():
    error = _refusal(BAD_FILES["many unexpected"])
    assert error.template == "unexpected array(s): {names} and {more:,} more"
    assert error.values == {"names": "extra_0, extra_1, extra_2, extra_3", "more": 5}


def _png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("data", [b"", b"not a picture", _png(8, 8), _png(64, 64)],
                         ids=["empty", "not a picture", "tiny", "no ink"])
def test_an_upload_refusal_is_a_marked_message(data):
    from ui.image_input import read_photo
    message = read_photo(data).message
    assert isinstance(message, Message) and message
    assert message.template in _marked("ui/image_input.py")
    assert fill("en", message.template, message.values) == message


def test_the_pseudo_language_marks_the_whole_refusal(monkeypatch):
    from i18n_helpers import pseudo_language, untranslated
    from ui.i18n import t
    from ui.image_input import load_image
    with pseudo_language(monkeypatch):
        _, message = load_image(_png(8, 12))
        error = _refusal(BAD_FILES["shape"])
        shown = [t(message.template, **message.values), t(error.template, **error.values)]
    assert not untranslated(shown), shown
    assert shown[0].startswith("⟦This picture is only 8 x 12 pixels")


# --- the kit's own words ---------------------------------------------------------------------

@pytest.mark.parametrize("seconds, english", [
    (13_002, "3.6 hours"), (42.5, "42.5 s"), (0.000123, "123 µs"), (5400, "1.5 hours"),
    (3600, "1.0 hour"), (400 * 86400, "1.1 years"), (0.5, "500 ms"), (1e-10, "0.1 ns"),
])
def test_durations_are_whole_messages_with_their_number(seconds, english, monkeypatch):
    from i18n_helpers import pseudo_language
    from ui import words
    assert words.duration(seconds) == english
    with pseudo_language(monkeypatch):
        assert words.duration(seconds) == f"⟦{english}⟧"


def test_a_layers_name_reads_as_before():
    from ui.words import layer_name
    assert [layer_name(d, 4) for d in range(4)] == ["input layer", "hidden layer 1",
                                                     "hidden layer 2", "output layer"]
    assert [layer_name(d, 4, short=True) for d in range(4)] == ["input", "hidden 1", "hidden 2",
                                                                 "output"]
