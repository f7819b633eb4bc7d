"""Who is asked for a meeting's Signs of Safety item when its chair is on leave.

The chair is on leave on the day of the prompt (the prompt lead before the meeting) or on the day of
the meeting, in their own zone: the team's other practice leader is asked, or else its manager (a
locality meeting: the locality's), the first one who is not on leave either and can get a direct
message. With no one to ask, the chair keeps the prompt (the send-time check defers or skips it).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.constants import Role
from bot.store.models import Person
from bot.store.models_nudges import MeetingOccurrence
from scheduler.env import NudgeEnv

STAND_IN_ROLES = (Role.PRACTICE_LEADER, Role.MANAGER)


def on_leave_around(env: NudgeEnv, person: Person, starts_at: datetime) -> bool:
    """Whether a person is on leave on the prompt's day or the meeting's day (their local dates)."""
    zone = ZoneInfo(person.timezone)
    days = {(starts_at - env.prompt_lead).astimezone(zone).date(), starts_at.astimezone(zone).date()}
    return any(first <= day <= last for first, last in env.leave.get(person.id, ()) for day in days)


def holders(env: NudgeEnv, role: str, team_id: int | None, locality_id: int | None) -> list[Person]:
    """The people holding ``role`` in a team (or, with no team, in a locality), in the order they were given it."""
    found: list[tuple[int, Person]] = []
    for person in env.people.values():
        for held in person.roles:
            same_unit = held.team_id == team_id if team_id is not None else held.locality_id == locality_id
            if held.role == role and same_unit and (team_id is not None or held.team_id is None):
                found.append((held.id, person))
    return [person for _, person in sorted(found, key=lambda pair: pair[0])]


def who_is_asked(
    env: NudgeEnv, chair: Person, team_id: int | None, locality_id: int | None, starts_at: datetime
) -> Person:
    """The chair, or the stand-in asked while the chair is on leave."""
    if not on_leave_around(env, chair, starts_at):
        return chair
    for role in STAND_IN_ROLES:
        for person in holders(env, role, team_id, locality_id):
            if person.id != chair.id and env.dm_platform(person) and not on_leave_around(env, person, starts_at):
                return person
    return chair


def absent_chair(env: NudgeEnv, occurrence: MeetingOccurrence, asked_id: int) -> Person | None:
    """The chair on leave in whose place ``asked_id`` is asked about an occurrence (None: the chair is asked)."""
    chair_id, team_id = occurrence.chair_id, occurrence.team_id
    if chair_id is None and team_id is not None:  # as the planner: the team's first practice leader
        leaders = holders(env, Role.PRACTICE_LEADER, team_id, occurrence.locality_id)
        chair_id = leaders[0].id if leaders else None
    chair = env.people.get(chair_id) if chair_id is not None else None
    if chair is None or chair.id == asked_id or not on_leave_around(env, chair, occurrence.starts_at):
        return None
    return chair
