"""Nudge settings, digest settings and the planner's marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import String, cast, literal, or_, select

from bot.constants import Role as RoleName
from bot.store.models import (
    ChannelBinding,
    Leave,
    Meeting,
    Person,
    Role,
)
from bot.store.models_nudges import (
    DigestSetting,
    NudgeSettings,
    PlannerMark,
)
from bot.store.repositories.base import _Repository


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
        """Record planner marks (insert or move forward), as one upsert per 1,000 marks."""
        rows = [{"key": key, "until": until} for key, until in marks.items()]
        for start in range(0, len(rows), 1000):
            statement = self._insert(PlannerMark).values(rows[start : start + 1000])
            statement = statement.on_conflict_do_update(
                index_elements=["key"], set_={"until": statement.excluded.until}
            )
            await self.session.execute(statement)

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

    async def meetings_planned_before(self, threshold: datetime, limit: int | None = None) -> Sequence[Meeting]:
        """Meetings never planned, or planned only up to before ``threshold`` (one indexed join): those
        never planned first, then those planned least far ahead; at most ``limit``."""
        key = literal("meeting:") + cast(Meeting.id, String)
        query = (
            select(Meeting)
            .outerjoin(PlannerMark, PlannerMark.key == key)
            .where(or_(PlannerMark.until.is_(None), PlannerMark.until < threshold))
            .order_by(PlannerMark.until.is_not(None), PlannerMark.until, Meeting.id)
            .limit(limit)
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
        query = select(Role.person_id, Role.team_id, Role.locality_id).where(Role.role == RoleName.PRACTICE_LEADER)
        return [(p, t, loc) for p, t, loc in (await self.session.execute(query.order_by(Role.id))).all()]

    async def bindings(self, platforms: Sequence[str]) -> Sequence[ChannelBinding]:
        """Channel bindings on these platforms."""
        query = select(ChannelBinding).where(ChannelBinding.platform.in_(platforms)).order_by(ChannelBinding.id)
        return (await self.session.scalars(query)).all()
