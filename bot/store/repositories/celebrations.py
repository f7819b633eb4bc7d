"""Celebrations and their recipients."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, or_, select

from bot.store.models import (
    Celebration,
    CelebrationRecipient,
)
from bot.store.repositories.base import _Repository


class Celebrations(_Repository):
    """Celebrations and their recipients."""

    async def add(self, celebration: Celebration, recipient_ids: Sequence[int]) -> Celebration:
        """Store a celebration with its recipients."""
        celebration.recipients = [CelebrationRecipient(person_id=pid) for pid in dict.fromkeys(recipient_ids)]
        self.session.add(celebration)
        await self.session.flush()
        return celebration

    async def get(self, celebration_id: int) -> Celebration | None:
        """One celebration by id."""
        return await self.session.get(Celebration, celebration_id)

    async def delete(self, celebration_id: int) -> bool:
        """Delete one celebration (withdrawn by its author or removed by a practice leader)."""
        result = await self.session.execute(delete(Celebration).where(Celebration.id == celebration_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def delete_from_message(self, platform: str, message_id: str, also: Sequence[int] = ()) -> list[int]:
        """Delete the celebrations stored from a platform message, and those with the ids ``also``.

        Returns:
            The ids deleted.
        """
        condition = or_(
            (Celebration.platform == platform) & (Celebration.source_message_id == message_id),
            Celebration.id.in_(also),
        )
        ids = list((await self.session.scalars(select(Celebration.id).where(condition))).all())
        if ids:
            await self.session.execute(delete(Celebration).where(Celebration.id.in_(ids)))
        return ids

    async def from_message(self, platform: str, message_id: str) -> Sequence[Celebration]:
        """The celebrations stored from one platform message (a Teams "celebrate" message)."""
        query = select(Celebration).where(Celebration.platform == platform, Celebration.source_message_id == message_id)
        return (await self.session.scalars(query)).all()

    async def recent_for(self, person_id: int, limit: int = 5) -> Sequence[Celebration]:
        """The latest celebrations a person gave or received."""
        received = select(CelebrationRecipient.celebration_id).where(CelebrationRecipient.person_id == person_id)
        query = (
            select(Celebration)
            .where(or_(Celebration.author_id == person_id, Celebration.id.in_(received)))
            .order_by(Celebration.created_at.desc(), Celebration.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def count(self) -> int:
        """How many celebrations are stored."""
        return int(await self.session.scalar(select(func.count(Celebration.id))) or 0)
