"""Value types shared by the identifier guard: what a finding is and what an organisation may configure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Confidence = Literal["high", "low"]
Tier = Literal["block", "check"]
"""``block``: never postable, by anyone, by any path. ``check``: a weak signal its author may confirm."""

KINDS: Final[tuple[str, ...]] = (
    "nhs_number",
    "chi_number",
    "nino",
    "upn",
    "postcode",
    "phone",
    "email",
    "date_of_birth",
    "child_name",
    "address",
    "school",
    "case_reference",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a post.

    ``start``/``end`` index the ORIGINAL text (code points, end exclusive), so ``text[start:end]``
    is the identifier exactly as the user wrote it, disguises included. ``tier`` says whether the
    author may confirm it (``check``) or not (``block``).
    """

    kind: str
    start: int
    end: int
    confidence: Confidence
    reason: str
    tier: Tier = "block"


@dataclass(frozen=True, slots=True)
class GuardRules:
    """Organisation rules read from the org file.

    ``extra_patterns`` holds ``(kind, regex)`` pairs run on the normalised text; a named group
    ``value`` narrows the reported span. ``allowed_words`` are never flagged as names.
    ``colleagues`` are the staff directory's names, case-folded (first names, full names, the parts
    of handles, platform display names): a name used as a colleague's is not flagged, but the same
    name with a child cue ("Sam (7)", "Sam's mum", "little Sam") still is. Build rules with
    :func:`bot.privacy.rules.rules_for`, never by hand, so every surface shares one rule set.
    """

    extra_patterns: tuple[tuple[str, str], ...] = ()
    allowed_words: frozenset[str] = frozenset()
    colleagues: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Reject unknown kinds and broken regexes when the org file is loaded, not mid-scan."""
        for kind, regex in self.extra_patterns:
            if kind not in KINDS:
                raise ValueError(f"unknown identifier kind {kind!r} in extra_patterns (expected one of {KINDS})")
            try:
                re.compile(regex)
            except re.error as exc:
                raise ValueError(f"invalid regex for {kind!r} in extra_patterns: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Hit:
    """A finding in normalised-text coordinates, before it is mapped back to the original text."""

    kind: str
    start: int
    end: int
    confidence: Confidence
    reason: str
