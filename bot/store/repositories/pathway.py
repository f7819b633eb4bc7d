"""The trainer pathway: the milestones people record and the county roles confirm."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select

from bot.store.models import Person
from bot.store.models_pathway import TrainerMilestone
from bot.store.repositories.base import _Repository


class Pathway(_Repository):
    """Trainer pathway milestones: one row per person and step."""

    async def get(self, milestone_id: int) -> TrainerMilestone | None:
        """One milestone by id."""
        return await self.session.get(TrainerMilestone, milestone_id)

    async def of_person(self, person_id: int) -> Sequence[TrainerMilestone]:
        """A person's milestones (any order)."""
        query = select(TrainerMilestone).where(TrainerMilestone.person_id == person_id).order_by(TrainerMilestone.id)
        return (await self.session.scalars(query)).all()

    async def record(
        self, organisation_id: int, person_id: int, step: str, day: date, *, minutes: int | None, now: datetime
    ) -> TrainerMilestone:
        """Record a step, or record it again (a new day or minutes) while it is not confirmed.

        A confirmed step is returned unchanged: the caller tells the person it stays as it is.
        """
        query = select(TrainerMilestone).where(TrainerMilestone.person_id == person_id, TrainerMilestone.step == step)
        found = (await self.session.scalars(query)).first()
        if found is not None and found.confirmed_at is not None:
            return found
        if found is None:
            found = TrainerMilestone(organisation_id=organisation_id, person_id=person_id, step=step)
            self.session.add(found)
        found.done_on, found.minutes, found.recorded_at = day, minutes, now
        await self.session.flush()
        return found

    async def confirm(self, milestone: TrainerMilestone, by: int, now: datetime) -> None:
        """Mark a milestone confirmed by a person, now."""
        milestone.confirmed_by_id, milestone.confirmed_at = by, now
        await self.session.flush()

    async def board(self, organisation_id: int) -> Sequence[tuple[TrainerMilestone, str]]:
        """Every milestone of the organisation with the name of its person (the county view)."""
        query = (
            select(TrainerMilestone, Person.display_name)
            .join(Person, Person.id == TrainerMilestone.person_id)
            .where(TrainerMilestone.organisation_id == organisation_id)
            .order_by(Person.display_name, TrainerMilestone.id)
        )
        return [(milestone, name) for milestone, name in (await self.session.execute(query)).all()]
