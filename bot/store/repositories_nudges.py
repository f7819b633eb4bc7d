"""Repositories for nudges: meeting occurrences, planned nudges (the budget ledger), events, pulse, settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, and_, case, cast, delete, func, literal, or_, select, update

from bot.domain.digest import CelebrationLine
from bot.domain.schedule import Occurrence
from bot.store.models import (
    Celebration,
    CelebrationRecipient,
    ChannelBinding,
    Leave,
    Meeting,
    OutboxMessage,
    Person,
    PracticeStory,
    Role,
)
from bot.store.models_nudges import (
    DigestSetting,
    MeetingOccurrence,
    Nudge,
    NudgeSettings,
    PlannerMark,
    PulseAnswer,
    ScheduledEvent,
)
from bot.store.repositories import _Repository

DM_KINDS = ("agenda-prompt", "agenda-reminder", "pulse", "vote-reminder")  # every nudge with a person is a DM


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
        if row.status != "cancelled" or occurrence.status == "cancelled" or meeting.ics_source:
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
            MeetingOccurrence.status == "scheduled",
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
        await self.session.execute(delete(Nudge).where(Nudge.occurrence_id.in_(future), Nudge.status == "planned"))
        await self.session.execute(
            update(MeetingOccurrence)
            .where(MeetingOccurrence.id.in_(future), MeetingOccurrence.status == "scheduled")
            .values(status="dropped")
        )


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
            .where(Nudge.status == "planned", Nudge.due_at <= now)
            .where(Nudge.platform.in_(platforms) if platforms else Nudge.id.is_not(None))
            .order_by(Nudge.due_at, Nudge.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def any_due(self, now: datetime, platforms: Sequence[str]) -> bool:
        """Whether any planned nudge on these platforms is due."""
        query = select(Nudge.id).where(Nudge.status == "planned", Nudge.due_at <= now, Nudge.platform.in_(platforms))
        return (await self.session.scalar(query.limit(1))) is not None

    async def next_due(self) -> datetime | None:
        """When the next planned nudge falls due."""
        return await self.session.scalar(select(func.min(Nudge.due_at)).where(Nudge.status == "planned"))

    async def used_weeks(self, person_id: int, exclude_key: str = "") -> dict[str, int]:
        """Budgeted direct messages already queued per ISO week for a person (the budget ledger)."""
        query = (
            select(Nudge.budget_week, func.count(Nudge.id))
            .where(Nudge.person_id == person_id, Nudge.status == "enqueued", Nudge.key != exclude_key)
            .group_by(Nudge.budget_week)
        )
        return {week: int(n) for week, n in (await self.session.execute(query)).all()}

    async def used_weeks_of(self, person_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """The budget ledger of several people: queued DMs per person and ISO week."""
        query = (
            select(Nudge.person_id, Nudge.budget_week, func.count(Nudge.id))
            .where(Nudge.person_id.in_(person_ids), Nudge.status == "enqueued")
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
            Nudge.status == "planned",
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
            update(Nudge).where(condition, Nudge.status == "planned").values(status="skipped", skip_reason=reason)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class Events(_Repository):
    """Seminars, group supervision, case mapping, PL group meetings, partner briefings, the gathering."""

    async def add(self, event: ScheduledEvent) -> ScheduledEvent:
        """Store an event."""
        self.session.add(event)
        await self.session.flush()
        return event

    async def get(self, event_id: int) -> ScheduledEvent | None:
        """One event."""
        return await self.session.get(ScheduledEvent, event_id)

    async def starting_between(self, start: datetime, end: datetime) -> Sequence[ScheduledEvent]:
        """Scheduled events starting in ``[start, end)``."""
        query = (
            select(ScheduledEvent)
            .where(
                ScheduledEvent.status == "scheduled",
                ScheduledEvent.starts_at >= start,
                ScheduledEvent.starts_at < end,
            )
            .order_by(ScheduledEvent.starts_at)
        )
        return (await self.session.scalars(query)).all()

    async def cancel(self, event_id: int) -> None:
        """Cancel an event: its planned reminders are skipped."""
        event = await self.get(event_id)
        if event is not None:
            event.status = "cancelled"
            await Nudges(self.session).skip_planned(event_id=event_id, reason="event cancelled")


class Pulse(_Repository):
    """Implementation pulse answers."""

    async def answer(
        self, *, person_id: int, month: str, score: int, team_id: int | None, locality_id: int | None, at: datetime
    ) -> PulseAnswer:
        """Record (or change) a person's score for a month."""
        query = select(PulseAnswer).where(PulseAnswer.person_id == person_id, PulseAnswer.month == month)
        row = (await self.session.scalars(query)).first()
        if row is None:
            row = PulseAnswer(person_id=person_id, month=month, one_point_up="")
            self.session.add(row)
        row.score, row.team_id, row.locality_id, row.answered_at = score, team_id, locality_id, at
        await self.session.flush()
        return row

    async def of(self, person_id: int, month: str) -> PulseAnswer | None:
        """A person's answer for a month."""
        query = select(PulseAnswer).where(PulseAnswer.person_id == person_id, PulseAnswer.month == month)
        return (await self.session.scalars(query)).first()

    async def trend(self, since_month: str) -> list[tuple[int | None, int | None, str, float, int]]:
        """(team id, locality id, month, average, answers) for every team and locality since a month."""
        rows: list[tuple[int | None, int | None, str, float, int]] = []
        for column, is_team in ((PulseAnswer.team_id, True), (PulseAnswer.locality_id, False)):
            query = (
                select(column, PulseAnswer.month, func.avg(PulseAnswer.score), func.count(PulseAnswer.id))
                .where(column.is_not(None), PulseAnswer.month >= since_month)
                .group_by(column, PulseAnswer.month)
                .order_by(column, PulseAnswer.month)
            )
            for unit, month, average, count in (await self.session.execute(query)).all():
                team, locality = (unit, None) if is_team else (None, unit)
                rows.append((team, locality, month, float(average), int(count)))
        return rows


