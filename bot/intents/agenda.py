"""``/agenda``: the next meeting and its Signs of Safety item; a PL sets the item or adds/changes a meeting.

- ``/agenda`` — the next meeting of this channel's team (or locality: its management meeting),
  its item or the gap, and the 4-week coverage.
- ``/agenda set TEXT`` — record the next meeting's item (posted to the channel).
- ``/agenda meeting Tue 10:00 [weekly|fortnightly|monthly] [TITLE]`` — add or change a meeting.
- ``/agenda cancel`` — the next meeting is not happening (no prompt for it).
- ``/agenda rotate [on|off]`` — the team takes turns bringing the Signs of Safety item (issue 18), or not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.constants import COUNTY_ROLES, LEAD_ROLES, EventStatus, Role
from bot.context import TurnContext
from bot.domain.nudge_messages import ITEM_LIMIT
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.intents.agenda_prompt import may_answer, may_set_item, record_item
from bot.intents.guard import refuse_if_identifying
from bot.replies import Bold, Reply, TextBlock, say, text
from bot.services.calendars import meeting_occurrences
from bot.store.models import Meeting
from bot.store.models_nudges import MeetingOccurrence

LOOK_AHEAD = timedelta(days=62)
COVERAGE_WINDOW = timedelta(days=28)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FREQUENCIES = {
    "weekly": "FREQ=WEEKLY;BYDAY={day}",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
    "monthly": "FREQ=MONTHLY;BYDAY=+1{day}",
}
_MEETING = re.compile(
    r"^(?P<day>[a-z]{3})[a-z]*\s+(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s+(?P<freq>weekly|fortnightly|monthly))?(?:\s+(?P<title>.+))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scope:
    """A team (team meetings) or a locality (management meetings)."""

    team_id: int | None
    locality_id: int | None


async def _scope(ctx: TurnContext) -> Scope | None:
    if ctx.binding is not None and (ctx.binding.team_id or ctx.binding.locality_id):
        return Scope(ctx.binding.team_id, None if ctx.binding.team_id else ctx.binding.locality_id)
    team_id = await ctx.uow.people.home_team(ctx.actor.id)
    return Scope(team_id, None) if team_id is not None else None


async def _meetings(ctx: TurnContext, scope: Scope) -> Sequence[Meeting]:
    if scope.team_id is not None:
        return await ctx.uow.orgs.meetings_of_team(scope.team_id)
    if scope.locality_id is None:
        return []
    return await ctx.uow.orgs.meetings_of_locality(scope.locality_id)


async def next_occurrence(ctx: TurnContext, scope: Scope) -> MeetingOccurrence | None:
    """The scope's next meeting occurrence that is happening, stored (created when needed)."""
    region = (await ctx.uow.nudge_config.settings(ctx.org.id)).holiday_region
    upcoming = []
    for meeting in await _meetings(ctx, scope):
        for occurrence in await meeting_occurrences(ctx.calendars, meeting, ctx.now, ctx.now + LOOK_AHEAD, region):
            stored = await ctx.uow.occurrences.find(meeting.id, occurrence.occurs_on)
            status = stored.status if stored else occurrence.status
            if status == EventStatus.SCHEDULED and occurrence.starts_at > ctx.now:
                upcoming.append((occurrence.starts_at, meeting, occurrence))
                break
    if not upcoming:
        return None
    _, meeting, occurrence = min(upcoming, key=lambda triple: triple[0])
    return await ctx.uow.occurrences.ensure(meeting, occurrence)


async def _show(ctx: TurnContext, scope: Scope) -> list[Reply]:
    occurrence = await next_occurrence(ctx, scope)
    if occurrence is None:
        return [say(texts.AGENDA_NO_MEETING)]
    when = formats.when(occurrence.starts_at, occurrence.timezone)
    lines: list[TextBlock | str] = [texts.AGENDA_NEXT.format(title=occurrence.title, when=when)]
    if occurrence.sofs_item:
        lines.append(text(texts.AGENDA_ITEM, Bold(text=occurrence.sofs_item)))
    else:
        lines.append(await _missing(ctx, occurrence))
    team_ids = [scope.team_id] if scope.team_id is not None else []
    locality_ids = [scope.locality_id] if scope.locality_id is not None else []
    with_item, held = await ctx.uow.occurrences.coverage(
        team_ids=team_ids, locality_ids=locality_ids, start=ctx.now - COVERAGE_WINDOW, end=ctx.now
    )
    if held:
        lines.append(texts.AGENDA_COVERAGE.format(with_item=with_item, held=held))
    return [say(*lines)]


