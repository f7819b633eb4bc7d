"""The PL space (issue 18): the county PL group's channels, the stories approved across the county,
the County PL meeting's occurrences and the localities' "how we've fared" lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, select

from bot.constants import EventStatus, StoryStatus
from bot.domain.pl_space import ApprovedStory
from bot.store.models import Locality, PracticeStory, Team
from bot.store.models_nudges import MeetingOccurrence
from bot.store.models_pl import FaredLine, PlChannel
from bot.store.repositories.base import _Repository

COUNTY_MEETING = "county"
"""The ``kind`` of the County PL meeting's ``meetings`` and ``meeting_occurrences`` rows."""
PL_CHANNEL = "county-pl"
"""The PL group's channel in the console and the web playground (which name channels by slug)."""


class PlSpace(_Repository):
    """The county PL group's channels, its digest's stories and the "how we've fared" lines."""

    async def channels(self, platforms: Sequence[str] = ()) -> Sequence[PlChannel]:
        """The PL group's channels (on these platforms; all when none are given)."""
        query = select(PlChannel).order_by(PlChannel.id)
        if platforms:
            query = query.where(PlChannel.platform.in_(platforms))
        return (await self.session.scalars(query)).all()

    async def set_channels(self, organisation_id: int, channels: Mapping[str, str]) -> None:
        """Replace the organisation's PL channels with ``platform → channel id`` (empty: no PL space)."""
        await self.session.execute(delete(PlChannel).where(PlChannel.organisation_id == organisation_id))
        wanted = {p: c for p, c in channels.items() if c}
        if wanted:
            await self.session.execute(
                delete(PlChannel).where(PlChannel.platform.in_(wanted), PlChannel.channel_id.in_(wanted.values()))
            )
        for platform, channel_id in wanted.items():
            self.session.add(PlChannel(organisation_id=organisation_id, platform=platform, channel_id=channel_id))
        await self.session.flush()

    async def approved_between(self, start: datetime, end: datetime) -> Sequence[ApprovedStory]:
        """Stories approved in ``[start, end)`` across the county (still approved or since published), oldest first."""
        query = (
            select(PracticeStory.id, PracticeStory.title, Locality.name, PracticeStory.status)
            .outerjoin(Team, Team.id == PracticeStory.team_id)
            .outerjoin(Locality, Locality.id == Team.locality_id)
            .where(
                PracticeStory.status.in_((StoryStatus.APPROVED, StoryStatus.PUBLISHED)),
                PracticeStory.decided_at >= start,
                PracticeStory.decided_at < end,
            )
            .order_by(PracticeStory.decided_at, PracticeStory.id)
        )
        return [
            ApprovedStory(story_id, title, locality or "", status == StoryStatus.PUBLISHED)
            for story_id, title, locality, status in (await self.session.execute(query)).all()
        ]

    async def county_occurrences(self, start: datetime, end: datetime) -> Sequence[MeetingOccurrence]:
        """The County PL meeting's occurrences that happen in ``[start, end)``."""
        query = (
            select(MeetingOccurrence)
            .where(
                MeetingOccurrence.kind == COUNTY_MEETING,
                MeetingOccurrence.status == EventStatus.SCHEDULED,
                MeetingOccurrence.starts_at >= start,
                MeetingOccurrence.starts_at < end,
            )
            .order_by(MeetingOccurrence.starts_at)
        )
        return (await self.session.scalars(query)).all()

    async def lines(self, occurrence_id: int) -> dict[int, FaredLine]:
        """The lines written for a County PL meeting occurrence, by locality id."""
        query = select(FaredLine).where(FaredLine.occurrence_id == occurrence_id)
        return {row.locality_id: row for row in (await self.session.scalars(query)).all()}

    async def write_line(
        self, *, occurrence_id: int, locality_id: int, person_id: int, line: str, at: datetime
    ) -> bool:
        """Store (or replace) a locality's line for an occurrence; True when it replaced an earlier one."""
        query = select(FaredLine).where(FaredLine.occurrence_id == occurrence_id, FaredLine.locality_id == locality_id)
        row = (await self.session.scalars(query)).first()
        if row is None:
            self.session.add(
                FaredLine(
                    occurrence_id=occurrence_id, locality_id=locality_id, person_id=person_id, line=line, answered_at=at
                )
            )
            await self.session.flush()
            return False
        row.person_id, row.line, row.answered_at = person_id, line, at
        await self.session.flush()
        return True
