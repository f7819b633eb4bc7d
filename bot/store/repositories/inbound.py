"""Inbound event de-duplication (one turn per platform event)."""

from __future__ import annotations

from datetime import datetime

from bot.store.models import ProcessedEvent
from bot.store.repositories.base import _Repository


class InboundEvents(_Repository):
    """De-duplication of inbound deliveries."""

    async def first_time(self, platform: str, event_key: str, at: datetime) -> bool:
        """Record an inbound event id; False when it was already recorded (a retry or replay).

        The row is part of the turn's transaction, so a turn that fails does not mark its event
        as processed and a later retry can still succeed.
        """
        return await self._insert_once(
            ProcessedEvent, ["platform", "event_key"], platform=platform, event_key=event_key[:300], received_at=at
        )
