"""The locality seminar programme: monthly slots from a seminar rule, bank holidays avoided. Pure.

A locality's rule reads like "second Wednesday 13:00-15:00" (also "2nd Wed 13:00–15:00", "last
Friday 10:00-12:00"). Each month has one slot on that day. When the day is a bank holiday (England
and Wales by default) the seminar moves a week later, or a week earlier when a week later leaves
the month; the slot remembers the day it moved from so the programme can say so.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.domain.delivery import DEFAULT_REGION, is_bank_holiday

T = TypeVar("T")

MIN_MONTHS, MAX_MONTHS = 6, 12
MIN_NOTICE = timedelta(days=7)
DEFAULT_RULE_TEXT = "second Wednesday 13:00-15:00"
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(
    r"^\s*(?P<ordinal>\w+)\s+(?P<day>[a-z]+)\s+(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*(?:-|–|—|to)\s*"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SeminarRule:
    """When a locality's monthly seminar happens.

    Attributes:
        ordinal: Which weekday of the month: 1–4, or -1 for the last.
        weekday: Monday 0 … Sunday 6.
        start: Local start time.
        end: Local end time.
    """

    ordinal: int
    weekday: int
    start: time
    end: time

    @property
    def minutes(self) -> int:
        """How long a seminar lasts."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def parse_rule(text: str) -> SeminarRule | None:
    """Read a seminar rule such as ``second Wednesday 13:00-15:00``.

    Args:
        text: The rule as written in the organisation file.

    Returns:
        The rule, or None when it cannot be read (or ends before it starts).
    """
    match = _RULE.match(text or "")
    if match is None:
        return None
    ordinal = ORDINALS.get(match["ordinal"].lower())
    day = match["day"].lower()[:3]
    if ordinal is None or day not in WEEKDAYS:
        return None
    try:
        start = time(int(match["h1"]), int(match["m1"]))
        end = time(int(match["h2"]), int(match["m2"]))
    except ValueError:
        return None
    if end <= start:
        return None
    return SeminarRule(ordinal, WEEKDAYS.index(day), start, end)


def nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> date | None:
    """The ``ordinal``-th ``weekday`` of a month (-1: the last), or None when the month has none."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    if ordinal == -1:
        return date(year, month, days[-1])
    return date(year, month, days[ordinal - 1]) if 0 < ordinal <= len(days) else None


@dataclass(frozen=True)
class Slot:
    """One monthly seminar slot.

    Attributes:
        month: ``2026-12``.
        day: The local date it happens.
        starts_at: Start (UTC).
        ends_at: End (UTC).
        moved_from: The bank holiday it was moved away from, if it was.
    """

    month: str
    day: date
    starts_at: datetime
    ends_at: datetime
    moved_from: date | None = None


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def slot_in_month(rule: SeminarRule, year: int, month: int, tz: str, region: str = DEFAULT_REGION) -> Slot | None:
    """The month's slot, moved off a bank holiday (a week later, else a week earlier).

    Args:
        rule: The locality's rule.
        year: The year.
        month: The month (1–12).
        tz: The locality's zone (wall-clock times are local).
        region: Bank-holiday region.

    Returns:
        The slot, or None when the month has no suitable day.
    """
    planned = nth_weekday(year, month, rule.ordinal, rule.weekday)
    if planned is None:
        return None
    day, moved_from = planned, None
    if is_bank_holiday(planned, region):
        moved_from = planned
        candidates = [planned + timedelta(days=7), planned - timedelta(days=7)]
        fits = [d for d in candidates if d.month == month and not is_bank_holiday(d, region)]
        if not fits:
            return None
        day = fits[0]
    zone = ZoneInfo(tz)
    starts = datetime.combine(day, rule.start, tzinfo=zone).astimezone(UTC)
    ends = datetime.combine(day, rule.end, tzinfo=zone).astimezone(UTC)
    return Slot(f"{year:04d}-{month:02d}", day, starts, ends, moved_from)


def upcoming_slots(
    rule: SeminarRule,
    after: datetime,
    count: int,
    tz: str,
    *,
    region: str = DEFAULT_REGION,
    skip_months: Collection[str] = (),
) -> list[Slot]:
    """The next ``count`` monthly slots starting at least :data:`MIN_NOTICE` after ``after``.

    Args:
        rule: The locality's rule.
        after: Now.
        count: How many slots.
        tz: The locality's zone.
        region: Bank-holiday region.
        skip_months: Months that already have a slot (``2026-12``).

    Returns:
        The slots, in date order.
    """
    local = after.astimezone(ZoneInfo(tz))
    year, month = local.year, local.month
    slots: list[Slot] = []
    for _ in range(count + 24):
        if len(slots) >= count:
            break
        key = f"{year:04d}-{month:02d}"
        slot = slot_in_month(rule, year, month, tz, region) if key not in skip_months else None
        if slot is not None and slot.starts_at >= after + MIN_NOTICE:
            slots.append(slot)
        year, month = _month_after(year, month)
    return slots


def programme_months(winners: int) -> int:
    """How many months a programme covers: one per winning topic, at least 6 and at most 12."""
    return max(MIN_MONTHS, min(MAX_MONTHS, winners))


def fill(topics: Sequence[T], slots: Sequence[Slot]) -> list[tuple[Slot, T | None]]:
    """Pair topics with slots in order; slots left over stay open (None).

    Args:
        topics: The topics, best first.
        slots: The free slots, in date order.

    Returns:
        (slot, topic or None) for every slot.
    """
    return [(slot, topics[index] if index < len(topics) else None) for index, slot in enumerate(slots)]
