"""The outbox: queued sends, their claims and leases, and recovery of unknown outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update

from bot.constants import OutboxStatus
from bot.replies import OutgoingMessage
from bot.store.models import OutboxMessage
from bot.store.repositories.base import _Repository


class Outbox(_Repository):
    """Durable outgoing messages."""

    async def enqueue(
        self, message: OutgoingMessage, *, due_at: datetime, now: datetime, background: bool = False
    ) -> bool:
        """Queue a message; False when its idempotency key is already queued (nothing changes).

        ``background`` marks fan-out nobody is waiting for (digests, reminders, prompts): due rows a
        person's own action queued are claimed first (:meth:`claim_due`).
        """
        statement = (
            self._insert(OutboxMessage)
            .values(
                idempotency_key=message.idempotency_key,
                purpose=message.purpose,
                platform=message.target.platform,
                target_kind=message.target.kind,
                target_address=message.target.address,
                payload=message.model_dump_json(),
                status=OutboxStatus.PENDING,
                due_at=due_at,
                created_at=now,
                attempts=0,
                claimed_by="",
                platform_message_id="",
                last_error="",
                background=background,
            )
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def claim_due(
        self, *, now: datetime, worker: str, lease: timedelta, limit: int = 50, urgent_only: bool = False
    ) -> list[int]:
        """Claim up to ``limit`` due rows for ``worker``; returns their ids.

        Rows people's own actions queued come before background fan-out, then the oldest due first;
        ``urgent_only`` claims none of the background rows. PostgreSQL uses ``FOR UPDATE SKIP LOCKED``
        so replicas never wait on each other; on both backends the conditional update
        (``status='pending'``) makes the claim exclusive.
        """
        due = select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now)
        if urgent_only:
            due = due.where(OutboxMessage.background.is_(False))
        due = (
            due.order_by(OutboxMessage.background, OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await self.session.scalars(due)).all())
        if not ids:
            return []
        claimed = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
            .values(
                status=OutboxStatus.SENDING,
                claimed_by=worker,
                lease_until=now + lease,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(OutboxMessage.id)
        )
        return [row[0] for row in claimed.all()]

    async def release(self, ids: Sequence[int], worker: str) -> int:
        """Give back rows ``worker`` claimed but did not start sending (it is stopping): pending again,
        the attempt not counted."""
        if not ids:
            return 0
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.claimed_by == worker,
            )
            .values(status=OutboxStatus.PENDING, claimed_by="", lease_until=None, attempts=OutboxMessage.attempts - 1)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def get(self, row_id: int) -> OutboxMessage | None:
        """One outbox row."""
        return await self.session.get(OutboxMessage, row_id)

    async def by_key(self, key: str) -> OutboxMessage | None:
        """The row with this idempotency key."""
        query = select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
        return (await self.session.scalars(query)).first()

    async def keys_posted_as(self, platform: str, message_id: str, prefix: str) -> list[str]:
        """The idempotency keys starting with ``prefix`` of the rows delivered as a platform message."""
        query = select(OutboxMessage.idempotency_key).where(
            OutboxMessage.platform == platform,
            OutboxMessage.platform_message_id == message_id,
            OutboxMessage.idempotency_key.startswith(prefix),
        )
        return list((await self.session.scalars(query)).all())

    async def listing(self, limit: int = 50) -> Sequence[OutboxMessage]:
        """The latest rows, newest first."""
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def pending_count(self) -> int:
        """How many rows wait to be sent."""
        query = select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.PENDING)
        return int(await self.session.scalar(query) or 0)

    async def posts_of(self, key: str) -> Sequence[OutboxMessage]:
        """The rows of one post and of its edited versions: the key ``key`` and the keys ``key:…``."""
        family = or_(
            OutboxMessage.idempotency_key == key,
            OutboxMessage.idempotency_key.startswith(f"{key}:", autoescape=True),
        )
        return (await self.session.scalars(select(OutboxMessage).where(family).order_by(OutboxMessage.id))).all()

    async def cancel_pending(self, row_ids: Sequence[int], reason: str) -> int:
        """Skip rows that are still waiting to be sent (a post withdrawn or replaced before it went)."""
        if not row_ids:
            return 0
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(row_ids), OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SKIPPED, last_error=reason)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class OutboxRecovery(_Repository):
    """Outbox rows whose send outcome is unknown: stale leases and ``unknown`` rows to reconcile."""

    async def candidates(self, now: datetime, finder_platforms: Sequence[str], limit: int = 100) -> list[int]:
        """Rows left in ``sending`` past their lease, and ``unknown`` rows a platform can look up, due now."""
        stale = and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now)
        unknown = and_(
            OutboxMessage.status == OutboxStatus.UNKNOWN,
            OutboxMessage.due_at <= now,
            OutboxMessage.platform.in_(finder_platforms),
        )
        query = select(OutboxMessage.id).where(or_(stale, unknown)).order_by(OutboxMessage.id).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def take(self, row_id: int, *, now: datetime, worker: str, lease: timedelta) -> OutboxMessage | None:
        """Claim a row for reconciliation (exclusive: a conditional update); None when someone else did."""
        stale = and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now)
        unknown = and_(OutboxMessage.status == OutboxStatus.UNKNOWN, OutboxMessage.due_at <= now)
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, or_(stale, unknown))
            .values(status=OutboxStatus.SENDING, claimed_by=worker, lease_until=now + lease)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        return await self.session.get(OutboxMessage, row_id, populate_existing=True)

    async def targets(self, row_ids: Sequence[int]) -> dict[int, str]:
        """Each row's conversation (``platform:kind:address``), to keep one conversation's rows in order."""
        query = select(
            OutboxMessage.id, OutboxMessage.platform, OutboxMessage.target_kind, OutboxMessage.target_address
        ).where(OutboxMessage.id.in_(row_ids))
        return {row_id: f"{p}:{k}:{a}" for row_id, p, k, a in (await self.session.execute(query)).all()}

    async def mark_unknown(self, row_id: int, now: datetime) -> bool:
        """A stale ``sending`` row on a platform that cannot look messages up: its outcome is unknown."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.lease_until < now,
            )
            .values(status=OutboxStatus.UNKNOWN, lease_until=None, last_error="lease expired mid-send")
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def next_pending_due(self) -> datetime | None:
        """When the next pending (or reconcilable) row falls due."""
        query = select(func.min(OutboxMessage.due_at)).where(OutboxMessage.status.in_(("pending", "unknown")))
        return await self.session.scalar(query)
