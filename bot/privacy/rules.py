"""One rule builder per organisation, shared by every surface (chat, web, CLI, publishing)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Final

from bot.privacy.model import GuardRules

_HANDLE_SPLIT: Final = re.compile(r"[\s._\-@]+")
_MIN_NAME = 2


def fold_name(word: str) -> str:
    """A name as the guard compares it: accents stripped, case-folded."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _name_parts(name: str) -> set[str]:
    """The whole name and each of its words (handles split at dots, underscores and hyphens)."""
    cleaned = name.strip().lstrip("@")
    if not cleaned:
        return set()
    parts = {fold_name(p) for p in _HANDLE_SPLIT.split(cleaned) if len(p) >= _MIN_NAME and p.isalpha()}
    return parts | {fold_name(" ".join(cleaned.split()))}


def rules_for(
    staff_names: Iterable[str] = (),
    configured: Mapping[str, object] | None = None,
) -> GuardRules:
    """The identifier guard's rules for one organisation.

    Args:
        staff_names: the organisation's people as named anywhere: full names, handles and the
            display names the platforms report. Their words become colleague names; surnames
            (the last word of a name with several) also become allowed words.
        configured: the organisation file's ``guard`` section (``extra_patterns``: kind → regex,
            ``allowed_words``: list of words).

    Returns:
        The rules every surface applies.

    Raises:
        ValueError: an extra pattern names an unknown kind or does not compile.
    """
    colleagues: set[str] = set()
    surnames: set[str] = set()
    for name in staff_names:
        colleagues |= _name_parts(name)
        words = name.split()
        if len(words) > 1 and words[-1].isalpha():
            surnames.add(words[-1])
    configured = configured or {}
    patterns = configured.get("extra_patterns") or {}
    allowed = configured.get("allowed_words") or []
    if not isinstance(patterns, Mapping) or not isinstance(allowed, list | tuple):
        raise ValueError("guard rules: extra_patterns must be a mapping and allowed_words a list")
    return GuardRules(
        extra_patterns=tuple((str(kind), str(regex)) for kind, regex in patterns.items()),
        allowed_words=frozenset(surnames | {str(w) for w in allowed}),
        colleagues=frozenset(colleagues),
    )


def with_colleagues(rules: GuardRules, names: Iterable[str]) -> GuardRules:
    """The same rules, with more colleague names (the people a message mentions, its author)."""
    extra: set[str] = set()
    for name in names:
        extra |= _name_parts(name)
    return rules if extra <= rules.colleagues else replace(rules, colleagues=rules.colleagues | extra)
