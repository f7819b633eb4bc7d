"""Pure translation of terminal input into normalized events."""

from __future__ import annotations

import re
from datetime import datetime

from bot.commands import find_command
from bot.events import Actor, CommandInvoked, Conversation, Event, Mention, MessagePosted

MENTION = re.compile(r"@([a-z0-9][a-z0-9._-]*[a-z0-9])", re.IGNORECASE)


def mentions_in(text: str) -> tuple[Mention, ...]:
    """``@handle`` tokens, in order, as mentions (the handle is the console user id)."""
    return tuple(
        Mention(user_id=m.group(1).lower(), display_name=m.group(1), raw=m.group(0)) for m in MENTION.finditer(text)
    )


def parse_line(line: str, *, persona: str, channel: str, event_id: str, now: datetime) -> Event | None:
    """A typed line as an event: ``/command args`` (or ``command args``) → a command, else a message."""
    stripped = line.strip()
    if not stripped:
        return None
    actor = Actor(platform="console", user_id=persona, display_name=persona)
    conversation = Conversation(platform="console", channel_id=channel, is_direct=channel.startswith("dm:"))
    word, _, rest = stripped.partition(" ")
    name = word.lstrip("/").lower()
    if word.startswith("/") or find_command(name) is not None:
        return CommandInvoked(
            platform="console",
            event_id=event_id,
            received_at=now,
            actor=actor,
            conversation=conversation,
            command=name,
            text=rest.strip(),
            mentions=mentions_in(rest),
        )
    return MessagePosted(
        platform="console",
        event_id=event_id,
        received_at=now,
        actor=actor,
        conversation=conversation,
        text=stripped,
        mentions=mentions_in(stripped),
    )
