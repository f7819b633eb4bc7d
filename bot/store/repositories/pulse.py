"""The monthly implementation pulse."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.store.models_nudges import PulseAnswer
from bot.store.repositories.base import _Repository


class Pulse(_Repository):
    """Implementation pulse answers."""

    async def answer(
        self, *, person_id: int, month: str, score: int, team_id: int | None, locality_id: int | None, at: datetime
    ) -> PulseAnswer:
        """Record (or change) a person's score for a month."""
        query = select(PulseAnswer).where(PulseAnswer.person_id == person_id, PulseAnswer.month == month)
        row = (await self.session.scalars(query)).first()
        if row is None:
            row = PulseAnswer(person_id=person_id, month=month, one_point_up="")
            self.session.add(row)
        row.score, row.team_id, row.locality_id, row.answered_at = score, team_id, locality_id, at
        await self.session.flush()
        return row

    async def of(self, person_id: int, month: str) -> PulseAnswer | None:
        """A person's answer for a month."""
        query = select(PulseAnswer).where(PulseAnswer.person_id == person_id, PulseAnswer.month == month)
        return (await self.session.scalars(query)).first()

    async def trend(self, since_month: str) -> list[tuple[int | None, int | None, str, float, int]]:
        """(team id, locality id, month, average, answers) for every team and locality since a month."""
        rows: list[tuple[int | None, int | None, str, float, int]] = []
        for column, is_team in ((PulseAnswer.team_id, True), (PulseAnswer.locality_id, False)):
            query = (
                select(column, PulseAnswer.month, func.avg(PulseAnswer.score), func.count(PulseAnswer.id))
                .where(column.is_not(None), PulseAnswer.month >= since_month)
                .group_by(column, PulseAnswer.month)
                .order_by(column, PulseAnswer.month)
            )
            for unit, month, average, count in (await self.session.execute(query)).all():
                team, locality = (unit, None) if is_team else (None, unit)
                rows.append((team, locality, month, float(average), int(count)))
        return rows