class NudgeConfig(_Repository):
    """Organisation and channel settings for nudges, the planner's marks, and the people it needs."""

    async def settings(self, organisation_id: int) -> NudgeSettings:
        """The organisation's settings (defaults when none are stored; the default row is not saved)."""
        query = select(NudgeSettings).where(NudgeSettings.organisation_id == organisation_id)
        found = (await self.session.scalars(query)).first()
        return found or NudgeSettings(
            organisation_id=organisation_id,
            holiday_region="GB-ENG",
            dm_budget=3,
            prompt_lead_minutes=24 * 60,
            reminder_lead_minutes=120,
            channel_work_start=time(9, 0),
            channel_work_end=time(17, 0),
            extra={},
        )

    async def digest_settings(self) -> dict[tuple[str, str], DigestSetting]:
        """Every channel's own digest settings."""
        rows = (await self.session.scalars(select(DigestSetting))).all()
        return {(r.platform, r.channel_id): r for r in rows}

    async def marks(self, prefix: str) -> dict[str, datetime]:
        """Planner marks whose key starts with ``prefix``."""
        query = select(PlannerMark).where(PlannerMark.key.startswith(prefix))
        return {m.key: m.until for m in (await self.session.scalars(query)).all()}

    async def set_marks(self, marks: dict[str, datetime]) -> None:
        """Record planner marks (insert or move forward)."""
        if not marks:
            return
        existing = await self.marks_for(list(marks))
        for key, until in marks.items():
            if key in existing:
                existing[key].until = until
            else:
                self.session.add(PlannerMark(key=key, until=until))
        await self.session.flush()

    async def marks_for(self, keys: Sequence[str]) -> dict[str, PlannerMark]:
        """The mark rows for these keys."""
        found: dict[str, PlannerMark] = {}
        for chunk in range(0, len(keys), 500):
            query = select(PlannerMark).where(PlannerMark.key.in_(keys[chunk : chunk + 500]))
            found.update({m.key: m for m in (await self.session.scalars(query)).all()})
        return found

    async def forget_mark(self, key: str) -> None:
        """Make the planner look at something again."""
        mark = await self.session.get(PlannerMark, key)
        if mark is not None:
            await self.session.delete(mark)

    async def meetings_planned_before(self, threshold: datetime) -> Sequence[Meeting]:
        """Meetings never planned, or planned only up to before ``threshold`` (one indexed join)."""
        key = literal("meeting:") + cast(Meeting.id, String)
        query = (
            select(Meeting)
            .outerjoin(PlannerMark, PlannerMark.key == key)
            .where(or_(PlannerMark.until.is_(None), PlannerMark.until < threshold))
            .order_by(Meeting.id)
        )
        return (await self.session.scalars(query)).all()

    async def mark(self, key: str) -> datetime | None:
        """One planner mark."""
        found = await self.session.get(PlannerMark, key)
        return found.until if found else None

    async def people_by_id(self) -> dict[int, Person]:
        """Everyone, by id."""
        return {p.id: p for p in (await self.session.scalars(select(Person))).all()}

    async def leave_by_person(self) -> dict[int, list[tuple[date, date]]]:
        """Everyone's leave."""
        leave: dict[int, list[tuple[date, date]]] = {}
        for row in (await self.session.scalars(select(Leave))).all():
            leave.setdefault(row.person_id, []).append((row.starts_on, row.ends_on))
        return leave

    async def practice_leaders(self) -> list[tuple[int, int | None, int | None]]:
        """(person id, team id, locality id) for every practice-leader role."""
        query = select(Role.person_id, Role.team_id, Role.locality_id).where(Role.role == "practice_leader")
        return [(p, t, loc) for p, t, loc in (await self.session.execute(query.order_by(Role.id))).all()]

    async def bindings(self, platforms: Sequence[str]) -> Sequence[ChannelBinding]:
        """Channel bindings on these platforms."""
        query = select(ChannelBinding).where(ChannelBinding.platform.in_(platforms)).order_by(ChannelBinding.id)
        return (await self.session.scalars(query)).all()