async def _missing(ctx: TurnContext, occurrence: MeetingOccurrence) -> str:
    """Who will be asked for a missing item: the member whose turn it is, in a rotation."""
    turn = await ctx.uow.rotation.turn(occurrence.id)
    member = await ctx.uow.people.get(turn.person_id) if turn is not None else None
    if member is not None:
        return texts.AGENDA_TURN.format(member=member.display_name)
    if occurrence.team_id is not None and occurrence.team_id in await ctx.uow.rotation.teams_rotating():
        return texts.AGENDA_ROTATION_ON_NOTE
    return texts.AGENDA_ITEM_MISSING


async def _set(ctx: TurnContext, scope: Scope, item: str) -> list[Reply]:
    item = " ".join(item.split())
    if not item:
        return [say(texts.AGENDA_USAGE)]
    if len(item) > ITEM_LIMIT:
        raise UserError(texts.AGENDA_ITEM_TOO_LONG.format(limit=ITEM_LIMIT))
    refusal = refuse_if_identifying(ctx, item)
    if refusal:
        return refusal
    occurrence = await next_occurrence(ctx, scope)
    if occurrence is None:
        return [say(texts.AGENDA_NO_MEETING)]
    if not await may_answer(ctx, occurrence):
        raise NotAllowed(texts.AGENDA_ONLY_LEADS)
    return [await record_item(ctx, occurrence, item)]


async def _cancel(ctx: TurnContext, scope: Scope) -> list[Reply]:
    occurrence = await next_occurrence(ctx, scope)
    if occurrence is None:
        return [say(texts.AGENDA_NO_MEETING)]
    if not may_set_item(ctx, occurrence):
        raise NotAllowed(texts.AGENDA_ONLY_LEADS)
    occurrence.status = EventStatus.CANCELLED
    await ctx.uow.nudges.skip_planned(occurrence_id=occurrence.id, reason="meeting cancelled")
    await ctx.audit("agenda.meeting_cancelled", "meeting_occurrence", occurrence.id)
    when = formats.when(occurrence.starts_at, occurrence.timezone)
    return [say(texts.AGENDA_CANCEL_DONE.format(title=occurrence.title, when=when))]


def _may_change_meetings(ctx: TurnContext, scope: Scope) -> bool:
    for role in ctx.actor.roles:
        if role.role in COUNTY_ROLES:
            return True
        if role.role in LEAD_ROLES and (
            (scope.team_id is not None and role.team_id == scope.team_id)
            or (scope.team_id is None and role.locality_id == scope.locality_id)
        ):
            return True
    return False


def _may_rotate(ctx: TurnContext, team_id: int) -> bool:
    """A practice leader or manager of the team, or a county lead."""
    return any(
        (role.role in COUNTY_ROLES and role.team_id is None and role.locality_id is None)
        or (role.role in LEAD_ROLES and role.team_id == team_id)
        for role in ctx.actor.roles
    )


async def _rotate(ctx: TurnContext, scope: Scope, arg: str) -> list[Reply]:
    """``/agenda rotate [on|off]``: the team takes turns bringing the Signs of Safety item, or stops."""
    if scope.team_id is None:
        return [say(texts.AGENDA_ROTATE_TEAM_ONLY)]
    team = await ctx.uow.orgs.team(scope.team_id)
    if team is None:
        return [say(texts.AGENDA_NO_TEAM)]
    wanted = arg.strip().lower()
    if wanted == "":
        shown = texts.AGENDA_ROTATE_STATUS_ON if team.agenda_rotation else texts.AGENDA_ROTATE_STATUS_OFF
        return [say(shown.format(team=team.name))]
    if wanted not in {"on", "off"}:
        return [say(texts.AGENDA_ROTATE_USAGE)]
    if not _may_rotate(ctx, team.id):
        raise NotAllowed(texts.AGENDA_ROTATE_ONLY_LEADS)
    on = wanted == "on"
    if team.agenda_rotation == on:
        already = texts.AGENDA_ROTATE_ALREADY_ON if on else texts.AGENDA_ROTATE_ALREADY_OFF
        return [say(already.format(team=team.name))]
    team.agenda_rotation = on
    await ctx.uow.rotation.forget_unsent(team.id, ctx.now)  # the coming meetings are asked under the new setting
    for meeting in await ctx.uow.orgs.meetings_of_team(team.id):
        await ctx.uow.nudge_config.forget_mark(f"meeting:{meeting.id}")
    await ctx.audit("agenda.rotation_on" if on else "agenda.rotation_off", "team", team.id)
    done = texts.AGENDA_ROTATE_ON if on else texts.AGENDA_ROTATE_OFF
    return [say(done.format(team=team.name))]


