"""The organisation, its localities and teams, channel bindings and meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select

from bot.store.models import (
    ChannelBinding,
    Locality,
    Meeting,
    Organisation,
    Team,
)
from bot.store.repositories.base import _Repository


class ChannelUnit(NamedTuple):
    """What a bound channel inherits from its team and locality: their languages and the locality's region."""

    team_locale: str
    locality_locale: str
    region: str


class Organisations(_Repository):
    """Organisation, localities, teams and channel bindings."""

    async def first(self) -> Organisation | None:
        """The organisation (the bot serves one organisation per database)."""
        return (await self.session.scalars(select(Organisation).order_by(Organisation.id))).first()

    async def localities(self) -> Sequence[Locality]:
        """Every locality, with its teams."""
        return (await self.session.scalars(select(Locality).order_by(Locality.name))).all()

    async def teams(self) -> Sequence[Team]:
        """Every team."""
        return (await self.session.scalars(select(Team).order_by(Team.name))).all()

    async def team(self, team_id: int) -> Team | None:
        """One team by id."""
        return await self.session.get(Team, team_id)

    async def locality(self, locality_id: int) -> Locality | None:
        """One locality by id."""
        return await self.session.get(Locality, locality_id)

    async def binding(self, platform: str, channel_id: str) -> ChannelBinding | None:
        """The team or locality a channel is bound to."""
        query = select(ChannelBinding).where(
            ChannelBinding.platform == platform, ChannelBinding.channel_id == channel_id
        )
        return (await self.session.scalars(query)).first()

    async def unit_locales(self, team_id: int | None, locality_id: int | None) -> tuple[str, str]:
        """The locales set on a team and on its locality (or on a locality alone); ``""`` where none is set."""
        if team_id is not None:
            query = select(Team.locale, Locality.locale).join(Locality, Team.locality_id == Locality.id)
            row = (await self.session.execute(query.where(Team.id == team_id))).first()
            return (row[0], row[1]) if row else ("", "")
        if locality_id is not None:
            found = await self.session.scalar(select(Locality.locale).where(Locality.id == locality_id))
            return "", found or ""
        return "", ""

    async def channel_units(self) -> dict[tuple[str, str], ChannelUnit]:
        """Every bound channel's languages and bank-holiday region, by ``(platform, channel id)``."""
        team_rows = await self.session.execute(
            select(ChannelBinding.platform, ChannelBinding.channel_id, Team.locale, Locality.locale, Locality.region)
            .join(Team, ChannelBinding.team_id == Team.id)
            .join(Locality, Team.locality_id == Locality.id)
        )
        locality_rows = await self.session.execute(
            select(ChannelBinding.platform, ChannelBinding.channel_id, Locality.locale, Locality.region).join(
                Locality, ChannelBinding.locality_id == Locality.id
            )
        )
        found = {(p, c): ChannelUnit(team, locality, region) for p, c, team, locality, region in team_rows}
        found.update({(p, c): ChannelUnit("", locality, region) for p, c, locality, region in locality_rows})
        return found

    async def locality_regions(self) -> dict[int, str]:
        """Each locality's own bank-holiday region, where it has one."""
        rows = await self.session.execute(select(Locality.id, Locality.region).where(Locality.region != ""))
        return {row.id: row.region for row in rows}

    async def bindings_of_team(self, team_id: int) -> Sequence[ChannelBinding]:
        """The channels bound to a team."""
        query = select(ChannelBinding).where(ChannelBinding.team_id == team_id)
        return (await self.session.scalars(query)).all()

    async def bind(
        self, platform: str, channel_id: str, *, team_id: int | None, locality_id: int | None
    ) -> ChannelBinding:
        """Bind (or re-bind) a channel to a team or a locality."""
        binding = await self.binding(platform, channel_id)
        if binding is None:
            binding = ChannelBinding(platform=platform, channel_id=channel_id)
            self.session.add(binding)
        binding.team_id, binding.locality_id = team_id, locality_id
        await self.session.flush()
        return binding

    async def bindings_of_locality(self, locality_id: int) -> Sequence[ChannelBinding]:
        """The channels bound to a locality."""
        query = select(ChannelBinding).where(ChannelBinding.locality_id == locality_id)
        return (await self.session.scalars(query)).all()

    async def meetings_of_team(self, team_id: int) -> Sequence[Meeting]:
        """A team's recurring meetings."""
        query = select(Meeting).where(Meeting.team_id == team_id).order_by(Meeting.id)
        return (await self.session.scalars(query)).all()

    async def meetings_of_locality(self, locality_id: int) -> Sequence[Meeting]:
        """A locality's own recurring meetings (its management meetings)."""
        query = select(Meeting).where(Meeting.locality_id == locality_id).order_by(Meeting.id)
        return (await self.session.scalars(query)).all()

    async def save_meeting(self, meeting: Meeting) -> Meeting:
        """Store a new or changed meeting; its id is set on return."""
        self.session.add(meeting)
        await self.session.flush()
        return meeting
