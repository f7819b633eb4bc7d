"""Tables for one area: Meeting occurrences, agenda items, nudges, digests, events, pulse answers (issue 5).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.

- ``meeting_occurrences``: one row per (meeting, original local date) with its Signs of Safety item,
  the suggestions offered for it (the rotation history) and whether it happens. Team, title and
  kind are copied so coverage survives a meeting being re-imported.
- ``nudges``: every planned proactive send (prompt, reminder, digest, pulse, event reminder), keyed
  by the outbox idempotency key, with its due time, deadline (grace) and, for direct messages, the
  ISO week it counts against: this is the delivery budget ledger.
- ``events``: seminars, group supervision, case mapping, PL group meetings, partner briefings and
  the gathering, with their reminder leads (the seminar work builds on it).
- ``pulse_answers``: the monthly implementation pulse (0–10) per practice leader.
- ``digest_settings``: a channel's own digest day and time (Friday 15:00 local when absent).
- ``nudge_settings``: the organisation's humane-delivery settings (bank-holiday region, budget, leads).
- ``planner_marks``: how far ahead each meeting has been planned.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base

DEFAULT_REMINDER_LEADS = [7 * 24 * 60, 24 * 60]  # minutes: a week and a day before


class MeetingOccurrence(Base):
    """One occurrence of a meeting and its Signs of Safety item."""

    __tablename__ = "meeting_occurrences"
    __table_args__ = (
        UniqueConstraint("meeting_id", "occurs_on"),
        Index("ix_meeting_occurrences_team_start", "team_id", "starts_at"),
        Index("ix_meeting_occurrences_locality_start", "locality_id", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    occurs_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="scheduled")  # scheduled | cancelled | holiday
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    sofs_item: Mapped[str] = mapped_column(Text, default="")
    item_suggestion: Mapped[str] = mapped_column(String(40), default="")
    item_set_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    item_set_at: Mapped[datetime | None] = mapped_column(default=None)
    offered: Mapped[list[str]] = mapped_column(JSON, default=list)


class Nudge(Base):
    """A planned proactive send; ``key`` is its outbox idempotency key."""

    __tablename__ = "nudges"
    __table_args__ = (
        Index("ix_nudges_status_due", "status", "due_at"),
        Index("ix_nudges_person_week", "person_id", "budget_week"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | enqueued | skipped
    platform: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(200), default="")
    occurrence_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_occurrences.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(20), default="")
    due_at: Mapped[datetime]
    deadline: Mapped[datetime]
    budget_week: Mapped[str] = mapped_column(String(10), default="")
    skip_reason: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime]
    enqueued_at: Mapped[datetime | None] = mapped_column(default=None)


class ScheduledEvent(Base):
    """A seminar, group supervision, case mapping, PL group meeting, partner briefing or gathering."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_starts_at", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40), default="other")
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    place: Mapped[str] = mapped_column(String(300), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    audience: Mapped[str] = mapped_column(String(40), default="team")  # team | locality | county | partners
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="scheduled")  # scheduled | cancelled
    reminder_leads: Mapped[list[int]] = mapped_column(JSON, default=lambda: list(DEFAULT_REMINDER_LEADS))
    created_at: Mapped[datetime]


class PulseAnswer(Base):
    """A practice leader's monthly implementation pulse."""

    __tablename__ = "pulse_answers"
    __table_args__ = (UniqueConstraint("person_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    score: Mapped[int] = mapped_column(Integer)
    one_point_up: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime]


class DigestSetting(Base):
    """A channel's own digest day and time (absent: Friday 15:00 in the organisation's zone)."""

    __tablename__ = "digest_settings"
    __table_args__ = (UniqueConstraint("platform", "channel_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(200))
    weekday: Mapped[int] = mapped_column(Integer, default=4)
    at_time: Mapped[time] = mapped_column(Time, default=time(15, 0))
    timezone: Mapped[str] = mapped_column(String(64), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class NudgeSettings(Base):
    """Humane-delivery settings of an organisation (defaults apply when there is no row)."""

    __tablename__ = "nudge_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    holiday_region: Mapped[str] = mapped_column(String(20), default="GB-ENG")
    dm_budget: Mapped[int] = mapped_column(Integer, default=3)
    prompt_lead_minutes: Mapped[int] = mapped_column(Integer, default=24 * 60)
    reminder_lead_minutes: Mapped[int] = mapped_column(Integer, default=120)
    channel_work_start: Mapped[time] = mapped_column(Time, default=time(9, 0))
    channel_work_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PlannerMark(Base):
    """How far ahead something has been planned (``meeting:<id>`` → instant)."""

    __tablename__ = "planner_marks"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    until: Mapped[datetime]