def _first_start(day: str, at: time, tz: str, now: datetime) -> datetime:
    zone = ZoneInfo(tz)
    today: date = now.astimezone(zone).date()
    ahead = (DAYS.index(day) - today.weekday()) % 7
    start = datetime.combine(today + timedelta(days=ahead), at, tzinfo=zone)
    return start if start > now else start + timedelta(days=7)


async def _meeting(ctx: TurnContext, scope: Scope, spec: str) -> list[Reply]:
    match = _MEETING.match(spec.strip())
    if match is None or match["day"].lower() not in DAYS or int(match["h"]) > 23 or int(match["m"]) > 59:
        return [say(texts.AGENDA_USAGE)]
    if not _may_change_meetings(ctx, scope):
        raise NotAllowed(texts.AGENDA_MEETING_ONLY_LEADS)
    day, at = match["day"].lower(), time(int(match["h"]), int(match["m"]))
    frequency = (match["freq"] or "weekly").lower()
    kind = "team" if scope.team_id is not None else "management"
    default = texts.AGENDA_DEFAULT_TEAM_MEETING if kind == "team" else texts.AGENDA_DEFAULT_MANAGEMENT_MEETING
    title = (match["title"] or default).strip()[:200]
    refusal = refuse_if_identifying(ctx, title)  # the title is posted with the Signs of Safety item
    if refusal:
        return refusal
    existing = next((m for m in await _meetings(ctx, scope) if m.title.lower() == title.lower()), None)
    tz = existing.timezone if existing else ctx.org.timezone
    rule = FREQUENCIES[frequency].format(day=day[:2].upper())
    first = _first_start(day, at, tz, ctx.now)
    if existing is None:
        existing = Meeting(team_id=scope.team_id, locality_id=scope.locality_id, kind=kind, title=title, timezone=tz)
        existing.chair_id = ctx.actor.id if any(r.role == Role.PRACTICE_LEADER for r in ctx.actor.roles) else None
    existing.rrule, existing.ics_source, existing.starts_at = rule, "", first
    existing.duration_minutes = existing.duration_minutes or 60
    await ctx.uow.orgs.save_meeting(existing)
    await _replan(ctx, existing)
    await ctx.audit("agenda.meeting_saved", "meeting", existing.id)
    every = texts.AGENDA_EVERY[frequency]
    when = formats.when(first, tz)
    return [
        say(texts.AGENDA_MEETING_SAVED.format(title=title, every=every, day=day.title(), at=f"{at:%H:%M}", when=when))
    ]


async def _replan(ctx: TurnContext, meeting: Meeting) -> None:
    """After a schedule change: future occurrences are dropped until re-planned; plans not yet sent go."""
    await ctx.uow.occurrences.drop_after(meeting.id, ctx.now)
    await ctx.uow.nudge_config.forget_mark(f"meeting:{meeting.id}")


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Route ``/agenda`` and its verbs."""
    scope = await _scope(ctx)
    if scope is None:
        return [say(texts.AGENDA_NO_TEAM)]
    verb, _, rest = ctx.command.text.strip().partition(" ")
    verb = verb.lower()
    if verb == "":
        return await _show(ctx, scope)
    if verb == "set":
        return await _set(ctx, scope, rest)
    if verb == "meeting":
        return await _meeting(ctx, scope, rest)
    if verb == "cancel":
        return await _cancel(ctx, scope)
    if verb == "rotate":
        return await _rotate(ctx, scope, rest)
    return [say(texts.AGENDA_USAGE)]
