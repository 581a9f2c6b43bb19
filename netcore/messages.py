"""What netcore tells a person about bad input, as a message template and its values.

netcore never imports the app, so it cannot translate; it says why an input was refused
in English (`str(error)`, for the command line and the server log) and keeps the
template and the values it was filled from, so that the app can show the same message
in the learner's language: `t(error.template, **error.values)` (ui.i18n). Templates are
marked with `N_` (a no-op here, the marker `pybabel extract` looks for) and use
`str.format` placeholders; every value is short (cut to MAX_VALUE_CHARS), so a message
stays short in any language, whatever the file held.
"""

from __future__ import annotations

MAX_VALUE_CHARS = 180   # four names of a file's arrays, each cut to 40, fit


def N_(message: str) -> str:
    """Marks `message` for the app's catalogues; returns it unchanged."""
    return message


def bounded(value):
    """A message's value: numbers as they are, anything else as text cut to MAX_VALUE_CHARS."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 3] + "..."


class Message(str):
    """An English message (the str itself) that remembers its template and values."""

    template: str
    values: dict

    def __new__(cls, template: str, /, **values) -> "Message":
        values = {name: bounded(value) for name, value in values.items()}
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template, text.values = template, values
        return text
