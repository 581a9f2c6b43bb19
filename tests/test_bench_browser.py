"""bench/bench_browser.py's report: medians beside the baseline's, and their ratio."""

import sys

from apptest_helpers import ROOT

sys.path.insert(0, str(ROOT))
from bench import bench_browser  # noqa: E402


def _visits(*seconds):
    return [bench_browser.Visit(s, s / 2, s / 4, 2, 1) for s in seconds]


def test_summary_takes_the_median_and_comparison_divides_this_by_the_baseline():
    this = {"/": {"charts": 0, "pictures": 7, "moving": bench_browser.summary(_visits(0.3, 0.5, 9)),
                  "from a link": bench_browser.summary(_visits(1.0, 1.5, 2.0))}}
    base = {"/": {"charts": 7, "pictures": 0, "moving": bench_browser.summary(_visits(1.0, 1.0)),
                  "from a link": bench_browser.summary(_visits(3.0))}}
    assert this["/"]["moving"]["median s"] == 0.5 and this["/"]["from a link"]["median s"] == 1.5
    row = bench_browser.comparison(this, base).splitlines()[2]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["/", "0 / 7 (7 / 0)", "1.00 s", "0.50 s", "0.50", "3.00 s", "1.50 s", "0.50",
                     "yes"]


def test_a_page_never_drawn_has_no_ratio_rather_than_a_made_up_one():
    empty = bench_browser.summary([])
    this = {"/": {"charts": 0, "pictures": 0, "moving": bench_browser.summary(_visits(0.4)),
                  "from a link": bench_browser.summary(_visits(1.0))}}
    base = {"/": {"charts": 0, "pictures": 0, "moving": empty, "from a link": empty}}
    row = bench_browser.comparison(this, base).splitlines()[2]
    assert "| - |" in row and "nan s" in row
