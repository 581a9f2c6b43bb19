"""Every piece of text a page shows under AppTest, and which of it did not pass through t().

`shown_texts(at)` walks the whole element tree of a finished run (main area and
sidebar) and returns each learner-visible string: markdown bodies (headings,
captions, alerts; an HTML body's texts and titles), widget labels, help, options and placeholders, expander and
tab labels, metric labels, page links, image captions, and inside each Plotly
chart its titles, axis titles, annotations and trace names.

`pseudo_language()` (a context manager) makes ui.i18n translate into a pseudo
language: every translated string comes back as "⟦...⟧". Run a page under it,
and `untranslated(texts)` lists the texts with words outside any marker: text that
never went through t(). Mathematics (`$...$`, st.latex), code (backticks, st.code),
numbers and symbols are not words and are ignored.
"""

from __future__ import annotations

import contextlib
import json
import re
from html.parser import HTMLParser

OPEN, CLOSE = "⟦", "⟧"

# Proto string fields that hold text a learner reads (per element type, the rest is data).
TEXT_FIELDS = {"body", "label", "help", "caption", "options", "placeholder", "title",
               "text", "value_text", "ticker", "message", "bodies"}
SKIP_TYPES = {"code", "latex", "dataframe", "arrow_data_frame", "arrow_table", "table",
              "json", "html", "empty", "imgs_url"}


def _repeated(field) -> bool:
    repeated = getattr(field, "is_repeated", None)
    return repeated if repeated is not None else field.label == field.LABEL_REPEATED


def _strings(message, out: list[str], path: str = "") -> None:
    for field, value in message.ListFields():
        name = field.name
        if field.type == field.TYPE_MESSAGE:
            items = value if _repeated(field) else [value]
            for item in items:
                if hasattr(item, "ListFields"):
                    _strings(item, out, f"{path}.{name}")
        elif field.type == field.TYPE_STRING and name in TEXT_FIELDS:
            items = value if _repeated(field) else [value]
            out.extend(s for s in items if s)


def _plotly_texts(spec: str, out: list[str]) -> None:
    figure = json.loads(spec)

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "text" and isinstance(v, str) and key in ("title", "annotations"):
                    out.append(v)
                elif k == "title" and isinstance(v, str):
                    out.append(v)
                elif k == "name" and isinstance(v, str) and key == "data":
                    out.append(v)
                else:
                    walk(v, k if k in ("title", "annotations", "data") else
                         key if isinstance(v, list) else k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
    walk(figure.get("layout", {}), "layout")
    walk(figure.get("data", []), "data")


class _HtmlTexts(HTMLParser):
    """The words of an HTML body (st.markdown with HTML: /layers' drawing): its text, its
    titles and aria-labels; a <style>'s content is not text."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style"
        self.texts += [v for k, v in attrs if k in ("aria-label", "title") and v]

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if not self.in_style and data.strip():
            self.texts.append(data)


def _html_texts(body: str) -> list[str]:
    parser = _HtmlTexts()
    parser.feed(body)
    return parser.texts


def _nodes(node):
    yield node
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _nodes(child)


def shown_texts(at) -> list[str]:
    """Every learner-visible string of the last run, in page order."""
    out: list[str] = []
    for node in _nodes(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None or kind in SKIP_TYPES:
            continue
        if kind == "plotly_chart":
            _plotly_texts(proto.spec, out)
            continue
        if hasattr(proto, "ListFields"):
            found: list[str] = []
            _strings(proto, found)
            for text in found:   # a markdown body of HTML: its texts, one by one
                out.extend(_html_texts(text) if text.startswith("<") else [text])
    return out


MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|`[^`]*`|\\\(.*?\\\)", re.S)
# The innermost marked text: a translated word given as a value to another message nests.
MARKED = re.compile(re.escape(OPEN) + "[^" + OPEN + CLOSE + "]*" + re.escape(CLOSE))
WORD = re.compile(r"[^\W\d_]{2,}")          # two letters or more in a row (any script)
NOT_WORDS = {"px", "id", "ms", "x", "MNIST", "NumPy", "netcore", "sigmoid", "ReLU", "PNG",
             "JPEG", "OK", "max", "min", "exp", "np", "sha", "dtype", "float", "npz",
             "tanh", "relu"}   # activation functions' names, as netcore spells them
LINK_TARGET = re.compile(r"\]\([^)]*\)")   # a markdown link's URL


def words_outside_markers(text: str) -> list[str]:
    rest, before = text, None
    while rest != before:               # innermost first, outwards
        rest, before = MARKED.sub(" ", rest), rest
    rest = MATH.sub(" ", LINK_TARGET.sub("]", rest))
    rest = re.sub(r":material/[a-z_]+:", " ", rest)
    return [w for w in WORD.findall(rest) if w not in NOT_WORDS]


def untranslated(texts: list[str]) -> list[str]:
    """The texts with words that never went through t() (under pseudo_language()); the
    language menu's options are each language's own name, never translated."""
    from ui.i18n import LANGUAGES
    own_names = {name for _, name in LANGUAGES.values()}
    return [text for text in texts if text not in own_names and words_outside_markers(text)]


@contextlib.contextmanager
def pseudo_language(monkeypatch):
    """ui.i18n translates everything into ⟦...⟧ (the English inside), on every page run."""
    from ui import i18n
    real = i18n.translate

    def marked(language, message, /, **values):
        return OPEN + real("en", message, **values) + CLOSE

    real_n = i18n.ntranslate

    def marked_n(language, singular, plural, n, /, **values):
        return OPEN + real_n("en", singular, plural, n, **values) + CLOSE

    monkeypatch.setattr(i18n, "translate", marked)
    monkeypatch.setattr(i18n, "ntranslate", marked_n)
    yield
