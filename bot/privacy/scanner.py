"""The scan pipeline: normalise, blank out mentions and markup, run detectors, settle overlaps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from bot.privacy.cues import ROLES_ALT
from bot.privacy.dates import DateSpan, find_dates, find_dates_of_birth
from bot.privacy.model import Finding, GuardRules, Hit, Tier
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

# Only what the platform itself resolves is masked: a real user, channel or group mention id.
# Everything else a person typed is scanned as people will read it: a link's label and address,
# the words inside an emoji shortcode, the text around (and inside) any other angle brackets.
_PLATFORM_IDS: Final = re.compile(
    r"<[@#!](?:[A-Z0-9]{2,}|here|channel|everyone|subteam\^[A-Z0-9]+)(?=[|>])"  # Slack: <@U123|, <#C1>, <!here>
)
_MARKUP: Final = re.compile(
    r"</?(?:at|p|div|span|br|b|i|u|s|em|strong|a|ul|ol|li|h[1-6]|code|pre|blockquote|img|table|tr|td|th)\b"
    r"|[<>|‹›«»]"  # the brackets themselves, never their content
    r"|(?<![\w.+\-])@(?=\w)"  # the @ of a handle (the name after it is read)
    r"|(?<![\w&])#(?=\w)"  # the # of a hashtag
)
_SHORTCODE: Final = re.compile(r"(?<![\w:]):[a-z0-9][a-z0-9_+\-]*:(?![\w:])", re.IGNORECASE)
_PRIORITY: Final = (
    "email", "nhs_number", "chi_number", "nino", "upn", "phone", "postcode", "date_of_birth",
    "case_reference", "address", "school", "child_name",
)  # fmt: skip
_WEAK_KINDS: Final = frozenset({"child_name", "school"})
_FAMILY_CONTEXT: Final = re.compile(
    rf"\b(?:{ROLES_ALT}|girl|boy|son|daughter|baby|babies|kids?|child|children|toddler|teenager|"
    r"siblings?|twins?|pupil)s?\b",
    re.IGNORECASE,
)
_RECORD_GAP: Final = re.compile(r"[\s,;:/|()'\"\-–]{0,4}")
_NEAR_ADDRESS: Final = 80


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _mask(text: str) -> str:
    """Blank platform mention ids and markup characters, keeping every offset in place."""
    text = _PLATFORM_IDS.sub(_blank, text)
    text = _SHORTCODE.sub(lambda m: m.group().replace(":", " ").replace("_", " "), text)
    return _MARKUP.sub(_blank, text)


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


# Any short run of separators between two digits ("943/476/5919", "943 · 476 · 5919", a tab or a
# newline, double spaces) is a join when testing the number patterns; colons are left for times.
_DIGIT_GAP: Final = re.compile(r"(?<=\d)[^\w:]{1,3}(?=\d)|(?<=\d)_{1,3}(?=\d)")


def _numbers_with_joined_digits(text: str, dates: list[DateSpan]) -> list[Hit]:
    """Number identifiers found once separator runs between digits are taken out.

    A hit that overlaps a calendar date is dropped: "03/04/2026 10" is a date and a time.
    """
    if not _DIGIT_GAP.search(text):
        return []
    pieces: list[str] = []
    origin: list[int] = []
    cursor = 0
    for gap in _DIGIT_GAP.finditer(text):
        pieces.append(text[cursor : gap.start()])
        origin.extend(range(cursor, gap.start()))
        cursor = gap.end()
    pieces.append(text[cursor:])
    origin.extend(range(cursor, len(text)))
    joined = "".join(pieces)
    found = [*find_nhs_and_chi(joined), *find_phones(joined), *find_nino(joined), *find_upn(joined)]
    hits = [Hit(h.kind, origin[h.start], origin[h.end - 1] + 1, h.confidence, h.reason) for h in found]
    return [h for h in hits if not any(d.start < h.end and h.start < d.end for d in dates)]


def _detect(text: str, rules: GuardRules) -> list[Hit]:
    dates = find_dates(text)
    hits: list[Hit] = [
        *find_nhs_and_chi(text),
        *find_nino(text),
        *find_upn(text),
        *find_postcodes(text),
        *find_phones(text),
        *_numbers_with_joined_digits(text, dates),
        *find_emails(text),
        *find_case_references(text),
        *find_extra(text, rules.extra_patterns),
        *find_dates_of_birth(text, dates),
        *find_addresses(text),
        *find_schools(text),
        *find_names(text, rules.allowed_words, rules.colleagues),
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
    tiers = _tiers(norm.text, hits)
    return [
        Finding(h.kind, *norm.original_span(h.start, h.end), h.confidence, h.reason, tier)
        for h, tier in zip(hits, tiers, strict=True)
    ]


def _tiers(text: str, hits: Sequence[Hit]) -> list[Tier]:
    """Block every structured identifier and every child made identifiable; the rest is a check.

    A name (one the name detector already read as a family's, never a colleague's) is a child's
    when a cue ties it to one (an age, a relation, "little", a status), when the post speaks of a
    child or family member ("her mum", "the kids"), or when it also holds a blocking identifier.
    A named school is blocked on the same grounds, or next to a name. Only what is left, a lone
    capitalised name or school with no child or family cue, is a ``check``.
    """
    structured = any(h.kind not in _WEAK_KINDS for h in hits)
    family = bool(_FAMILY_CONTEXT.search(text))
    has_name = any(h.kind == "child_name" for h in hits)

    def tier(hit: Hit) -> Tier:
        if hit.kind == "child_name":
            return "block" if hit.confidence == "high" or structured or family else "check"
        if hit.kind == "school":
            return "block" if has_name or structured or family else "check"
        return "block"

    return [tier(h) for h in hits]


def is_blocking(findings: Sequence[Finding]) -> bool:
    """Whether any finding is of the ``block`` tier: nobody may post it, by any path."""
    return any(f.tier == "block" for f in findings)


def is_overridable(findings: Sequence[Finding]) -> bool:
    """Whether the author may confirm the post after a warning.

    Args:
        findings: the result of :func:`scan`.

    Returns:
        True only if every finding is of the ``check`` tier (so also True when there are none).
    """
    return not is_blocking(findings)
