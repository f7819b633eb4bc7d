"""Scheduled events: seminars, group supervision, case mapping, PL group, briefings, the gathering."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select

from bot.constants import Audience, EventStatus
from bot.store.models_nudges import ScheduledEvent
from bot.store.repositories.base import _Rows
from bot.store.repositories.nudges import Nudges


class Events(_Rows[ScheduledEvent]):
    """Seminars, group supervision, case mapping, PL group meetings, partner briefings, the gathering."""

    model = ScheduledEvent

    async def starting_between(self, start: datetime, end: datetime) -> Sequence[ScheduledEvent]:
        """Scheduled events starting in ``[start, end)``."""
        query = (
            select(ScheduledEvent)
            .where(
                ScheduledEvent.status == EventStatus.SCHEDULED,
                ScheduledEvent.starts_at >= start,
                ScheduledEvent.starts_at < end,
            )
            .order_by(ScheduledEvent.starts_at)
        )
        return (await self.session.scalars(query)).all()

    async def cancel(self, event_id: int) -> None:
        """Cancel an event: its planned reminders are skipped."""
        event = await self.get(event_id)
        if event is not None:
            event.status = EventStatus.CANCELLED
            await Nudges(self.session).skip_planned(event_id=event_id, reason="event cancelled")

    async def upcoming(
        self, *, locality_id: int, team_ids: Sequence[int], now: datetime, limit: int = 10
    ) -> Sequence[ScheduledEvent]:
        """Scheduled events of a locality, its teams or the county, soonest first."""
        query = (
            select(ScheduledEvent)
            .where(
                ScheduledEvent.status == EventStatus.SCHEDULED,
                ScheduledEvent.starts_at >= now,
                or_(
                    ScheduledEvent.locality_id == locality_id,
                    ScheduledEvent.team_id.in_(list(team_ids)),
                    ScheduledEvent.audience == Audience.COUNTY,
                ),
            )
            .order_by(ScheduledEvent.starts_at, ScheduledEvent.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def organised_between(
        self, organiser_id: int, since: datetime, until: datetime, limit: int = 5
    ) -> Sequence[ScheduledEvent]:
        """A person's scheduled events that started in ``[since, until)``, newest first."""
        query = (
            select(ScheduledEvent)
            .where(
                ScheduledEvent.organiser_id == organiser_id,
                ScheduledEvent.status == EventStatus.SCHEDULED,
                ScheduledEvent.starts_at >= since,
                ScheduledEvent.starts_at < until,
            )
            .order_by(ScheduledEvent.starts_at.desc(), ScheduledEvent.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()
