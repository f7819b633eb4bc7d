"""Dates and times written for the current language, by Babel from CLDR data.

Nothing formats a date for people with ``strftime`` (its month and day names are the C library's,
always English here): these helpers do, in the language of the moment (:func:`bot.i18n.current`).
Machine formats (ISO dates in keys, CSV, ``.ics``) are not for people and keep ``isoformat``.

The shapes, in English and Welsh:

==============================  ========================  ==========================
helper                          en_GB                     cy
==============================  ========================  ==========================
:func:`short_month`             Dec                       Rhag
:func:`short_day_month`         7 Dec                     7 Rhag
:func:`day_month`               Mon 7 Dec                 Llun 7 Rhag
:func:`day_month_year`          7 Dec 2026                7 Rhag 2026
:func:`weekday_date`            Mon 7 Dec 2026            Llun 7 Rhag 2026
:func:`when`                    Mon 7 Dec, 14:00          Llun 7 Rhag, 14:00
:func:`when_year`               Mon 7 Dec 2026, 14:00     Llun 7 Rhag 2026, 14:00
:func:`weekday_time`            Mon 14:00                 Llun 14:00
:func:`month_year`              December 2026             Rhagfyr 2026
==============================  ========================  ==========================
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import dates

from bot import i18n

__all__ = [
    "day_month",
    "day_month_year",
    "local",
    "month_year",
    "short_day_month",
    "short_month",
    "weekday_date",
    "weekday_time",
    "when",
    "when_year",
]


def local(moment: datetime, tz: str | None) -> datetime:
    """``moment`` in the time zone ``tz`` (unchanged when ``tz`` is None)."""
    return moment.astimezone(ZoneInfo(tz)) if tz else moment


def _pattern(day: date | datetime, pattern: str) -> str:
    return (
        str(dates.format_datetime(day, pattern, locale=i18n.current()))
        if isinstance(day, datetime)
        else str(dates.format_date(day, pattern, locale=i18n.current()))
    )


def _time(moment: datetime) -> str:
    return f"{moment:%H:%M}"  # a 24-hour clock in every shipped language


def short_month(day: date | datetime) -> str:
    """``Dec`` (the month standing alone, as a chart label)."""
    return _pattern(day, "LLL")


def short_day_month(day: date | datetime) -> str:
    """``7 Dec``."""
    return _pattern(day, "d MMM")


def day_month(day: date | datetime) -> str:
    """``Mon 7 Dec``."""
    return _pattern(day, "EEE d MMM")


def day_month_year(day: date | datetime) -> str:
    """``7 Dec 2026``."""
    return _pattern(day, "d MMM y")


def weekday_date(day: date | datetime) -> str:
    """``Mon 7 Dec 2026``."""
    return _pattern(day, "EEE d MMM y")


def month_year(day: date | datetime) -> str:
    """``December 2026`` (the month standing alone, as a heading)."""
    return _pattern(day, "LLLL y")


def weekday_time(moment: datetime, tz: str | None = None) -> str:
    """``Mon 14:00`` in ``tz``."""
    at = local(moment, tz)
    return f"{_pattern(at, 'EEE')} {_time(at)}"


def when(moment: datetime, tz: str | None = None) -> str:
    """``Mon 7 Dec, 14:00`` in ``tz``."""
    at = local(moment, tz)
    return f"{day_month(at)}, {_time(at)}"


def when_year(moment: datetime, tz: str | None = None) -> str:
    """``Mon 7 Dec 2026, 14:00`` in ``tz``."""
    at = local(moment, tz)
    return f"{weekday_date(at)}, {_time(at)}"
