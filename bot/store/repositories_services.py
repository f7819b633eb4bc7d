"""Read queries the scheduler's digests and the ``plbot`` verbs need (``uow.schedule``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select

from bot.constants import Audience, EventStatus
from bot.store.models import ChannelBinding, Meeting
from bot.store.models_nudges import ScheduledEvent
from bot.store.repositories import _Repository


class ScheduleQueries(_Repository):
    """Meetings and events of a team's or locality's channel, and channels by id."""

    async def meetings_of(self, *, team_ids: Sequence[int], locality_ids: Sequence[int]) -> Sequence[Meeting]:
        """The recurring meetings of some teams and localities, oldest first."""
        query = select(Meeting).where(or_(Meeting.team_id.in_(team_ids), Meeting.locality_id.in_(locality_ids)))
        return (await self.session.scalars(query.order_by(Meeting.id))).all()

    async def events_between(
        self, *, team_ids: Sequence[int], locality_ids: Sequence[int], start: datetime, end: datetime
    ) -> Sequence[ScheduledEvent]:
        """Scheduled events starting in ``[start, end)`` for these teams, these localities or the county."""
        query = select(ScheduledEvent).where(
            ScheduledEvent.status == EventStatus.SCHEDULED,
            ScheduledEvent.starts_at >= start,
            ScheduledEvent.starts_at < end,
            or_(
                ScheduledEvent.team_id.in_(team_ids),
                ScheduledEvent.locality_id.in_(locality_ids),
                ScheduledEvent.audience == Audience.COUNTY,
            ),
        )
        return (await self.session.scalars(query.order_by(ScheduledEvent.starts_at))).all()

    async def binding_of_channel(self, channel_id: str) -> ChannelBinding | None:
        """The first binding of a channel id on any platform (a console channel's id is its slug)."""
        query = select(ChannelBinding).where(ChannelBinding.channel_id == channel_id).order_by(ChannelBinding.id)
        return (await self.session.scalars(query)).first()
