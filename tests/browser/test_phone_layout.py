"""At phone width (390 px): formulas are shown whole, and the canvas on / comes early.

A long formula may scroll sideways inside its own box, but it is one line in one box: never
split into pieces such as a lone "σ(" on a line of its own, never cut off at the screen's edge.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import DIGIT_CANVAS, open_app, wait_for_app
from ui import state

# Content gated behind a check for understanding: answer it rightly before looking at it.
GATES = {"function": ("function-in-and-out", "784 in, 10 out")}


def answer_rightly(page: Page, check_id: str, choice: str) -> None:
    box = page.locator(f".st-key-{state.check_key(check_id, 'box')}")
    box.scroll_into_view_if_needed()
    box.get_by_text(choice, exact=True).click()
    box.get_by_role("button", name="Check my answer").click()
    wait_for_app(page)

# For every KaTeX formula in the lesson: its box, the box's overflow, the height of its tallest
# piece, its TeX source, and how many other formulas share its row.
FORMULAS_JS = """() => {
  const boxes = [...document.querySelectorAll('[data-testid="stMain"] .katex-display')];
  const rects = boxes.map(b => b.getBoundingClientRect());
  return boxes.map((b, k) => {
    const r = rects[k];
    const pieces = [...b.querySelectorAll('.katex-html > .base')].map(p => p.getBoundingClientRect());
    const top = Math.min(...pieces.map(p => p.top)), bottom = Math.max(...pieces.map(p => p.bottom));
    const before = b.scrollLeft; b.scrollLeft = b.scrollWidth; const scrolled = b.scrollLeft > before;
    b.scrollLeft = before;
    return {left: r.left, right: r.right, height: r.height, client: b.clientWidth,
            scroll: b.scrollWidth, overflowX: getComputedStyle(b).overflowX, scrolled,
            pieces: bottom - top, tallest: Math.max(...pieces.map(p => p.height)),
            tex: (b.querySelector('annotation') || {}).textContent || '',
            beside: rects.filter((o, j) => j !== k && o.top < r.bottom - 2 && r.top < o.bottom - 2).length};
  });
}"""


def formulas(page: Page) -> list[dict]:
    page.locator('[data-testid="stMain"] .katex-display').first.wait_for()
    return page.evaluate(FORMULAS_JS)


@pytest.mark.parametrize("lesson, whole", [
    ("matrix", [r"\sigma", "w_{k-1,n-1}", "a^{(0)}_{n-1}", "b_{k-1}"]),
    ("function", [r"f\big(a^{(0)}", "W^{(1)}", "b^{(3)}"]),
])
def test_formulas_are_whole_at_phone_width(app_server, phone_page, lesson, whole):
    page = phone_page
    open_app(page, app_server, f"{lesson}?mnist=0")
    if lesson in GATES:
        answer_rightly(page, *GATES[lesson])
    width = page.viewport_size["width"]
    shown = formulas(page)
    assert shown
    for f in shown:
        assert f["beside"] == 0, f"a formula split into pieces side by side: {f['tex'][:60]}"
        assert f["left"] >= 0 and f["right"] <= width + 1, f"cut off at the edge: {f['tex'][:60]}"
        assert f["pieces"] <= f["tallest"] + 2, f"on more than one line: {f['tex'][:60]}"
        if f["scroll"] > f["client"] + 1:   # wider than the screen: its own box scrolls
            assert f["overflowX"] in ("auto", "scroll") and f["scrolled"], f["tex"][:60]
    # The whole general formula (or the whole nested function) is in one box.
    assert any(all(part in f["tex"] for part in whole) for f in shown), [f["tex"] for f in shown]


def test_the_canvas_on_the_first_page_is_within_two_screens_on_a_phone(app_server, phone_page):
    page = phone_page
    open_app(page, app_server, "")
    page.locator(DIGIT_CANVAS).first.wait_for()
    top = page.evaluate("""(sel) => {
        const box = document.querySelector(sel).getBoundingClientRect();
        const scrolled = [...document.querySelectorAll('*')].reduce((s, e) => s + e.scrollTop, 0);
        return box.top + scrolled;   // from the top of the page, whatever has been scrolled
    }""", DIGIT_CANVAS)
    assert top < 2 * page.viewport_size["height"], f"the canvas starts {top:.0f} px down"
    # The five threes are one row: a picture no taller than a fifth of its width, plus a bit.
    picture = page.get_by_test_id("stImage").first.locator("img").bounding_box()
    assert picture["height"] < picture["width"] / 4
