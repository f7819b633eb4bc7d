"""The deliverer: claims due outbox rows, checks nudges once more, sends them, records the outcome.

Delivery is at-least-once inside the platform call and at-most-once around it:

- A claim is exclusive (``FOR UPDATE SKIP LOCKED`` on PostgreSQL plus a conditional update
  everywhere) and carries a lease.
- Just before a nudge goes out, the humane-delivery gate is checked again (snooze, leave, working
  hours, budget, an item already recorded): the row is deferred or skipped rather than sent.
- A row whose send outcome is unknown — the sender raised or reported ``unknown``, or its worker
  died mid-send and the lease ran out — is never blindly re-sent. If the platform's sender can look
  messages up (:class:`bot.ports.SentFinder`, Slack: the idempotency key in message metadata), the
  row becomes ``sent`` when the message is found and ``pending`` again when it is not. Otherwise
  (Teams) it stays ``unknown``, with an alert in the log and on ``/metrics``.
- A row that updates an earlier post (``update_of``: an answered prompt, a decided approval, a vote's
  turnout) is sent only once that post is: the deliverer hands the sender the posted message's id.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot import i18n
from bot.constants import NudgeStatus, OutboxStatus
from bot.ports import Clock, Sender, SendResult, SentFinder
from bot.replies import OutgoingMessage
from bot.store.models import OutboxMessage
from bot.store.models_nudges import Nudge
from bot.store.uow import UnitOfWork, UnitOfWorkFactory
from scheduler import gate
from scheduler.env import NudgeEnv, SharedEnv

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
CONCURRENCY = 8
RECONCILE_AFTER = timedelta(seconds=30)
RECONCILE_RETRY = timedelta(minutes=1)
MAX_ATTEMPTS = 5
UPDATE_WAIT = timedelta(seconds=10)
"""How long an update waits for the message it replaces to be posted."""
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))


@dataclass
class DeliveryStats:
    """Counters exported on /metrics."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    reconciled: int = 0
    resent_after_check: int = 0
    deferred: int = 0
    skipped: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


