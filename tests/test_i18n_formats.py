"""Dates for people in the current language: every helper of :mod:`bot.i18n.formats` in English and Welsh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

import bot.i18n
from bot.domain.nudge_messages import month_day, month_label
from bot.i18n import formats

DAY = date(2026, 12, 7)  # a Monday
MOMENT = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # London is on UTC in December

Shape = Callable[[datetime], str]


@pytest.mark.parametrize(
    ("helper", "english", "welsh"),
    [
        (formats.short_month, "Dec", "Rhag"),
        (formats.short_day_month, "7 Dec", "7 Rhag"),
        (formats.day_month, "Mon 7 Dec", "Llun 7 Rhag"),
        (formats.day_month_year, "7 Dec 2026", "7 Rhag 2026"),
        (formats.weekday_date, "Mon 7 Dec 2026", "Llun 7 Rhag 2026"),
        (formats.month_year, "December 2026", "Rhagfyr 2026"),
        (formats.when, "Mon 7 Dec, 14:00", "Llun 7 Rhag, 14:00"),
        (formats.when_year, "Mon 7 Dec 2026, 14:00", "Llun 7 Rhag 2026, 14:00"),
        (formats.weekday_time, "Mon 14:00", "Llun 14:00"),
    ],
)
def test_each_shape_in_english_and_welsh(helper: Shape, english: str, welsh: str) -> None:
    assert helper(MOMENT) == english
    with bot.i18n.use("cy"):
        assert helper(MOMENT) == welsh
    assert helper(MOMENT) == english


@pytest.mark.parametrize(
    ("helper", "english", "welsh"),
    [
        (formats.short_day_month, "7 Dec", "7 Rhag"),
        (formats.day_month, "Mon 7 Dec", "Llun 7 Rhag"),
        (formats.day_month_year, "7 Dec 2026", "7 Rhag 2026"),
        (formats.weekday_date, "Mon 7 Dec 2026", "Llun 7 Rhag 2026"),
        (formats.month_year, "December 2026", "Rhagfyr 2026"),
    ],
)
def test_day_shapes_take_a_plain_date(helper: Callable[[date], str], english: str, welsh: str) -> None:
    assert helper(DAY) == english
    with bot.i18n.use("cy"):
        assert helper(DAY) == welsh


def test_days_of_the_month_are_not_zero_padded() -> None:
    assert formats.day_month_year(date(2027, 1, 2)) == "2 Jan 2027"
    with bot.i18n.use("cy"):
        assert formats.day_month_year(date(2027, 1, 2)) == "2 Ion 2027"


def test_times_are_shown_in_the_zone_asked_for() -> None:
    summer = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # already Wednesday 1 July in London
    assert formats.when(summer, "Europe/London") == "Wed 1 Jul, 00:30"
    assert formats.when_year(summer, "Europe/London") == "Wed 1 Jul 2026, 00:30"
    assert formats.weekday_time(summer, "Europe/London") == "Wed 00:30"
    assert formats.when(summer) == "Tue 30 Jun, 23:30"
    with bot.i18n.use("cy"):
        assert formats.when(summer, "Europe/London") == "Mer 1 Gorff, 00:30"


def test_a_month_key_is_named_in_the_current_language() -> None:
    assert month_day("2026-12") == date(2026, 12, 1)
    assert month_label("2026-12") == "December 2026"
    with bot.i18n.use("cy"):
        assert month_label("2026-12") == "Rhagfyr 2026"
