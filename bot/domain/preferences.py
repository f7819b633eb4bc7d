"""Parsing a person's own settings: time zone, working hours, leave, snooze."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_HOURS = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–to ]+\s*(\d{1,2})[:.](\d{2})\s*$")
_SNOOZE = re.compile(r"^\s*(\d{1,2})\s*(d|day|days|w|wk|week|weeks)\s*$", re.IGNORECASE)


def parse_timezone(value: str) -> str | None:
    """A valid IANA zone name (case-insensitive), or None."""
    wanted = value.strip()
    if not wanted or wanted.startswith(("/", ".")):
        return None
    by_lower = {z.lower(): z for z in available_timezones()}
    name = by_lower.get(wanted.lower())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def parse_hours(value: str) -> tuple[time, time] | None:
    """``09:00-17:00`` → (start, end), start strictly before end; None when malformed."""
    match = _HOURS.match(value)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    start, end = time(h1, m1), time(h2, m2)
    return (start, end) if start < end else None


def parse_leave(value: str) -> tuple[date, date] | None:
    """``2026-12-21 2027-01-02`` (or one date) → (first, last) inclusive; None when malformed."""
    parts = value.replace("..", " ").replace(" to ", " ").split()
    if not 1 <= len(parts) <= 2:
        return None
    try:
        first = date.fromisoformat(parts[0])
        last = date.fromisoformat(parts[-1])
    except ValueError:
        return None
    return (first, last) if first <= last else None


def parse_snooze(value: str) -> timedelta | None:
    """``1w``, ``3 days``, ``2 weeks`` → a duration of 1 to 90 days; None when malformed."""
    match = _SNOOZE.match(value)
    if not match:
        return None
    amount = int(match.group(1))
    days = amount * 7 if match.group(2).lower().startswith("w") else amount
    return timedelta(days=days) if 1 <= days <= 90 else None
