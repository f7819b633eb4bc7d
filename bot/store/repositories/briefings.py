"""Partners and partner briefings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from bot.store.models import Partner
from bot.store.models_seminars import PartnerBriefing
from bot.store.repositories.base import _Repository


@dataclass(frozen=True)
class BriefingStatus:
    """A locality's partners: which were briefed (last time), which have one planned, which not yet.

    Attributes:
        briefed: (partner name, last briefing) for partners briefed before now, by name.
        planned: (partner name, next briefing) for partners with a briefing to come, by date.
        not_yet: Partner names never briefed, by name.
    """

    briefed: tuple[tuple[str, datetime], ...]
    planned: tuple[tuple[str, datetime], ...]
    not_yet: tuple[str, ...]


class Briefings(_Repository):
    """Partner organisations and the briefings they received."""

    async def partners(self, locality_id: int) -> Sequence[Partner]:
        """A locality's partner organisations, by name."""
        query = select(Partner).where(Partner.locality_id == locality_id).order_by(Partner.name)
        return (await self.session.scalars(query)).all()

    async def add_partner(self, locality_id: int, name: str, kind: str) -> Partner:
        """Add a partner organisation to a locality."""
        partner = Partner(locality_id=locality_id, name=name, kind=kind)
        self.session.add(partner)
        await self.session.flush()
        return partner

    async def record(self, briefing: PartnerBriefing) -> PartnerBriefing:
        """Record a briefing."""
        self.session.add(briefing)
        await self.session.flush()
        return briefing

    async def of_event(self, event_id: int) -> Sequence[PartnerBriefing]:
        """The briefings an event stands for."""
        query = select(PartnerBriefing).where(PartnerBriefing.event_id == event_id)
        return (await self.session.scalars(query)).all()

    async def remove_for_event(self, event_id: int) -> None:
        """Forget the briefings of a cancelled event."""
        await self.session.execute(delete(PartnerBriefing).where(PartnerBriefing.event_id == event_id))

    async def in_locality(self, locality_id: int) -> Sequence[PartnerBriefing]:
        """Every briefing in a locality, oldest first."""
        query = (
            select(PartnerBriefing)
            .where(PartnerBriefing.locality_id == locality_id)
            .order_by(PartnerBriefing.briefed_at, PartnerBriefing.id)
        )
        return (await self.session.scalars(query)).all()

    async def status(self, locality_id: int, now: datetime) -> BriefingStatus:
        """Partners briefed and not yet briefed in a locality (what ``plbot report locality`` lists).

        Args:
            locality_id: The locality.
            now: The current instant (briefings after it are planned, not done).

        Returns:
            The partners briefed (with the last time), planned (with the next time), and not yet.
        """
        last: dict[str, datetime] = {}
        nxt: dict[str, datetime] = {}
        for briefing in await self.in_locality(locality_id):
            if briefing.briefed_at <= now:
                last[briefing.partner_name] = max(
                    briefing.briefed_at, last.get(briefing.partner_name, briefing.briefed_at)
                )
            elif briefing.partner_name not in nxt:
                nxt[briefing.partner_name] = briefing.briefed_at
        names = [p.name for p in await self.partners(locality_id)]
        names += sorted(n for n in {*last, *nxt} if n not in names)
        return BriefingStatus(
            briefed=tuple((n, last[n]) for n in sorted(last)),
            planned=tuple(sorted(((n, nxt[n]) for n in nxt if n not in last), key=lambda pair: pair[1])),
            not_yet=tuple(sorted(n for n in names if n not in last and n not in nxt)),
        )
