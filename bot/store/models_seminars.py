"""Tables for one area: Seminar topics, votes, ballots, programme, RSVPs, case maps, partner briefings (issue 6).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.

- ``seminar_topics``: proposals per locality (open → scheduled, or withdrawn); near-duplicates are
  merged into the first proposal (``merged`` keeps who seconded it and why).
- ``seminar_votes``: a vote on some topics (approval or ranked), its deadline and, once closed, the
  result (the order of the winners and how ties were broken).
- ``seminar_ballots``: one ballot per person per vote (unique), changeable until the vote closes.
- ``seminar_programme_slots``: one slot per locality per month from its seminar rule, with its topic
  and the ``events`` row that carries its reminders and RSVPs.
- ``event_rsvps``: going / maybe / can't, one answer per person per event.
- ``case_maps``, ``case_map_entries``, ``case_map_scores``: a supervision case map (anonymised), its
  three columns and each participant's 0–10 scale; deleted at ``expires_at`` (30 days by default).
- ``partner_briefings``: which partner group of a locality was briefed, and when. The partner is kept
  by name because the organisation file re-creates ``partners`` rows on every import.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class SeminarTopic(Base):
    """A proposed seminar topic."""

    __tablename__ = "seminar_topics"
    __table_args__ = (Index("ix_seminar_topics_locality_status", "locality_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | scheduled | withdrawn
    merged: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SeminarVote(Base):
    """A vote on seminar topics in a locality."""

    __tablename__ = "seminar_votes"
    __table_args__ = (
        Index("ix_seminar_votes_status_closes", "status", "closes_at"),
        Index("ix_seminar_votes_locality_status", "locality_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(20), default="approval")  # approval | ranked
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    results_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    topic_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    invited_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(200), default="")
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SeminarBallot(Base):
    """One person's ballot in a vote: ticked topics (approval) or topics in order (ranked)."""

    __tablename__ = "seminar_ballots"
    __table_args__ = (UniqueConstraint("vote_id", "voter_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("seminar_votes.id", ondelete="CASCADE"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    choices: Mapped[list[int]] = mapped_column(JSON, default=list)
    cast_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    changes: Mapped[int] = mapped_column(Integer, default=0)


class ProgrammeSlot(Base):
    """A locality's seminar in one month: its date (from the seminar rule), topic and event."""

    __tablename__ = "seminar_programme_slots"
    __table_args__ = (UniqueConstraint("locality_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    moved_from: Mapped[date | None] = mapped_column(Date, default=None)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("seminar_topics.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | planned | cancelled
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("seminar_votes.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EventRsvp(Base):
    """A person's answer to an event: going, maybe or can't."""

    __tablename__ = "event_rsvps"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(10))  # going | maybe | cant
    answered_at: Mapped[datetime]
    attended_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the organiser marked them as attended (the learning record counts only these)."""


class CaseMap(Base):
    """A Signs of Safety case map for (group) supervision, about an anonymised case."""

    __tablename__ = "case_maps"
    __table_args__ = (Index("ix_case_maps_channel", "platform", "channel_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    opener_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | finished
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class CaseMapEntry(Base):
    """One contribution to a column of a case map."""

    __tablename__ = "case_map_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("case_maps.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(20))  # worried | working_well | next_steps
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class CaseMapScore(Base):
    """A participant's place for the case on the 0–10 safety scale (one per person per map)."""

    __tablename__ = "case_map_scores"
    __table_args__ = (UniqueConstraint("map_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("case_maps.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    scored_at: Mapped[datetime]


class PartnerBriefing(Base):
    """A partner group of a locality briefed (or to be briefed) on Signs of Safety."""

    __tablename__ = "partner_briefings"
    __table_args__ = (Index("ix_partner_briefings_locality_at", "locality_id", "briefed_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    partner_name: Mapped[str] = mapped_column(String(200))
    partner_kind: Mapped[str] = mapped_column(String(80), default="")
    briefed_at: Mapped[datetime]
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
