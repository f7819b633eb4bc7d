"""The scan pipeline: normalise, blank out mentions and markup, run detectors, settle overlaps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from bot.privacy.dates import DateSpan, find_dates, find_dates_of_birth
from bot.privacy.model import Finding, GuardRules, Hit
from bot.privacy.names import find_names
from bot.privacy.normalise import normalise
from bot.privacy.patterns import (
    find_case_references,
    find_emails,
    find_extra,
    find_nhs_and_chi,
    find_nino,
    find_phones,
    find_postcodes,
    find_upn,
)
from bot.privacy.places import find_addresses, find_schools

_MASKS: Final = re.compile(
    r"<at\b[^>]*>[^<]*</at>"  # Teams mention
    r"|<(?:[@#!]|https?://)[^>]*>"  # Slack user/channel/special mentions and links
    r"|</?[A-Za-z][^>]*>"  # other markup tags (the tag, not its content)
    r"|(?<![\w.])@[\w.\-]*\w"  # @handles
    r"|\bhttps?://\S+|\bwww\.\S+"  # bare URLs
    r"|(?<![\w:]):[a-z][a-z0-9_+\-]*:(?![\w:])"  # emoji codes
    r"|(?<![\w&])#[A-Za-z]\w*",  # hashtags
)
_PRIORITY: Final = (
    "email", "nhs_number", "chi_number", "nino", "upn", "phone", "postcode", "date_of_birth",
    "case_reference", "address", "school", "child_name",
)  # fmt: skip
_RECORD_GAP: Final = re.compile(r"[\s,;:/|()'\"\-–]{0,4}")
_NEAR_ADDRESS: Final = 80


def _mask(text: str) -> str:
    return _MASKS.sub(lambda m: " " * len(m.group()), text)


def _adjacent(a: Hit, start: int, end: int, text: str) -> bool:
    gap = text[a.end : start] if a.end <= start else text[end : a.start] if end <= a.start else None
    return gap is not None and bool(_RECORD_GAP.fullmatch(gap))


def _uncued_dates_of_birth(text: str, dates: list[DateSpan], found: list[Hit]) -> list[Hit]:
    """Full dates pasted right next to another identifier, as in a record paste."""
    taken = {(h.start, h.end) for h in found if h.kind == "date_of_birth"}
    others = [h for h in found if h.kind != "date_of_birth"]
    return [
        Hit("date_of_birth", d.start, d.end, "low", "a date pasted next to other identifiers")
        for d in dates
        if (d.start, d.end) not in taken and any(_adjacent(h, d.start, d.end, text) for h in others)
    ]


def _rate_postcodes(hits: list[Hit]) -> list[Hit]:
    """A postcode near a house number (an address) is high confidence."""
    addresses = [h for h in hits if h.kind == "address"]
    rated: list[Hit] = []
    for hit in hits:
        near = any(abs(a.start - hit.start) <= _NEAR_ADDRESS for a in addresses)
        if hit.kind == "postcode" and near:
            rated.append(Hit(hit.kind, hit.start, hit.end, "high", "a full postcode with a house number nearby"))
        else:
            rated.append(hit)
    return rated


def _settle(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (ties go to the more specific kind)."""

    def rank(h: Hit) -> tuple[int, int, int]:
        kind_rank = _PRIORITY.index(h.kind) if h.kind in _PRIORITY else len(_PRIORITY)
        return (-(h.end - h.start), 0 if h.confidence == "high" else 1, kind_rank)

    kept: list[Hit] = []
    for h in sorted(hits, key=rank):
        if all(h.end <= k.start or k.end <= h.start for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.end))


def _detect(text: str, rules: GuardRules) -> list[Hit]:
    dates = find_dates(text)
    hits: list[Hit] = [
        *find_nhs_and_chi(text),
        *find_nino(text),
        *find_upn(text),
        *find_postcodes(text),
        *find_phones(text),
        *find_emails(text),
        *find_case_references(text),
        *find_extra(text, rules.extra_patterns),
        *find_dates_of_birth(text, dates),
        *find_addresses(text),
        *find_schools(text),
        *find_names(text, rules.allowed_words),
    ]
    hits.extend(_uncued_dates_of_birth(text, dates, hits))
    return _rate_postcodes(hits)


def scan(text: str, rules: GuardRules | None = None) -> list[Finding]:
    """Find identifying details of children and families in a post.

    Args:
        text: the post exactly as the user wrote it (chat markup included).
        rules: the organisation's extra patterns and allowed words; defaults to none.

    Returns:
        Findings sorted by position, spans in ``text``'s own code-point offsets; empty when the
        post looks safe to store.
    """
    norm = normalise(text)
    hits = _settle(_detect(_mask(norm.text), rules or GuardRules()))
    return [Finding(h.kind, *norm.original_span(h.start, h.end), h.confidence, h.reason) for h in hits]


def is_overridable(findings: Sequence[Finding]) -> bool:
    """Whether the user may post anyway after a warning.

    Args:
        findings: the result of :func:`scan`.

    Returns:
        True only if every finding is low confidence (so also True when there are none).
    """
    return all(f.confidence == "low" for f in findings)
