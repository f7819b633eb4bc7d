"""The humane-delivery gate for one nudge: checked by the planner when it falls due and by the deliverer
again just before a direct message goes out (settings, leave or snooze may have changed since)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.constants import EventStatus, NudgeStatus
from bot.domain.delivery import Decision, decide, iso_week
from bot.domain.schedule import REMINDER_GAP, REMINDER_LAST
from bot.store.models_nudges import Nudge
from bot.store.uow import UnitOfWork
from scheduler.env import NudgeEnv

LOW_PRIORITY = frozenset({"pulse"})


class Ledger:
    """The weekly DM budget as read from the ``nudges`` table, cached for one batch and kept current."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.weeks: dict[int, dict[str, int]] = {}
        self.planned: dict[int, list[datetime]] = {}

    async def prefetch(self, person_ids: Collection[int], low_priority: Collection[int] = ()) -> None:
        """Read several people's ledgers (and, for low-priority nudges, their planned prompts) at once."""
        wanted = [p for p in set(person_ids) if p not in self.weeks]
        if wanted:
            found = await self.uow.nudges.used_weeks_of(wanted)
            for person_id in wanted:
                self.weeks[person_id] = found.get(person_id, {})
        waiting = [p for p in set(low_priority) if p not in self.planned]
        if waiting:
            planned = await self.uow.nudges.planned_of(waiting)
            for person_id in waiting:
                self.planned[person_id] = planned.get(person_id, [])

    async def room_for_prompts(self, person_id: int, timezone: str) -> dict[str, int]:
        """Prompts and reminders still planned for a person, per ISO week in their zone."""
        await self.prefetch([person_id], [person_id])
        weeks: dict[str, int] = {}
        for due in self.planned[person_id]:
            week = iso_week(due, timezone)
            weeks[week] = weeks.get(week, 0) + 1
        return weeks

    async def used(self, nudge: Nudge) -> dict[str, int]:
        """Budgeted DMs per ISO week for the nudge's recipient, not counting the nudge itself."""
        person_id = nudge.person_id or 0
        await self.prefetch([person_id])
        used = dict(self.weeks[person_id])
        if nudge.status == NudgeStatus.ENQUEUED and nudge.budget_week in used:
            used[nudge.budget_week] -= 1
        return used

    def add(self, nudge: Nudge) -> None:
        """Count a nudge just queued."""
        if nudge.person_id is not None and nudge.person_id in self.weeks:
            weeks = self.weeks[nudge.person_id]
            weeks[nudge.budget_week] = weeks.get(nudge.budget_week, 0) + 1


async def check(uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, now: datetime, ledger: Ledger | None = None) -> Decision:
    """Whether a nudge may go now, must wait (``at``), or is no longer wanted (``reason``).

    Args:
        uow: An open unit of work.
        env: The organisation's nudge settings.
        nudge: The nudge.
        now: The current instant.
        ledger: The budget ledger of the batch (read afresh when not given).

    Returns:
        The decision.
    """
    if nudge.occurrence_id is not None:
        occurrence = await uow.occurrences.get(nudge.occurrence_id)
        if occurrence is None or occurrence.status != EventStatus.SCHEDULED:
            return Decision("skip", reason="meeting not happening")
        if occurrence.sofs_item:
            return Decision("skip", reason="item already recorded")
    if nudge.event_id is not None:
        event = await uow.events.get(nudge.event_id)
        if event is None or event.status != EventStatus.SCHEDULED:
            return Decision("skip", reason="event cancelled")
    if nudge.kind == "agenda-reminder":
        waiting = await _after_prompt(uow, nudge, now)
        if waiting is not None:
            return waiting
    if nudge.person_id is None:
        region = await env.channel_region(uow, nudge.platform, nudge.channel_id)
        return decide(env.channel(region=region), now, nudge.deadline)
    person = env.people.get(nudge.person_id)
    if person is None:
        return Decision("skip", reason="recipient gone")
    ledger = ledger or Ledger(uow)
    used = await ledger.used(nudge)
    if nudge.kind in LOW_PRIORITY:  # leave room for the time-critical prompts planned that week
        for week, count in (await ledger.room_for_prompts(person.id, person.timezone)).items():
            used[week] = used.get(week, 0) + count
    return decide(env.person(person), now, nudge.deadline, budget=env.budget, used=used)


async def _after_prompt(uow: UnitOfWork, reminder: Nudge, now: datetime) -> Decision | None:
    """A reminder comes only after its prompt went out, and at least two hours after it (the back-up's reminder
    in a rotation comes anyway when the prompt to the member whose turn it was could not go, or went late)."""
    prompt = next(
        (n for n in await uow.nudges.for_occurrence(reminder.occurrence_id or 0) if n.kind == "agenda-prompt"), None
    )
    if prompt is None:
        return None
    # the rotation: the prompt went to the member whose turn it was, the reminder goes to the back-up
    backup = prompt.person_id != reminder.person_id and await uow.rotation.turn(prompt.occurrence_id or 0) is not None
    if prompt.status == NudgeStatus.SKIPPED:
        return None if backup else Decision("skip", reason="prompt was not sent")
    earliest = (prompt.enqueued_at or prompt.due_at) + REMINDER_GAP
    if earliest <= now:
        return None
    if earliest > reminder.deadline - REMINDER_LAST:
        return None if backup else Decision("skip", reason="too close to the prompt")
    return Decision("defer", at=earliest)


def budget_week(env: NudgeEnv, nudge: Nudge, at: datetime) -> str:
    """The ISO week, in the recipient's zone, a direct message sent at ``at`` counts against."""
    if nudge.person_id is None:
        return ""
    person = env.people.get(nudge.person_id)
    return iso_week(at, person.timezone if person else "UTC")
