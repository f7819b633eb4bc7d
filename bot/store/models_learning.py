"""Tables for the personal learning record (issue 18): what a person logs themselves.

- ``learning_logs``: one piece of learning a person logged (``/sofs learning add``): its kind
  (:class:`bot.constants.LearningKind`), minutes, the day it happened and an optional short note that
  passed the identifier guard. Private to the person; deleted with them (``forget-me``).

What the bot already knows (events attended, maps contributed to, celebrations, stories) is read
where it is kept; only attendance needed a column (``event_rsvps.attended_at``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class LearningLog(Base):
    """One piece of learning a person logged."""

    __tablename__ = "learning_logs"
    __table_args__ = (Index("ix_learning_logs_person_day", "person_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]
