"""State that replicas share (issue 16): Slack requests already seen, and outbound rate-limit windows.

With one process (SQLite) this state lives in memory; with several processes on one PostgreSQL
database it lives here, so that a replay sent to another replica is refused as well, and two
processes posting to one Slack channel or one Teams tenant share its limit. Models here subclass
:class:`bot.store.models.Base` and are registered through ``bot/store/all_models.py``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class SeenRequest(Base):
    """A signed Slack request already accepted, until its timestamp leaves the ±300 s window.

    ``digest`` is the SHA-256 of the request's ``v0`` signature and timestamp (never its content);
    inserting a digest that is already there means the request is a replay. ``expires_at`` is in
    Unix seconds; expired rows are purged by whichever replica next notices.
    """

    __tablename__ = "seen_requests"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class RateWindow(Base):
    """The calls booked for one rate-limited key (``slack:channel:C…``, ``teams:tenant:…``).

    ``stamps`` holds the booked start times (Unix seconds, JSON list, oldest first, only those still
    inside the longest window); ``blocked_until`` is when the platform said to try again (429
    ``Retry-After``). Rows are read and written under a row lock, one booking at a time per key.
    """

    __tablename__ = "rate_windows"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    stamps: Mapped[str] = mapped_column(Text, default="[]")
    blocked_until: Mapped[float] = mapped_column(Float, default=0.0)
