"""Sentences whose words are chosen by numbers (/inside's verdict on the hope, its breadth
sentence, the trace's sentences) are whole messages: under the pseudo language each comes back
as one marked message (a translator sees the whole sentence and can reorder it), never pieces
glued together."""

from __future__ import annotations

import numpy as np
import pytest

import netcore
from i18n_helpers import CLOSE, OPEN, pseudo_language, words_outside_markers


def _top_level_marks(text: str) -> int:
    """How many marked messages the text is made of (marks inside a mark are its values)."""
    depth, count = 0, 0
    for ch in text:
        if ch == OPEN:
            count += depth == 0
            depth += 1
        elif ch == CLOSE:
            depth -= 1
    return count


def _loop_test(row, floor=0.0, extra_passing=False):
    from netcore import neuron_stats
    means = np.full((3, 10), 0.2 if floor == 0 else -0.8)
    means[:, 8:] = floor + 0.05
    means[1] = row
    if extra_passing:
        means[2] = row
    return neuron_stats.loop_detector_test(means, floor)


def _rows():
    """(row of per-digit means, floor, a second passing neuron): one per kind of verdict."""
    passing = np.full(10, 0.1)
    passing[8], passing[9], passing[3] = 0.8, 0.9, 0.3
    short, beaten = passing.copy(), passing.copy()
    short[3], beaten[3] = 0.5, 0.85
    tanh = np.full(10, -0.6)
    tanh[8], tanh[9] = 0.2, 0.3
    tanh_short = tanh.copy()
    tanh_short[3] = 0.0
    return [(passing, 0.0, False), (passing, 0.0, True), (short, 0.0, False),
            (beaten, 0.0, False), (tanh, -1.0, False), (tanh, -1.0, True),
            (tanh_short, -1.0, False)]


@pytest.mark.parametrize("row, floor, extra", _rows())
def test_each_verdict_on_the_hope_is_one_message(row, floor, extra, monkeypatch):
    from ui.lessons import inside
    test = _loop_test(row, floor, extra)
    english = inside.loop_verdict(test, 2, 4)
    with pseudo_language(monkeypatch):
        marked = inside.loop_verdict(test, 2, 4)
    assert not words_outside_markers(marked), marked
    # one message, and a second sentence only when several neurons pass
    assert _top_level_marks(marked) == (2 if test.passed and test.n_passing > 1 else 1)
    assert marked.startswith(OPEN + ("**Yes.**" if test.passed else "**No.**"))
    assert ("measured from" in english) == bool(floor)


def test_the_breadth_sentence_and_the_traces_sentences_are_one_message_each(monkeypatch):
    from netcore.neuron_stats import LayerStats
    from ui.lessons import inside
    net = netcore.Network((784, 4, 4, 10))
    none = np.zeros((4, 12), dtype=int)
    broad = np.where(np.arange(10) < 6, 0.9, 0.1) * np.ones((4, 1))
    picky = np.where(np.arange(10) == 2, 0.9, 0.1) * np.ones((4, 1))
    up, down, both = np.zeros(784), np.zeros(784), np.zeros(784)
    up[30], down[40], both[30], both[40] = 0.5, -0.5, 0.5, -0.5
    with pseudo_language(monkeypatch):
        texts = [inside.breadth_sentence(LayerStats(2, means, none, none), net, 4)
                 for means in (broad, picky)]
        texts += [inside.strongest_pixels(c) for c in (up, down, both, np.zeros(784))]
        texts.append(inside.check_sentence(inside.Trace(2, 3, 5, both, 0.25, -0.75)))
    for text in texts:
        assert not words_outside_markers(text), text
        assert _top_level_marks(text) == 1, text
