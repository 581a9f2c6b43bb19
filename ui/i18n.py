"""The learner's language: every sentence a page shows goes through `t()`.

    st.markdown(t("A layer of {k} neurons fed by {n} has {count:,} weights.",
                  k=16, n=784, count=12_544))

`t(message, **values)` looks the English `message` up in the gettext catalogue of
the learner's language (locales/<lang>/LC_MESSAGES/messages.mo, made with Babel's
`pybabel compile`) and fills in `values` with `str.format` syntax. Numbers among the
values are written the way the language writes them: `{x:.2f}` gives 0.98 in
English and 0,98 in French and German, `{n:,}` gives 13,002 / 13 002 / 13.002
(the symbols come from Babel's locale data, the digits from Python's format spec).

The message must be a plain string literal, never an f-string, so that
`pybabel extract` finds it (tests/test_i18n.py fails on any other first argument).
Text defined at import time (tables of titles, a check's question) is marked with
`N_("...")`, which returns it unchanged, and translated where it is shown with
`t(text)`. Mathematics and code stay as they are: put them in the values or keep
them in `$...$` and backticks inside the message, where translators leave them.

The language itself belongs to ui.state (a session key, the `?lang=` URL
parameter, the browser's language as the default); this module only translates.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

import babel
import babel.numbers
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

# URL code -> (Babel locale, the language's own name). English is the source text.
LANGUAGES = {
    "en": ("en", "English"),
    "ja": ("ja", "日本語"),
    "ko": ("ko", "한국어"),
    "zh-Hans": ("zh_Hans", "简体中文"),
    "zh-Hant": ("zh_Hant", "繁體中文"),
    "fr": ("fr", "Français"),
    "de": ("de", "Deutsch"),
}
SOURCE = "en"


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it (it is translated when shown)."""
    return message


def t(message: str, /, **values) -> str:
    """`message` in the learner's language, with `values` filled in (numbers localised)."""
    return translate(current(), message, **values)


def nt(singular: str, plural: str, n: int, /, **values) -> str:
    """The singular or plural form for `n` (passed on to the message as `{n}`)."""
    return ntranslate(current(), singular, plural, n, **values)


def translate(language: str, message: str, /, **values) -> str:
    text = catalogue(language).gettext(message) if language != SOURCE else message
    return fill(language, text, values) if values else text


def ntranslate(language: str, singular: str, plural: str, n: int, /, **values) -> str:
    text = catalogue(language).ngettext(singular, plural, n)
    return fill(language, text, {"n": n, **values})


def closest_language(browser_locale: str | None) -> str:
    """The site's language for a browser's locale ("fr-CA" -> "fr", "zh-TW" -> "zh-Hant",
    "zh-CN" -> "zh-Hans", "pt-BR" -> "en"): English when it is none of the six."""
    if not browser_locale:
        return SOURCE
    try:
        locale = babel.Locale.parse(browser_locale.replace("_", "-"), sep="-")
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return SOURCE
    if locale.language == "zh":
        traditional = locale.script == "Hant" or (locale.script is None
                                                  and locale.territory in ("TW", "HK", "MO"))
        return "zh-Hant" if traditional else "zh-Hans"
    return locale.language if locale.language in LANGUAGES else SOURCE


def message(text) -> str:
    """A message netcore or ui.image_input built (netcore.messages.Message, WeightFileError:
    an English text that keeps its template and values) in the learner's language; any
    other text as it is."""
    template = getattr(text, "template", None)
    if template is None:
        return str(text)
    return t(template, **getattr(text, "values", {}))


def current() -> str:
    from ui import state   # the one owner of the learner's choice
    return state.language()


def number(value, spec: str = "") -> str:
    """One number written the learner's way: number(0.5, ".2f") -> "0.50" or "0,50"."""
    return localise(current(), value, spec)


@functools.cache
def catalogue(language: str) -> NullTranslations:
    """The compiled catalogue of one language, read once per process (gettext objects are
    only read after loading)."""
    locale = LANGUAGES[language][0]
    return Translations.load(str(LOCALES), [locale], DOMAIN)


@functools.cache
def _symbols(language: str) -> tuple[str, str, str]:
    """The language's decimal symbol, thousands separator and percent suffix (" %" in French)."""
    locale = babel.Locale.parse(LANGUAGES[language][0])
    pattern = locale.percent_formats[None].pattern       # "#,##0%", or "#,##0\u00a0%"
    percent = pattern[pattern.rstrip("%").rstrip().__len__():] if pattern.endswith("%") else "%"
    return (babel.numbers.get_decimal_symbol(locale), babel.numbers.get_group_symbol(locale),
            percent)


def localise(language: str, value, spec: str = "") -> str:
    """`format(value, spec)`, then the English decimal point, thousands comma and percent
    sign swapped for the language's own."""
    text = format(value, spec)
    decimal, group, percent = _symbols(language)
    if (decimal, group, percent) == (".", ",", "%"):
        return text
    if text.endswith("%"):
        text = text[:-1] + percent
    return "".join(decimal if ch == "." else group if ch == "," else ch for ch in text)


def plotly_separators(language: str) -> str:
    """Plotly's layout.separators for the language: its decimal sign, then its thousands
    separator (",." in German: 0,5 and 13.002), so hover and tick numbers read its way too."""
    decimal, group, _ = _symbols(language)
    return decimal + group


class _Formatter(string.Formatter):
    def __init__(self, language: str):
        self.language = language

    def format_field(self, value, format_spec: str) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                or type(value).__module__ == "numpy" and hasattr(value, "dtype") \
                and value.dtype.kind in "iuf":
            return localise(self.language, value, format_spec)
        return super().format_field(value, format_spec)


def fill(language: str, text: str, values: dict) -> str:
    return _Formatter(language).vformat(text, (), values)
