"""Dates of birth: a full date tied to a cue (DOB, d.o.b., born, birthday, date of birth).

Uncued dates are left to the scanner, which flags them only when pasted right next to another
identifier (a record paste such as ``Mia Smith 5 May 2015 943 476 5919``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.privacy.checks import real_date
from bot.privacy.model import Hit

_MONTHS: Final = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_MONTH_NAME: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD: Final = r"(?:st|nd|rd|th)?"
_DS: Final = r" ?[/.\-] ?"
_DATE: Final = re.compile(
    r"(?<![\w/.\-])(?:"
    rf"(?P<dmy>(?P<d1>\d{{1,2}}){_DS}(?P<m1>\d{{1,2}}){_DS}(?P<y1>\d{{4}}|\d{{2}}))"
    rf"|(?P<ymd>(?P<y2>(?:19|20)\d\d){_DS}(?P<m2>\d{{1,2}}){_DS}(?P<d2>\d{{1,2}}))"
    rf"|(?P<dtext>(?P<d3>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<m3>{_MONTH_NAME}),?\s+(?P<y3>(?:19|20)\d\d))"
    rf"|(?P<mtext>(?P<m4>{_MONTH_NAME})\s+(?P<d4>\d{{1,2}}){_ORD},?\s+(?P<y4>(?:19|20)\d\d))"
    r")(?![\w/\-]|\.\d)",
    re.IGNORECASE,
)
# Eight digits with no separators ("18032022", "20220318"): a date only right after a birth cue.
_COMPACT: Final = re.compile(r"(?<![\w/.\-])(\d{8})(?![\w/\-])")
# Month and year only ("born March 2015"): a date of birth only when a cue introduces it.
_MONTH_YEAR: Final = re.compile(rf"(?<![\w/.\-]){_MONTH_NAME},?\s+(?:19|20)\d\d(?![\w/\-])", re.IGNORECASE)
_CUE: Final = re.compile(
    r"(?:\bd\.? ?o\.? ?b\b\.?|\bdate\s+of\s+birth\b|\bborn\b(?:\s+on)?|\bbirthday\b|\bb\.d\.)",
    re.IGNORECASE,
)
# Between the cue and the date: little words and punctuation only, never a sentence break.
_GAP: Final = re.compile(r"(?:\s|[:=,(\-–—]|\bis\b|\bwas\b|\bof\b|\bon\b|\bin\b|\bthe\b|\bbaby's\b)*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A full calendar date found in normalised text."""

    start: int
    end: int
    year: int


def _year(raw: str) -> int:
    value = int(raw)
    if len(raw) == 2:
        return 2000 + value
    return value


def _month(raw: str) -> int:
    return _MONTHS.index(raw[:3].lower()) + 1


def _parse(m: re.Match[str]) -> int | None:
    """Return the year when the match is a real date, else None."""
    if m.group("dmy"):
        year, month, day = _year(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
    elif m.group("ymd"):
        year, month, day = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    elif m.group("dtext"):
        year, month, day = int(m.group("y3")), _month(m.group("m3")), int(m.group("d3"))
    else:
        year, month, day = int(m.group("y4")), _month(m.group("m4")), int(m.group("d4"))
    return year if real_date(year, month, day) else None


def find_dates(text: str) -> list[DateSpan]:
    """Every full date (day, month and year) in the normalised text."""
    spans: list[DateSpan] = []
    for m in _DATE.finditer(text):
        year = _parse(m)
        if year is not None:
            spans.append(DateSpan(m.start(), m.end(), year))
    return spans


def _cued(text: str, start: int) -> bool:
    for cue in _CUE.finditer(text, max(0, start - 40), start):
        gap = text[cue.end() : start]
        if _GAP.fullmatch(gap):
            return True
    return False


def _compact_date(digits: str) -> bool:
    """``ddmmyyyy`` or ``yyyymmdd`` naming a real date."""
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if real_date(year, month, day):
        return True
    return real_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def find_dates_of_birth(text: str, dates: list[DateSpan]) -> list[Hit]:
    """Dates (or month and year) directly introduced by a birth cue; the span is the date only."""
    spans = [(d.start, d.end) for d in dates]
    spans.extend(
        (m.start(), m.end()) for m in _MONTH_YEAR.finditer(text) if not any(s <= m.start() < e for s, e in spans)
    )
    spans.extend(
        (m.start(), m.end())
        for m in _COMPACT.finditer(text)
        if _compact_date(m.group()) and not any(s <= m.start() < e for s, e in spans)
    )
    return [
        Hit("date_of_birth", start, end, "high", "a date of birth (date after a DOB/born cue)")
        for start, end in spans
        if _cued(text, start)
    ]
