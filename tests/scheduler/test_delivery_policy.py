"""The humane-delivery policy and the schedule arithmetic, as pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.delivery import (
    Availability,
    channel_availability,
    decide,
    is_bank_holiday,
    iso_week,
    latest_at_or_before,
    next_allowed,
    parse_days,
)
from bot.domain.schedule import digest_time, prompt_time, reminder_time, rrule_occurrences, weekly_slot
from bot.domain.suggestions import SUGGESTION_KEYS, choose_suggestions
from tests.scheduler.harness import LONDON, at

PAT = Availability()


def test_working_time_respects_hours_days_holidays_and_leave() -> None:
    assert PAT.in_working_time(at("2026-12-01 09:00"))
    assert not PAT.in_working_time(at("2026-12-01 08:59"))
    assert not PAT.in_working_time(at("2026-12-01 17:00"))
    assert not PAT.in_working_time(at("2026-12-05 11:00"))  # Saturday
    assert not PAT.in_working_time(at("2026-12-28 11:00"))  # Boxing Day (substitute)
    away = Availability(leave=((date(2026, 12, 1), date(2026, 12, 2)),))
    assert not away.in_working_time(at("2026-12-02 11:00"))
    part_time = Availability(work_days=parse_days("mon,tue,wed"), work_start=time(8, 30), work_end=time(14, 30))
    assert not part_time.in_working_time(at("2026-12-03 10:00"))  # Thursday
    assert is_bank_holiday(date(2027, 3, 26))  # Good Friday 2027
    assert not is_bank_holiday(date(2027, 3, 17))  # St Patrick's Day is not an English bank holiday
    assert is_bank_holiday(date(2027, 3, 17), "IE")


def test_next_allowed_defers_past_evenings_weekends_snooze_and_full_weeks() -> None:
    assert next_allowed(PAT, at("2026-12-04 18:00")) == at("2026-12-07 09:00")
    snoozed = Availability(snoozed_until=at("2026-12-02 13:30"))
    assert next_allowed(snoozed, at("2026-12-01 10:00")) == at("2026-12-02 13:30")
    used = {"2026-W49": 3}
    assert next_allowed(PAT, at("2026-12-01 10:00"), budget=3, used=used) == at("2026-12-07 09:00")
    assert next_allowed(PAT, at("2026-12-01 10:00"), budget=4, used=used) == at("2026-12-01 10:00")
    assert next_allowed(Availability(stopped=True), at("2026-12-01 10:00")) is None


def test_decide_sends_defers_or_skips() -> None:
    deadline = at("2026-12-08 10:00")
    assert decide(PAT, at("2026-12-01 10:00"), deadline).action == "send"
    deferred = decide(PAT, at("2026-12-01 18:00"), deadline)
    assert (deferred.action, deferred.at) == ("defer", at("2026-12-02 09:00"))
    assert decide(PAT, at("2026-12-08 11:00"), deadline).reason == "past grace"
    full = decide(PAT, at("2026-12-07 10:00"), deadline, budget=3, used={"2026-W50": 3})
    assert (full.action, full.reason) == ("skip", "no allowed time before the deadline")
    assert decide(Availability(stopped=True), at("2026-12-01 10:00"), deadline).reason == "stopped"


def test_moving_back_into_working_time() -> None:
    assert latest_at_or_before(PAT, at("2026-12-06 10:00"), at("2026-11-29 10:00")) == at("2026-12-04 10:00")
    assert latest_at_or_before(PAT, at("2026-12-01 20:00"), at("2026-11-29 10:00")) == at("2026-12-01 16:00")
    assert latest_at_or_before(PAT, at("2026-12-06 10:00"), at("2026-12-05 10:00")) is None


def test_prompt_and_reminder_times() -> None:
    monday = at("2026-12-07 10:00")
    assert prompt_time(PAT, monday) == at("2026-12-04 10:00")
    assert reminder_time(PAT, monday, at("2026-12-04 10:00")) == at("2026-12-07 09:00")
    tuesday = at("2026-12-01 14:00")
    assert prompt_time(PAT, tuesday) == at("2026-11-30 14:00")
    assert reminder_time(PAT, tuesday, at("2026-11-30 14:00")) == at("2026-12-01 12:00")
    toronto = Availability(timezone="America/Toronto")
    assert prompt_time(toronto, at("2026-12-01 10:00")).astimezone(toronto.zone).hour == 9


def test_a_holiday_friday_digest_moves_to_thursday() -> None:
    channel = channel_availability("Europe/London")
    assert digest_time(channel, date(2026, 4, 1), 4, time(15, 0)) == at("2026-04-02 15:00")
    assert digest_time(channel, date(2026, 3, 25), 4, time(15, 0)) == at("2026-03-27 15:00")


@settings(max_examples=60, deadline=None)
@given(
    week=st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31)),
    zone=st.sampled_from(["Europe/London", "Europe/Dublin", "America/New_York", "Australia/Sydney"]),
    weekday=st.integers(0, 6),
    hour=st.integers(7, 20),
)
def test_a_weekly_slot_is_at_the_same_local_time_whatever_the_dst(
    week: date, zone: str, weekday: int, hour: int
) -> None:
    from zoneinfo import ZoneInfo

    moment = weekly_slot(week, weekday, time(hour, 0), zone).astimezone(ZoneInfo(zone))
    assert (moment.hour, moment.minute, moment.weekday()) == (hour, 0, weekday)
    assert iso_week(moment, zone) == f"{week.isocalendar()[0]}-W{week.isocalendar()[1]:02d}"


def test_rrule_occurrences_keep_local_time_across_the_clock_change() -> None:
    found = rrule_occurrences(
        "FREQ=WEEKLY;BYDAY=TU", at("2026-01-06 10:00"), "Europe/London", at("2026-03-20 00:00"), at("2026-04-08 00:00")
    )
    assert [o.starts_at.astimezone(LONDON).hour for o in found] == [10, 10, 10]
    assert [o.starts_at.astimezone(UTC).hour for o in found] == [10, 9, 9]


@given(st.lists(st.lists(st.sampled_from(SUGGESTION_KEYS), min_size=1, max_size=4, unique=True), max_size=6))
def test_suggestions_never_repeat_the_previous_offer(history: list[list[str]]) -> None:
    chosen = choose_suggestions(history)
    assert len(chosen) == len(set(chosen)) == 3
    if history:
        assert not set(chosen) & set(history[0])


def test_suggestions_cycle_through_the_whole_catalogue() -> None:
    history: list[list[str]] = []
    seen: set[str] = set()
    for _ in range(3):
        offer = choose_suggestions(history)
        seen.update(offer)
        history.insert(0, offer)
    assert seen == set(SUGGESTION_KEYS)


def test_deadline_equal_to_the_next_moment_is_not_sent() -> None:
    assert decide(PAT, at("2026-12-01 08:00"), at("2026-12-01 09:00")).action == "skip"
    assert next_allowed(PAT, datetime(2026, 12, 1, 9, 0, tzinfo=UTC) - timedelta(seconds=1)) == at("2026-12-01 09:00")


@settings(max_examples=80, deadline=None)
@given(
    rule=st.sampled_from(
        [
            "FREQ=WEEKLY;BYDAY=TU",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=WEEKLY;INTERVAL=3",
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270301T000000",
            "FREQ=MONTHLY;BYDAY=+1WE",
            "FREQ=WEEKLY;COUNT=40",
        ]
    ),
    first_day=st.integers(0, 400),
    first_hour=st.integers(7, 18),
    offset=st.integers(0, 900),
    length=st.integers(1, 30),
)
def test_rrule_occurrences_match_a_walk_from_the_first_meeting(
    rule: str, first_day: int, first_hour: int, offset: int, length: int
) -> None:
    from dateutil.rrule import rrulestr

    first = datetime(2025, 1, 1, first_hour, tzinfo=LONDON) + timedelta(days=first_day)
    start = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(days=offset)
    end = start + timedelta(days=length)
    found = [o.starts_at for o in rrule_occurrences(rule, first, "Europe/London", start, end)]
    walked = rrulestr(rule, dtstart=first.replace(tzinfo=None)).between(
        start.astimezone(LONDON).replace(tzinfo=None) - timedelta(days=1),
        end.astimezone(LONDON).replace(tzinfo=None) + timedelta(days=1),
        inc=True,
    )
    expected = [w.replace(tzinfo=LONDON).astimezone(UTC) for w in walked]
    assert found == [e for e in expected if start <= e < end]
