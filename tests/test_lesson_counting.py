"""AppTest for /counting, and the counting behind it.

Every expected number is computed here, independently, from the weights, the
learner's digit and the formulas (never read back from the page's own code).
"""

import pytest

import netcore
from apptest_helpers import answer_check, metric_value, page_test
from netcore.network import parameter_count
from ui import words
from ui.lessons import counting


def test_counting_table_and_total_come_from_the_real_network():
    at = page_test("counting.py").run()
    assert not at.exception
    assert at.title[0].value == "13,002 knobs"
    assert metric_value(at, "Weights and biases") == "13,002"
    assert any("13,002" in box.value for box in at.success)
    assert list(at.table[0].value["knobs so far"]) == ["12,560", "12,832", "13,002"]


def test_counting_helpers():
    assert counting.parse_sizes("784, 16, 16, 10") == (784, 16, 16, 10)
    for sizes in [(784, 16, 16, 10), (3, 1), (5, 4, 3, 2, 1)]:
        assert (counting.count(sizes)[-1].running_total == parameter_count(sizes)
                == netcore.Network(sizes).n_params)
    assert words.duration(13_002) == "3.6 hours"
    with pytest.raises(counting.SizesError):
        counting.parse_sizes("7" * 300)


@pytest.mark.parametrize("text, total", [
    ("784,16,16,10", 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10),
    ("784,100,10", 79_510),
    ("784, 30, 10", 784 * 30 + 30 * 10 + 30 + 10),
    (" 2 3 ", 2 * 3 + 3),
    ("784, 100000, 10", 784 * 100_000 + 100_000 * 10 + 100_000 + 10),
])
def test_calculator_counts_any_sizes(text, total):
    at = page_test("counting.py").run()
    at.text_input(key="counting_sizes").input(text).run()
    assert not at.exception
    assert metric_value(at, "Weights and biases") == f"{total:,}"
    assert bool(at.info) == (total > 10_000_000)   # big ones are called big


@pytest.mark.parametrize("text, says", [
    ("abc", "not a whole number"), ("784,,10", "empty"), ("0", "at least one neuron"),
    ("-5, 10", "at least one neuron"), ("784", "at least two layers"), ("", "Type"),
    ("16.5, 10", "not a whole number"),
])
def test_calculator_explains_bad_input(text, says):
    at = page_test("counting.py").run()
    at.text_input(key="counting_sizes").input(text).run()
    assert not at.exception
    assert not [m for m in at.metric if m.label == "Weights and biases"]
    assert says in at.warning[0].value


def test_hand_setting_time_is_computed():
    at = page_test("counting.py").run()
    assert any("3.6 hours" in m.value for m in at.markdown)   # 13,002 s / 3600
    at.slider(key="counting_pace").set_value(10).run()
    assert any("1.5 days" in m.value for m in at.markdown)    # 130,020 s / 86,400


# --- the checks for understanding ---------------------------------------------------------------

def _texts(at, kind) -> str:
    return " ".join(str(m.value) for m in getattr(at, kind))


def test_the_bias_check_says_the_input_layer_has_none_then_counts_them():
    nielsen = netcore.Network((784, 30, 10), seed=1)
    biases = sum(b.size for b in nielsen.biases)
    at = answer_check(page_test("counting.py").run(), "counting-biases", sum(nielsen.sizes))
    assert not at.exception
    assert "no bias" in _texts(at, "warning")
    at = answer_check(at, "counting-biases", biases)
    assert "Right on the second try" in _texts(at, "success")
    assert f"**{biases}**" in _texts(at, "success")


def test_the_parameter_check_catches_counting_only_the_weights():
    nielsen = netcore.Network((784, 30, 10), seed=1)
    weights = sum(w.size for w in nielsen.weights)
    at = answer_check(page_test("counting.py").run(), "counting-parameters", weights)
    warning = _texts(at, "warning")
    assert "only the weights" in warning and f"{weights:,}" in warning
    at = answer_check(at, "counting-parameters", 13_002)   # the page's own network instead
    info = _texts(at, "info")
    assert "784-16-16-10 network above" in info
    assert f"The answer is {nielsen.n_params:,}" in info
    from ui import state
    assert "counting-parameters" in at.session_state[state.CHECKS_ANSWERED]
