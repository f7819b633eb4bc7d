"""A sender that only records what it was given (simulations, benches, tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.ports import Clock, SendResult
from bot.replies import OutgoingMessage


@dataclass
class Recorded:
    """One message as it was handed to the sender, and when."""

    at: datetime
    message: OutgoingMessage


@dataclass
class RecordingSender:
    """Records every message and reports it sent; ``find_sent`` answers from the record."""

    platform: str
    clock: Clock
    sent: list[Recorded] = field(default_factory=list)
    can_update = True
    """Updates of earlier posts are recorded like any message (``message.updates`` names the post)."""

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Record the message."""
        self.sent.append(Recorded(self.clock.now(), message))
        return SendResult("sent", message_id=f"{self.platform}-{len(self.sent)}")

    async def find_sent(self, message: OutgoingMessage) -> str | None:
        """The id of an earlier recording of the same idempotency key, if any."""
        for number, recorded in enumerate(self.sent, start=1):
            if recorded.message.idempotency_key == message.idempotency_key:
                return f"{self.platform}-{number}"
        return None
