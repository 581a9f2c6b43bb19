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


# ---- the catalogues ---------------------------------------------------------------------------
TRANSLATED = [code for code in ("ja", "ko", "zh-Hans", "zh-Hant", "fr", "de")]
EXTRACT = ["-F", "babel.cfg", "-k", "t", "-k", "N_", "-k", "nt:1,2"]


def _locale(code: str) -> str:
    from ui.i18n import LANGUAGES
    return LANGUAGES[code][0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the code today, as `pybabel extract` (locales/README.md) finds them."""
    import subprocess
    import sys
    from babel.messages.pofile import read_po
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", *EXTRACT,
                    "-o", str(out), "."], cwd=ROOT, check=True, capture_output=True)
    with open(out, "rb") as f:
        return read_po(f)


def _po(code: str):
    from babel.messages.pofile import read_po
    with open(ROOT / "locales" / _locale(code) / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=_locale(code))


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_template_holds_every_message_in_the_code(extracted):
    from babel.messages.pofile import read_po
    with open(ROOT / "locales" / "messages.pot", "rb") as f:
        committed = read_po(f)
    assert _ids(committed) == _ids(extracted), "run the pybabel commands in locales/README.md"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code, extracted):
    catalog = _po(code)
    ids = _ids(extracted)
    missing = [m.id for m in catalog if m.id in ids and (not m.string or m.fuzzy
               or isinstance(m.string, tuple) and not all(m.string))]
    absent = ids - _ids(catalog)
    assert not absent, f"{code}: {len(absent)} messages not in the catalogue, e.g. {sorted(absent, key=str)[:3]}"
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:3]}"


def _fields(text: str) -> set[str]:
    import string
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code):
    wrong = []
    for message in _po(code):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(_fields(i) for i in ids)) if message.python_brace_format \
            or any("{" in i for i in ids) else set()
        for text in strings:
            if expected and _fields(text) != expected:
                wrong.append((ids[0][:60], text[:60]))
    assert not wrong, f"{code}: placeholders changed in {len(wrong)}: {wrong[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file(code):
    from babel.messages.mofile import read_mo
    with open(ROOT / "locales" / _locale(code) / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = read_mo(f)
    def key(value):   # read_mo gives a plural's forms as lists, read_po as tuples
        return tuple(value) if isinstance(value, (list, tuple)) else value
    po = {key(m.id): key(m.string) for m in _po(code) if m.id and m.string and not m.fuzzy}
    mo = {key(m.id): key(m.string) for m in compiled if m.id}
    assert mo == po, f"{code}: messages.mo is stale: run pybabel compile (locales/README.md)"


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_language_has_its_glossary(code):
    glossary = (ROOT / "locales" / _locale(code) / "glossary.md").read_text()
    for term in ("neuron", "weight", "bias", "activation", "layer", "matrix", "vector"):
        assert term in glossary.lower(), f"{code}: glossary lacks {term}"


def _texts_in(lesson, code: str) -> list[str]:
    from ui import state
    at = page_test(lesson.file, canvas_image(3), **{state.LANGUAGE: code}).run()
    assert not at.exception, at.exception
    return shown_texts(at)


@pytest.mark.parametrize("lesson", _lessons(), ids=lambda le: le.file)
def test_every_lesson_reads_in_each_language(lesson):
    """What every lesson shows in each language, beside the English run: a text identical to
    an English one (words outside mathematics and code) is a missing translation."""
    from i18n_helpers import words_outside_markers
    from ui.i18n import LANGUAGES
    own_names = {name for _, name in LANGUAGES.values()}
    english = {text for text in _texts_in(lesson, "en") if words_outside_markers(text)} - own_names
    for code in TRANSLATED:
        same = [text for text in _texts_in(lesson, code) if text in english]
        assert not same, f"{lesson.file} in {code}: still English: {[s[:80] for s in same[:5]]}"


def test_every_literal_message_in_the_code_reaches_the_template(extracted):
    """pybabel skips a t() nested inside another call's arguments: every literal message the
    code passes to t(), N_() or nt() must be in what it extracts."""
    ids = set()
    for message in extracted:
        if message.id:
            ids.update(message.id if isinstance(message.id, tuple) else (message.id,))
    missing = []
    for path in SOURCES:
        for call in _calls(path):
            for arg in call.args[:MARKERS[call.func.id]]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and arg.value not in ids:
                    missing.append(f"{path.relative_to(ROOT)}:{call.lineno}: {arg.value[:60]!r}")
    assert not missing, "messages pybabel does not extract:\n" + "\n".join(missing)


@pytest.mark.parametrize("code, separators", [("de", ",."), ("fr", ",\u202f"), ("ja", ".,")])
def test_plotly_charts_write_numbers_the_languages_way(code, separators):
    from ui import state
    from ui.figures import fast_figure
    from ui.i18n import plotly_separators
    import streamlit as st
    assert plotly_separators(code) == separators
    st.session_state[state.LANGUAGE] = code
    try:
        figure = fast_figure([dict(type="bar", y=[0.5])], {})
        assert figure.layout.separators == separators
        st.session_state[state.LANGUAGE] = "en"
        assert fast_figure([dict(type="bar", y=[0.5])], {}).layout.separators is None
    finally:
        del st.session_state[state.LANGUAGE]
