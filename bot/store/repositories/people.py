"""People, their platform identities, roles and leave."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from bot.constants import Role as RoleName
from bot.store.models import (
    Leave,
    Person,
    PersonIdentity,
    Role,
)
from bot.store.repositories.base import _Repository


class People(_Repository):
    """People, their platform identities, roles and leave."""

    async def get(self, person_id: int) -> Person | None:
        """One person by id."""
        return await self.session.get(Person, person_id)

    async def by_identity(self, platform: str, user_id: str) -> Person | None:
        """The person behind a platform user id."""
        query = (
            select(Person)
            .join(PersonIdentity)
            .where(PersonIdentity.platform == platform, PersonIdentity.platform_user_id == user_id)
        )
        return (await self.session.scalars(query)).first()

    async def by_handle(self, organisation_id: int, handle: str) -> Person | None:
        """A person by their handle (``sam.okafor``)."""
        query = select(Person).where(
            Person.organisation_id == organisation_id, func.lower(Person.handle) == handle.lower()
        )
        return (await self.session.scalars(query)).first()

    async def directory_names(self, organisation_id: int) -> list[str]:
        """Everyone's display name and handle: the staff directory the identifier guard reads."""
        query = select(Person.display_name, Person.handle).where(Person.organisation_id == organisation_id)
        return [name for row in (await self.session.execute(query)).all() for name in row if name]

    async def all(self, organisation_id: int) -> Sequence[Person]:
        """Everyone in an organisation, by name."""
        query = select(Person).where(Person.organisation_id == organisation_id).order_by(Person.display_name)
        return (await self.session.scalars(query)).all()

    async def with_role(
        self, role: str, *, team_id: int | None = None, locality_id: int | None = None
    ) -> Sequence[Person]:
        """People holding ``role`` in a team, a locality, or at county level (neither given)."""
        query = select(Person).join(Role).where(Role.role == role)
        query = query.where(Role.team_id == team_id, Role.locality_id == locality_id)
        return (await self.session.scalars(query.order_by(Person.id))).all()

    async def teams_led_by(self, person_id: int) -> list[int]:
        """Ids of the teams a person is practice leader of."""
        query = select(Role.team_id).where(
            Role.person_id == person_id, Role.role == RoleName.PRACTICE_LEADER, Role.team_id.is_not(None)
        )
        return [t for t in (await self.session.scalars(query)).all() if t is not None]

    async def home_team(self, person_id: int) -> int | None:
        """The team a person belongs to (first team role), if any."""
        query = select(Role.team_id).where(Role.person_id == person_id, Role.team_id.is_not(None))
        return (await self.session.scalars(query.order_by(Role.id))).first()

    async def create(self, organisation_id: int, handle: str, display_name: str, timezone: str) -> Person:
        """Add a person with no identity and no role yet; their id is set on return."""
        person = Person(
            organisation_id=organisation_id,
            handle=handle,
            display_name=display_name,
            timezone=timezone,
            identities=[],  # set up front: a lazy load of an empty collection would need IO here
            roles=[],
        )
        self.session.add(person)
        await self.session.flush()
        return person

    async def add_identity(self, person: Person, platform: str, user_id: str) -> None:
        """Link a platform user id to a person."""
        person.identities.append(PersonIdentity(platform=platform, platform_user_id=user_id))
        await self.session.flush()

    def identity_on(self, person: Person, platform: str) -> str:
        """The person's user id on a platform, or an empty string."""
        return next((i.platform_user_id for i in person.identities if i.platform == platform), "")

    async def leave(self, person_id: int) -> Sequence[Leave]:
        """A person's leave periods."""
        query = select(Leave).where(Leave.person_id == person_id).order_by(Leave.starts_on)
        return (await self.session.scalars(query)).all()

    def add_leave(self, leave: Leave) -> None:
        """Record a leave period."""
        self.session.add(leave)
