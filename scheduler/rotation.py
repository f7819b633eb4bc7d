"""Whose turn it is to bring a team meeting's Signs of Safety item (issue 18, distributed leadership).

For a team with ``agenda_rotation`` on, the planner asks one member per meeting instead of the chair:
a member of the team (any role held in the team) who is working on the meeting's day and at the prompt's
time (their own work days, hours, leave and bank holidays), not snoozed past the prompt, not stopped,
reachable by direct message, not asked in turn within four weeks, and with room left in that week's
budget of direct messages. :func:`bot.domain.rotation.choose_turn` picks the one asked least recently.
The person who would be asked without the rotation (the chair, or the stand-in while the chair is on
leave) is the back-up: they get the one reminder when no item has come in by the reminder time. With
nobody to ask in turn, the back-up gets the prompt and the reminder as before.

Teams without the rotation cost one query per planning pass and nothing else.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.constants import EventStatus, Role
from bot.domain.delivery import iso_week
from bot.domain.rotation import Candidate, choose_turn
from bot.domain.schedule import prompt_time
from bot.store.models import Person
from bot.store.models_nudges import MeetingOccurrence, Nudge
from bot.store.models_rotation import AgendaTurn
from bot.store.uow import UnitOfWork
from scheduler.env import NudgeEnv

ROTATING_ROLES = (Role.MEMBER, Role.PRACTICE_LEADER, Role.MANAGER)
HISTORY = timedelta(days=400)
"""How far back asks count for the round robin (older ones count as never asked)."""


def team_members(env: NudgeEnv, team_id: int) -> list[Person]:
    """Everyone holding a role in the team, by handle."""
    found = {
        person.id: person
        for person in env.people.values()
        for held in person.roles
        if held.team_id == team_id and held.role in ROTATING_ROLES
    }
    return sorted(found.values(), key=lambda p: p.handle)


@dataclass
class Rotation:
    """The rotation for one planning pass: the teams that rotate, their members' past asks and budgets, and
    the turns decided in this pass (stored by :meth:`save`)."""

    env: NudgeEnv
    teams: set[int] = field(default_factory=set)
    turns: dict[int, AgendaTurn] = field(default_factory=dict)
    asks: dict[int, list[datetime]] = field(default_factory=dict)
    used: dict[int, dict[str, int]] = field(default_factory=dict)
    planned: dict[int, list[datetime]] = field(default_factory=dict)
    waiting: dict[int, Nudge] = field(default_factory=dict)
    fresh: list[dict[str, object]] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)

    @classmethod
    async def load(cls, uow: UnitOfWork, env: NudgeEnv, rows: Sequence[MeetingOccurrence], now: datetime) -> Rotation:
        """Read what the rotation needs for these occurrences (nothing more when no team of theirs rotates)."""
        rotation = cls(env)
        rotation.teams = await uow.rotation.teams_rotating()
        rotating = [row for row in rows if row.team_id in rotation.teams]
        if not rotating:
            return rotation
        person_ids = sorted({p.id for team in {r.team_id for r in rotating} for p in team_members(env, team or 0)})
        rotation.turns = await uow.rotation.turns_of([row.id for row in rotating])
        rotation.waiting = await uow.rotation.waiting_prompts(list(rotation.turns))
        rotation.asks = await uow.rotation.asks_since(person_ids, now - HISTORY)
        rotation.used = await uow.nudges.used_weeks_of(person_ids)
        rotation.planned = await uow.nudges.planned_of(person_ids)
        return rotation

    def turn(
        self, row: MeetingOccurrence, backup: Collection[Person], known: set[tuple[int, str]], now: datetime
    ) -> Person | None:
        """The member asked for this occurrence in turn, or None (no rotation: the back-up is asked as before).

        A turn already planned stands, unless its prompt has not gone yet and the person can no longer be
        asked (leave, snooze or stop recorded since): then the turn passes on, and the stale prompt is
        dropped from ``known`` so that the new one is planned under the same key.

        Args:
            row: The occurrence.
            backup: The chair and whoever is asked without the rotation (never asked in turn).
            known: (occurrence id, kind) of the nudges already planned.
            now: The current instant.
        """
        if row.team_id is None or row.team_id not in self.teams:
            return None
        stored = self.turns.get(row.id)
        if stored is not None:
            person = self.env.people.get(stored.person_id)
            waiting = self.waiting.get(row.id)
            if person is None or waiting is None or waiting.person_id != person.id or self._can_ask(person, row):
                return person
            self._release(stored, waiting)
            known.discard((row.id, "agenda-prompt"))
        elif (row.id, "agenda-prompt") in known:  # asked before the rotation was on: that prompt stands
            return None
        if row.status != EventStatus.SCHEDULED or row.sofs_item or row.starts_at <= now:
            return None
        return self._choose(row, {p.id for p in backup}, now)

    def _choose(self, row: MeetingOccurrence, backup: set[int], now: datetime) -> Person | None:
        candidates: list[Candidate] = []
        prompts: dict[int, datetime] = {}
        for person in team_members(self.env, row.team_id or 0):
            asked_at = self._available_at(person, row) if person.id not in backup else None
            if asked_at is None:
                continue
            zone = ZoneInfo(person.timezone)
            earlier = tuple(a.astimezone(zone).date() for a in self.asks.get(person.id, []))
            candidates.append(Candidate(person.id, person.handle, asked_at.astimezone(zone).date(), earlier))
            prompts[person.id] = asked_at
        chosen = choose_turn(candidates)
        if chosen is None:
            return None
        asked_at = prompts[chosen]
        self.asks.setdefault(chosen, []).append(asked_at)
        self.planned.setdefault(chosen, []).append(asked_at)
        self.fresh.append(
            {
                "occurrence_id": row.id,
                "team_id": row.team_id,
                "person_id": chosen,
                "asked_at": asked_at,
                "created_at": now,
            }
        )
        return self.env.people.get(chosen)

    def _release(self, stored: AgendaTurn, waiting: Nudge) -> None:
        """Take back a planned turn whose person can no longer be asked (stored by :meth:`save`)."""
        asks, planned = self.asks.get(stored.person_id, []), self.planned.get(stored.person_id, [])
        if stored.asked_at in asks:
            asks.remove(stored.asked_at)
        if waiting.due_at in planned:
            planned.remove(waiting.due_at)
        self.replaced.append(stored.occurrence_id)
        del self.turns[stored.occurrence_id]

    def _asked_at(self, person: Person, row: MeetingOccurrence) -> datetime | None:
        """When the person would be asked, if they can be: reachable, working that day, not snoozed or stopped."""
        if not self.env.dm_platform(person):
            return None
        who = self.env.person(person)
        if who.stopped or not who.is_working_day(who.local(row.starts_at).date()):
            return None
        asked_at = prompt_time(who, row.starts_at, self.env.prompt_lead)
        if asked_at >= row.starts_at or not who.in_working_time(asked_at):
            return None
        if who.snoozed_until is not None and who.snoozed_until > asked_at:
            return None
        return asked_at

    def _can_ask(self, person: Person, row: MeetingOccurrence) -> bool:
        """Whether the person of a planned turn can still be asked (the send-time check minds the budget)."""
        return self._asked_at(person, row) is not None

    def _available_at(self, person: Person, row: MeetingOccurrence) -> datetime | None:
        """When the person would be asked, if they can be, with room left in that week's budget."""
        asked_at = self._asked_at(person, row)
        if asked_at is None:
            return None
        week = iso_week(asked_at, person.timezone)
        planned = sum(1 for due in self.planned.get(person.id, []) if iso_week(due, person.timezone) == week)
        if self.used.get(person.id, {}).get(week, 0) + planned >= self.env.budget:
            return None
        return asked_at

    async def save(self, uow: UnitOfWork) -> None:
        """Store the turns decided in this pass (after dropping those taken back, and their waiting prompts)."""
        await uow.rotation.replace(self.replaced)
        await uow.rotation.add_many(self.fresh)
        self.fresh, self.replaced = [], []


