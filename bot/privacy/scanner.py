"""The scan pipeline: normalise, blank out mentions and markup, run detectors, settle overlaps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from bot.privacy.cues import ROLES_ALT
from bot.privacy.dates import DateSpan, find_dates, find_dates_of_birth
from bot.privacy.model import Finding, GuardRules, Hit, Tier
from bot.privacy.names import GIVEN_NAMES, find_names
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
from bot.privacy.places import find_addresses, find_schools, find_welsh_schools
from bot.privacy.wordlists import COMMON

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
    r"|(?<!\w)[*_~`]+(?=[\w(+])|(?<=[\w).])[*_~`]+(?!\w)"  # *bold*, _italic_, ~strike~, `code`
)
_LINK_ADDRESS: Final = re.compile(r"(?<=<)[a-z][a-z0-9+.\-]*:[^|>\s]*\|(?=[^>]*>)", re.IGNORECASE)
_BRACKET_POSSESSIVE: Final = re.compile(r"((?:</?[A-Za-z]+>|[>›»|*_~`])+)(['’]s)\b")
_SHORTCODE: Final = re.compile(r"(?<![\w:]):[a-z0-9][a-z0-9_+\-]*:(?![\w:])", re.IGNORECASE)
_PRIORITY: Final = (
    "email", "nhs_number", "chi_number", "nino", "upn", "phone", "postcode", "date_of_birth",
    "case_reference", "address", "school", "child_name",
)  # fmt: skip
_WEAK_KINDS: Final = frozenset({"child_name", "school"})
_FAMILY_CONTEXT: Final = re.compile(
    rf"\b(?:{ROLES_ALT}|girl|boy|son|daughter|baby|babies|kids?|child|children|toddler|teenager|"
    r"siblings?|twins?|pupil|three\s+houses|safety\s+house|wizards\s+and\s+fairies"
    r"|bachgen|fachgen|ferch|plant|blant|disgybl|hogyn|hogan)s?\b",  # the Welsh ones after "fairies"
    re.IGNORECASE,
)
_MAX_AGE_DIGITS: Final = 2
_RECORD_GAP: Final = re.compile(r"[\s,;:/|()'\"\-–]{0,8}")  # room for masked markup
_NEAR_ADDRESS: Final = 80


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _shortcode_children(text: str) -> list[Hit]:
    """A custom emoji named after a child and an age (``:kayden_6:``): a child, whatever its casing."""
    hits: list[Hit] = []
    for match in _SHORTCODE.finditer(text):
        words = re.split(r"[_\-+]", match.group().strip(":").casefold())
        named = any(w in GIVEN_NAMES and w not in COMMON for w in words)
        if named and any(w.isdigit() and len(w) <= _MAX_AGE_DIGITS for w in words):
            reason = "an emoji named after a child and an age"
            hits.append(Hit("child_name", match.start(), match.end(), "high", reason))
    return hits


def _mask(text: str) -> str:
    """Blank platform mention ids and markup characters, keeping every offset in place.

    A possessive after closing markup moves left over it ("*Riley*'s" reads "*Riley's*"), so the
    name keeps its cue.
    """
    text = _PLATFORM_IDS.sub(_blank, text)
    text = _BRACKET_POSSESSIVE.sub(r"\2\1", text)
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
_DIGIT_GAPS: Final = (  # narrow joins first: "1/054596 / 07711 136 901" is two numbers
    re.compile(r"(?<=\d)(?:[^\w :]|_)(?=\d)"),
    re.compile(r"(?<=\d)(?:[^\w:]|_)(?=\d)"),
    re.compile(r"(?<=\d)(?:[^\w:]|_){1,3}(?=\d)"),
)


def _structured(text: str, rules: GuardRules, dates: list[DateSpan]) -> list[Hit]:
    """The detectors of structured identifiers (everything but names and schools); ``dates`` are the text's."""
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
    ]
    hits.extend(_uncued_dates_of_birth(text, dates, hits))
    return hits


def _joined(text: str, gap: re.Pattern[str]) -> tuple[str, list[int]]:
    pieces: list[str] = []
    origin: list[int] = []
    cursor = 0
    for match in gap.finditer(text):
        pieces.append(text[cursor : match.start()])
        origin.extend(range(cursor, match.start()))
        cursor = match.end()
    pieces.append(text[cursor:])
    origin.extend(range(cursor, len(text)))
    return "".join(pieces), origin


def _with_joined_digits(text: str, rules: GuardRules, dates: list[DateSpan]) -> list[Hit]:
    """Structured identifiers found once separators between digits are taken out.

    A hit that overlaps a calendar date of the text as written (``dates``) is dropped, unless it is
    a date of birth itself: "03/04/2026 10" is a date and a time, not a phone number. A view that
    joins nothing more than the one before it is not scanned again.
    """
    if not _DIGIT_GAPS[-1].search(text):
        return []
    hits: list[Hit] = []
    seen = {text}
    for gap in _DIGIT_GAPS:
        joined, origin = _joined(text, gap)
        if joined in seen:
            continue
        seen.add(joined)
        hits += [
            Hit(h.kind, origin[h.start], origin[h.end - 1] + 1, h.confidence, h.reason)
            for h in _structured(joined, rules, find_dates(joined))
        ]
    return [h for h in hits if h.kind == "date_of_birth" or not any(d.start < h.end and h.start < d.end for d in dates)]


def _detect(text: str, rules: GuardRules, source: str) -> list[Hit]:
    """Every detector over the masked text (``source``: the same text before masking)."""
    dates = find_dates(text)
    hits: list[Hit] = [
        *_structured(text, rules, dates),
        *_with_joined_digits(text, rules, dates),
        *find_schools(text),
        *find_welsh_schools(text),
        *find_names(text, rules.allowed_words, rules.colleagues),
        *_shortcode_children(source),
    ]
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
    rules = rules or GuardRules()
    found = _detect(_mask(norm.text), rules, norm.text)
    if _LINK_ADDRESS.search(norm.text):  # a labelled link reads as its label: scan that reading too
        found += _detect(_mask(_LINK_ADDRESS.sub(_blank, norm.text)), rules, norm.text)
    hits = _settle(found)
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
