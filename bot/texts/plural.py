"""The one plural helper: ``1 story``, ``2 stories``, ``1 channel``.

* :func:`plural` counts a noun: ``plural(2, "story", "stories")`` is ``"2 stories"``.
* :class:`Counted` is a sentence whose nouns and verbs agree with a count, written as a format field
  with a ``one|other`` spec: ``Counted("{count} {count:story|stories} {count:was|were} shared")``.
  It is a ``str``, so ``.format(count=1)`` works wherever a sentence is formatted today.

Nothing builds a plural by hand (``"(s)"``, ``"…s" if n != 1``): a language with other plural rules
then changes these two places only.
"""

from __future__ import annotations

import string
from typing import Any

__all__ = ["Counted", "plural"]


def _form(count: object, one: str, other: str) -> str:
    return one if count == 1 else other


def plural(count: int, one: str, other: str) -> str:
    """``1 story``, ``2 stories``, ``0 stories``."""
    return f"{count} {_form(count, one, other)}"


class _CountedFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" in format_spec:  # a count shown as text ("12") agrees too; any other text takes the plural
            one, other = format_spec.split("|", 1)
            count = int(value) if isinstance(value, str) and value.strip().isdigit() else value
            return _form(count, one, other)
        return super().format_field(value, format_spec)


_FORMATTER = _CountedFormatter()


class Counted(str):
    """A sentence with counted words: ``{n:one|other}`` becomes the form that agrees with ``n``."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        """The sentence with its fields filled in and its counted words agreeing."""
        return _FORMATTER.vformat(str(self), args, kwargs)
