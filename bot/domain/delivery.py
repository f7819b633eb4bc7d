"""Humane delivery: the one place that decides when a nudge may reach a person or a channel.

Pure functions over a person's (or a channel's) availability: time zone, working hours and days,
bank holidays, leave, snooze, "stop these", and a weekly budget of proactive direct messages.
The planner uses :func:`latest_at_or_before` to move a nudge *back* into working time (a Monday
10:00 meeting is prompted on Friday) and :func:`decide` when the nudge falls due; the deliverer
calls :func:`decide` again just before sending a direct message. A nudge that may not go now is
deferred to the next allowed moment, never dropped — unless that moment is past its deadline
(its grace), when it is skipped rather than sent late.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

DEFAULT_REGION = "GB-ENG"  # England and Wales share their bank holidays
DEFAULT_BUDGET = 3
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OFFICE_DAYS = frozenset(range(5))
SEARCH_DAYS = 400  # how far ahead a deferral looks before giving up
END_MARGIN = timedelta(hours=1)  # a moved-back nudge lands at least this long before the day ends


@lru_cache(maxsize=16)
def _calendar(region: str) -> holidays.HolidayBase:
    country, _, subdivision = region.partition("-")
    return holidays.country_holidays(country or "GB", subdiv=subdivision or None)


REGION_EXAMPLES = ("GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR", "IE", "AU-WA", "AU-NSW", "NZ", "CA-ON", "NL")


def check_region(code: str) -> str:
    """A bank-holiday region as the ``holidays`` package knows it, normalised (``gb-sct`` → ``GB-SCT``).

    Args:
        code: A country code (``IE``, ``NZ``), optionally with a subdivision after a dash (``AU-WA``).

    Returns:
        The code in upper case.

    Raises:
        ValueError: The package knows no such country or subdivision; the message gives valid examples.
    """
    region = code.strip().upper()
    try:
        if not region.partition("-")[0]:
            raise NotImplementedError(code)
        _calendar(region)  # kept: the planner's first tick then finds the region's calendar loaded
    except NotImplementedError as error:
        msg = f"unknown region {code!r}; use a country or subdivision code such as {', '.join(REGION_EXAMPLES)}"
        raise ValueError(msg) from error
    return region


def is_bank_holiday(day: date, region: str = DEFAULT_REGION) -> bool:
    """Whether ``day`` is a public holiday in ``region`` (``GB-ENG``, ``GB-SCT``, ``IE``…).

    Args:
        day: The local date.
        region: A country code, optionally with a subdivision after a dash.

    Returns:
        True on a bank holiday.
    """
    return day in _calendar(region)


def parse_days(value: str | Sequence[str]) -> frozenset[int]:
    """Working days as weekday numbers (Monday 0) from ``"mon,tue"`` or a list of names.

    Args:
        value: Comma-separated or listed three-letter day names.

    Returns:
        The weekday numbers; Monday to Friday when nothing valid is given.
    """
    return _parse_days(value if isinstance(value, str) else ",".join(value))


@lru_cache(maxsize=256)
def _parse_days(value: str) -> frozenset[int]:
    """Cached: the planner reads every person's days for every meeting it plans (a handful of patterns)."""
    names = value.split(",")
    days = frozenset(WEEKDAYS.index(n.strip().lower()[:3]) for n in names if n.strip().lower()[:3] in WEEKDAYS)
    return days or OFFICE_DAYS


@dataclass(frozen=True)
class Availability:
    """When someone (or a channel) may be nudged.

    Attributes:
        timezone: IANA zone of the recipient.
        work_start: Local start of the working day.
        work_end: Local end of the working day (exclusive).
        work_days: Weekday numbers (Monday 0) they work.
        leave: Inclusive (first, last) local dates away.
        snoozed_until: No nudges before this instant.
        stopped: The recipient asked for no more nudges.
        region: Bank-holiday region.
    """

    timezone: str = "Europe/London"
    work_start: time = time(9, 0)
    work_end: time = time(17, 0)
    work_days: frozenset[int] = OFFICE_DAYS
    leave: tuple[tuple[date, date], ...] = ()
    snoozed_until: datetime | None = None
    stopped: bool = False
    region: str = DEFAULT_REGION
    zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "zone", ZoneInfo(self.timezone))

    def is_working_day(self, day: date) -> bool:
        """A working day: one of their days, not a bank holiday, not on leave."""
        if day.weekday() not in self.work_days or is_bank_holiday(day, self.region):
            return False
        return not any(first <= day <= last for first, last in self.leave)

    def at(self, day: date, moment: time) -> datetime:
        """A local wall-clock moment as an aware UTC instant (DST-safe)."""
        local = datetime.combine(day, moment, tzinfo=self.zone)
        return local.astimezone(UTC)

    def local(self, instant: datetime) -> datetime:
        """An instant in the recipient's zone."""
        return instant.astimezone(self.zone)

    def in_working_time(self, instant: datetime) -> bool:
        """Within working hours on a working day (snooze and budget are not considered)."""
        local = self.local(instant)
        return self.is_working_day(local.date()) and self.work_start <= local.time() < self.work_end


