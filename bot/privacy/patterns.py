"""Structured identifiers: NHS/CHI, NINO, UPN, postcodes, phones, e-mails and case references.

Every function takes the normalised (and mention-masked) text and returns hits in its coordinates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final

from bot.privacy.checks import ddmmyy_ok, mod11_ok, nino_ok, upn_ok
from bot.privacy.model import Hit

_SEP: Final = r"[ .\-]?"

# Ten digits, contiguous or grouped 3-3-4; lookahead so overlapping candidates are all tried.
_TEN_DIGITS: Final = re.compile(rf"(?=(?<![\w])(\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{4}})(?!\d))")
_NHS_CUE: Final = re.compile(r"\bNHS\b|\bhealth\s+(?:no|number)\b", re.IGNORECASE)
_CHI_CUE: Final = re.compile(r"\bCHI\b", re.IGNORECASE)
_CUE_WINDOW: Final = 40

_NINO: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]) ?([A-Z])[ \-]?(\d\d)[ \-]?(\d\d)[ \-]?(\d\d)[ \-]?([A-D])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_UPN: Final = re.compile(r"(?<![A-Za-z0-9])[A-Z](?: ?\d){11} ?[0-9A-Z](?![A-Za-z0-9])", re.IGNORECASE)

_POSTCODE_AREAS: Final = frozenset((
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH",
    "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM",
    "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK",
    "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH",
    "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD",
    "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
))  # fmt: skip
_POSTCODE: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{1,2})(\d[A-Z\d]?) {0,2}(\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])", re.IGNORECASE
)
_GIR: Final = re.compile(r"(?<![A-Za-z0-9])GIR ?0AA(?![A-Za-z0-9])", re.IGNORECASE)

_PHONE: Final = re.compile(
    r"(?<![\w+])(?<!\d[ .\-])(?:"
    r"(?P<intl>(?:\+|\b00) ?44 ?(?:\( ?0 ?\) ?)?[1-9](?:[ .\-]?\d){8,9})"
    r"|(?P<paren>\(0\d{2,5}\)[ .\-]?\d(?:[ .\-]?\d){4,7})"
    r"|(?P<nat>0\d(?:[ .\-]?\d){8,9})"
    r")(?!\d)"
)
_DIGIT_SEPARATORS: Final = re.compile(r"(?<=\d)[ .\-](?=\d)")
_UK_NATIONAL_PREFIXES: Final = ("01", "02", "03", "07")
_PHONE_LENGTHS: Final = frozenset({10, 11})

_EMAIL: Final = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)
_AT_WORD: Final = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+|\s+@\s+|\s*\(@\)\s*)"
_DOT_WORD: Final = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\s*\(\.\)\s*|\.)"
_SPELLED_EMAIL: Final = re.compile(
    rf"(?<![\w.+\-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+\-]*){_AT_WORD}"
    rf"(?P<domain>[A-Za-z0-9\-]+(?:{_DOT_WORD}[A-Za-z0-9\-]+)+)\b",
    re.IGNORECASE,
)
_TLDS: Final = frozenset((
    "com", "org", "net", "uk", "co", "gov", "nhs", "ac", "sch", "edu", "info", "biz", "me", "io",
    "email", "mail", "online", "eu", "ie", "scot", "wales", "cymru", "london", "uk.com", "live", "tv", "fm", "app",
    "dev", "page", "site", "xyz",
))  # fmt: skip

_CASE_LABEL: Final = (
    r"(?:\b(?:LCS|Mosaic|Liquid\s?Logic|EHM|Eclipse|Care\s?First|Care\s?Director|Azeus|Servelec)"
    r"(?:\s*(?:ref(?:erence)?|ID|no|num(?:ber)?|record|case|#))?"
    r"|\b(?:case|person|client|child|family|referral|record|file|episode)\s*"
    r"(?:ref(?:erence)?|ID|no|num(?:ber)?|#))"
)
_CASE_CODE: Final = r"(?P<value>[A-Z]{0,4}-?\d{5,12}(?![\d\-])|\d{3,4}(?:[ \-]\d{3,4}){1,2}(?![\d\-]))"
_CASE_LABELLED: Final = re.compile(rf"{_CASE_LABEL}\.?\s*[:#=]?\s*[(\[]?\s*{_CASE_CODE}", re.IGNORECASE)
_CASE_GLUED: Final = re.compile(r"(?<![A-Za-z0-9])LCS[-_/]\d{4,12}(?!\d)|(?<![A-Za-z0-9])LCS\d{5,12}(?!\d)")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def find_nhs_and_chi(text: str) -> list[Hit]:
    """NHS numbers and CHI numbers: ten digits with a valid modulus-11 check digit."""
    hits: list[Hit] = []
    for match in _TEN_DIGITS.finditer(text):
        digits = _digits(match.group(1))
        start, end = match.start(1), match.end(1)
        before = text[max(0, start - _CUE_WINDOW) : start]
        if not mod11_ok(digits):
            # a mistyped number right after "NHS no" still identifies someone: warn, but let it be overridden
            if _NHS_CUE.search(before):
                hits.append(Hit("nhs_number", start, end, "low", "a ten-digit number labelled as an NHS number"))
            continue
        chi = bool(_CHI_CUE.search(before)) or (
            not _NHS_CUE.search(before) and digits[0] in "0123" and ddmmyy_ok(digits)
        )
        if chi:
            hits.append(Hit("chi_number", start, end, "high", "looks like a CHI number (date + valid check digit)"))
        else:
            hits.append(Hit("nhs_number", start, end, "high", "looks like an NHS number (valid check digit)"))
    return hits


def find_nino(text: str) -> list[Hit]:
    """National Insurance numbers: valid two-letter prefix, six digits, suffix A-D."""
    return [
        Hit("nino", m.start(), m.end(), "high", "looks like a National Insurance number")
        for m in _NINO.finditer(text)
        if nino_ok(m.group(1) + m.group(2))
    ]


def find_upn(text: str) -> list[Hit]:
    """Unique Pupil Numbers: check letter, twelve characters, valid modulus-23 check."""
    return [
        Hit("upn", m.start(), m.end(), "high", "looks like a Unique Pupil Number (valid check letter)")
        for m in _UPN.finditer(text)
        if upn_ok(m.group().replace(" ", ""))
    ]


def find_postcodes(text: str) -> list[Hit]:
    """Full UK postcodes (outward and inward code), any case, with or without the space."""
    hits = [
        Hit("postcode", m.start(), m.end(), "low", "looks like a full UK postcode")
        for m in _POSTCODE.finditer(text)
        if m.group(1).upper() in _POSTCODE_AREAS
    ]
    hits.extend(
        Hit("postcode", m.start(), m.end(), "low", "looks like a full UK postcode") for m in _GIR.finditer(text)
    )
    return hits


def _phone_ok(raw: str, intl: bool) -> bool:
    if len(set(_DIGIT_SEPARATORS.findall(raw))) > 1:  # "023 2137 14.02" mixes separators
        return False
    digits = _digits(raw.replace("(0)", "").replace("( 0 )", ""))
    if intl:
        digits = "0" + digits[2:] if digits.startswith("44") else "0" + digits[4:]
    return (
        len(digits) in _PHONE_LENGTHS
        and digits.startswith(_UK_NATIONAL_PREFIXES)
        and (len(digits) == 11 or digits.startswith("01"))
    )


def find_phones(text: str) -> list[Hit]:
    """UK mobiles and landlines in national, bracketed or +44 form (drama ranges included)."""
    return [
        Hit("phone", m.start(), m.end(), "low", "looks like a UK phone number")
        for m in _PHONE.finditer(text)
        if _phone_ok(m.group(), intl=m.group("intl") is not None)
    ]


def _spelled_email_ok(local: str, domain: str, joiner: str) -> bool:
    labels = re.split(_DOT_WORD, domain, flags=re.IGNORECASE)
    if len(labels) < 2 or labels[-1].lower() not in _TLDS:
        return False
    bracketed = any(c in joiner for c in "[({<") or "dot" in domain.lower()
    return bracketed or any(c in local for c in "._0123456789")


def find_emails(text: str) -> list[Hit]:
    """E-mail addresses, including spelled-out ``name at example dot com`` forms."""
    hits = [Hit("email", m.start(), m.end(), "low", "looks like an e-mail address") for m in _EMAIL.finditer(text)]
    position = 0
    while (m := _SPELLED_EMAIL.search(text, position)) is not None:
        joiner = text[m.end("local") : m.start("domain")]
        if _spelled_email_ok(m.group("local"), m.group("domain"), joiner):
            hits.append(Hit("email", m.start(), m.end(), "low", "looks like a spelled-out e-mail address"))
            position = m.end()
        else:  # "grandad at bill.turner59 at example dot org": the address may start at the rejected domain
            position = m.start("domain")
    return hits


def find_case_references(text: str) -> list[Hit]:
    """Case-management references: glued ``LCS-0048213`` or a code after a label such as ``Case ID``."""
    hits = [
        Hit("case_reference", m.start(), m.end(), "low", "looks like a case-management reference")
        for m in _CASE_GLUED.finditer(text)
    ]
    hits.extend(
        Hit("case_reference", m.start("value"), m.end("value"), "low", "a code after a case-record label")
        for m in _CASE_LABELLED.finditer(text)
    )
    return hits


@functools.lru_cache(maxsize=64)
def _compile_extra(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(regex)) for kind, regex in patterns)


def find_extra(text: str, patterns: Iterable[tuple[str, str]]) -> list[Hit]:
    """Organisation-specific patterns from ``GuardRules.extra_patterns`` (compiled once, cached)."""
    hits: list[Hit] = []
    for kind, regex in _compile_extra(tuple(patterns)):
        for m in regex.finditer(text):
            group = "value" if "value" in regex.groupindex else 0
            if m.end(group) > m.start(group):
                hits.append(Hit(kind, m.start(group), m.end(group), "low", "matches an organisation pattern"))
    return hits
