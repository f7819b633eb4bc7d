"""Planning and rendering the PL space's nudges (issue 18).

- ``pl-digest``: the weekly PL digest in each of the county PL group's channels (Friday 15:00 in the
  organisation's zone, as the channel digests; the working day before on a bank holiday), built when it
  falls due from the stories approved in the seven days before. Nothing new → nothing posted.
- ``fared-prompt``: three working days before each County PL meeting, one practice leader of each
  locality (the first of its own practice leaders who is not on leave around the meeting and can get a
  direct message; a locality without any asks its teams' practice leaders) gets "How has <locality>
  fared since the last PL meeting? One line." It is a direct message like any prompt: inside their
  working hours, never on leave or while snoozed, and within the weekly budget. It is not sent when the
  locality's line is already in, and it lapses when the summary goes.
- ``fared-summary``: the working day before the meeting at 14:00 (organisation's zone), the one-page
  summary in each PL channel.

The County PL meeting's own agenda prompt is planned by :func:`scheduler.planning.plan_meetings`, as for
every meeting (it is a ``meetings`` row of kind ``county``; its chair is asked).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from bot import keys
from bot.constants import EventStatus
from bot.constants import Role as RoleName
from bot.domain.delivery import Availability
from bot.domain.pl_space import fared_prompt, fared_value, parse_fared_value
from bot.domain.schedule import DIGEST_GRACE, digest_time, week_key
from bot.i18n import formats
from bot.replies import Reply
from bot.services.pl_space import fared_summary_reply, pl_digest_reply
from bot.store.models import Locality, Person
from bot.store.models_nudges import Nudge
from bot.store.uow import UnitOfWork
from scheduler.env import NudgeEnv
from scheduler.stand_in import holders, on_leave_around

PL_DIGEST, FARED_PROMPT, FARED_SUMMARY = "pl-digest", "fared-prompt", "fared-summary"
PURPOSES = {PL_DIGEST: "pl_digest", FARED_PROMPT: "fared_prompt", FARED_SUMMARY: "fared_summary"}
"""Nudge kind → outbox purpose."""
PL_KINDS = frozenset(PURPOSES)
DIGEST_WEEKDAY, DIGEST_AT = 4, time(15, 0)  # Friday 15:00 local, as the channel digests
ASK_WORKING_DAYS, ASK_AT = 3, time(10, 0)
SUMMARY_WORKING_DAYS, SUMMARY_AT = 1, time(14, 0)
LOOKAHEAD = timedelta(days=10)
"""How far ahead County PL meetings are looked at (as far as meetings are planned)."""


def working_days_before(who: Availability, starts_at: datetime, days: int, at: time) -> datetime:
    """``days`` working days before a meeting's local date, at ``at`` (kept inside working hours).

    Args:
        who: The recipient's (or the channel's) availability.
        starts_at: The meeting's start.
        days: How many working days before.
        at: The local time of day wanted.

    Returns:
        The instant (with no working day in the three weeks before: ``days`` calendar days before).
    """
    meeting_day = who.local(starts_at).date()
    day, counted = meeting_day, 0
    for _ in range(21):
        day -= timedelta(days=1)
        counted += who.is_working_day(day)
        if counted == days:
            break
    else:
        day = meeting_day - timedelta(days=days)
    latest = (datetime.combine(day, who.work_end) - timedelta(hours=1)).time()
    return who.at(day, min(max(at, who.work_start), max(latest, who.work_start)))


def asked_for(env: NudgeEnv, locality: Locality, starts_at: datetime) -> Person | None:
    """The practice leader asked for a locality's line: the first not on leave around the meeting who can
    get a direct message (else the first who can; None when the locality has no practice leader)."""
    leaders = holders(env, RoleName.PRACTICE_LEADER, None, locality.id)
    if not leaders:
        leaders = [p for team in locality.teams for p in holders(env, RoleName.PRACTICE_LEADER, team.id, None)]
    reachable = [p for p in dict.fromkeys(leaders) if env.dm_platform(p)]
    present = [p for p in reachable if not on_leave_around(env, p, starts_at)]
    chosen = present or reachable
    return chosen[0] if chosen else None


def _row(key: str, kind: str, platform: str, *, due: datetime, deadline: datetime, now: datetime) -> dict[str, object]:
    return {
        "key": key,
        "kind": kind,
        "status": "planned",
        "platform": platform,
        "person_id": None,
        "channel_id": "",
        "occurrence_id": None,
        "event_id": None,
        "period": "",
        "due_at": due,
        "deadline": deadline,
        "budget_week": "",
        "skip_reason": "",
        "created_at": now,
    }


async def plan_pl_space(uow: UnitOfWork, env: NudgeEnv, now: datetime) -> int:
    """Plan this week's and next week's PL digests, and the questions and summaries of the County PL
    meetings in the coming days; returns how many nudges were considered (existing keys are left alone)."""
    channels = await uow.pl_space.channels(env.platforms)
    org_channel = env.channel()
    rows: list[dict[str, object]] = []
    today: date = now.astimezone(org_channel.zone).date()
    for channel in channels:
        for week_of in (today, today + timedelta(days=7)):
            due = digest_time(org_channel, week_of, DIGEST_WEEKDAY, DIGEST_AT)
            week = week_key(week_of)
            row = _row(
                keys.pl_digest(channel.platform, channel.channel_id, week),
                PL_DIGEST,
                channel.platform,
                due=due,
                deadline=due + DIGEST_GRACE,
                now=now,
            )
            rows.append({**row, "channel_id": channel.channel_id, "period": week})
    localities = await uow.orgs.localities() if channels else []
    for occurrence in await uow.pl_space.county_occurrences(now, now + LOOKAHEAD) if channels else []:
        summary_at = working_days_before(org_channel, occurrence.starts_at, SUMMARY_WORKING_DAYS, SUMMARY_AT)
        for channel in channels:
            key = keys.fared_summary(occurrence.id, channel.platform, channel.channel_id)
            row = _row(key, FARED_SUMMARY, channel.platform, due=summary_at, deadline=occurrence.starts_at, now=now)
            rows.append({**row, "channel_id": channel.channel_id, "period": str(occurrence.id)})
        for locality in localities:
            person = asked_for(env, locality, occurrence.starts_at)
            if person is None:
                continue
            who = replace(env.person(person), leave=())  # on leave then: deferred, or lapses with the summary
            ask_at = working_days_before(who, occurrence.starts_at, ASK_WORKING_DAYS, ASK_AT)
            key = keys.fared_prompt(occurrence.id, locality.id)
            row = _row(
                key, FARED_PROMPT, env.dm_platform(person), due=min(ask_at, summary_at), deadline=summary_at, now=now
            )
            rows.append({**row, "person_id": person.id, "period": fared_value(occurrence.id, locality.id)})
    known = await uow.nudges.existing_keys(str(r["key"]) for r in rows)
    fresh = [r for r in rows if r["key"] not in known and isinstance(r["deadline"], datetime) and r["deadline"] > now]
    await uow.nudges.add_many_if_missing(fresh)
    return len(rows)


async def _fared_prompt(uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, now: datetime) -> Reply | None:
    parsed = parse_fared_value(nudge.period)
    person = env.people.get(nudge.person_id or 0)
    if parsed is None or person is None:
        return None
    occurrence = await uow.occurrences.get(parsed[0])
    locality = await uow.orgs.locality(parsed[1])
    if occurrence is None or locality is None or occurrence.status != EventStatus.SCHEDULED:
        return None
    if occurrence.starts_at <= now or locality.id in await uow.pl_space.lines(occurrence.id):
        return None  # the meeting has started, or another practice leader already wrote the line
    return fared_prompt(
        locality=locality.name,
        title=occurrence.title,
        when=formats.when(occurrence.starts_at, person.timezone),
        occurrence_id=occurrence.id,
        locality_id=locality.id,
    )


async def render_pl(uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, now: datetime) -> Reply | None:
    """The reply of a due PL-space nudge, or None when there is nothing to say (an empty week, a meeting
    no longer happening, a line already in)."""
    if nudge.kind == PL_DIGEST:
        return await pl_digest_reply(uow, env.organisation, now)
    if nudge.kind == FARED_PROMPT:
        return await _fared_prompt(uow, env, nudge, now)
    if nudge.kind == FARED_SUMMARY and nudge.period.isdigit():
        occurrence = await uow.occurrences.get(int(nudge.period))
        if occurrence is None or occurrence.status != EventStatus.SCHEDULED or occurrence.starts_at <= now:
            return None
        return await fared_summary_reply(uow, occurrence, env.timezone)
    return None