class Deliverer:
    """Sends due outbox rows, one platform sender per platform."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        senders: Mapping[str, Sender],
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.senders = dict(senders)
        self.concurrency = max(1, concurrency)
        self.worker = f"{socket.gethostname()[:40]}:{os.getpid()}:{id(self):x}"
        # ``claimed_by`` once this worker has begun to send a row: never released, never sent again
        self.started = f"{self.worker}:started"
        self.stats = DeliveryStats()
        self.stopping = False
        """Set on shutdown: the send in flight finishes, claimed rows not started yet are given back."""

    def finder(self, platform: str) -> SentFinder | None:
        """The platform's message lookup, when its sender has one."""
        sender = self.senders.get(platform)
        return sender if isinstance(sender, SentFinder) else None

    async def deliver_due(self, limit: int = 50, *, urgent_only: bool = False) -> int:
        """Reconcile unknown outcomes, then claim and send due rows (up to ``limit``).

        Rows people's own actions queued are claimed before background fan-out; ``urgent_only`` (the
        express path that runs while a fan-out batch is still sending) claims only those, and leaves
        reconciliation to the regular tick.

        Returns:
            How many rows were claimed.
        """
        if self.stopping:
            return 0
        if not urgent_only:
            await self.reconcile()
        ids = await self.claim(limit, urgent_only=urgent_only)
        if ids:
            await self._deliver_all(ids)
        return len(ids)

    async def _deliver_all(self, ids: list[int]) -> None:
        """Send claimed rows: one conversation's rows in order, different conversations concurrently."""
        async with self.uow_factory() as uow:
            targets = await uow.outbox_recovery.targets(ids)
        lanes: dict[str, list[int]] = {}
        for row_id in ids:
            lanes.setdefault(targets.get(row_id, str(row_id)), []).append(row_id)
        env = SharedEnv(list(self.senders))
        gate_open = asyncio.Semaphore(self.concurrency)

        async def lane(row_ids: list[int]) -> None:
            async with gate_open:
                for index, row_id in enumerate(row_ids):
                    if self.stopping:
                        await self.release(row_ids[index:])
                        return
                    await self.deliver_claimed(row_id, env)

        await asyncio.gather(*(lane(row_ids) for row_ids in lanes.values()))

    async def claim(self, limit: int = 50, *, urgent_only: bool = False) -> list[int]:
        """Claim up to ``limit`` due rows for this worker (exclusive, with a lease)."""
        async with self.uow_factory() as uow:
            ids = await uow.outbox.claim_due(
                now=self.clock.now(), worker=self.worker, lease=LEASE, limit=limit, urgent_only=urgent_only
            )
            await uow.commit()
        return ids

    async def release(self, ids: list[int]) -> None:
        """Give back claimed rows this worker will not send (it is stopping)."""
        async with self.uow_factory() as uow:
            await uow.outbox.release(ids, self.worker)
            await uow.commit()

    async def deliver_claimed(self, row_id: int, env: SharedEnv | None = None) -> None:
        """Check, send and record one claimed row (``env``: the pass's environment, shared by its rows)."""
        prepared = await self.prepare(row_id, env)
        if prepared is None:
            return
        result = await self.send(*prepared)
        await self.record(row_id, result)

    async def prepare(self, row_id: int, shared: SharedEnv | None = None) -> tuple[str, OutgoingMessage] | None:
        """The row's platform and message when it may go now; a nudge that may not is deferred or skipped."""
        async with self.uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None or row.status != OutboxStatus.SENDING or row.claimed_by != self.worker:
                return None
            if row.lease_until is not None and row.lease_until <= self.clock.now():
                return None  # this worker stalled past its lease: the row is reconciled, not sent blindly
            nudge = await uow.nudges.by_key(row.idempotency_key)
            if nudge is not None:
                env = await (shared or SharedEnv(list(self.senders))).get(uow)
                if env is not None and not await self._gate(uow, env, row, nudge):
                    await uow.commit()
                    return None
            message: OutgoingMessage | None = OutgoingMessage.model_validate_json(row.payload)
            if message is not None and not row.background:
                message = message.model_copy(update={"urgent": True})
            if message is not None and message.update_of:
                message = await self._resolve_update(uow, row, message)
            if message is None:
                await uow.commit()
                return None
            # the send starts now: a second prepare of the same claim (a row this worker claimed again
            # after its lease ran out and it was reconciled) finds it started and does nothing
            row.claimed_by = self.started
            platform = row.platform
            await uow.commit()
            return platform, message

    async def _resolve_update(
        self, uow: UnitOfWork, row: OutboxMessage, message: OutgoingMessage
    ) -> OutgoingMessage | None:
        """An update row: the posted message it replaces, or None (it waits, or is skipped, in ``row``).

        While the earlier row is not sent yet the update waits (``UPDATE_WAIT``, or until the earlier row
        is due), without counting an attempt; an earlier row that will never be sent (failed, skipped) leaves
        nothing to update.
        """
        original = await uow.outbox.by_key(message.update_of)
        if original is not None and original.status == OutboxStatus.SENT and original.platform_message_id:
            return message.model_copy(update={"updates": original.platform_message_id})
        row.lease_until = None
        waiting = {OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.UNKNOWN}
        if original is not None and original.status in waiting:
            wait = max(self.clock.now() + UPDATE_WAIT, original.due_at)  # a post deferred for hours: wait as long
            row.status, row.due_at, row.claimed_by = OutboxStatus.PENDING, wait, ""
            row.attempts = max(0, row.attempts - 1)
            return None
        row.status, row.last_error = OutboxStatus.SKIPPED, "nothing posted to update"
        self.stats.skipped += 1
        return None

    async def _gate(self, uow: UnitOfWork, env: NudgeEnv, row: OutboxMessage, nudge: Nudge) -> bool:
        now = self.clock.now()
        decision = await gate.check(uow, env, nudge, now)
        if decision.action == "send":
            return True
        row.lease_until = None
        if decision.action == "defer" and decision.at is not None:
            row.status, row.due_at = OutboxStatus.PENDING, decision.at
            nudge.due_at = decision.at
            nudge.budget_week = gate.budget_week(env, nudge, decision.at) or nudge.budget_week
            self.stats.deferred += 1
            log.info("nudge deferred", extra={"outbox_id": row.id, "purpose": row.purpose, "status": "deferred"})
        else:
            row.status, row.last_error = OutboxStatus.SKIPPED, decision.reason[:300]
            nudge.status, nudge.skip_reason = NudgeStatus.SKIPPED, decision.reason[:80]
            self.stats.skipped += 1
            log.info("nudge skipped", extra={"outbox_id": row.id, "purpose": row.purpose, "status": "skipped"})
        return False

    async def send(self, platform: str, message: OutgoingMessage) -> SendResult:
        """Hand one message to its platform's sender; a sender that raises has an unknown outcome."""
        sender = self.senders.get(platform)
        if sender is None:
            return SendResult("failed", error=f"no sender for {platform}")
        if message.retract and not getattr(sender, "can_retract", False):
            return SendResult("unreachable", error=f"{platform} cannot delete posts")  # never post the placeholder
        if message.update_of and not (message.updates and getattr(sender, "can_update", False)):
            return SendResult("unreachable", error=f"{platform} cannot update posts")  # never post it again
        try:
            with i18n.use(message.locale or None):
                return await sender.send(message)
        except Exception:  # never re-send blindly after an exception: the post may have gone out
            log.exception("sender raised", extra={"platform": platform})
            return SendResult("unknown", error="sender raised")

    async def record(self, row_id: int, result: SendResult) -> None:
        """Store the outcome of a send made by this worker."""
        async with self.uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None or row.status != OutboxStatus.SENDING or row.claimed_by != self.started:
                return
            self._apply(row, result)
            status, purpose, platform = row.status, row.purpose, row.platform
            await uow.commit()
        log.info("outbox %s", status, extra={"outbox_id": row_id, "purpose": purpose, "platform": platform})

    def _apply(self, row: OutboxMessage, result: SendResult) -> None:
        now = self.clock.now()
        row.lease_until, row.last_error = None, result.error[:300]
        if result.status == "sent":
            row.status, row.platform_message_id, row.sent_at = OutboxStatus.SENT, result.message_id, now
            self.stats.sent += 1
        elif result.status == "retry" and row.attempts < MAX_ATTEMPTS:
            delay = BACKOFF[min(row.attempts - 1, len(BACKOFF) - 1)]
            if result.retry_after is not None:
                delay = max(delay, timedelta(seconds=result.retry_after))
            row.status, row.due_at = OutboxStatus.PENDING, now + delay
            self.stats.retried += 1
        elif result.status == "unknown":
            row.status, row.due_at = OutboxStatus.UNKNOWN, now + RECONCILE_AFTER
            self.stats.unknown += 1
            self._alert(row)
        else:
            row.status = OutboxStatus.SKIPPED if result.status == "unreachable" else OutboxStatus.FAILED
            self.stats.failed += 1

    def _alert(self, row: OutboxMessage) -> None:
        if self.finder(row.platform) is None:
            log.error(
                "outbox row outcome unknown: an operator should check the conversation",
                extra={"outbox_id": row.id, "platform": row.platform, "purpose": row.purpose, "status": "unknown"},
            )

    async def reconcile(self) -> int:
        """Settle rows whose outcome is unknown; returns how many were looked at."""
        now = self.clock.now()
        finders = [p for p in self.senders if self.finder(p) is not None]
        async with self.uow_factory() as uow:
            ids = await uow.outbox_recovery.candidates(now, finders)
        for row_id in ids:
            await self._reconcile_one(row_id)
        return len(ids)

    async def _reconcile_one(self, row_id: int) -> None:
        now = self.clock.now()
        async with self.uow_factory() as uow:
            recovery = uow.outbox_recovery
            row = await uow.outbox.get(row_id)
            if row is None:
                return
            finder = self.finder(row.platform)
            if finder is None:
                if await recovery.mark_unknown(row_id, now):
                    self.stats.unknown += 1
                    self._alert(row)
                await uow.commit()
                return
            taken = await recovery.take(row_id, now=now, worker=self.worker, lease=LEASE)
            await uow.commit()
            if taken is None:
                return
            message = OutgoingMessage.model_validate_json(taken.payload)
        try:
            found = await finder.find_sent(message)
        except Exception:
            log.exception("could not look the message up; will try again", extra={"outbox_id": row_id})
            found, retry = None, True
        else:
            retry = False
        await self._settle(row_id, found, retry)

    async def _settle(self, row_id: int, found: str | None, retry: bool) -> None:
        now = self.clock.now()
        async with self.uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None or row.status != OutboxStatus.SENDING or row.claimed_by not in {self.worker, self.started}:
                return
            row.lease_until = None
            if retry:
                row.status, row.due_at = OutboxStatus.UNKNOWN, now + RECONCILE_RETRY
            elif found:
                row.status, row.platform_message_id, row.sent_at = OutboxStatus.SENT, found, row.sent_at or now
                row.last_error = "found after an unknown outcome"
                self.stats.reconciled += 1
            else:
                row.status, row.due_at, row.last_error = OutboxStatus.PENDING, now, "not found after an unknown outcome"
                self.stats.resent_after_check += 1
            status = row.status
            await uow.commit()
        log.info("outbox reconciled: %s", status, extra={"outbox_id": row_id, "status": status})
