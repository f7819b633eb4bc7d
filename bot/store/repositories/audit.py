"""The hash-chained audit log."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text

from bot.store.models import AuditEntry
from bot.store.repositories.base import _Repository

GENESIS_HASH = "0" * 64


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    """The hash of an audit row: the previous hash plus the row's fields (never any content)."""
    fields = [prev_hash, entry.at.isoformat(), str(entry.actor_id or ""), entry.action]
    fields += [entry.object_type, entry.object_id, entry.detail]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


class AuditLog(_Repository):
    """The append-only, hash-chained audit log."""

    async def record(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        object_type: str,
        object_id: object,
        detail: str = "",
    ) -> AuditEntry:
        """Append an entry: who did what to which object, and when. Never pass content here."""
        if self.dialect == "postgresql":
            await self.session.execute(text("SELECT pg_advisory_xact_lock(7420001)"))
        last = await self.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
        entry = AuditEntry(
            at=at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail,
        )
        entry.prev_hash = last or GENESIS_HASH
        entry.hash = chain_hash(entry.prev_hash, entry)
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entries(self) -> Sequence[AuditEntry]:
        """Every entry, oldest first."""
        return (await self.session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
