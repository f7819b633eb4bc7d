"""Who holds which staff role where, and who led something when: the facts of the leadership spread."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from bot.constants import EventStatus, LeadKind, StoryStatus, TopicStatus
from bot.constants import Role as RoleName
from bot.domain.leadership import LeadFact, StaffFact
from bot.store.models import Celebration, Person, PracticeStory, Role, Team
from bot.store.models_nudges import MeetingOccurrence, ScheduledEvent
from bot.store.models_seminars import SeminarTopic
from bot.store.repositories.base import _Repository

NOT_SHARED = (StoryStatus.DRAFT, StoryStatus.WITHDRAWN)


class Leadership(_Repository):
    """Read queries for the leadership spread. They return facts, never names."""

    async def staff(self, organisation_id: int, locality_ids: Collection[int] | None) -> list[StaffFact]:
        """The staff roles held in some localities (a team's or the locality's own), or in the whole
        organisation (``None``: county roles included). Partners are not staff."""
        query = (
            select(Role.person_id, Role.role)
            .join(Person, Person.id == Role.person_id)
            .outerjoin(Team, Team.id == Role.team_id)
            .where(Person.organisation_id == organisation_id, Role.role != RoleName.PARTNER)
        )
        if locality_ids is not None:
            wanted = sorted(locality_ids)
            query = query.where(or_(Team.locality_id.in_(wanted), Role.locality_id.in_(wanted)))
        return [StaffFact(person, role) for person, role in (await self.session.execute(query)).all()]

    async def acts(self, organisation_id: int, start: datetime, end: datetime, held_until: datetime) -> list[LeadFact]:
        """Every act of leading by the organisation's people in ``[start, end)``.

        An event counts for its organiser once it has started (before ``held_until``) and if it was
        not cancelled; a story once shared (not a draft, not withdrawn); a seminar topic unless withdrawn.
        """
        found: list[LeadFact] = []
        sources: list[tuple[str, Select[tuple[Any, Any]]]] = [
            (
                LeadKind.SOFS_ITEM,
                self._timed(MeetingOccurrence.item_set_by, MeetingOccurrence.item_set_at, start, end),
            ),
            (
                LeadKind.STORY,
                self._timed(PracticeStory.author_id, PracticeStory.created_at, start, end).where(
                    PracticeStory.status.not_in(NOT_SHARED)
                ),
            ),
            (
                LeadKind.SEMINAR_TOPIC,
                self._timed(SeminarTopic.proposer_id, SeminarTopic.created_at, start, end).where(
                    SeminarTopic.status != TopicStatus.WITHDRAWN
                ),
            ),
            (
                LeadKind.EVENT,
                self._timed(ScheduledEvent.organiser_id, ScheduledEvent.starts_at, start, min(end, held_until)).where(
                    ScheduledEvent.status != EventStatus.CANCELLED
                ),
            ),
            (LeadKind.CELEBRATION, self._timed(Celebration.author_id, Celebration.created_at, start, end)),
        ]
        for kind, query in sources:
            rows = (await self.session.execute(query.where(Person.organisation_id == organisation_id))).all()
            found += [LeadFact(person, kind, at) for person, at in rows if person is not None and at is not None]
        return found

    @staticmethod
    def _timed(
        who: InstrumentedAttribute[Any], when: InstrumentedAttribute[Any], start: datetime, end: datetime
    ) -> Select[tuple[Any, Any]]:
        """Who and when, for rows whose ``when`` falls in ``[start, end)``, joined to the person."""
        return select(who, when).join(Person, Person.id == who).where(when >= start, when < end)
