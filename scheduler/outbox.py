"""The deliverer: claims due outbox rows, sends them through the platform's sender, records the outcome.

Delivery is at-least-once inside the platform call and at-most-once around it: a row whose send
outcome is unknown (the connection dropped after the request left) is marked ``unknown`` and is
never blindly re-sent.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot.ports import Clock, Sender, SendResult
from bot.replies import OutgoingMessage
from bot.store.models import OutboxMessage
from bot.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))


@dataclass
class DeliveryStats:
    """Counters exported on /metrics."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


class Deliverer:
    """Sends due outbox rows, one platform sender per platform."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, senders: Mapping[str, Sender]) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.senders = dict(senders)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.stats = DeliveryStats()

    async def deliver_due(self, limit: int = 50) -> int:
        """Claim and send every due row (up to ``limit``); returns how many were attempted."""
        await self._expire_leases()
        async with self.uow_factory() as uow:
            ids = await uow.outbox.claim_due(now=self.clock.now(), worker=self.worker, lease=LEASE, limit=limit)
            await uow.commit()
        for row_id in ids:
            await self._deliver(row_id)
        return len(ids)

    async def _deliver(self, row_id: int) -> None:
        async with self.uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None or row.status != "sending" or row.claimed_by != self.worker:
                return
            platform, message = row.platform, OutgoingMessage.model_validate_json(row.payload)
        sender = self.senders.get(platform)
        if sender is None:
            result = SendResult("failed", error=f"no sender for {platform}")
        else:
            try:
                result = await sender.send(message)
            except Exception:  # a sender that raises has an unknown outcome: never re-send blindly
                log.exception("sender raised", extra={"outbox_id": row_id, "platform": platform})
                result = SendResult("unknown", error="sender raised")
        await self._record(row_id, result)

    async def _record(self, row_id: int, result: SendResult) -> None:
        async with self.uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None:
                return
            self._apply(row, result)
            status, purpose, platform = row.status, row.purpose, row.platform
            await uow.commit()
        log.info("outbox %s", status, extra={"outbox_id": row_id, "purpose": purpose, "platform": platform})

    def _apply(self, row: OutboxMessage, result: SendResult) -> None:
        row.lease_until, row.last_error = None, result.error[:300]
        if result.status == "sent":
            row.status, row.platform_message_id, row.sent_at = "sent", result.message_id, self.clock.now()
            self.stats.sent += 1
        elif result.status == "retry" and row.attempts < MAX_ATTEMPTS:
            delay = BACKOFF[min(row.attempts - 1, len(BACKOFF) - 1)]
            if result.retry_after is not None:
                delay = max(delay, timedelta(seconds=result.retry_after))
            row.status, row.due_at = "pending", self.clock.now() + delay
            self.stats.retried += 1
        elif result.status == "unknown":
            row.status = "unknown"
            self.stats.unknown += 1
        else:
            row.status = "skipped" if result.status == "unreachable" else "failed"
            self.stats.failed += 1

    async def _expire_leases(self) -> None:
        """Rows left in ``sending`` by a dead worker: their outcome is unknown, so they are not re-sent."""
        async with self.uow_factory() as uow:
            for row in await uow.outbox.expired_leases(self.clock.now()):
                row.status, row.lease_until, row.last_error = "unknown", None, "lease expired mid-send"
                self.stats.unknown += 1
                log.warning("outbox row outcome unknown", extra={"outbox_id": row.id, "platform": row.platform})
            await uow.commit()
