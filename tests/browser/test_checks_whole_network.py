"""Checks for understanding in a real browser at phone width: a number check on /counting, and
/matrix's checks inside the canvas' fragment, which reveal the later layers once answered."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

import netcore
from tests.browser.helpers import assert_no_error_box, open_app, wait_for_app
from ui import state


def _box(page: Page, check_id: str):
    return page.locator(f".st-key-{state.check_key(check_id, 'box')}")


def _commit(page: Page, check_id: str, value) -> None:
    box = _box(page, check_id)
    box.scroll_into_view_if_needed()
    if isinstance(value, str):
        box.get_by_text(value, exact=True).click()
    else:
        box.locator("input").fill(str(value))
        box.locator("input").press("Tab")
    box.get_by_role("button", name="Check my answer").click()
    wait_for_app(page)


def test_a_phone_counts_784_30_10_wrongly_then_rightly(app_server, phone_page):
    page = phone_page
    nielsen = netcore.Network((784, 30, 10), seed=2)
    weights = sum(w.size for w in nielsen.weights)
    open_app(page, app_server, "/counting")
    _commit(page, "counting-parameters", weights)
    box = _box(page, "counting-parameters")
    expect(box.get_by_test_id("stAlert")).to_contain_text("You counted only the weights")
    _commit(page, "counting-parameters", nielsen.n_params)
    expect(box.get_by_test_id("stAlert")).to_contain_text("Right on the second try")
    expect(box.get_by_test_id("stAlert")).to_contain_text(f"{nielsen.n_params:,}")
    assert_no_error_box(page)


def test_a_phone_answers_the_matrix_checks_and_then_sees_the_later_layers(app_server, phone_page):
    page = phone_page
    net = netcore.load_default()
    k, n = net.weights[-1].shape
    open_app(page, app_server, "/matrix?mnist=3")
    # the layers are pictures (the charts only with the hover switch): before the checks only
    # the first layer's; each later layer adds its formula (KaTeX) and its picture
    pictures = page.get_by_test_id("stImage")
    formulas = page.locator(".katex-display")   # st.latex: the layer formulas
    expect(pictures.first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    before, formulas_before = pictures.count(), formulas.count()
    later_layers = len(net.weights) - 1
    _commit(page, "matrix-last-w-shape", f"{n} × {k}")
    expect(_box(page, "matrix-last-w-shape").get_by_test_id("stAlert")).to_contain_text(
        "turned around")
    _commit(page, "matrix-last-w-shape", f"{k} × {n}")
    _commit(page, "matrix-last-b-length", net.biases[-1].size)
    expect(_box(page, "matrix-last-b-length").get_by_test_id("stAlert")).to_contain_text("Right")
    expect(pictures).to_have_count(before + later_layers)
    expect(formulas).to_have_count(formulas_before + later_layers)
    last = formulas.nth(formulas_before + later_layers - 1)
    expect(last).to_contain_text(f"W({len(net.weights)})")   # the last layer's formula
    expect(last).to_contain_text(re.compile(rf"\({k},\s*{n}\)"))   # with W's shape under it
    expect(pictures.last).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    assert_no_error_box(page)
