"""Planned proactive sends (for direct messages also the weekly budget ledger)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update

from bot.constants import NudgeStatus
from bot.store.models_nudges import Nudge
from bot.store.repositories.base import _Repository

DM_KINDS = ("agenda-prompt", "agenda-reminder", "pulse", "vote-reminder")  # every nudge with a person is a DM


class Nudges(_Repository):
    """Planned proactive sends; for direct messages also the weekly budget ledger."""

    async def add_if_missing(self, values: dict[str, object]) -> bool:
        """Insert a planned nudge unless its key exists; True when inserted."""
        statement = self._insert(Nudge).values(**values).on_conflict_do_nothing(index_elements=["key"])
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def add_many_if_missing(self, rows: Sequence[dict[str, object]]) -> None:
        """Insert planned nudges in one statement; existing keys are left alone."""
        if rows:
            statement = self._insert(Nudge).on_conflict_do_nothing(index_elements=["key"])
            await self.session.execute(statement, list(rows))

    async def existing_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these keys are already planned."""
        wanted = list(keys)
        found: set[str] = set()
        for chunk in range(0, len(wanted), 500):
            query = select(Nudge.key).where(Nudge.key.in_(wanted[chunk : chunk + 500]))
            found.update((await self.session.scalars(query)).all())
        return found

    async def by_key(self, key: str) -> Nudge | None:
        """The nudge behind an outbox key."""
        return (await self.session.scalars(select(Nudge).where(Nudge.key == key))).first()

    async def due(self, now: datetime, limit: int = 500, platforms: Sequence[str] = ()) -> Sequence[Nudge]:
        """Planned nudges due at ``now`` on these platforms (all when none are given), oldest first."""
        query = (
            select(Nudge)
            .where(Nudge.status == NudgeStatus.PLANNED, Nudge.due_at <= now)
            .where(Nudge.platform.in_(platforms) if platforms else Nudge.id.is_not(None))
            .order_by(Nudge.due_at, Nudge.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def any_due(self, now: datetime, platforms: Sequence[str]) -> bool:
        """Whether any planned nudge on these platforms is due."""
        query = select(Nudge.id).where(
            Nudge.status == NudgeStatus.PLANNED, Nudge.due_at <= now, Nudge.platform.in_(platforms)
        )
        return (await self.session.scalar(query.limit(1))) is not None

    async def next_due(self) -> datetime | None:
        """When the next planned nudge falls due."""
        return await self.session.scalar(select(func.min(Nudge.due_at)).where(Nudge.status == NudgeStatus.PLANNED))

    async def used_weeks(self, person_id: int, exclude_key: str = "") -> dict[str, int]:
        """Budgeted direct messages already queued per ISO week for a person (the budget ledger)."""
        query = (
            select(Nudge.budget_week, func.count(Nudge.id))
            .where(Nudge.person_id == person_id, Nudge.status == NudgeStatus.ENQUEUED, Nudge.key != exclude_key)
            .group_by(Nudge.budget_week)
        )
        return {week: int(n) for week, n in (await self.session.execute(query)).all()}

    async def used_weeks_of(self, person_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """The budget ledger of several people: queued DMs per person and ISO week."""
        query = (
            select(Nudge.person_id, Nudge.budget_week, func.count(Nudge.id))
            .where(Nudge.person_id.in_(person_ids), Nudge.status == NudgeStatus.ENQUEUED)
            .group_by(Nudge.person_id, Nudge.budget_week)
        )
        found: dict[int, dict[str, int]] = {}
        for person_id, week, count in (await self.session.execute(query)).all():
            if person_id is not None:
                found.setdefault(person_id, {})[week] = int(count)
        return found

    async def planned_of(self, person_ids: Sequence[int]) -> dict[int, list[datetime]]:
        """When time-critical direct messages (prompts, reminders) still planned for these people fall due."""
        query = select(Nudge.person_id, Nudge.due_at).where(
            Nudge.person_id.in_(person_ids),
            Nudge.status == NudgeStatus.PLANNED,
            Nudge.kind.in_(("agenda-prompt", "agenda-reminder")),
        )
        found: dict[int, list[datetime]] = {}
        for person_id, due in (await self.session.execute(query)).all():
            if person_id is not None:
                found.setdefault(person_id, []).append(due)
        return found

    async def kinds_for_occurrences(self, occurrence_ids: Sequence[int]) -> set[tuple[int, str]]:
        """(occurrence id, kind) of every nudge already planned for these occurrences, under any key."""
        found: set[tuple[int, str]] = set()
        for chunk in range(0, len(occurrence_ids), 500):
            query = select(Nudge.occurrence_id, Nudge.kind).where(
                Nudge.occurrence_id.in_(occurrence_ids[chunk : chunk + 500])
            )
            found.update((o, k) for o, k in (await self.session.execute(query)).all() if o is not None)
        return found

    async def for_occurrence(self, occurrence_id: int) -> Sequence[Nudge]:
        """The prompt and reminder of an occurrence."""
        query = select(Nudge).where(Nudge.occurrence_id == occurrence_id)
        return (await self.session.scalars(query)).all()

    async def skip_planned(self, *, occurrence_id: int | None = None, event_id: int | None = None, reason: str) -> int:
        """Skip every still-planned nudge of an occurrence or an event."""
        condition = Nudge.occurrence_id == occurrence_id if occurrence_id is not None else Nudge.event_id == event_id
        result = await self.session.execute(
            update(Nudge)
            .where(condition, Nudge.status == NudgeStatus.PLANNED)
            .values(status=NudgeStatus.SKIPPED, skip_reason=reason)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
