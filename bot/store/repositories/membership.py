"""Who belongs to a locality: members, partner contacts, practice leaders."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, or_, select

from bot.constants import Role as RoleName
from bot.store.models import Locality, Person, Role, Team
from bot.store.repositories.base import _Repository

MEMBER_ROLES = ("member", "practice_leader", "manager")


class Membership(_Repository):
    """Who belongs to a locality (for votes) and who leads it."""

    async def locality_of_team(self, team_id: int) -> Locality | None:
        """The locality a team is in."""
        team = await self.session.get(Team, team_id)
        return await self.session.get(Locality, team.locality_id) if team is not None else None

    @staticmethod
    def _in_locality(locality: Locality) -> ColumnElement[bool]:
        team_ids = [t.id for t in locality.teams]
        return or_(Role.locality_id == locality.id, Role.team_id.in_(team_ids))

    async def members(self, locality: Locality) -> Sequence[Person]:
        """Staff of a locality: members, practice leaders and managers of it or its teams."""
        query = (
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role.in_(MEMBER_ROLES), self._in_locality(locality))
            .distinct()
            .order_by(Person.display_name, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def partner_contacts(self, locality: Locality) -> Sequence[Person]:
        """People of the locality's partner organisations."""
        query = (
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role == RoleName.PARTNER, Role.locality_id == locality.id)
            .distinct()
            .order_by(Person.display_name, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def practice_leaders(self, locality: Locality) -> Sequence[Person]:
        """Practice leaders of the locality or its teams."""
        query = (
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role == RoleName.PRACTICE_LEADER, self._in_locality(locality))
            .distinct()
            .order_by(Person.display_name, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def localities_of(self, person_id: int) -> list[int]:
        """The localities a person belongs to (through a team or the locality itself), first role first."""
        query = (
            select(Role.locality_id, Team.locality_id)
            .outerjoin(Team, Team.id == Role.team_id)
            .where(Role.person_id == person_id)
            .order_by(Role.id)
        )
        found: list[int] = []
        for direct, through_team in (await self.session.execute(query)).all():
            locality_id = direct or through_team
            if locality_id is not None and locality_id not in found:
                found.append(locality_id)
        return found
