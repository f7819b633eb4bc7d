"""Seminar domain rules: near-duplicate topics, the programme from a seminar rule, .ics files, case maps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import icalendar
import pytest

from bot import texts
from bot.domain.case_map import Entry, MapView, scale_line, to_html, to_markdown
from bot.domain.ics import CalendarEntry, calendar_file, uid_of
from bot.domain.programme import (
    SeminarRule,
    fill,
    nth_weekday,
    parse_rule,
    programme_months,
    slot_in_month,
    upcoming_slots,
)
from bot.domain.topics import near_duplicate, normalise, similarity

# --- topics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The child's view from non-verbal children", "child’s view - non verbal children!"),
        ("Creating danger statements", "  creating   DANGER statement "),
        ("Words and pictures", "Words & Pictures"),
        ("Safety planning with networks", "Safety planning with the network"),
    ],
)
def test_the_same_topic_written_differently_is_a_duplicate(first: str, second: str) -> None:
    assert near_duplicate(second, [(1, first)]) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [("Danger statements", "Safety goals"), ("Scaling questions", "Safety scaling"), ("Safety plans", "Safety goals")],
)
def test_different_topics_stay_apart(first: str, second: str) -> None:
    assert near_duplicate(second, [(1, first)]) is None


def test_the_closest_existing_topic_is_chosen() -> None:
    existing = [(1, "Danger statements in court"), (2, "Danger statements")]
    assert near_duplicate("danger statement", existing) == 2
    assert normalise("The Child's View!") == "child view"
    assert similarity("", "") == 1.0


# --- the programme -----------------------------------------------------------------------------


def test_seminar_rules_are_read_in_several_spellings() -> None:
    assert parse_rule("second Wednesday 13:00-15:00") == SeminarRule(2, 2, time(13, 0), time(15, 0))
    assert parse_rule("2nd Wed 13:00–15:00") == SeminarRule(2, 2, time(13, 0), time(15, 0))
    assert parse_rule("last Friday 9.30 to 11.00") == SeminarRule(-1, 4, time(9, 30), time(11, 0))
    assert parse_rule("fortnightly") is None
    assert parse_rule("first Monday 15:00-13:00") is None
    assert parse_rule("fifth Monday 10:00-11:00") is None


def test_the_nth_weekday_of_a_month() -> None:
    assert nth_weekday(2026, 12, 2, 3) == date(2026, 12, 10)
    assert nth_weekday(2027, 5, -1, 0) == date(2027, 5, 31)


def test_a_seminar_on_a_bank_holiday_moves_a_week_later_or_earlier() -> None:
    first_monday = parse_rule("first Monday 13:00-15:00")
    last_monday = parse_rule("last Monday 10:00-12:00")
    assert first_monday is not None
    assert last_monday is not None
    may = slot_in_month(first_monday, 2027, 5, "Europe/London")  # 3 May 2027: early May bank holiday
    assert may is not None
    assert (may.day, may.moved_from) == (date(2027, 5, 10), date(2027, 5, 3))
    assert may.starts_at == datetime(2027, 5, 10, 12, 0, tzinfo=UTC)  # 13:00 BST
    spring = slot_in_month(last_monday, 2027, 5, "Europe/London")  # 31 May: a week later leaves May
    assert spring is not None
    assert (spring.day, spring.moved_from) == (date(2027, 5, 24), date(2027, 5, 31))
    june = slot_in_month(first_monday, 2027, 6, "Europe/London")
    assert june is not None
    assert june.moved_from is None


def test_the_programme_spans_months_and_avoids_every_bank_holiday() -> None:
    rule = parse_rule("first Monday 10:00-12:00")
    assert rule is not None
    slots = upcoming_slots(rule, datetime(2027, 2, 20, 9, 0, tzinfo=UTC), 12, "Europe/London")
    assert len(slots) == 12
    assert [s.month for s in slots][:3] == ["2027-03", "2027-04", "2027-05"]
    assert len({s.month for s in slots}) == 12
    moved = {s.month: s.day for s in slots if s.moved_from}
    assert moved == {"2027-05": date(2027, 5, 10), "2028-01": date(2028, 1, 10)}  # 3 Jan 2028: New Year substitute
    assert all(s.day.weekday() == 0 for s in slots)
    skipped = upcoming_slots(rule, datetime(2027, 2, 20, 9, 0, tzinfo=UTC), 2, "Europe/London", skip_months={"2027-03"})
    assert [s.month for s in skipped] == ["2027-04", "2027-05"]


def test_a_slot_needs_a_week_of_notice() -> None:
    rule = parse_rule("second Thursday 13:00-15:00")
    assert rule is not None
    slots = upcoming_slots(rule, datetime(2026, 12, 5, 9, 0, tzinfo=UTC), 1, "Europe/London")
    assert slots[0].day == date(2027, 1, 14)  # 10 Dec is under a week away


def test_winners_fill_slots_in_order_and_the_rest_stay_open() -> None:
    rule = parse_rule("second Wednesday 13:00-15:00")
    assert rule is not None
    slots = upcoming_slots(rule, datetime(2026, 11, 24, tzinfo=UTC), programme_months(2), "Europe/London")
    paired = fill(["a", "b"], slots)
    assert len(paired) == 6
    assert [topic for _, topic in paired] == ["a", "b", None, None, None, None]
    assert programme_months(20) == 12


# --- calendar files ----------------------------------------------------------------------------


def test_an_ics_file_parses_back_with_the_event() -> None:
    entry = CalendarEntry(
        event_id=7,
        title="Group supervision: a stuck case",
        starts_at=datetime(2026, 12, 10, 13, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 14, 30, tzinfo=UTC),
        location="Dereham office, room 2",
        url="https://meet.example/abc",
        description="Bring a case, anonymised.",
    )
    raw = calendar_file([entry], datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = list(calendar.walk("VEVENT"))
    assert str(event["uid"]) == uid_of(7)
    assert str(event["summary"]) == "Group supervision: a stuck case"
    assert event.decoded("dtstart") == entry.starts_at
    assert event.decoded("dtend") == entry.ends_at
    assert str(event["location"]) == "Dereham office, room 2"
    assert str(event["status"]) == "CONFIRMED"
    cancelled = icalendar.Calendar.from_ical(
        calendar_file([CalendarEntry(7, "x", entry.starts_at, entry.ends_at, cancelled=True)], entry.starts_at)
    )
    [gone] = list(cancelled.walk("VEVENT"))
    assert (str(gone["status"]), int(str(gone["sequence"]))) == ("CANCELLED", 1)


# --- case maps ---------------------------------------------------------------------------------


def test_a_map_exports_as_markdown_and_escaped_html() -> None:
    view = MapView(
        title="Family A — a drifting case",
        entries=[
            Entry("worried", "Nobody has seen the baby this month", "1"),
            Entry("working_well", "Grandmother <visits> daily", "2"),
            Entry("next_steps", "A family network meeting", "3"),
        ],
        scores=[3, 4, 6],
    )
    markdown = to_markdown(view)
    assert markdown.startswith("# Family A — a drifting case")
    assert f"## {texts.MAP_HEADINGS['worried']}\n- Nobody has seen the baby this month" in markdown
    three = texts.MAP_SCALE_PEOPLE.format(count=3)
    assert texts.MAP_SCALE_RANGE.format(people=three, low=3, high=6, middle=4) in markdown
    page = to_html(view)
    assert "Grandmother &lt;visits&gt; daily" in page
    assert "<visits>" not in page
    assert scale_line([]) == texts.MAP_NOT_SCALED
    assert scale_line([5]) == texts.MAP_SCALE_SAME.format(people=texts.MAP_SCALE_PEOPLE.format(count=1), score=5)
