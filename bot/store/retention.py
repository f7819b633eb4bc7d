"""Retention: how long each kind of record is kept, and the daily, idempotent purge.

Defaults (UK GDPR storage limitation; ICO retention guidance): celebrations and stories 24 months,
ideas 12 months, inbound event ids 24 hours, inbox rows (events whose turn never ran) 24 hours, sent
outbox rows 30 days, audit log 6 years. Purging is a plain ``DELETE … WHERE <time column> < cutoff``
per kind, so running it twice deletes nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete

from bot import texts
from bot.store.models import AuditEntry, Celebration, Idea, OutboxMessage, PracticeStory, ProcessedEvent
from bot.store.models_inbox import InboxRow
from bot.store.uow import UnitOfWork, session_of

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """One kind of record and how long it is kept."""

    kind: str
    keep_for: timedelta

    @property
    def description(self) -> str:
        """What the rule keeps, in the reader's language (``texts.RETENTION_DESCRIPTIONS``)."""
        return str(texts.RETENTION_DESCRIPTIONS[self.kind])


DEFAULT_RULES: tuple[RetentionRule, ...] = (
    RetentionRule("celebrations", 730 * DAY),
    RetentionRule("stories", 730 * DAY),
    RetentionRule("ideas", 365 * DAY),
    RetentionRule("inbound_events", 1 * DAY),
    RetentionRule("inbox", 1 * DAY),
    RetentionRule("outbox_sent", 30 * DAY),
    RetentionRule("audit", 2192 * DAY),
)


def _conditions(cutoffs: Mapping[str, datetime]) -> dict[str, tuple[type, ColumnElement[bool]]]:
    done = ("sent", "skipped", "failed")
    return {
        "celebrations": (Celebration, Celebration.created_at < cutoffs["celebrations"]),
        "stories": (PracticeStory, PracticeStory.updated_at < cutoffs["stories"]),
        "ideas": (Idea, Idea.created_at < cutoffs["ideas"]),
        "inbound_events": (ProcessedEvent, ProcessedEvent.received_at < cutoffs["inbound_events"]),
        "inbox": (InboxRow, InboxRow.received_at < cutoffs["inbox"]),
        "outbox_sent": (
            OutboxMessage,
            OutboxMessage.status.in_(done) & (OutboxMessage.created_at < cutoffs["outbox_sent"]),
        ),
        # The audit chain is cut from its old end only: verification starts at the oldest kept row.
        "audit": (AuditEntry, AuditEntry.at < cutoffs["audit"]),
    }


async def purge(uow: UnitOfWork, now: datetime, rules: tuple[RetentionRule, ...] = DEFAULT_RULES) -> dict[str, int]:
    """Delete every record past its retention; returns the number deleted per kind (caller commits)."""
    cutoffs = {rule.kind: now - rule.keep_for for rule in rules}
    deleted: dict[str, int] = {}
    for kind, (model, condition) in _conditions(cutoffs).items():
        if kind in cutoffs:
            result = await session_of(uow).execute(delete(model).where(condition))
            deleted[kind] = int(result.rowcount)  # type: ignore[attr-defined]
    if any(deleted.values()):
        detail = ",".join(f"{k}={v}" for k, v in deleted.items() if v)
        await uow.audit.record(
            at=now, actor_id=None, action="retention.purged", object_type="store", object_id="-", detail=detail
        )
    return deleted
