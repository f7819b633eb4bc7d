"""Case maps (``/map``): entries and scaling scores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from bot.constants import CaseMapStatus
from bot.store.models_seminars import (
    CaseMap,
    CaseMapEntry,
    CaseMapScore,
)
from bot.store.repositories.base import _Rows


class CaseMaps(_Rows[CaseMap]):
    """Case maps, their entries and scale scores."""

    model = CaseMap

    async def open_in(self, platform: str, channel_id: str) -> CaseMap | None:
        """The latest open map in a conversation."""
        query = select(CaseMap).where(
            CaseMap.platform == platform, CaseMap.channel_id == channel_id, CaseMap.status == CaseMapStatus.OPEN
        )
        return (await self.session.scalars(query.order_by(CaseMap.id.desc()))).first()

    async def add_entry(self, entry: CaseMapEntry) -> CaseMapEntry:
        """Add a contribution."""
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entries(self, map_id: int) -> Sequence[CaseMapEntry]:
        """A map's contributions, oldest first."""
        query = select(CaseMapEntry).where(CaseMapEntry.map_id == map_id).order_by(CaseMapEntry.id)
        return (await self.session.scalars(query)).all()

    async def score(self, map_id: int, person_id: int, score: int, now: datetime) -> None:
        """Record (or change) a person's scale score for a map."""
        statement = self._insert(CaseMapScore).values(map_id=map_id, person_id=person_id, score=score, scored_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=["map_id", "person_id"],
            set_={"score": statement.excluded.score, "scored_at": statement.excluded.scored_at},
        )
        await self.session.execute(statement)

    async def scores(self, map_id: int) -> list[int]:
        """Every participant's score, in the order given."""
        query = select(CaseMapScore.score).where(CaseMapScore.map_id == map_id).order_by(CaseMapScore.id)
        return list((await self.session.scalars(query)).all())

    async def purge_expired(self, now: datetime) -> int:
        """Delete maps past their retention, with their entries and scores."""
        expired = list((await self.session.scalars(select(CaseMap.id).where(CaseMap.expires_at <= now))).all())
        if not expired:
            return 0
        await self.session.execute(delete(CaseMapEntry).where(CaseMapEntry.map_id.in_(expired)))
        await self.session.execute(delete(CaseMapScore).where(CaseMapScore.map_id.in_(expired)))
        await self.session.execute(delete(CaseMap).where(CaseMap.id.in_(expired)))
        return len(expired)
