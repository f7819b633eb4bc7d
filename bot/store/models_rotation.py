"""Tables of the rotating Signs of Safety item (issue 18, distributed leadership).

- ``teams.agenda_rotation`` (on :class:`bot.store.models.Team`): whether the pre-meeting prompt goes
  round the team in turn (``teams[].agenda_rotation`` in the organisation file, ``/agenda rotate on|off``).
- ``agenda_turns``: whose turn it is to bring the item for one meeting occurrence, and when they are
  asked (the planned prompt time). It drives the fair round robin (the member least recently asked),
  the four-week rule (nobody asked twice within 28 days), who may set the item by clicking the prompt,
  and the wording of the prompt and of the practice leader's back-up message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class AgendaTurn(Base):
    """One person's turn to bring the Signs of Safety item to one meeting occurrence."""

    __tablename__ = "agenda_turns"
    __table_args__ = (Index("ix_agenda_turns_person_asked", "person_id", "asked_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("meeting_occurrences.id", ondelete="CASCADE"), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    asked_at: Mapped[datetime]
    created_at: Mapped[datetime]
