"""The inbox repository: persist inbound events before the ack, claim them for turns, delete them after."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select, update

from bot.store.models_inbox import InboxRow
from bot.store.repositories import _Repository


@dataclass(frozen=True, slots=True)
class NewRow:
    """An event to store: platform, de-duplication key, sealed payload, when it was received, and
    ``(worker, lease_until)`` when it is stored already claimed (for a turn run at once)."""

    platform: str
    event_key: str
    payload: str
    received_at: datetime
    holder: tuple[str, datetime] | None = None


@dataclass(frozen=True, slots=True)
class ClaimedRow:
    """A row this worker now holds: its id, platform, sealed payload and how often it was claimed."""

    id: int
    platform: str
    payload: str
    attempts: int


def _free(now: datetime) -> ColumnElement[bool]:
    """Rows nobody holds: never claimed, released, or whose holder's lease ran out."""
    return or_(InboxRow.lease_until.is_(None), InboxRow.lease_until < now)


class InboxRows(_Repository):
    """Inbound events waiting for their turn (the caller commits)."""

    async def add_many(self, rows: Sequence[NewRow]) -> list[int | None]:
        """Store events in one statement; for each, its new row id, or None when the same event
        (platform and key) is already waiting or comes earlier in ``rows`` (a repeated delivery)."""
        values = [
            {
                "platform": row.platform,
                "event_key": row.event_key[:300],
                "payload": row.payload,
                "received_at": row.received_at,
                "attempts": 1 if row.holder else 0,
                "claimed_by": row.holder[0] if row.holder else "",
                "lease_until": row.holder[1] if row.holder else None,
            }
            for row in rows
        ]
        statement = (  # one compiled statement for any batch size (executemany, "insertmanyvalues")
            self._insert(InboxRow)
            .on_conflict_do_nothing(index_elements=["platform", "event_key"])
            .returning(InboxRow.id, InboxRow.platform, InboxRow.event_key)
        )
        connection = await self.session.connection()
        returned = (await connection.execute(statement, values)).all()
        inserted = {(platform, key): row_id for row_id, platform, key in returned}
        return [inserted.pop((v["platform"], v["event_key"]), None) for v in values]

    async def claim(
        self, *, platforms: Sequence[str], now: datetime, worker: str, lease: timedelta, limit: int
    ) -> list[ClaimedRow]:
        """Claim up to ``limit`` free rows of ``platforms``, oldest first, for ``worker``.

        One statement: ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) AND <free>``. On
        PostgreSQL replicas skip each other's locked rows; the repeated ``<free>`` condition makes the
        claim exclusive on both backends (SQLite has one writer, and the statement writes at once).
        """
        if not platforms or limit <= 0:
            return []
        oldest = (
            select(InboxRow.id)
            .where(InboxRow.platform.in_(platforms), _free(now))
            .order_by(InboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            update(InboxRow)
            .where(InboxRow.id.in_(oldest.scalar_subquery()), _free(now))
            .values(claimed_by=worker, lease_until=now + lease, attempts=InboxRow.attempts + 1)
            .returning(InboxRow.id, InboxRow.platform, InboxRow.payload, InboxRow.attempts)
            .execution_options(synchronize_session=False)
        )
        rows = (await self.session.execute(statement)).all()
        return sorted((ClaimedRow(*row) for row in rows), key=lambda row: row.id)

    async def delete(self, row_id: int) -> None:
        """Forget a row (its turn is done); nothing happens when it is already gone."""
        await self.session.execute(delete(InboxRow).where(InboxRow.id == row_id))

    async def release(self, row_ids: Sequence[int], worker: str) -> int:
        """Give back rows ``worker`` claimed but will not run (it is stopping)."""
        if not row_ids:
            return 0
        statement = (
            update(InboxRow)
            .where(InboxRow.id.in_(row_ids), InboxRow.claimed_by == worker)
            .values(claimed_by="", lease_until=None)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def release_all(self) -> int:
        """Free every claim (a single-process database at start: whoever held them is gone)."""
        statement = (
            update(InboxRow)
            .where(InboxRow.lease_until.is_not(None))
            .values(claimed_by="", lease_until=None)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def waiting(self) -> int:
        """How many events wait for their turn (claimed or not)."""
        return int(await self.session.scalar(select(func.count(InboxRow.id))) or 0)

    async def oldest(self) -> datetime | None:
        """When the oldest waiting event was received."""
        return await self.session.scalar(select(func.min(InboxRow.received_at)))
