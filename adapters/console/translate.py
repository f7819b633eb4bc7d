"""Pure translation of terminal input into normalized events."""

from __future__ import annotations

from datetime import datetime

from adapters.typed import mentions_in, typed_event
from bot.events import Actor, Conversation, Event

__all__ = ["mentions_in", "parse_line"]


def parse_line(line: str, *, persona: str, channel: str, event_id: str, now: datetime) -> Event | None:
    """A typed line as an event: ``/command args`` (or ``command args``) → a command, else a message."""
    actor = Actor(platform="console", user_id=persona, display_name=persona)
    conversation = Conversation(platform="console", channel_id=channel, is_direct=channel.startswith("dm:"))
    return typed_event(line, actor=actor, conversation=conversation, event_id=event_id, now=now)