@dataclass(frozen=True)
class Reason:
    """Why a prompt's recipient is asked, in a rotation.

    Attributes:
        text: The sentence the prompt opens with ("It's your turn…", "…as the back-up"); empty outside a rotation.
        first_ask: The back-up's reminder is their first message about this meeting: it asks, it does not remind.
        own_turn: The recipient is asked because it is their turn (not as a stand-in for a chair on leave).
    """

    text: str = ""
    first_ask: bool = False
    own_turn: bool = False


async def turn_reason(uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, occurrence: MeetingOccurrence) -> Reason:
    """The rotation's sentence for a prompt or reminder (nothing when the occurrence is not rotated).

    Args:
        uow: An open unit of work.
        env: The organisation's nudge settings.
        nudge: The prompt or reminder being rendered.
        occurrence: Its meeting occurrence.

    Returns:
        The reason: the member whose turn it is hears who the back-up is; the back-up hears whose turn it was.
    """
    turn = await uow.rotation.turn(occurrence.id)
    if turn is None or nudge.person_id is None:
        return Reason()
    if nudge.person_id == turn.person_id:
        reminder = next(
            (n for n in await uow.nudges.for_occurrence(occurrence.id) if n.kind == "agenda-reminder"), None
        )
        backup = env.people.get(reminder.person_id or 0) if reminder is not None else None
        if backup is None or backup.id == turn.person_id:
            return Reason(texts.PROMPT_YOUR_TURN_ALONE, own_turn=True)
        return Reason(texts.PROMPT_YOUR_TURN.format(backup=backup.display_name), own_turn=True)
    if nudge.kind != "agenda-reminder":
        return Reason()
    member = env.people.get(turn.person_id)
    name = member.display_name if member is not None else texts.PROMPT_BACKUP_SOMEONE
    return Reason(texts.PROMPT_BACKUP.format(member=name), first_ask=True)
