"""Good-practice stories."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.constants import StoryStatus
from bot.store.models import PracticeStory
from bot.store.repositories.base import _Rows


class Stories(_Rows[PracticeStory]):
    """Good-practice stories."""

    model = PracticeStory

    async def by_author(self, person_id: int, limit: int = 10) -> Sequence[PracticeStory]:
        """A person's latest stories."""
        query = (
            select(PracticeStory)
            .where(PracticeStory.author_id == person_id)
            .order_by(PracticeStory.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def awaiting_review(self, team_ids: Sequence[int]) -> Sequence[PracticeStory]:
        """Stories submitted for the intranet from these teams."""
        query = (
            select(PracticeStory)
            .where(PracticeStory.status == StoryStatus.SUBMITTED, PracticeStory.team_id.in_(team_ids))
            .order_by(PracticeStory.submitted_at)
        )
        return (await self.session.scalars(query)).all()
