"""Tables for one area: Teams conversation references for proactive messages (issue 4).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class ConversationRef(Base):
    """A Teams conversation the bot has seen (a channel, a group chat or a person's 1:1 chat).

    Teams only lets a bot post where it has been installed; the reference (service URL, tenant, the
    bot's account) is refreshed on every activity and used by the sender for proactive messages.
    """

    __tablename__ = "conversation_refs"
    __table_args__ = (
        UniqueConstraint("platform", "conversation_id"),
        Index("ix_conversation_refs_platform_user_id", "platform", "user_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    conversation_id: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(200), default="")
    team_id: Mapped[str] = mapped_column(String(300), default="")
    tenant_id: Mapped[str] = mapped_column(String(100), default="")
    service_url: Mapped[str] = mapped_column(String(500))
    reference_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