class DigestQueries(_Repository):
    """What a channel's weekly digest reads."""

    async def celebrations(
        self, *, team_ids: Sequence[int], locality_ids: Sequence[int], start: datetime, end: datetime, limit: int = 8
    ) -> tuple[list[CelebrationLine], int]:
        """The latest celebrations in ``[start, end)`` and how many there were in all."""
        scope = or_(Celebration.team_id.in_(team_ids), Celebration.locality_id.in_(locality_ids))
        window = and_(scope, Celebration.created_at >= start, Celebration.created_at < end)
        total = int(await self.session.scalar(select(func.count(Celebration.id)).where(window)) or 0)
        if not total:
            return [], 0
        query = (
            select(Celebration.id, Person.display_name, Celebration.tags)
            .outerjoin(Person, Person.id == Celebration.author_id)
            .where(window)
            .order_by(Celebration.created_at.desc(), Celebration.id.desc())
            .limit(limit)
        )
        rows = (await self.session.execute(query)).all()
        ids = [r[0] for r in rows]
        names: dict[int, list[str]] = {}
        recipients = (
            select(CelebrationRecipient.celebration_id, Person.display_name)
            .join(Person, Person.id == CelebrationRecipient.person_id)
            .where(CelebrationRecipient.celebration_id.in_(ids))
            .order_by(CelebrationRecipient.id)
        )
        for celebration_id, name in (await self.session.execute(recipients)).all():
            names.setdefault(celebration_id, []).append(name)
        lines = [
            CelebrationLine(author or "", tuple(names.get(cid, [])), tuple(tags or ()))
            for cid, author, tags in reversed(rows)
        ]
        return lines, total

    async def stories(
        self, *, team_ids: Sequence[int], start: datetime, end: datetime, limit: int = 6
    ) -> tuple[list[str], list[str]]:
        """Titles of stories shared and approved in ``[start, end)``."""
        shared_query = (
            select(PracticeStory.title)
            .where(
                PracticeStory.team_id.in_(team_ids),
                PracticeStory.created_at >= start,
                PracticeStory.created_at < end,
                PracticeStory.status != "draft",
            )
            .order_by(PracticeStory.created_at)
            .limit(limit)
        )
        approved_query = (
            select(PracticeStory.title)
            .where(
                PracticeStory.team_id.in_(team_ids),
                PracticeStory.status.in_(("approved", "published")),
                PracticeStory.decided_at >= start,
                PracticeStory.decided_at < end,
            )
            .order_by(PracticeStory.decided_at)
            .limit(limit)
        )
        shared = list((await self.session.scalars(shared_query)).all())
        approved = list((await self.session.scalars(approved_query)).all())
        return shared, approved


class OutboxRecovery(_Repository):
    """Outbox rows whose send outcome is unknown: stale leases and ``unknown`` rows to reconcile."""

    async def candidates(self, now: datetime, finder_platforms: Sequence[str], limit: int = 100) -> list[int]:
        """Rows left in ``sending`` past their lease, and ``unknown`` rows a platform can look up, due now."""
        stale = and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now)
        unknown = and_(
            OutboxMessage.status == "unknown",
            OutboxMessage.due_at <= now,
            OutboxMessage.platform.in_(finder_platforms),
        )
        query = select(OutboxMessage.id).where(or_(stale, unknown)).order_by(OutboxMessage.id).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def take(self, row_id: int, *, now: datetime, worker: str, lease: timedelta) -> OutboxMessage | None:
        """Claim a row for reconciliation (exclusive: a conditional update); None when someone else did."""
        stale = and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now)
        unknown = and_(OutboxMessage.status == "unknown", OutboxMessage.due_at <= now)
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, or_(stale, unknown))
            .values(status="sending", claimed_by=worker, lease_until=now + lease)
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
            .where(OutboxMessage.id == row_id, OutboxMessage.status == "sending", OutboxMessage.lease_until < now)
            .values(status="unknown", lease_until=None, last_error="lease expired mid-send")
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def next_pending_due(self) -> datetime | None:
        """When the next pending (or reconcilable) row falls due."""
        query = select(func.min(OutboxMessage.due_at)).where(OutboxMessage.status.in_(("pending", "unknown")))
        return await self.session.scalar(query)
