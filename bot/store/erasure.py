"""Erasure of one person (``plbot erase PERSON``, ``/sofs forget-me``; UK GDPR Art. 17).

What happens, in one transaction:

1. Every post of ours already sent to Slack or Teams that names the person (their display name or
   platform user id appears in the stored message) gets a retraction queued in the outbox, so the
   platform copy is deleted where the platform allows.
2. Every stored row whose text names them is removed: outbox rows (pending ones are never sent),
   celebrations and stories whose text contains their name, playground messages…; where a row
   cannot be removed (another row depends on it) the name is replaced by ``[erased]``. Celebrations
   that thanked only this person are removed.
3. The person row is deleted. The foreign keys then delete what belonged to them (identities,
   roles, leave, recipients, ballots, RSVPs, sessions, pulse answers) and anonymise what they only
   touched (author, reviewer or chair becomes empty).
4. The audit log keeps its hash chain: it never held names or content, and the erasure itself is
   recorded with the person's former id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, Table, Text, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot import keys
from bot.constants import OutboxStatus
from bot.replies import retraction
from bot.store.all_models import metadata
from bot.store.models import Celebration, CelebrationRecipient, OutboxMessage, Person
from bot.store.uow import UnitOfWork, session_of
from bot.texts import plural

log = logging.getLogger(__name__)

SKIP_TABLES = {"audit_log", "people", "person_identities", "alembic_version", "processed_events"}
ERASED = "[erased]"


@dataclass
class ErasureReport:
    """What an erasure did (printed by the CLI and shown to the person)."""

    person_id: int
    rows_deleted: dict[str, int] = field(default_factory=dict)
    rows_redacted: dict[str, int] = field(default_factory=dict)
    retractions_queued: int = 0

    def lines(self) -> list[str]:
        """Human-readable lines."""
        out = [f"person {self.person_id}: removed"]
        out += [f"{table}: {plural(n, 'row', 'rows')} removed" for table, n in sorted(self.rows_deleted.items()) if n]
        out += [
            f"{table}: name replaced in {plural(n, 'row', 'rows')}"
            for table, n in sorted(self.rows_redacted.items())
            if n
        ]
        out.append(f"posted copies to delete on Slack/Teams: {self.retractions_queued}")
        return out


def _needles(person: Person) -> list[str]:
    names = {person.display_name, person.handle}
    names |= {i.platform_user_id for i in person.identities if i.platform in {"slack", "teams"}}
    return [n for n in names if n and len(n) >= 3]


async def _queue_retractions(uow: UnitOfWork, needles: list[str], now: datetime) -> int:
    mentions = or_(*(OutboxMessage.payload.contains(n) for n in needles))
    sent = (
        await session_of(uow).scalars(
            select(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.SENT,
                OutboxMessage.platform.in_(("slack", "teams")),
                OutboxMessage.platform_message_id != "",
                mentions,
            )
        )
    ).all()
    queued = 0
    for row in sent:
        key = keys.retraction(row.platform, row.platform_message_id)
        message = retraction(row.platform, row.target_address, row.platform_message_id, key)
        queued += await uow.outbox.enqueue(message, due_at=now, now=now)
    return queued


async def _sweep(uow: UnitOfWork, table: Table, needles: list[str], report: ErasureReport) -> None:
    columns = [c for c in table.columns if isinstance(c.type, String | Text)]
    if not columns:
        return
    naming = or_(*(c.contains(n) for c in columns for n in needles))
    savepoint = await session_of(uow).begin_nested()
    try:
        result = await session_of(uow).execute(delete(table).where(naming))
        await savepoint.commit()
        report.rows_deleted[table.name] = report.rows_deleted.get(table.name, 0) + int(result.rowcount)  # type: ignore[attr-defined]
    except IntegrityError:
        await savepoint.rollback()
        redacted = 0
        for column in columns:
            for needle in needles:
                result = await session_of(uow).execute(
                    update(table)
                    .where(column.contains(needle))
                    .values({column.name: func.replace(column, needle, ERASED)})
                )
                redacted += int(result.rowcount)  # type: ignore[attr-defined]
        report.rows_redacted[table.name] = redacted


async def _celebrations_only_of(uow: UnitOfWork, person_id: int) -> int:
    """Delete celebrations that thanked this person alone (those thanking others too stay, without them)."""
    mine = select(CelebrationRecipient.celebration_id).where(CelebrationRecipient.person_id == person_id)
    others = select(CelebrationRecipient.celebration_id).where(CelebrationRecipient.person_id != person_id)
    result = await session_of(uow).execute(
        delete(Celebration).where(Celebration.id.in_(mine), Celebration.id.not_in(others))
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> ErasureReport:
    """Erase ``person`` as described in the module docstring; the caller commits."""
    report = ErasureReport(person_id=person.id)
    needles = _needles(person)
    report.retractions_queued = await _queue_retractions(uow, needles, now)
    for table in reversed(metadata.sorted_tables):
        if table.name not in SKIP_TABLES:
            await _sweep(uow, table, needles, report)
    person_id = person.id
    report.rows_deleted["celebrations"] = report.rows_deleted.get("celebrations", 0) + await _celebrations_only_of(
        uow, person_id
    )
    await session_of(uow).execute(delete(Person).where(Person.id == person_id))
    await uow.audit.record(at=now, actor_id=None, action="person.erased", object_type="person", object_id=person_id)
    log.info("person erased", extra={"count": sum(report.rows_deleted.values())})
    return report
