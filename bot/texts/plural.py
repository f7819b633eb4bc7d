"""The one plural helper: ``1 story``, ``2 stories``, ``1 channel``.

* :func:`plural` counts a noun: ``plural(2, "story", "stories")`` is ``"2 stories"``.
* :class:`Counted` is a sentence whose nouns and verbs agree with a count, written as a format field
  with a ``one|other`` spec: ``Counted("{count} {count:story|stories} {count:was|were} shared")``.
  It is a ``str``, so ``.format(count=1)`` works wherever a sentence is formatted today.

Nothing builds a plural by hand (``"(s)"``, ``"…s" if n != 1``). A language with other plural rules
names its forms by their CLDR category instead: Welsh writes ``{count:zero=…|one=…|two=…|few=…|many=…|other=…}``
and the form is picked by Babel's plural rule for the current language; a form left out falls back to
``other``. Two unnamed forms mean ``one|other`` in every language.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

from babel import Locale

from bot import i18n

__all__ = ["Counted", "category", "pick", "plural"]


def _form(count: object, one: str, other: str) -> str:
    return one if count == 1 else other


def plural(count: int, one: str, other: str) -> str:
    """``1 story``, ``2 stories``, ``0 stories``."""
    return f"{count} {_form(count, one, other)}"


@lru_cache(maxsize=8)
def _rules(locale: str) -> Locale:
    return Locale.parse(locale)


def category(count: object, locale: str | None = None) -> str:
    """The CLDR plural category of ``count`` (``one``, ``two``, ``few``…) in ``locale`` (default: current)."""
    if not isinstance(count, int | float):
        return "other"
    return str(_rules(locale or i18n.current()).plural_form(count))


def pick(count: object, spec: str) -> str:
    """The form in ``spec`` (``one|other`` or ``one=…|other=…``) that agrees with ``count``."""
    parts = spec.split("|")
    if all("=" in part for part in parts):
        forms = dict(part.split("=", 1) for part in parts)
        return forms.get(category(count), forms.get("other", parts[-1].split("=", 1)[1]))
    one, other = spec.split("|", 1)
    if i18n.current() == i18n.SOURCE_LOCALE:
        return _form(count, one, other)
    return one if category(count) == "one" else other


class _CountedFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" in format_spec:  # a count shown as text ("12") agrees too; any other text takes the plural
            count = int(value) if isinstance(value, str) and value.strip().isdigit() else value
            return pick(count, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _CountedFormatter()


class Counted(str):
    """A sentence with counted words: ``{n:one|other}`` becomes the form that agrees with ``n``."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        """The sentence with its fields filled in and its counted words agreeing."""
        return _FORMATTER.vformat(str(self), args, kwargs)
