"""The learning record's facts (``uow.learning``): logged learning, and what the bot already knows.

Every query takes the people it is about, so the same reads serve one person's record and a team's
or a locality's aggregate. Rows come back as plain ``(person id, what, minutes, when)`` tuples; the
bands are the domain's business (:mod:`bot.domain.learning`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select

from bot.constants import StoryStatus
from bot.store.models import AuditEntry, Celebration, CelebrationRecipient, PracticeStory, Role
from bot.store.models_learning import LearningLog
from bot.store.models_nudges import ScheduledEvent
from bot.store.models_seminars import EventRsvp
from bot.store.repositories.base import _Repository

MAP_CONTRIBUTED = "map.contributed"
"""The audit action of a case-map contribution: maps are deleted after 30 days, the audit entry stays."""
SHARED_STORIES = (StoryStatus.SHARED, StoryStatus.SUBMITTED, StoryStatus.APPROVED, StoryStatus.PUBLISHED)


class KnownFact(NamedTuple):
    """One thing the bot knows a person did: what (an event kind or a fact name), minutes, when."""

    person_id: int
    what: str
    minutes: int
    at: datetime


class Learning(_Repository):
    """Logged learning and the facts the record is built from."""

    async def add(self, log: LearningLog) -> LearningLog:
        """Store a logged piece of learning."""
        self.session.add(log)
        await self.session.flush()
        return log

    async def logs(self, person_ids: Sequence[int], since: date, until: date) -> Sequence[LearningLog]:
        """What these people logged with a day in ``[since, until)``, oldest first."""
        query = (
            select(LearningLog)
            .where(LearningLog.person_id.in_(person_ids), LearningLog.day >= since, LearningLog.day < until)
            .order_by(LearningLog.day, LearningLog.id)
        )
        return (await self.session.scalars(query)).all()

    async def known(self, person_ids: Sequence[int], since: datetime, until: datetime) -> list[KnownFact]:
        """Events attended, case maps contributed to, celebrations given and received, stories shared.

        ``what`` is the event's kind for an event, else ``map``, ``celebration-given``,
        ``celebration-received`` or ``story``.
        """
        ids = list(person_ids)
        attended = (
            select(EventRsvp.person_id, ScheduledEvent.kind, ScheduledEvent.duration_minutes, ScheduledEvent.starts_at)
            .join(ScheduledEvent, ScheduledEvent.id == EventRsvp.event_id)
            .where(
                EventRsvp.person_id.in_(ids),
                EventRsvp.attended_at.is_not(None),
                ScheduledEvent.starts_at >= since,
                ScheduledEvent.starts_at < until,
            )
        )
        facts = [KnownFact(p, kind, minutes, at) for p, kind, minutes, at in (await self.session.execute(attended))]
        maps = (
            select(AuditEntry.actor_id, func.min(AuditEntry.at))
            .where(
                AuditEntry.action == MAP_CONTRIBUTED,
                AuditEntry.actor_id.in_(ids),
                AuditEntry.at >= since,
                AuditEntry.at < until,
            )
            .group_by(AuditEntry.actor_id, AuditEntry.object_id)
        )
        facts += [KnownFact(p, "map", 0, at) for p, at in await self.session.execute(maps) if p is not None]
        given = select(Celebration.author_id, Celebration.created_at).where(
            Celebration.author_id.in_(ids), Celebration.created_at >= since, Celebration.created_at < until
        )
        facts += [KnownFact(p, "celebration-given", 0, at) for p, at in await self.session.execute(given) if p]
        received = (
            select(CelebrationRecipient.person_id, Celebration.created_at)
            .join(Celebration, Celebration.id == CelebrationRecipient.celebration_id)
            .where(
                CelebrationRecipient.person_id.in_(ids),
                Celebration.created_at >= since,
                Celebration.created_at < until,
            )
        )
        facts += [KnownFact(p, "celebration-received", 0, at) for p, at in await self.session.execute(received)]
        stories = select(PracticeStory.author_id, PracticeStory.created_at).where(
            PracticeStory.author_id.in_(ids),
            PracticeStory.status.in_(SHARED_STORIES),
            PracticeStory.created_at >= since,
            PracticeStory.created_at < until,
        )
        facts += [KnownFact(p, "story", 0, at) for p, at in await self.session.execute(stories) if p]
        return facts

    async def members_by_team(self) -> dict[int, set[int]]:
        """Every team's people (anyone holding a role in it), for the aggregates."""
        query = select(Role.team_id, Role.person_id).where(Role.team_id.is_not(None))
        members: dict[int, set[int]] = {}
        for team_id, person_id in await self.session.execute(query):
            if team_id is not None:
                members.setdefault(team_id, set()).add(person_id)
        return members
