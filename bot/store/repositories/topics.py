"""Seminar topic proposals."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.constants import TopicStatus
from bot.store.models_seminars import SeminarTopic
from bot.store.repositories.base import _Rows


class Topics(_Rows[SeminarTopic]):
    """Seminar topic proposals."""

    model = SeminarTopic

    async def many(self, topic_ids: Sequence[int]) -> dict[int, SeminarTopic]:
        """Topics by id."""
        if not topic_ids:
            return {}
        query = select(SeminarTopic).where(SeminarTopic.id.in_(list(topic_ids)))
        return {t.id: t for t in (await self.session.scalars(query)).all()}

    async def open_in(self, locality_id: int) -> Sequence[SeminarTopic]:
        """A locality's open topics, oldest first."""
        query = (
            select(SeminarTopic)
            .where(SeminarTopic.locality_id == locality_id, SeminarTopic.status == TopicStatus.OPEN)
            .order_by(SeminarTopic.id)
        )
        return (await self.session.scalars(query)).all()
