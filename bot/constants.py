"""The bot's typed vocabularies: the fixed strings stored in the database and compared in code.

In the manner of python-telegram-bot's ``constants.py``: each vocabulary is a ``StrEnum``, so a
member compares equal to its string and is stored as that string. The database values are
unchanged; no migration is needed. (The Signs of Safety tag vocabulary is another matter and
lives in ``bot.domain.vocabulary``.)
"""

from __future__ import annotations

from enum import StrEnum


class StoryStatus(StrEnum):
    """Where a practice story is on its way to the library."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SHARED = "shared"
    APPROVED = "approved"
    PUBLISHED = "published"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    """Withdrawn by its author: its channel post is retracted and it goes no further."""


class IdeaStatus(StrEnum):
    """Where an idea sent to the project manager is; the sender is told of every change."""

    NEW = "new"
    THANKED = "thanked"
    SHARED = "shared"
    """Shared with every practice leader: posted in the locality channels."""
    IN_PROGRESS = "in_progress"
    DONE = "done"


class OutboxStatus(StrEnum):
    """The life of one outgoing message in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    FAILED = "failed"
    SKIPPED = "skipped"


class NudgeStatus(StrEnum):
    """A planned nudge: planned, handed to the outbox, or skipped."""

    PLANNED = "planned"
    ENQUEUED = "enqueued"
    SKIPPED = "skipped"


class EventStatus(StrEnum):
    """A scheduled event or meeting occurrence."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HOLIDAY = "holiday"
    DROPPED = "dropped"


class VoteStatus(StrEnum):
    """A seminar vote."""

    OPEN = "open"
    CLOSED = "closed"


class TopicStatus(StrEnum):
    """A proposed seminar topic."""

    OPEN = "open"
    SCHEDULED = "scheduled"
    WITHDRAWN = "withdrawn"


class SlotStatus(StrEnum):
    """A slot of the seminar programme."""

    OPEN = "open"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class CaseMapStatus(StrEnum):
    """A case mapping session held in a channel."""

    OPEN = "open"
    FINISHED = "finished"


class Role(StrEnum):
    """The roles a person may hold."""

    MEMBER = "member"
    PARTNER = "partner"
    PRACTICE_LEADER = "practice_leader"
    MANAGER = "manager"
    PROJECT_MANAGER = "project_manager"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker"


COUNTY_ROLES: frozenset[str] = frozenset({Role.PROJECT_MANAGER, Role.PRINCIPAL_SOCIAL_WORKER})
"""Roles that, held with neither a team nor a locality, reach the whole county."""

LEAD_ROLES: frozenset[str] = frozenset({Role.PRACTICE_LEADER, Role.MANAGER})
"""Roles that lead a team or a locality."""


class Audience(StrEnum):
    """Who an event is for."""

    TEAM = "team"
    LOCALITY = "locality"
    COUNTY = "county"
    PARTNERS = "partners"


class RsvpAnswer(StrEnum):
    """An answer to a seminar invitation."""

    GOING = "going"
    MAYBE = "maybe"
    CANT = "cant"


class EventKind(StrEnum):
    """What an event is (``/seminar event``); its words are ``texts.EVENT_KINDS``."""

    SEMINAR = "seminar"
    GROUP_SUPERVISION = "group_supervision"
    CASE_MAPPING = "case_mapping"
    PL_GROUP = "pl_group"
    PARTNER_BRIEFING = "partner_briefing"
    GATHERING = "gathering"
    MENTORING = "mentoring"
    TRAINING = "training"
    OTHER = "other"


class LearningKind(StrEnum):
    """What a person may log in their learning record (``/sofs learning add KIND MINUTES``)."""

    MENTORING = "mentoring"
    SHADOWING = "shadowing"
    TRAINING = "training"
    CO_DELIVERY = "co-delivery"
    SUPERVISION = "supervision"
    PEER_SUPPORT = "peer-support"
    READING = "reading"


class LearningBand(StrEnum):
    """The three bands of 70:20:10 learning."""

    ON_THE_JOB = "70"
    WITH_COLLEAGUES = "20"
    TRAINING = "10"


class PathwayStep(StrEnum):
    """The three milestones of the trainer pathway, in their usual order (``/sofs pathway``)."""

    SHADOWED = "shadowed"
    CO_DELIVERED = "co-delivered"
    DELIVERED = "delivered"


class LeadKind(StrEnum):
    """The five things that count as leading something, for the leadership spread."""

    SOFS_ITEM = "sofs_item"
    STORY = "story"
    SEMINAR_TOPIC = "seminar_topic"
    EVENT = "event"
    CELEBRATION = "celebration"
