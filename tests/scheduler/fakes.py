"""Fake platforms for outbox tests: a Slack-like one that can look messages up, a Teams-like one that cannot."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.ports import SendResult
from bot.replies import OutgoingMessage, Target, say


@dataclass
class FakeSlack:
    """Posts land in ``posted``; ``find_sent`` searches them by idempotency key (message metadata)."""

    platform: str = "slack"
    posted: list[OutgoingMessage] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    lookup_fails: int = 0

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Post; a scripted ``reset`` posts but loses the answer (connection reset after acceptance)."""
        outcome = self.script.pop(0) if self.script else "ok"
        if outcome == "refuse":
            return SendResult("retry", retry_after=7, error="ratelimited")
        self.posted.append(message)
        if outcome == "reset":
            msg = "connection reset by peer"
            raise ConnectionResetError(msg)
        return SendResult("sent", message_id=f"ts-{len(self.posted)}")

    async def find_sent(self, message: OutgoingMessage) -> str | None:
        """The ts of a posted message with the same key."""
        if self.lookup_fails:
            self.lookup_fails -= 1
            msg = "conversations.history failed"
            raise RuntimeError(msg)
        for number, posted in enumerate(self.posted, start=1):
            if posted.idempotency_key == message.idempotency_key:
                return f"ts-{number}"
        return None

    def count(self, key: str) -> int:
        """How many messages carry this key."""
        return sum(m.idempotency_key == key for m in self.posted)


@dataclass
class FakeTeams:
    """Like FakeSlack without a lookup: an unknown outcome cannot be settled."""

    platform: str = "teams"
    posted: list[OutgoingMessage] = field(default_factory=list)

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Post."""
        self.posted.append(message)
        return SendResult("sent", message_id=f"activity-{len(self.posted)}")


def message(key: str, platform: str = "slack", channel: str = "C1") -> OutgoingMessage:
    """A channel message with an idempotency key."""
    return OutgoingMessage(
        target=Target(platform=platform, kind="channel", address=channel), reply=say("hello"), idempotency_key=key
    )
