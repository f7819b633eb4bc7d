"""Answers to event invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.store.models import Person
from bot.store.models_seminars import EventRsvp
from bot.store.repositories.base import _Repository

RSVP_ANSWERS = ("going", "maybe", "cant")


class Rsvps(_Repository):
    """Answers to events."""

    async def answer(self, event_id: int, person_id: int, answer: str, now: datetime) -> str | None:
        """Record a person's answer (one per event); returns their previous answer."""
        query = select(EventRsvp).where(EventRsvp.event_id == event_id, EventRsvp.person_id == person_id)
        row = (await self.session.scalars(query)).first()
        previous = row.answer if row is not None else None
        statement = self._insert(EventRsvp).values(
            event_id=event_id, person_id=person_id, answer=answer, answered_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["event_id", "person_id"],
            set_={"answer": statement.excluded.answer, "answered_at": statement.excluded.answered_at},
        )
        await self.session.execute(statement)
        if row is not None:
            await self.session.refresh(row)
        return previous

    async def of(self, event_id: int, person_id: int) -> str | None:
        """A person's answer to an event."""
        query = select(EventRsvp.answer).where(EventRsvp.event_id == event_id, EventRsvp.person_id == person_id)
        return (await self.session.scalars(query)).first()

    async def counts(self, event_id: int) -> dict[str, int]:
        """How many answered going, maybe and can't."""
        query = (
            select(EventRsvp.answer, func.count(EventRsvp.id))
            .where(EventRsvp.event_id == event_id)
            .group_by(EventRsvp.answer)
        )
        found = {answer: int(n) for answer, n in (await self.session.execute(query)).all()}
        return {answer: found.get(answer, 0) for answer in RSVP_ANSWERS}

    async def people(self, event_id: int, answer: str) -> Sequence[Person]:
        """Everyone who gave an answer to an event."""
        query = (
            select(Person)
            .join(EventRsvp, EventRsvp.person_id == Person.id)
            .where(EventRsvp.event_id == event_id, EventRsvp.answer == answer)
            .order_by(EventRsvp.answered_at, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def attendance(self, event_id: int) -> Sequence[tuple[Person, str, datetime | None]]:
        """Everyone who said going or maybe, with their answer and when they were marked attended."""
        query = (
            select(Person, EventRsvp.answer, EventRsvp.attended_at)
            .join(EventRsvp, EventRsvp.person_id == Person.id)
            .where(EventRsvp.event_id == event_id, EventRsvp.answer.in_(("going", "maybe")))
            .order_by(Person.display_name, Person.id)
        )
        return [(person, answer, at) for person, answer, at in (await self.session.execute(query)).all()]

    async def mark_attended(self, event_id: int, person_id: int, at: datetime | None) -> bool:
        """Mark (or, with ``at=None``, unmark) a person as attended; False when they never answered."""
        query = select(EventRsvp).where(EventRsvp.event_id == event_id, EventRsvp.person_id == person_id)
        row = (await self.session.scalars(query)).first()
        if row is None:
            return False
        row.attended_at = at
        await self.session.flush()
        return True
