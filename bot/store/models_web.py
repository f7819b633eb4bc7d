"""Tables for one area: Sign-in links, publications and gathering nominations (issue 8).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.

Secrets are never stored: sign-in links and sessions keep only the SHA-256 of their token.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class SignInLink(Base):
    """A short-lived, single-use dashboard sign-in link (only the token's hash is kept)."""

    __tablename__ = "web_signin_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """A signed-in dashboard session (the cookie holds the token; the table its hash)."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    flash: Mapped[str] = mapped_column(Text, default="")


class Publication(Base):
    """A story published to the intranet; ``unpublished_at`` set when it was taken down (the log)."""

    __tablename__ = "web_publications"
    __table_args__ = (Index("ix_web_publications_story_active", "story_id", "unpublished_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("practice_stories.id", ondelete="CASCADE"))
    published_at: Mapped[datetime]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unpublished_at: Mapped[datetime | None] = mapped_column(default=None)
    unpublished_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), default=None)


class GatheringNomination(Base):
    """A celebration or story nominated for the annual gathering (one per person and object)."""

    __tablename__ = "web_gathering_nominations"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "nominated_by_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    object_type: Mapped[str] = mapped_column(String(20))  # celebration | story
    object_id: Mapped[int] = mapped_column(Integer)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class WebhookDelivery(Base):
    """One attempt to tell the intranet's webhook that a story was published or taken down."""

    __tablename__ = "web_webhook_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))  # publish | unpublish
    idempotency_key: Mapped[str] = mapped_column(String(300))
    outcome: Mapped[str] = mapped_column(String(20))  # sent | retry | failed | skipped | unknown
    http_status: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime]


class WebMessage(Base):
    """A message shown in the web playground: delivered posts and DMs, and the actor's own replies.

    ``kind``: ``channel`` (a channel post; ``address`` is the channel slug), ``dm`` (a direct
    message; ``person_id`` is the recipient) or ``ephemeral`` (a reply only the actor saw, in the
    conversation ``address``).
    """

    __tablename__ = "web_messages"
    __table_args__ = (Index("ix_web_messages_address", "kind", "address"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200), default="")
    thread_id: Mapped[str] = mapped_column(String(200), default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    payload: Mapped[str] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]
