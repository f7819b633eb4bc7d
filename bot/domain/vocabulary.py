"""The Signs of Safety vocabulary used to tag celebrations and stories."""

from __future__ import annotations

import re

# tag -> the phrases that signal it (lower case; matched on word boundaries, spacing and hyphens free)
VOCABULARY: dict[str, tuple[str, ...]] = {
    "danger statement": ("danger statement", "danger statements", "harm statement", "statement of danger"),
    "safety goal": ("safety goal", "safety goals"),
    "safety plan": ("safety plan", "safety plans", "safety planning"),
    "three houses": ("three houses", "3 houses"),
    "words and pictures": ("words and pictures",),
    "wizards and fairies": ("wizards and fairies", "fairies and wizards"),
    "mapping": ("mapping", "case map", "mapped", "three column", "3 column"),
    "scaling": ("scaling", "scaling question", "scaled", "safety scale"),
    "appreciative inquiry": ("appreciative inquiry", "appreciative inquiries"),
    "safety network": ("safety network", "network of support"),
    "family network meeting": ("family network meeting", "network meeting"),
    "child's voice": ("child's voice", "voice of the child", "childs voice", "child's view", "child's views"),
    "group supervision": ("group supervision",),
    "safety house": ("safety house",),
    "trajectory": ("trajectory",),
    "signs of safety": ("signs of safety", "sofs"),
}

_PATTERNS = {
    tag: re.compile(
        r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in phrases) + r")\b", re.IGNORECASE
    )
    for tag, phrases in VOCABULARY.items()
}


def recognise_tags(text: str) -> list[str]:
    """The vocabulary tags present in ``text``, in catalogue order, without duplicates."""
    return [tag for tag, pattern in _PATTERNS.items() if pattern.search(text.replace("’", "'"))]


TOOLS: tuple[str, ...] = tuple(tag for tag in VOCABULARY if tag != "signs of safety")
