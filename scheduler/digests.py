"""Gathering a channel's weekly digest from the store (the wording is built by ``bot.domain.digest``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.constants import EventStatus
from bot.domain.digest import DigestData, EventLine, MeetingLine, VoteLine, build_digest
from bot.domain.nudge_messages import meeting_label
from bot.i18n import formats
from bot.ports import CalendarSource
from bot.replies import Reply
from bot.services.calendars import meeting_occurrences
from bot.store.uow import UnitOfWork
from scheduler.env import NudgeEnv
from scheduler.seminar_jobs import open_vote_lines

WINDOW = timedelta(days=7)
COVERAGE_WINDOW = timedelta(days=28)
EVENTS_AHEAD = timedelta(days=14)


@dataclass(frozen=True)
class Scope:
    """Which teams and localities a channel speaks for."""

    name: str
    team_ids: tuple[int, ...]
    locality_ids: tuple[int, ...]
    event_locality_ids: tuple[int, ...] = ()


async def channel_scope(uow: UnitOfWork, platform: str, channel_id: str) -> Scope | None:
    """The team or locality behind a bound channel (a locality channel covers its teams)."""
    binding = await uow.orgs.binding(platform, channel_id)
    if binding is None:
        return None
    if binding.team_id is not None:
        team = await uow.orgs.team(binding.team_id)
        return Scope(team.name, (team.id,), (), (team.locality_id,)) if team else None
    if binding.locality_id is not None:
        locality = await uow.orgs.locality(binding.locality_id)
        if locality is None:
            return None
        return Scope(locality.name, tuple(t.id for t in locality.teams), (locality.id,), (locality.id,))
    return None


async def unit_name(uow: UnitOfWork, team_id: int | None, locality_id: int | None) -> str:
    """The name of a meeting's team, or else its locality (``""`` for neither)."""
    if team_id is not None:
        team = await uow.orgs.team(team_id)
        return team.name if team else ""
    if locality_id is not None:
        locality = await uow.orgs.locality(locality_id)
        return locality.name if locality else ""
    return ""


def next_week(now: datetime, tz: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to the following Monday 00:00 of the week after ``now``, local."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    start = datetime.combine(monday, time(0, 0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0, 0), tzinfo=zone)
    return start, end


async def _meetings(
    uow: UnitOfWork, env: NudgeEnv, scope: Scope, now: datetime, calendars: CalendarSource
) -> list[MeetingLine]:
    start, end = next_week(now, env.timezone)
    lines: list[tuple[datetime, MeetingLine]] = []
    meetings = await uow.schedule.meetings_of(team_ids=scope.team_ids, locality_ids=scope.locality_ids)
    known = await uow.occurrences.in_window([m.id for m in meetings], start, end)
    several = len(scope.team_ids) + len(scope.locality_ids) > 1  # a locality channel: name each meeting's unit
    for meeting in meetings:
        unit = await unit_name(uow, meeting.team_id, meeting.locality_id) if several else ""
        for occurrence in await meeting_occurrences(calendars, meeting, start, end, env.region):
            stored = known.get((meeting.id, occurrence.occurs_on))
            status = stored.status if stored else occurrence.status
            item = stored.sofs_item if stored else ""
            when = formats.when(stored.starts_at if stored else occurrence.starts_at, meeting.timezone)
            line = MeetingLine(meeting_label(unit, meeting.title), when, item, status == EventStatus.SCHEDULED)
            lines.append((occurrence.starts_at, line))
    return [line for _, line in sorted(lines, key=lambda pair: pair[0])]


async def _events(uow: UnitOfWork, scope: Scope, now: datetime) -> list[EventLine]:
    events = await uow.schedule.events_between(
        team_ids=scope.team_ids, locality_ids=scope.event_locality_ids, start=now, end=now + EVENTS_AHEAD
    )
    return [
        EventLine(
            texts.EVENT_KINDS.get(e.kind, texts.EVENT_KINDS["other"]),
            e.title,
            formats.when(e.starts_at, e.timezone),
            e.id,
        )
        for e in events
    ]


async def open_votes(uow: UnitOfWork, env: NudgeEnv, scope: Scope, now: datetime) -> Sequence[VoteLine]:
    """The open seminar votes of the channel's locality, with their deadlines."""
    return await open_vote_lines(uow, scope.event_locality_ids, now, env.timezone)


async def gather(  # noqa: PLR0917 - the channel, the moment and what reads calendars
    uow: UnitOfWork, env: NudgeEnv, platform: str, channel_id: str, now: datetime, calendars: CalendarSource
) -> DigestData | None:
    """Everything a channel's digest may say this week (None for an unbound channel).

    Args:
        uow: An open unit of work.
        env: The organisation's nudge settings.
        platform: The channel's platform.
        channel_id: The channel.
        now: The digest's moment.
        calendars: Reads the meetings kept in a calendar.

    Returns:
        The digest data.
    """
    scope = await channel_scope(uow, platform, channel_id)
    if scope is None:
        return None
    celebrations, total = await uow.digests.celebrations(
        team_ids=scope.team_ids, locality_ids=scope.locality_ids, start=now - WINDOW, end=now
    )
    shared, approved = await uow.digests.stories(team_ids=scope.team_ids, start=now - WINDOW, end=now)
    coverage = await uow.occurrences.coverage(
        team_ids=scope.team_ids, locality_ids=scope.locality_ids, start=now - COVERAGE_WINDOW, end=now
    )
    return DigestData(
        unit=scope.name,
        celebrations=celebrations,
        celebrations_total=total,
        stories_shared=shared,
        stories_approved=approved,
        meetings=await _meetings(uow, env, scope, now, calendars),
        events=await _events(uow, scope, now),
        votes=await open_votes(uow, env, scope, now),
        coverage=coverage,
    )


async def digest_reply(  # noqa: PLR0917 - as gather
    uow: UnitOfWork, env: NudgeEnv, platform: str, channel_id: str, now: datetime, calendars: CalendarSource
) -> Reply | None:
    """A channel's digest as a reply, or None when there is nothing to say."""
    data = await gather(uow, env, platform, channel_id, now, calendars)
    return build_digest(data) if data is not None else None
