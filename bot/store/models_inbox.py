"""The durable inbox: inbound events persisted before they are acknowledged (issue 16).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class InboxRow(Base):
    """One acknowledged inbound event whose turn has not finished yet.

    ``payload`` is the normalised event plus the adapter's routing context, encrypted (Fernet, key
    derived from ``PLBOT_SECRET_KEY``): it holds user text the identifier guard has not seen yet.
    ``event_key`` is the handler's de-duplication key (conversation and platform event id, never
    content), unique per platform so a delivery repeated while the first still waits adds nothing.
    A row is claimable when it has no lease or its lease ran out; the turn deletes it.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "event_key"),
        Index("ix_inbox_lease_until", "lease_until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_key: Mapped[str] = mapped_column(String(300))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
