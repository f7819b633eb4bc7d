"""Tables for one area: the trainer pathway (issue 18).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.

- ``trainer_milestones``: one row per person and step (shadowed a training day, co-delivered a
  module, delivered the two-day training): the day it happened, how many minutes it took (when the
  person said), when it was recorded, and who confirmed it and when (a county project manager or
  principal social worker). Nothing else is kept: no note, no case detail. The row goes with the
  person (erasure); a confirmer who is erased leaves the confirmation in place, unsigned.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class TrainerMilestone(Base):
    """One step of a person's trainer pathway, recorded by them and confirmed by a county role."""

    __tablename__ = "trainer_milestones"
    __table_args__ = (UniqueConstraint("person_id", "step"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(20))
    """A :class:`~bot.constants.PathwayStep`."""
    done_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    recorded_at: Mapped[datetime]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), default=None)
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
