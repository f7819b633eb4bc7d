"""When things happen: meeting occurrences (RRULE or .ics), prompt and reminder times, digest and pulse slots.

Pure functions. Recurrences are evaluated on local wall-clock time in the meeting's zone, so a
10:00 meeting stays at 10:00 across daylight-saving changes. An occurrence is identified by its
*original* local date (its RECURRENCE-ID), so a moved occurrence keeps its identity and its
idempotency keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.domain.delivery import Availability, is_bank_holiday, latest_at_or_before, next_working_moment

PROMPT_LEAD = timedelta(hours=24)
REMINDER_LEAD = timedelta(hours=2)
PROMPT_LOOKBACK = timedelta(days=7)
REMINDER_GAP = timedelta(hours=2)  # a reminder comes at least this long after its prompt
REMINDER_LAST = timedelta(minutes=15)  # and at least this long before the meeting
DIGEST_GRACE = timedelta(hours=24)


@dataclass(frozen=True)
class Occurrence:
    """One meeting occurrence.

    Attributes:
        occurs_on: The original local date (its identity, even when moved).
        starts_at: When it actually starts (UTC).
        status: ``scheduled``, ``cancelled`` or ``holiday`` (an RRULE date on a bank holiday).
    """

    occurs_on: date
    starts_at: datetime
    status: str = "scheduled"


@lru_cache(maxsize=50_000)
def _rule(text: str, local_first: datetime) -> rrule:
    parsed = rrulestr(text, dtstart=local_first)
    if not isinstance(parsed, rrule):  # an RRULE set: take it as is (mypy: rruleset has the same API)
        return parsed  # type: ignore[return-value]
    return parsed


def _fast_forward(text: str, local_first: datetime, lo: datetime) -> datetime:
    """A later first occurrence with the same phase, so a weekly or daily rule is not walked from its start.

    Only for ``FREQ=WEEKLY`` and ``FREQ=DAILY`` without ``COUNT`` (a count depends on the true start):
    moving the start by whole intervals keeps the weekday, the week parity and the time of day.
    """
    parts = dict(p.split("=", 1) for p in text.upper().removeprefix("RRULE:").split(";") if "=" in p)
    unit = {"WEEKLY": timedelta(weeks=1), "DAILY": timedelta(days=1)}.get(parts.get("FREQ", ""))
    if unit is None or "COUNT" in parts or "\n" in text or not parts.get("INTERVAL", "1").isdigit():
        return local_first
    step = unit * max(1, int(parts.get("INTERVAL", "1")))
    skipped = (lo - local_first) // step - 1
    return local_first + step * skipped if skipped > 0 else local_first


def rrule_occurrences(
    text: str, first_start: datetime, tz: str, start: datetime, end: datetime, *, region: str | None = None
) -> list[Occurrence]:
    """Occurrences of an RRULE meeting starting in ``[start, end)``.

    Args:
        text: The RRULE (``FREQ=WEEKLY;BYDAY=TU``).
        first_start: The first meeting (aware).
        tz: The meeting's zone.
        start: Window start (aware).
        end: Window end (aware).
        region: When given, occurrences on that region's bank holidays are marked ``holiday``.

    Returns:
        The occurrences in start order.
    """
    zone = ZoneInfo(tz)
    local_first = first_start.astimezone(zone).replace(tzinfo=None)
    lo = start.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    hi = end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    rule = _rule(text, _fast_forward(text, local_first, lo))
    found = []
    for naive in rule.between(lo, hi, inc=True):
        instant = naive.replace(tzinfo=zone).astimezone(UTC)
        if start <= instant < end:
            holiday = region is not None and is_bank_holiday(naive.date(), region)
            found.append(Occurrence(naive.date(), instant, "holiday" if holiday else "scheduled"))
    return found


def _as_instant(value: object, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=zone).astimezone(UTC)
    msg = f"not a date: {value!r}"
    raise TypeError(msg)


def ics_occurrences(ics_text: str, tz: str, start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences from an iCalendar file whose original date or actual start falls in ``[start, end)``.

    Moved occurrences (RECURRENCE-ID overrides) keep their original date; cancelled ones
    (``STATUS:CANCELLED``) are returned as ``cancelled``; EXDATEs simply do not appear.

    Args:
        ics_text: The calendar.
        tz: Zone for floating times.
        start: Window start (aware).
        end: Window end (aware).

    Returns:
        The occurrences in start order.
    """
    # imported here: a tenth of a second of start-up, needed only by organisations that keep a calendar
    import icalendar  # noqa: PLC0415
    import recurring_ical_events  # noqa: PLC0415

    zone = ZoneInfo(tz)
    calendar = icalendar.Calendar.from_ical(ics_text)
    margin = timedelta(days=31)
    found: dict[date, Occurrence] = {}
    for component in recurring_ical_events.of(calendar).between(start - margin, end + margin):
        if component.name != "VEVENT":
            continue
        starts_at = _as_instant(component.get("DTSTART").dt, zone)
        recurrence = component.get("RECURRENCE-ID")
        original = _as_instant(recurrence.dt, zone) if recurrence is not None else starts_at
        if not (start <= original < end or start <= starts_at < end):
            continue
        cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
        day = original.astimezone(zone).date()
        found[day] = Occurrence(day, starts_at, "cancelled" if cancelled else "scheduled")
    return sorted(found.values(), key=lambda o: o.starts_at)


