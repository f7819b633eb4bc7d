"""Seminar topic proposals: normalising wording and finding near-duplicates. Pure functions.

Two proposals are the same topic when, after folding case, punctuation, spacing, common little
words and plurals, their wording is equal or very close ("The child's view: non-verbal children" and
"child's view from non verbal children"). Close but different topics ("danger statements" and
"danger statements in court") stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TypeVar

K = TypeVar("K")

THRESHOLD = 0.86
TITLE_LIMIT = 200
STOPWORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "from", "to", "in", "on", "at", "with", "about", "by", "into"}
    | {"our", "we", "us", "how", "what", "why", "when", "using", "use", "s"}
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w]+")


def tidy(title: str) -> str:
    """A title as stored: surrounding spaces and runs of spaces removed."""
    return " ".join(title.split())[:TITLE_LIMIT]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(title: str) -> tuple[str, ...]:
    """The meaningful words of a title: folded, without punctuation, little words or plurals."""
    folded = unicodedata.normalize("NFKC", title).translate(_APOSTROPHES).casefold()
    words = [w for w in _NON_WORD.split(folded) if w and w not in STOPWORDS]
    return tuple(_stem(w) for w in words)


def normalise(title: str) -> str:
    """The comparable form of a title (``tokens`` joined by spaces)."""
    return " ".join(tokens(title))


def similarity(first: str, second: str) -> float:
    """How alike two titles are, 0 to 1 (1: the same topic written differently)."""
    a, b = tokens(first), tokens(second)
    if not a or not b:
        return 1.0 if a == b else 0.0
    if a == b or sorted(a) == sorted(b):
        return 1.0
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    ratio = SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return max(jaccard, ratio)


def near_duplicate(title: str, existing: Sequence[tuple[K, str]], threshold: float = THRESHOLD) -> K | None:
    """The key of the existing topic that ``title`` repeats, if any (the closest one).

    Args:
        title: The new proposal.
        existing: (key, title) of the topics already proposed, oldest first.
        threshold: Similarity from which two titles are one topic.

    Returns:
        The key of the closest existing topic at or above the threshold, or None.
    """
    best: tuple[float, int] | None = None
    for index, (_, other) in enumerate(existing):
        score = similarity(title, other)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, index)
    return existing[best[1]][0] if best is not None else None
