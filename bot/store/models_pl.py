"""Tables of the PL space (issue 18): the county PL group's channel and the "how we've fared" lines.

- ``pl_channels``: the county PL group's channel on each platform (``organisation.pl_channels`` in the
  organisation file; the console and the web playground call it ``county-pl``). It is not a team or
  locality channel, so it is kept apart from ``channel_bindings``: the weekly PL digest and the
  summary before each County PL meeting go there.
- ``pl_fared_lines``: one line per locality and County PL meeting occurrence, "how we've fared since
  the last PL meeting", written by one of the locality's practice leaders (it passed the identifier
  guard). The County PL meeting itself is a ``meetings`` row of kind ``county`` (neither team nor locality).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class PlChannel(Base):
    """The county PL group's channel on one platform."""

    __tablename__ = "pl_channels"
    __table_args__ = (UniqueConstraint("platform", "channel_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(200))


class FaredLine(Base):
    """A locality's one line of "how we've fared" ahead of one County PL meeting."""

    __tablename__ = "pl_fared_lines"
    __table_args__ = (UniqueConstraint("occurrence_id", "locality_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("meeting_occurrences.id", ondelete="CASCADE"))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    line: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime]
