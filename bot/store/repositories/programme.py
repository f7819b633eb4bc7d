"""The seminar programme."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bot.constants import SlotStatus
from bot.store.models_seminars import ProgrammeSlot
from bot.store.repositories.base import _Rows


class Programme(_Rows[ProgrammeSlot]):
    """A locality's monthly seminar slots."""

    model = ProgrammeSlot

    async def months(self, locality_id: int) -> set[str]:
        """Months that already have a slot (any status)."""
        query = select(ProgrammeSlot.month).where(ProgrammeSlot.locality_id == locality_id)
        return set((await self.session.scalars(query)).all())

    async def of_event(self, event_id: int) -> Sequence[ProgrammeSlot]:
        """The slot an event belongs to (none for events outside the programme)."""
        return (await self.session.scalars(select(ProgrammeSlot).where(ProgrammeSlot.event_id == event_id))).all()

    async def upcoming(self, locality_id: int, now: datetime, *, cancelled: bool = False) -> Sequence[ProgrammeSlot]:
        """Slots from now on, in date order (cancelled ones only when asked)."""
        query = select(ProgrammeSlot).where(ProgrammeSlot.locality_id == locality_id, ProgrammeSlot.starts_at >= now)
        if not cancelled:
            query = query.where(ProgrammeSlot.status != SlotStatus.CANCELLED)
        return (await self.session.scalars(query.order_by(ProgrammeSlot.starts_at))).all()
