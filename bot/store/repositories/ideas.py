"""Ideas sent to the project manager."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.store.models import Idea
from bot.store.repositories.base import _Repository


class Ideas(_Repository):
    """Ideas sent to the project manager."""

    async def add(self, idea: Idea) -> Idea:
        """Store an idea."""
        self.session.add(idea)
        await self.session.flush()
        return idea

    async def get(self, idea_id: int) -> Idea | None:
        """One idea by id."""
        return await self.session.get(Idea, idea_id)

    async def newest(self, organisation_id: int, limit: int = 200) -> Sequence[Idea]:
        """The organisation's ideas, newest first."""
        query = (
            select(Idea)
            .where(Idea.organisation_id == organisation_id)
            .order_by(Idea.created_at.desc(), Idea.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()