def prompt_time(chair: Availability, meeting_start: datetime, lead: timedelta = PROMPT_LEAD) -> datetime:
    """When to ask the chair for the Signs of Safety item: the lead before, moved back into working time.

    Args:
        chair: The chair's availability.
        meeting_start: The occurrence's start.
        lead: How long before the meeting (24 h by default).

    Returns:
        The moment (the target itself when no working time lies in the week before; the send-time
        check then defers or skips it).
    """
    target = meeting_start - lead
    moved = latest_at_or_before(chair, target, meeting_start - lead - PROMPT_LOOKBACK)
    if moved is not None:
        return moved
    forward = next_working_moment(chair, target)
    return forward if forward is not None and forward < meeting_start else target


def reminder_time(
    chair: Availability, meeting_start: datetime, prompt_at: datetime, lead: timedelta = REMINDER_LEAD
) -> datetime | None:
    """When to send the one gentle reminder, or None when no humane moment fits.

    The target is ``lead`` before the meeting, moved back into working time but not closer than
    two hours to the prompt; failing that, forward into working time but at least a quarter of an
    hour before the meeting.

    Args:
        chair: The chair's availability.
        meeting_start: The occurrence's start.
        prompt_at: When the prompt is planned.
        lead: How long before the meeting (2 h by default).

    Returns:
        The moment, or None.
    """
    target = meeting_start - lead
    earliest, latest = prompt_at + REMINDER_GAP, meeting_start - REMINDER_LAST
    if earliest >= latest:
        return None
    moved = latest_at_or_before(chair, min(target, latest), earliest)
    if moved is not None:
        return moved
    forward = next_working_moment(chair, max(target, earliest))
    return forward if forward is not None and forward <= latest else None


def week_key(day: date) -> str:
    """The ISO week of a date, ``2026-W49``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_slot(week_of: date, weekday: int, at: time, tz: str) -> datetime:
    """The instant of ``weekday`` at local ``at`` in the ISO week containing ``week_of``.

    Args:
        week_of: Any date in the week.
        weekday: Monday 0 … Sunday 6.
        at: Local time of day.
        tz: The zone.

    Returns:
        The aware UTC instant (15:00 local stays 15:00 across DST).
    """
    monday = week_of - timedelta(days=week_of.weekday())
    return datetime.combine(monday + timedelta(days=weekday), at, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def digest_time(channel: Availability, week_of: date, weekday: int, at: time) -> datetime:
    """A channel's digest moment in a week, moved back to the previous working day on a holiday.

    Args:
        channel: The channel's posting hours.
        week_of: Any date in the week.
        weekday: Configured weekday (Friday 4 by default).
        at: Configured local time (15:00 by default).

    Returns:
        The instant.
    """
    target = weekly_slot(week_of, weekday, at, channel.timezone)
    moved = latest_at_or_before(channel, target, target - timedelta(days=4))
    return moved or target


def month_key(day: date) -> str:
    """``2026-12``."""
    return f"{day.year:04d}-{day.month:02d}"


def pulse_time(person: Availability, year: int, month: int, at: time = time(11, 0)) -> datetime:
    """The pulse moment: the person's second working day of the month at 11:00 local.

    Args:
        person: The practice leader's availability.
        year: Year.
        month: Month.
        at: Local time of day (clamped into working hours).

    Returns:
        The instant (the 2nd of the month when no working day is found).
    """
    day, seen = date(year, month, 1), 0
    while day.month == month:
        if person.is_working_day(day):
            seen += 1
            if seen == 2:
                wanted = min(max(at, person.work_start), person.work_end)
                return person.at(day, wanted)
        day += timedelta(days=1)
    return person.at(date(year, month, 2), at)


def month_end(year: int, month: int, tz: str) -> datetime:
    """The first instant of the next month in a zone (a pulse's deadline)."""
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return datetime.combine(nxt, time(0, 0), tzinfo=ZoneInfo(tz)).astimezone(UTC)
