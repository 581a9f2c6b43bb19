"""The site's text goes through ui.i18n.t(), its catalogues are complete, numbers are localised.

- every call of t(), N_() and nt() has a plain string literal as its message (pybabel
  extract reads only those: an f-string would never reach a catalogue);
- every lesson, run under a pseudo language that marks each translated string, shows no
  words outside the marks (tests/i18n_helpers.py): no sentence bypasses t();
- numbers are written each language's way, and a browser's locale picks the right language.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from apptest_helpers import ROOT, canvas_image, page_test
from i18n_helpers import pseudo_language, shown_texts, untranslated

SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "netcore").rglob("*.py"))]
MARKERS = {"t": 1, "N_": 1, "nt": 2}   # function -> how many leading literal arguments


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in MARKERS:
            yield node


def _readable(arg: ast.expr, marked_elsewhere: bool) -> bool:
    """A literal; for t(), also a name or attribute holding text marked with N_() elsewhere
    (t(lesson.title)). Never an f-string, a sum of strings or a .format() call."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str)
    return marked_elsewhere and isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_a_plain_string_literal(path):
    bad = []
    for call in _calls(path):
        leading = call.args[:MARKERS[call.func.id]]
        if not leading or not all(_readable(a, call.func.id == "t") for a in leading):
            bad.append(f"line {call.lineno}: {ast.unparse(call)[:90]}")
    assert not bad, "messages that pybabel extract cannot read:\n" + "\n".join(bad)


def _lessons():
    from ui import contents
    return contents.LESSONS


@pytest.mark.parametrize("lesson", _lessons(), ids=lambda le: le.file)
def test_every_text_on_the_lesson_goes_through_t(lesson, monkeypatch):
    with pseudo_language(monkeypatch):
        at = page_test(lesson.file, canvas_image(3)).run()
        assert not at.exception, at.exception
        texts = shown_texts(at)
    assert len(texts) > 5
    missing = untranslated(texts)
    assert not missing, f"{lesson.file}: text that bypasses t():\n" + "\n".join(
        repr(text[:120]) for text in missing)


def test_the_app_shell_goes_through_t(monkeypatch):
    from apptest_helpers import app_test
    with pseudo_language(monkeypatch):
        at = app_test().run()
        assert not at.exception, at.exception
        texts = shown_texts(at)
    missing = untranslated(texts)
    assert not missing, "text that bypasses t():\n" + "\n".join(repr(t[:120]) for t in missing)


@pytest.mark.parametrize("language, value, spec, written", [
    ("en", 13002, ",", "13,002"), ("fr", 13002, ",", "13\u202f002"), ("de", 13002, ",", "13.002"),
    ("ja", 13002, ",", "13,002"), ("de", 0.98, ".2f", "0,98"), ("fr", 0.5, ".1%", "50,0\u00a0%"),
    ("ko", 0.5, ".1%", "50.0%"), ("de", -0.25, "+.2f", "-0,25"), ("zh-Hant", 96.52, ".2f", "96.52"),
])
def test_numbers_are_written_the_languages_way(language, value, spec, written):
    from ui.i18n import localise
    assert localise(language, value, spec) == written


def test_values_in_a_message_are_localised_but_the_rest_is_kept():
    from ui.i18n import fill
    assert fill("de", "{n:,} Parameter, {x:.2f} und {name}", {"n": 13002, "x": 0.5,
                                                            "name": "W1.2"}) \
        == "13.002 Parameter, 0,50 und W1.2"


@pytest.mark.parametrize("browser, language", [
    ("fr-CA", "fr"), ("de-AT", "de"), ("ja-JP", "ja"), ("ko", "ko"), ("zh-CN", "zh-Hans"),
    ("zh-SG", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("zh-Hans-HK", "zh-Hans"), ("en-GB", "en"), ("pt-BR", "en"), ("", "en"), (None, "en"),
    ("not a locale", "en"),
])
def test_the_browsers_language_picks_the_sites(browser, language):
    from ui.i18n import closest_language
    assert closest_language(browser) == language
