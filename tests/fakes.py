"""Fakes for tests (cosmicpython style): small, real implementations of the ports."""

from __future__ import annotations

from bot.ports import SendResult
from bot.replies import OutgoingMessage


class RecordingSender:
    """A sender that records every message and reports it sent (or a scripted result)."""

    def __init__(self, platform: str, result: SendResult | None = None) -> None:
        self.platform = platform
        self.sent: list[OutgoingMessage] = []
        self.result = result

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Record the message."""
        self.sent.append(message)
        return self.result or SendResult("sent", message_id=f"m{len(self.sent)}")
