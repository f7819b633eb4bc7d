"""The trainer pathway's county view: who is at which step, for learning and development to plan sessions.

The one place the pathway names people: only the county roles see it (the dashboard checks).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.pathway import Milestone, furthest, rank
from bot.store.models_pathway import TrainerMilestone
from bot.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One person on the pathway: the furthest step they recorded and the furthest confirmed."""

    name: str
    reached: Milestone
    confirmed: Milestone | None


def _fact(row: TrainerMilestone, confirmers: dict[int, str]) -> Milestone:
    confirmed_by = confirmers.get(row.confirmed_by_id or 0, "")
    return Milestone(row.step, row.done_on, row.minutes, row.confirmed_at, confirmed_by)


async def _confirmers(uow: UnitOfWork, rows: Iterable[TrainerMilestone]) -> dict[int, str]:
    return await uow.web.activity.names({m.confirmed_by_id for m in rows if m.confirmed_by_id is not None})


async def milestones_of(uow: UnitOfWork, person_id: int) -> list[Milestone]:
    """A person's milestones as plain facts (with the name of whoever confirmed each)."""
    rows = await uow.pathway.of_person(person_id)
    confirmers = await _confirmers(uow, rows)
    return [_fact(m, confirmers) for m in rows]


async def board(uow: UnitOfWork, organisation_id: int) -> list[BoardRow]:
    """Everyone who recorded a step, furthest step first, then by name."""
    rows = await uow.pathway.board(organisation_id)
    confirmers = await _confirmers(uow, (m for m, _ in rows))
    people: dict[int, list[Milestone]] = defaultdict(list)
    names: dict[int, str] = {}
    for row, name in rows:
        names[row.person_id] = name
        people[row.person_id].append(_fact(row, confirmers))
    found = []
    for person_id, milestones in people.items():
        reached = furthest(milestones)
        if reached is not None:
            found.append(BoardRow(names[person_id], reached, furthest(milestones, confirmed_only=True)))
    return sorted(found, key=lambda r: (-rank(r.reached.step), r.name.casefold()))
