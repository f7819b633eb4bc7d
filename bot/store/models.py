"""The tables. Plain declarative models; business rules live in ``bot/domain`` and the intents."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table, with a naming convention so migrations are stable on both backends."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime()}  # noqa: RUF012


class Organisation(Base):
    """A county (or any children's services organisation)."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    intranet_url: Mapped[str] = mapped_column(String(500), default="")
    privacy_contact: Mapped[str] = mapped_column(String(300), default="")
    guard_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    locale: Mapped[str] = mapped_column(String(20), default="")  # organisation.locale; "" = en-GB


class Locality(Base):
    """A locality: a group of teams with a practice leader group and monthly seminars."""

    __tablename__ = "localities"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    seminar_rule: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(20), default="")  # localities[].locale; "" = the organisation's
    region: Mapped[str] = mapped_column(String(20), default="")  # localities[].region; "" = the organisation's
    teams: Mapped[list[Team]] = relationship(back_populates="locality", order_by="Team.name", lazy="selectin")


class Team(Base):
    """A team inside a locality."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("locality_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    agenda_rotation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    locale: Mapped[str] = mapped_column(String(20), default="")  # teams[].locale; "" = the locality's
    """The pre-meeting prompt goes round the team in turn (issue 18; ``bot/store/models_rotation.py``)."""
    locality: Mapped[Locality] = relationship(back_populates="teams")


class Person(Base):
    """Someone the bot knows: staff, practice leaders, managers, partners, county roles."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("organisation_id", "handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    handle: Mapped[str] = mapped_column(String(80))
    display_name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    work_start: Mapped[time] = mapped_column(Time, default=time(9, 0))
    work_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    work_days: Mapped[str] = mapped_column(String(20), default="mon,tue,wed,thu,fri")
    snoozed_until: Mapped[datetime | None] = mapped_column(default=None)
    nudges_stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_organisation: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(20), default="")  # own bank-holiday region; "" = the organisation's
    locale: Mapped[str] = mapped_column(String(20), default="")  # people[].locale in the organisation file
    chosen_locale: Mapped[str] = mapped_column(String(20), default="")  # chosen in /sofs settings
    platform_locale: Mapped[str] = mapped_column(String(20), default="")  # as Slack or Teams last reported it
    identities: Mapped[list[PersonIdentity]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )
    roles: Mapped[list[Role]] = relationship(back_populates="person", cascade="all, delete-orphan", lazy="selectin")


class PersonIdentity(Base):
    """A person's user id on one platform."""

    __tablename__ = "person_identities"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    platform_user_id: Mapped[str] = mapped_column(String(200))
    person: Mapped[Person] = relationship(back_populates="identities")


class Role(Base):
    """What a person is, and where: member/practice_leader/manager of a team or locality, partner of a
    locality, or a county role (project_manager, principal_social_worker) with neither set."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("person_id", "role", "team_id", "locality_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    person: Mapped[Person] = relationship(back_populates="roles")


class Leave(Base):
    """Dates a person is away (inclusive): no nudges then."""

    __tablename__ = "leave"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class ChannelBinding(Base):
    """A platform channel bound to a team or a locality."""

    __tablename__ = "channel_bindings"
    __table_args__ = (UniqueConstraint("platform", "channel_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(200))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))


class Partner(Base):
    """A partner organisation of a locality (health visitors, police, children's centres…)."""

    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(80), default="")


class Meeting(Base):
    """A recurring team or management meeting (RRULE or .ics source)."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # team | management
    title: Mapped[str] = mapped_column(String(200))
    rrule: Mapped[str] = mapped_column(String(500), default="")
    ics_source: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class Celebration(Base):
    """A thank-you posted with ``/celebrate``."""

    __tablename__ = "celebrations"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_message_id: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(index=True)
    privacy_warning: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """True when the author confirmed a ``check``-tier privacy warning to post it (shown to reviewers)."""
    recipients: Mapped[list[CelebrationRecipient]] = relationship(
        back_populates="celebration", cascade="all, delete-orphan", lazy="selectin"
    )


class CelebrationRecipient(Base):
    """Someone thanked by a celebration."""

    __tablename__ = "celebration_recipients"
    __table_args__ = (UniqueConstraint("celebration_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    celebration_id: Mapped[int] = mapped_column(ForeignKey("celebrations.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    celebration: Mapped[Celebration] = relationship(back_populates="recipients")


class PracticeStory(Base):
    """A good-practice story: draft → shared → submitted → approved | declined → published."""

    __tablename__ = "practice_stories"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)
    what_we_did: Mapped[str] = mapped_column(Text)
    difference: Mapped[str] = mapped_column(Text)
    tools: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    privacy_warning: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """True when the author confirmed a ``check``-tier privacy warning to share it (shown to reviewers)."""


class Idea(Base):
    """A good idea sent to the county project manager with ``/idea``."""

    __tablename__ = "ideas"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="new")
    """An :class:`~bot.constants.IdeaStatus`, set by the project manager on the dashboard's ideas page."""
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)


class ProcessedEvent(Base):
    """Inbound event ids already handled: the unique key makes a retried delivery a no-op."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_key: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(index=True)


class FirstContact(Base):
    """Where the bot has already introduced itself: a person (``person:<platform user id>``) or a
    channel (``channel:<channel id>``). The welcome is sent once, across reinstalls and repeated
    deliveries; a person's row goes when they ask to be forgotten."""

    __tablename__ = "first_contacts"
    __table_args__ = (UniqueConstraint("platform", "contact_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    contact_key: Mapped[str] = mapped_column(String(300))
    welcomed_at: Mapped[datetime] = mapped_column()


class AuditEntry(Base):
    """Who did what to which object and when. Never the content. Each row hashes the previous one."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(String(200), default="")
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # unique: two writers that read the same last row cannot both append (no fork in the chain)


class OutboxMessage(Base):
    """A durable send: unique idempotency key, due time, target, rendered reply, status and lease."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    purpose: Mapped[str] = mapped_column(String(40))
    platform: Mapped[str] = mapped_column(String(20))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_address: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    due_at: Mapped[datetime]
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    platform_message_id: Mapped[str] = mapped_column(String(200), default="")
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    background: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Background fan-out (digests, reminders, prompts): sent after what people's own actions queued."""
