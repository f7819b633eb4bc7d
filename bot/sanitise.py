"""Characters no store can keep: NUL and lone surrogates are taken out of an event before its turn.

PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded as UTF-8, so either would
fail the turn every time ("please try again" forever). They are removed from every text an event
carries, and the person is told in a sentence.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, Final, TypeVar

_UNSTORABLE: Final = re.compile("[\x00\ud800-\udfff]")

T = TypeVar("T")


def clean_text(value: str) -> str:
    """``value`` without NUL characters and lone surrogates."""
    return _UNSTORABLE.sub("", value) if _UNSTORABLE.search(value) else value


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _clean(getattr(value, f.name)) for f in fields(value) if f.init})
    return value


def clean_event(event: T) -> tuple[T, bool]:
    """The event with every text cleaned, and whether anything had to be taken out."""
    cleaned = _clean(event)
    return cleaned, cleaned != event
