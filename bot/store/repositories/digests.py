"""The weekly digest's reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from bot import keys
from bot.constants import StoryStatus
from bot.domain.digest import CelebrationLine
from bot.store.models import (
    Celebration,
    CelebrationRecipient,
    OutboxMessage,
    Person,
    PracticeStory,
)
from bot.store.repositories.base import _Repository

LISTED = (StoryStatus.SHARED, StoryStatus.SUBMITTED, StoryStatus.APPROVED, StoryStatus.PUBLISHED)
"""The stories a digest may list as shared."""


class DigestQueries(_Repository):
    """What a channel's weekly digest reads."""

    async def celebrations(
        self, *, team_ids: Sequence[int], locality_ids: Sequence[int], start: datetime, end: datetime, limit: int = 8
    ) -> tuple[list[CelebrationLine], int]:
        """The latest celebrations in ``[start, end)`` and how many there were in all."""
        scope = or_(Celebration.team_id.in_(team_ids), Celebration.locality_id.in_(locality_ids))
        window = and_(scope, Celebration.created_at >= start, Celebration.created_at < end)
        total = int(await self.session.scalar(select(func.count(Celebration.id)).where(window)) or 0)
        if not total:
            return [], 0
        query = (
            select(Celebration.id, Person.display_name, Celebration.tags, Celebration.text)
            .outerjoin(Person, Person.id == Celebration.author_id)
            .where(window)
            .order_by(Celebration.created_at.desc(), Celebration.id.desc())
            .limit(limit)
        )
        rows = (await self.session.execute(query)).all()
        ids = [r[0] for r in rows]
        names: dict[int, list[str]] = {}
        recipients = (
            select(CelebrationRecipient.celebration_id, Person.display_name)
            .join(Person, Person.id == CelebrationRecipient.person_id)
            .where(CelebrationRecipient.celebration_id.in_(ids))
            .order_by(CelebrationRecipient.id)
        )
        for celebration_id, name in (await self.session.execute(recipients)).all():
            names.setdefault(celebration_id, []).append(name)
        lines = [
            CelebrationLine(author or "", tuple(names.get(cid, [])), tuple(tags or ()), what or "")
            for cid, author, tags, what in reversed(rows)
        ]
        return lines, total

    async def stories(
        self, *, team_ids: Sequence[int], start: datetime, end: datetime, limit: int = 6
    ) -> tuple[list[str], list[str]]:
        """Titles of stories shared and approved in ``[start, end)``.

        A story counts as shared only when it was posted to the team's channel (its ``story:<id>:shared`` post
        is in the outbox: a story sent to the practice leader first was not) and is still on its way to the
        library (shared, submitted, approved, published): declined and withdrawn ones are never listed."""
        shared_query = (
            select(PracticeStory.id, PracticeStory.title)
            .where(
                PracticeStory.team_id.in_(team_ids),
                PracticeStory.created_at >= start,
                PracticeStory.created_at < end,
                PracticeStory.status.in_(LISTED),
            )
            .order_by(PracticeStory.created_at)
        )
        candidates = (await self.session.execute(shared_query)).all()
        posted_keys = [keys.story_shared(story_id) for story_id, _ in candidates]
        posted_query = select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(posted_keys))
        posted = set((await self.session.scalars(posted_query)).all()) if posted_keys else set()
        shared = [title for story_id, title in candidates if keys.story_shared(story_id) in posted][:limit]
        approved_query = (
            select(PracticeStory.title)
            .where(
                PracticeStory.team_id.in_(team_ids),
                PracticeStory.status.in_(("approved", "published")),
                PracticeStory.decided_at >= start,
                PracticeStory.decided_at < end,
            )
            .order_by(PracticeStory.decided_at)
            .limit(limit)
        )
        approved = list((await self.session.scalars(approved_query)).all())
        return shared, approved
