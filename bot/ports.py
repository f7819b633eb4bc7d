"""What the core needs from the outside world, as structural protocols.

Adapters implement these; the composition root (``adapters/bootstrap.py``) hands concrete ones in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from bot.replies import OutgoingMessage


class Clock(Protocol):
    """The one source of time. Logic never calls ``datetime.now()`` itself."""

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


SendStatus = Literal["sent", "retry", "failed", "unreachable", "unknown"]


@dataclass(frozen=True, slots=True)
class SendResult:
    """What a sender reports back for one outgoing message.

    ``retry``: not sent, safe to try again after ``retry_after`` seconds (for example a 429).
    ``unknown``: the request may or may not have reached the platform; never blindly re-sent.
    ``unreachable``: the recipient blocked the bot or cannot be reached; not retried.
    """

    status: SendStatus
    message_id: str = ""
    retry_after: float | None = None
    error: str = ""


class Sender(Protocol):
    """Delivers outbox rows to one platform."""

    platform: str

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Send one message; never raise for platform errors, report them in the result."""
        ...


@runtime_checkable
class SentFinder(Protocol):
    """Optional on a sender: finds a message it may already have posted (outbox reconciliation).

    Slack implements it by looking for the idempotency key in the channel's recent message
    metadata. A sender without it (Teams) cannot tell, so an unknown outcome stays ``unknown``.
    """

    async def find_sent(self, message: OutgoingMessage) -> str | None:
        """The platform message id when ``message`` was already posted, else None.

        Raises:
            Exception: The platform could not be asked now; the deliverer tries again later.
        """
        ...


class CalendarSource(Protocol):
    """Reads published calendars (``.ics``): the meetings an organisation keeps in a calendar."""

    async def read(self, source: str) -> str:
        """The calendar text at ``source`` (a path, a ``file://`` or an http(s) URL).

        Returns:
            The text, or an empty string when it cannot be read now (logged, never raised).
        """
        ...


class SharedState(Protocol):
    """State that every process of one deployment shares (issue 16): with several replicas on one
    PostgreSQL database, a Slack request seen by one is a replay for all, and one Slack channel's or
    Teams tenant's rate limit is one budget for all. Times are Unix seconds from the caller's clock.
    """

    async def first_sighting(self, digest: str, expires_at: float, now: float) -> bool:
        """Record a request digest until ``expires_at``; False when it was recorded before (a replay)."""
        ...

    async def book(self, key: str, windows: Sequence[tuple[int, float]], now: float, epsilon: float = 0.0) -> float:
        """Book one call of ``key`` that fits every ``(count, seconds)`` window; when it may start."""
        ...

    async def hold(self, key: str, until: float) -> None:
        """Let no call of ``key`` start before ``until`` (after a 429 with ``Retry-After``)."""
        ...
