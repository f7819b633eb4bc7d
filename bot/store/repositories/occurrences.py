"""Meeting occurrences and their Signs of Safety items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import case, delete, func, or_, select, update

from bot.constants import EventStatus, NudgeStatus
from bot.domain.schedule import Occurrence
from bot.store.models import Meeting
from bot.store.models_nudges import (
    MeetingOccurrence,
    Nudge,
)
from bot.store.repositories.base import _Repository


class Occurrences(_Repository):
    """Meeting occurrences and their Signs of Safety items."""

    async def get(self, occurrence_id: int) -> MeetingOccurrence | None:
        """One occurrence by id."""
        return await self.session.get(MeetingOccurrence, occurrence_id)

    async def load(self, occurrence_ids: Sequence[int]) -> list[MeetingOccurrence]:
        """Bring several occurrences into the session at once; keep the list so ``get`` needs no query."""
        wanted, found = list(set(occurrence_ids)), []
        for chunk in range(0, len(wanted), 500):
            query = select(MeetingOccurrence).where(MeetingOccurrence.id.in_(wanted[chunk : chunk + 500]))
            found += list((await self.session.scalars(query)).all())
        return found

    async def in_window(
        self, meeting_ids: Sequence[int], start: datetime, end: datetime
    ) -> dict[tuple[int, date], MeetingOccurrence]:
        """These meetings' occurrences around ``[start, end)``, by (meeting id, original date)."""
        query = select(MeetingOccurrence).where(
            MeetingOccurrence.meeting_id.in_(meeting_ids),
            MeetingOccurrence.occurs_on >= (start - timedelta(days=2)).date(),
            MeetingOccurrence.occurs_on <= (end + timedelta(days=2)).date(),
        )
        rows = (await self.session.scalars(query)).all()
        return {(r.meeting_id, r.occurs_on): r for r in rows if r.meeting_id is not None}

    async def orphans(self, start: datetime, end: datetime) -> dict[tuple[object, ...], MeetingOccurrence]:
        """Occurrences whose meeting was replaced (a re-import), by (team, locality, title, date)."""
        query = select(MeetingOccurrence).where(
            MeetingOccurrence.meeting_id.is_(None),
            MeetingOccurrence.occurs_on >= (start - timedelta(days=2)).date(),
            MeetingOccurrence.occurs_on <= (end + timedelta(days=2)).date(),
        )
        rows = (await self.session.scalars(query)).all()
        return {(r.team_id, r.locality_id, r.title, r.occurs_on): r for r in rows}

    async def find(self, meeting_id: int, occurs_on: date) -> MeetingOccurrence | None:
        """The occurrence of a meeting on an original date."""
        query = select(MeetingOccurrence).where(
            MeetingOccurrence.meeting_id == meeting_id, MeetingOccurrence.occurs_on == occurs_on
        )
        return (await self.session.scalars(query)).first()

    async def _orphan(self, meeting: Meeting, occurs_on: date) -> MeetingOccurrence | None:
        query = select(MeetingOccurrence).where(
            MeetingOccurrence.meeting_id.is_(None),
            MeetingOccurrence.team_id == meeting.team_id if meeting.team_id else MeetingOccurrence.team_id.is_(None),
            MeetingOccurrence.locality_id == meeting.locality_id
            if meeting.locality_id
            else MeetingOccurrence.locality_id.is_(None),
            MeetingOccurrence.title == meeting.title,
            MeetingOccurrence.occurs_on == occurs_on,
        )
        return (await self.session.scalars(query)).first()

    @staticmethod
    def values(meeting: Meeting, occurrence: Occurrence) -> dict[str, object]:
        """The column values of a new occurrence row."""
        return {
            "meeting_id": meeting.id,
            "team_id": meeting.team_id,
            "locality_id": meeting.locality_id,
            "kind": meeting.kind,
            "title": meeting.title,
            "timezone": meeting.timezone,
            "occurs_on": occurrence.occurs_on,
            "starts_at": occurrence.starts_at,
            "status": occurrence.status,
            "chair_id": meeting.chair_id,
            "sofs_item": "",
            "item_suggestion": "",
            "offered": [],
        }

    async def insert_many(self, rows: Sequence[dict[str, object]]) -> None:
        """Insert occurrence rows in one statement; rows that already exist are left alone."""
        if rows:
            statement = self._insert(MeetingOccurrence).on_conflict_do_nothing(
                index_elements=["meeting_id", "occurs_on"]
            )
            await self.session.execute(statement, list(rows))

    async def ensure(self, meeting: Meeting, occurrence: Occurrence) -> MeetingOccurrence:
        """The stored occurrence (created, or adopted from a re-imported meeting), kept up to date.

        Args:
            meeting: The meeting.
            occurrence: The computed occurrence.

        Returns:
            The row (flushed, with an id).
        """
        row = await self.find(meeting.id, occurrence.occurs_on)
        if row is None:
            row = await self._orphan(meeting, occurrence.occurs_on)
            if row is not None:
                row.meeting_id = meeting.id
        if row is None:  # insert-or-nothing: a planner may be storing the same occurrence right now
            await self.insert_many([self.values(meeting, occurrence)])
            found = await self.find(meeting.id, occurrence.occurs_on)
            if found is None:  # pragma: no cover - the row was just inserted or already there
                msg = "occurrence vanished"
                raise LookupError(msg)
            return found
        self.refresh(row, meeting, occurrence)
        await self.session.flush()
        return row

    @staticmethod
    def refresh(row: MeetingOccurrence, meeting: Meeting, occurrence: Occurrence) -> None:
        """Follow a moved or cancelled occurrence; a chat-cancelled one stays cancelled."""
        row.starts_at, row.chair_id, row.title = occurrence.starts_at, meeting.chair_id, meeting.title
        if row.status != EventStatus.CANCELLED or occurrence.status == EventStatus.CANCELLED or meeting.ics_source:
            row.status = occurrence.status

    async def recent_offers(self, meeting: MeetingOccurrence, limit: int = 4) -> list[list[str]]:
        """Suggestions offered for earlier occurrences of the same meeting, newest first."""
        query = (
            select(MeetingOccurrence.offered)
            .where(
                MeetingOccurrence.team_id == meeting.team_id
                if meeting.team_id
                else MeetingOccurrence.locality_id == meeting.locality_id,
                MeetingOccurrence.title == meeting.title,
                MeetingOccurrence.starts_at < meeting.starts_at,
            )
            .order_by(MeetingOccurrence.starts_at.desc())
            .limit(limit * 3)
        )
        return [list(o) for o in (await self.session.scalars(query)).all() if o][:limit]

    async def between(
        self, *, team_ids: Sequence[int], locality_ids: Sequence[int], start: datetime, end: datetime
    ) -> Sequence[MeetingOccurrence]:
        """Occurrences of these teams' and localities' meetings starting in ``[start, end)``."""
        scope = or_(MeetingOccurrence.team_id.in_(team_ids), MeetingOccurrence.locality_id.in_(locality_ids))
        query = (
            select(MeetingOccurrence)
            .where(scope, MeetingOccurrence.starts_at >= start, MeetingOccurrence.starts_at < end)
            .order_by(MeetingOccurrence.starts_at)
        )
        return (await self.session.scalars(query)).all()

    async def coverage(
        self, *, team_ids: Sequence[int], locality_ids: Sequence[int], start: datetime, end: datetime
    ) -> tuple[int, int]:
        """(meetings with a Signs of Safety item, meetings held) in ``[start, end)``."""
        scope = or_(MeetingOccurrence.team_id.in_(team_ids), MeetingOccurrence.locality_id.in_(locality_ids))
        with_item = func.sum(case((MeetingOccurrence.sofs_item != "", 1), else_=0))
        query = select(func.count(MeetingOccurrence.id), with_item).where(
            scope,
            MeetingOccurrence.status == EventStatus.SCHEDULED,
            MeetingOccurrence.starts_at >= start,
            MeetingOccurrence.starts_at < end,
        )
        held, items = (await self.session.execute(query)).one()
        return int(items or 0), int(held or 0)

    async def drop_after(self, meeting_id: int, after: datetime) -> None:
        """After a schedule change: drop a meeting's occurrences after ``after`` and their planned nudges.

        The occurrences stay dropped until the planner plans them again; nudges not yet sent go.
        """
        future = select(MeetingOccurrence.id).where(
            MeetingOccurrence.meeting_id == meeting_id, MeetingOccurrence.starts_at > after
        )
        await self.session.execute(
            delete(Nudge).where(Nudge.occurrence_id.in_(future), Nudge.status == NudgeStatus.PLANNED)
        )
        await self.session.execute(
            update(MeetingOccurrence)
            .where(MeetingOccurrence.id.in_(future), MeetingOccurrence.status == EventStatus.SCHEDULED)
            .values(status=EventStatus.DROPPED)
        )
