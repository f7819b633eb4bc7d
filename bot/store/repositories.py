"""Repositories: the queries the core needs, one small class per aggregate."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.replies import OutgoingMessage
from bot.store.models import (
    AuditEntry,
    Celebration,
    CelebrationRecipient,
    ChannelBinding,
    Idea,
    Leave,
    Locality,
    Meeting,
    Organisation,
    OutboxMessage,
    Person,
    PersonIdentity,
    PracticeStory,
    ProcessedEvent,
    Role,
    Team,
)

GENESIS_HASH = "0" * 64


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.bind.dialect.name if self.session.bind else "sqlite"

    def _insert(self, table: type[object]):  # type: ignore[no-untyped-def]  # dialect-specific Insert
        return pg_insert(table) if self.dialect == "postgresql" else sqlite_insert(table)


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
            Role.person_id == person_id, Role.role == "practice_leader", Role.team_id.is_not(None)
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


class Celebrations(_Repository):
    """Celebrations and their recipients."""

    async def add(self, celebration: Celebration, recipient_ids: Sequence[int]) -> Celebration:
        """Store a celebration with its recipients."""
        celebration.recipients = [CelebrationRecipient(person_id=pid) for pid in dict.fromkeys(recipient_ids)]
        self.session.add(celebration)
        await self.session.flush()
        return celebration

    async def get(self, celebration_id: int) -> Celebration | None:
        """One celebration by id."""
        return await self.session.get(Celebration, celebration_id)

    async def delete_from_message(self, platform: str, message_id: str, also: Sequence[int] = ()) -> list[int]:
        """Delete the celebrations stored from a platform message, and those with the ids ``also``.

        Returns:
            The ids deleted.
        """
        condition = or_(
            (Celebration.platform == platform) & (Celebration.source_message_id == message_id),
            Celebration.id.in_(also),
        )
        ids = list((await self.session.scalars(select(Celebration.id).where(condition))).all())
        if ids:
            await self.session.execute(delete(Celebration).where(Celebration.id.in_(ids)))
        return ids

    async def from_message(self, platform: str, message_id: str) -> Sequence[Celebration]:
        """The celebrations stored from one platform message (a Teams "celebrate" message)."""
        query = select(Celebration).where(Celebration.platform == platform, Celebration.source_message_id == message_id)
        return (await self.session.scalars(query)).all()

    async def recent_for(self, person_id: int, limit: int = 5) -> Sequence[Celebration]:
        """The latest celebrations a person gave or received."""
        received = select(CelebrationRecipient.celebration_id).where(CelebrationRecipient.person_id == person_id)
        query = (
            select(Celebration)
            .where(or_(Celebration.author_id == person_id, Celebration.id.in_(received)))
            .order_by(Celebration.created_at.desc(), Celebration.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def count(self) -> int:
        """How many celebrations are stored."""
        return int(await self.session.scalar(select(func.count(Celebration.id))) or 0)


class Stories(_Repository):
    """Good-practice stories."""

    async def add(self, story: PracticeStory) -> PracticeStory:
        """Store a new story."""
        self.session.add(story)
        await self.session.flush()
        return story

    async def get(self, story_id: int) -> PracticeStory | None:
        """One story by id."""
        return await self.session.get(PracticeStory, story_id)

    async def by_author(self, person_id: int, limit: int = 10) -> Sequence[PracticeStory]:
        """A person's latest stories."""
        query = (
            select(PracticeStory)
            .where(PracticeStory.author_id == person_id)
            .order_by(PracticeStory.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def awaiting_review(self, team_ids: Sequence[int]) -> Sequence[PracticeStory]:
        """Stories submitted for the intranet from these teams."""
        query = (
            select(PracticeStory)
            .where(PracticeStory.status == "submitted", PracticeStory.team_id.in_(team_ids))
            .order_by(PracticeStory.submitted_at)
        )
        return (await self.session.scalars(query)).all()


class Ideas(_Repository):
    """Ideas sent to the project manager."""

    async def add(self, idea: Idea) -> Idea:
        """Store an idea."""
        self.session.add(idea)
        await self.session.flush()
        return idea


class InboundEvents(_Repository):
    """De-duplication of inbound deliveries."""

    async def first_time(self, platform: str, event_key: str, at: datetime) -> bool:
        """Record an inbound event id; False when it was already recorded (a retry or replay).

        The row is part of the turn's transaction, so a turn that fails does not mark its event
        as processed and a later retry can still succeed.
        """
        statement = (
            self._insert(ProcessedEvent)
            .values(platform=platform, event_key=event_key[:300], received_at=at)
            .on_conflict_do_nothing(index_elements=["platform", "event_key"])
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_before(self, cutoff: datetime) -> int:
        """Forget event ids received before ``cutoff``."""
        result = await self.session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
        return int(result.rowcount)  # type: ignore[attr-defined]


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    """The hash of an audit row: the previous hash plus the row's fields (never any content)."""
    fields = [prev_hash, entry.at.isoformat(), str(entry.actor_id or ""), entry.action]
    fields += [entry.object_type, entry.object_id, entry.detail]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


class AuditLog(_Repository):
    """The append-only, hash-chained audit log."""

    async def record(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        object_type: str,
        object_id: object,
        detail: str = "",
    ) -> AuditEntry:
        """Append an entry: who did what to which object, and when. Never pass content here."""
        if self.dialect == "postgresql":
            await self.session.execute(text("SELECT pg_advisory_xact_lock(7420001)"))
        last = await self.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
        entry = AuditEntry(
            at=at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail,
        )
        entry.prev_hash = last or GENESIS_HASH
        entry.hash = chain_hash(entry.prev_hash, entry)
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entries(self) -> Sequence[AuditEntry]:
        """Every entry, oldest first."""
        return (await self.session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()


class Outbox(_Repository):
    """Durable outgoing messages."""

    async def enqueue(self, message: OutgoingMessage, *, due_at: datetime, now: datetime) -> bool:
        """Queue a message; False when its idempotency key is already queued (nothing changes)."""
        statement = (
            self._insert(OutboxMessage)
            .values(
                idempotency_key=message.idempotency_key,
                purpose=message.purpose,
                platform=message.target.platform,
                target_kind=message.target.kind,
                target_address=message.target.address,
                payload=message.model_dump_json(),
                status="pending",
                due_at=due_at,
                created_at=now,
                attempts=0,
                claimed_by="",
                platform_message_id="",
                last_error="",
            )
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def claim_due(self, *, now: datetime, worker: str, lease: timedelta, limit: int = 50) -> list[int]:
        """Claim up to ``limit`` due rows for ``worker``; returns their ids.

        PostgreSQL uses ``FOR UPDATE SKIP LOCKED`` so replicas never wait on each other; on both
        backends the conditional update (``status='pending'``) makes the claim exclusive.
        """
        due = (
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", OutboxMessage.due_at <= now)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await self.session.scalars(due)).all())
        if not ids:
            return []
        claimed = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
            .values(
                status="sending",
                claimed_by=worker,
                lease_until=now + lease,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(OutboxMessage.id)
        )
        return [row[0] for row in claimed.all()]

    async def release(self, ids: Sequence[int], worker: str) -> int:
        """Give back rows ``worker`` claimed but did not start sending (it is stopping): pending again,
        the attempt not counted."""
        if not ids:
            return 0
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "sending", OutboxMessage.claimed_by == worker)
            .values(status="pending", claimed_by="", lease_until=None, attempts=OutboxMessage.attempts - 1)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def get(self, row_id: int) -> OutboxMessage | None:
        """One outbox row."""
        return await self.session.get(OutboxMessage, row_id)

    async def by_key(self, key: str) -> OutboxMessage | None:
        """The row with this idempotency key."""
        query = select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
        return (await self.session.scalars(query)).first()

    async def keys_posted_as(self, platform: str, message_id: str, prefix: str) -> list[str]:
        """The idempotency keys starting with ``prefix`` of the rows delivered as a platform message."""
        query = select(OutboxMessage.idempotency_key).where(
            OutboxMessage.platform == platform,
            OutboxMessage.platform_message_id == message_id,
            OutboxMessage.idempotency_key.startswith(prefix),
        )
        return list((await self.session.scalars(query)).all())

    async def listing(self, limit: int = 50) -> Sequence[OutboxMessage]:
        """The latest rows, newest first."""
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def expired_leases(self, now: datetime) -> Sequence[OutboxMessage]:
        """Rows stuck in ``sending`` whose lease ran out (their sender died mid-send)."""
        query = select(OutboxMessage).where(OutboxMessage.status == "sending", OutboxMessage.lease_until < now)
        return (await self.session.scalars(query)).all()

    async def pending_count(self) -> int:
        """How many rows wait to be sent."""
        query = select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")
        return int(await self.session.scalar(query) or 0)