def channel_availability(
    timezone: str, region: str = DEFAULT_REGION, hours: tuple[time, time] | None = None
) -> Availability:
    """A channel's posting hours: the locality's working hours, 09:00–17:00 Monday to Friday by default.

    Args:
        timezone: The organisation's (or locality's) zone.
        region: Bank-holiday region.
        hours: Start and end of the posting day.

    Returns:
        The channel's availability (no leave, snooze or budget).
    """
    start, end = hours or (time(9, 0), time(17, 0))
    return Availability(timezone=timezone, work_start=start, work_end=end, region=region)


def iso_week(instant: datetime, timezone: str) -> str:
    """The ISO week (``2026-W49``) an instant falls in, in a zone."""
    year, week, _ = instant.astimezone(ZoneInfo(timezone)).isocalendar()
    return f"{year}-W{week:02d}"


def next_working_moment(who: Availability, instant: datetime) -> datetime | None:
    """The first instant at or after ``instant`` inside working time (leave and holidays skipped).

    Args:
        who: The recipient's availability.
        instant: Where to start looking.

    Returns:
        The instant, or None when none comes within :data:`SEARCH_DAYS`.
    """
    local = who.local(instant)
    for offset in range(SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        if not who.is_working_day(day):
            continue
        start, end = who.at(day, who.work_start), who.at(day, who.work_end)
        if offset == 0:
            if instant >= end:
                continue
            return max(instant, start)
        return start
    return None


def _start_of_next_week(instant: datetime, zone: ZoneInfo) -> datetime:
    local = instant.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday()) + timedelta(days=7)
    return datetime.combine(monday, time(0, 0), tzinfo=zone).astimezone(UTC)


def next_allowed(
    who: Availability,
    instant: datetime,
    *,
    budget: int | None = None,
    used: Callable[[str], int] | Mapping[str, int] | None = None,
) -> datetime | None:
    """The first moment at or after ``instant`` when a nudge may reach ``who``.

    Args:
        who: The recipient's availability.
        instant: The earliest wished-for moment.
        budget: Proactive direct messages allowed per ISO week (None: no budget, as for channels).
        used: How many budgeted messages already count against each ISO week (``2026-W49`` → 2).

    Returns:
        The moment (deferred past snooze, leave, holidays, out-of-hours and full weeks), or None
        when the recipient stopped nudges or no moment comes within the search horizon.
    """
    if who.stopped:
        return None
    count: Callable[[str], int]
    if used is None:
        count = lambda _week: 0  # noqa: E731
    elif callable(used):
        count = used
    else:
        table = used
        count = lambda week: table.get(week, 0)  # noqa: E731
    candidate: datetime | None = instant
    if who.snoozed_until is not None and who.snoozed_until > instant:
        candidate = who.snoozed_until
    for _ in range(60):
        if candidate is None:
            return None
        candidate = next_working_moment(who, candidate)
        if candidate is None or budget is None or count(iso_week(candidate, who.timezone)) < budget:
            return candidate
        candidate = _start_of_next_week(candidate, who.zone)
    return None


def latest_at_or_before(who: Availability, target: datetime, not_before: datetime) -> datetime | None:
    """Move a nudge *back* into working time: the latest humane moment at or before ``target``.

    On the target's own day the target itself is used when it is inside working hours, or the
    end of the day less an hour when the target is after hours. On earlier working days the
    target's time of day is kept, clamped into working hours (a Monday 10:00 meeting prompted 24 h
    ahead lands on Friday at 10:00).

    Args:
        who: The recipient's availability (snooze and budget are applied later, at send time).
        target: The ideal moment (for example the meeting less the lead).
        not_before: Do not go earlier than this.

    Returns:
        The moment, or None when no working time lies between ``not_before`` and ``target``.
    """
    local = who.local(target)
    latest_ok = max(who.work_start, (datetime.combine(local.date(), who.work_end) - END_MARGIN).time())
    for offset in range(15):
        day = local.date() - timedelta(days=offset)
        if not who.is_working_day(day):
            continue
        if offset == 0:
            if local.time() < who.work_start:
                continue
            moment = target if local.time() < who.work_end else who.at(day, latest_ok)
        else:
            wanted = min(max(local.time(), who.work_start), latest_ok)
            moment = who.at(day, wanted)
        if moment < not_before:
            return None
        return moment
    return None


Action = Literal["send", "defer", "skip"]


@dataclass(frozen=True)
class Decision:
    """What to do with a due nudge now: send it, defer it to ``at``, or skip it (``reason``)."""

    action: Action
    at: datetime | None = None
    reason: str = ""


def decide(
    who: Availability,
    now: datetime,
    deadline: datetime,
    *,
    budget: int | None = None,
    used: Callable[[str], int] | Mapping[str, int] | None = None,
) -> Decision:
    """Decide a due nudge: send now, defer to the next allowed moment, or skip it past its grace.

    Args:
        who: The recipient's (or channel's) availability.
        now: The current instant.
        deadline: After this the nudge is stale and is never sent.
        budget: Weekly budget of proactive DMs (None for channel posts).
        used: Budgeted messages already counted per ISO week, not counting this one.

    Returns:
        The decision.
    """
    if who.stopped:
        return Decision("skip", reason="stopped")
    if now > deadline:
        return Decision("skip", reason="past grace")
    moment = next_allowed(who, now, budget=budget, used=used)
    if moment is None:
        return Decision("skip", reason="no allowed time")
    if moment >= deadline:
        return Decision("skip", reason="no allowed time before the deadline")
    if moment <= now:
        return Decision("send", at=now)
    return Decision("defer", at=moment)
