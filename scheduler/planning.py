"""Planning ahead: meeting occurrences and their prompts, digests, pulses and event reminders become
``nudges`` rows with a due time, a deadline and a unique key. Inserting an existing key does nothing,
so any number of planners may run this."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import keys
from bot.constants import EventStatus
from bot.domain.delivery import latest_at_or_before
from bot.domain.schedule import (
    DIGEST_GRACE,
    Occurrence,
    digest_time,
    month_end,
    month_key,
    prompt_time,
    pulse_time,
    reminder_time,
    week_key,
)
from bot.ports import CalendarSource
from bot.services.calendars import meeting_occurrences
from bot.store.models import Meeting, Person
from bot.store.models_nudges import MeetingOccurrence, ScheduledEvent
from bot.store.uow import UnitOfWork
from scheduler.env import NudgeEnv
from scheduler.rotation import Rotation
from scheduler.stand_in import who_is_asked

HORIZON = timedelta(days=10)
REFRESH = timedelta(hours=12)
PERIODIC_REFRESH = timedelta(minutes=15)
PULSE_GRACE = timedelta(days=10)
EVENT_LOOKAHEAD = timedelta(days=35)
CHUNK = 1000
DIGEST_WEEKDAY, DIGEST_AT = 4, time(15, 0)  # Friday 15:00 local
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _nudge(
    *,
    key: str,
    kind: str,
    platform: str,
    due_at: datetime,
    deadline: datetime,
    now: datetime,
    person_id: int | None = None,
    channel_id: str = "",
    occurrence_id: int | None = None,
    event_id: int | None = None,
    period: str = "",
) -> dict[str, object]:
    return {
        "key": key,
        "kind": kind,
        "status": "planned",
        "platform": platform,
        "person_id": person_id,
        "channel_id": channel_id,
        "occurrence_id": occurrence_id,
        "event_id": event_id,
        "period": period,
        "due_at": due_at,
        "deadline": deadline,
        "budget_week": "",
        "skip_reason": "",
        "created_at": now,
    }


def _chair(meeting: Meeting, people: dict[int, Person], leaders: dict[int, int]) -> Person | None:
    chair_id = meeting.chair_id or (leaders.get(meeting.team_id) if meeting.team_id else None)
    return people.get(chair_id) if chair_id else None


def _agenda_nudges(
    env: NudgeEnv, meeting: Meeting, row: MeetingOccurrence, chair: Person, now: datetime, *, turn: Person | None = None
) -> list[dict[str, object]]:
    platform = env.dm_platform(chair)
    if not platform or row.status != EventStatus.SCHEDULED or row.sofs_item or row.starts_at <= now:
        return []
    if turn is not None:
        return _turn_nudges(env, meeting, row, (turn, chair), now)
    who = env.person(chair)
    prompt_at = prompt_time(who, row.starts_at, env.prompt_lead)
    remind_at = reminder_time(who, row.starts_at, prompt_at, env.reminder_lead)
    day = row.occurs_on.isoformat()
    return [
        _nudge(
            key=keys.meeting_nudge(kind, meeting.id, day),
            kind=kind,
            platform=platform,
            person_id=chair.id,
            occurrence_id=row.id,
            due_at=due,
            deadline=row.starts_at,
            now=now,
        )
        for kind, due in (("agenda-prompt", prompt_at), ("agenda-reminder", remind_at))
        if due is not None
    ]


def _turn_nudges(
    env: NudgeEnv, meeting: Meeting, row: MeetingOccurrence, asked: tuple[Person, Person], now: datetime
) -> list[dict[str, object]]:
    """The rotation: the prompt to the member whose turn it is, the one reminder to the back-up (the chair)."""
    turn, backup = asked
    prompt_at = prompt_time(env.person(turn), row.starts_at, env.prompt_lead)
    remind_at = reminder_time(env.person(backup), row.starts_at, prompt_at, env.reminder_lead)
    day = row.occurs_on.isoformat()
    return [
        _nudge(
            key=keys.meeting_nudge(kind, meeting.id, day),
            kind=kind,
            platform=env.dm_platform(person),
            person_id=person.id,
            occurrence_id=row.id,
            due_at=due,
            deadline=row.starts_at,
            now=now,
        )
        for kind, person, due in (("agenda-prompt", turn, prompt_at), ("agenda-reminder", backup, remind_at))
        if due is not None and env.dm_platform(person)
    ]


async def plan_meetings(
    uow: UnitOfWork, env: NudgeEnv, now: datetime, stale: Sequence[Meeting], calendars: CalendarSource
) -> int:
    """Store the coming occurrences of these meetings, with their prompts and reminders.

    Args:
        uow: An open unit of work (the caller commits).
        env: The organisation's nudge settings.
        now: The current instant.
        stale: The meetings to plan (a chunk of those not planned far enough ahead).
        calendars: Reads the meetings kept in a calendar.

    Returns:
        How many meetings were planned.
    """
    end = now + HORIZON
    if not stale:
        return 0
    people = env.people
    leaders = {t: p for p, t, _ in reversed(await uow.nudge_config.practice_leaders()) if t is not None}
    existing = await uow.occurrences.in_window([m.id for m in stale], now, end)
    orphans = await uow.occurrences.orphans(now, end)
    planned: list[tuple[Meeting, Occurrence]] = []
    fresh: list[dict[str, object]] = []
    for meeting in stale:
        computed = await meeting_occurrences(calendars, meeting, now, end, env.region)
        if meeting.ics_source:  # an occurrence removed from the calendar is not happening
            days = {o.occurs_on for o in computed}
            for (meeting_id, day), gone in existing.items():
                if meeting_id == meeting.id and day not in days and gone.starts_at >= now:
                    gone.status = EventStatus.CANCELLED
        for occurrence in computed:
            row = existing.get((meeting.id, occurrence.occurs_on))
            if row is None:
                row = orphans.pop((meeting.team_id, meeting.locality_id, meeting.title, occurrence.occurs_on), None)
                if row is not None:
                    row.meeting_id = meeting.id
            if row is None:
                fresh.append(uow.occurrences.values(meeting, occurrence))
            else:
                uow.occurrences.refresh(row, meeting, occurrence)
            planned.append((meeting, occurrence))
    await uow.occurrences.insert_many(fresh)  # one statement; a concurrent planner's rows are left alone
    stored = await uow.occurrences.in_window([m.id for m in stale], now, end)
    rows = [(m, stored[(m.id, o.occurs_on)]) for m, o in planned if (m.id, o.occurs_on) in stored]
    known = await uow.nudges.kinds_for_occurrences([row.id for _, row in rows])
    rotation = await Rotation.load(uow, env, [row for _, row in rows], now)
    nudges: list[dict[str, object]] = []
    for meeting, row in rows:
        chair = _chair(meeting, people, leaders)
        if chair is not None:  # an adopted occurrence keeps the prompt it already had
            asked = who_is_asked(env, chair, meeting.team_id, meeting.locality_id, row.starts_at)
            turn = rotation.turn(row, (chair, asked), known, now) if env.dm_platform(asked) else None
            wanted = _agenda_nudges(env, meeting, row, asked, now, turn=turn)
            nudges += [n for n in wanted if (row.id, str(n["kind"])) not in known]
    await rotation.save(uow)
    await uow.nudges.add_many_if_missing(nudges)
    await uow.nudge_config.set_marks({f"meeting:{m.id}": end for m in stale})
    return len(stale)


async def due_for_refresh(uow: UnitOfWork, key: str, now: datetime, every: timedelta = PERIODIC_REFRESH) -> bool:
    """Whether periodic planning ``key`` is due (it then records ``now``; the caller commits)."""
    last = (await uow.nudge_config.marks(key)).get(key, NEVER)
    if now - every < last <= now:
        return False
    await uow.nudge_config.set_marks({key: now})
    return True


async def plan_digests(uow: UnitOfWork, env: NudgeEnv, now: datetime) -> int:
    """Plan this week's and next week's digest for every bound channel (Friday 15:00 local by default)."""
    settings = await uow.nudge_config.digest_settings()
    rows: list[dict[str, object]] = []
    for binding in await uow.nudge_config.bindings(env.platforms):
        own = settings.get((binding.platform, binding.channel_id))
        if own is not None and not own.enabled:
            continue
        weekday, at = (own.weekday, own.at_time) if own else (DIGEST_WEEKDAY, DIGEST_AT)
        region = await env.channel_region(uow, binding.platform, binding.channel_id)
        channel = env.channel(own.timezone if own and own.timezone else "", region)
        today = now.astimezone(channel.zone).date()
        for week_of in (today, today + timedelta(days=7)):
            due = digest_time(channel, week_of, weekday, at)
            week = week_key(week_of)
            rows.append(
                _nudge(
                    key=keys.digest(binding.platform, binding.channel_id, week),
                    kind="digest",
                    platform=binding.platform,
                    channel_id=binding.channel_id,
                    period=week,
                    due_at=due,
                    deadline=due + DIGEST_GRACE,
                    now=now,
                )
            )
    await _insert_missing(uow, rows, now)
    return len(rows)


async def plan_pulses(uow: UnitOfWork, env: NudgeEnv, now: datetime) -> int:
    """Plan this month's and next month's pulse for every practice leader."""
    people = env.people
    rows: list[dict[str, object]] = []
    for person_id in dict.fromkeys(p for p, _, _ in await uow.nudge_config.practice_leaders()):
        person = people.get(person_id)
        platform = env.dm_platform(person) if person else ""
        if person is None or not platform:
            continue
        who = env.person(person)
        today = now.astimezone(ZoneInfo(person.timezone)).date()
        nxt = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        for first in (today.replace(day=1), nxt):
            due = pulse_time(who, first.year, first.month)
            deadline = min(month_end(first.year, first.month, person.timezone), due + PULSE_GRACE)
            month = month_key(first)
            rows.append(
                _nudge(
                    key=keys.pulse(person.id, month),
                    kind="pulse",
                    platform=platform,
                    person_id=person.id,
                    period=month,
                    due_at=due,
                    deadline=deadline,
                    now=now,
                )
            )
    await _insert_missing(uow, rows, now)
    return len(rows)


async def _event_channels(uow: UnitOfWork, env: NudgeEnv, event: ScheduledEvent) -> list[tuple[str, str]]:
    bindings = await uow.nudge_config.bindings(env.platforms)
    if event.team_id is not None:
        chosen = [b for b in bindings if b.team_id == event.team_id]
    elif event.locality_id is not None:
        chosen = [b for b in bindings if b.locality_id == event.locality_id]
    else:  # a county event goes to every locality channel
        chosen = [b for b in bindings if b.locality_id is not None]
    return [(b.platform, b.channel_id) for b in chosen]


async def plan_events(uow: UnitOfWork, env: NudgeEnv, now: datetime) -> int:
    """Plan reminders (a week and a day before, by default) for events in the coming weeks."""
    rows: list[dict[str, object]] = []
    for event in await uow.events.starting_between(now, now + EVENT_LOOKAHEAD):
        channel = env.channel(event.timezone, env.locality_regions.get(event.locality_id or 0, ""))
        for minutes in event.reminder_leads or []:
            lead = timedelta(minutes=int(minutes))
            target = event.starts_at - lead
            due = latest_at_or_before(channel, target, target - timedelta(days=3)) or target
            deadline = min(event.starts_at, target + min(lead / 2, timedelta(hours=24)))
            for platform, channel_id in await _event_channels(uow, env, event):
                rows.append(
                    _nudge(
                        key=keys.event_reminder(event.id, int(minutes), platform, channel_id),
                        kind="event-reminder",
                        platform=platform,
                        channel_id=channel_id,
                        event_id=event.id,
                        period=str(int(minutes)),
                        due_at=due,
                        deadline=deadline,
                        now=now,
                    )
                )
    await _insert_missing(uow, rows, now)
    return len(rows)


async def _insert_missing(uow: UnitOfWork, rows: list[dict[str, object]], now: datetime) -> None:
    """Insert the planned nudges not yet known, leaving out any whose deadline has already passed."""
    if not rows:
        return
    known = await uow.nudges.existing_keys(str(r["key"]) for r in rows)
    deadlines = {str(r["key"]): r["deadline"] for r in rows}
    fresh = [r for r in rows if r["key"] not in known and _after(deadlines[str(r["key"])], now)]
    await uow.nudges.add_many_if_missing(fresh)


def _after(deadline: object, now: datetime) -> bool:
    return isinstance(deadline, datetime) and deadline > now
