"""One-click Signs of Safety agenda suggestions, rotated so the same one is not offered twice running.

The suggestions come from the practice-leader role and the Comprehensive Briefing Paper extract
(``seed/practice-leader-role.txt``); their wording lives in :mod:`bot.texts` (``SUGGESTIONS``).
"""

from __future__ import annotations

from collections.abc import Sequence

SUGGESTION_KEYS: tuple[str, ...] = (
    "celebrate",
    "map-stuck",
    "child-view",
    "danger-statement",
    "safety-plan",
    "appreciative-inquiry",
    "group-supervision",
    "words-pictures",
)
OFFERED = 3


def choose_suggestions(history: Sequence[Sequence[str]], count: int = OFFERED) -> list[str]:
    """The suggestions to offer next, least recently offered first, none from the previous offer.

    Args:
        history: Earlier offers for the same meeting, newest first (each a list of keys).
        count: How many to offer (3 by default).

    Returns:
        ``count`` suggestion keys in catalogue order of preference.
    """
    previous = set(history[0]) if history else set()
    last_seen: dict[str, int] = {}
    for age, offer in enumerate(history):
        for key in offer:
            last_seen.setdefault(key, age)
    never = len(history) + 1
    candidates = [k for k in SUGGESTION_KEYS if k not in previous]
    candidates.sort(key=lambda k: (-last_seen.get(k, never), SUGGESTION_KEYS.index(k)))
    chosen = candidates[:count]
    if len(chosen) < count:  # a tiny catalogue: fill up with the oldest of the previous offer
        chosen += [k for k in SUGGESTION_KEYS if k not in chosen][: count - len(chosen)]
    return chosen
