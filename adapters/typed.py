"""Typed text as events, for the adapters where people are known by handle (console, web playground).

``/command args`` (or a bare known command word) is a command; anything else is a message;
``@handle`` tokens are mentions whose user id is the handle.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.commands import find_command
from bot.events import Actor, CommandInvoked, Conversation, Event, Mention, MessagePosted

MENTION = re.compile(r"@([a-z0-9][a-z0-9._-]*[a-z0-9])", re.IGNORECASE)
BOT_HANDLE = "plbot"
"""``@plbot`` in a channel line addresses the bot, as an @mention does on Slack and Teams."""


def mentions_in(text: str) -> tuple[Mention, ...]:
    """``@handle`` tokens, in order, as mentions."""
    return tuple(
        Mention(user_id=m.group(1).lower(), display_name=m.group(1), raw=m.group(0)) for m in MENTION.finditer(text)
    )


def typed_event(line: str, *, actor: Actor, conversation: Conversation, event_id: str, now: datetime) -> Event | None:
    """A typed line as a command or a message (None for an empty line)."""
    stripped = line.strip()
    if not stripped:
        return None
    word, _, rest = stripped.partition(" ")
    name = word.lstrip("/").lower()
    if word.startswith("/") or find_command(name) is not None:
        return CommandInvoked(
            platform=actor.platform,
            event_id=event_id,
            received_at=now,
            actor=actor,
            conversation=conversation,
            command=name,
            text=rest.strip(),
            mentions=mentions_in(rest),
        )
    return MessagePosted(
        platform=actor.platform,
        event_id=event_id,
        received_at=now,
        actor=actor,
        conversation=conversation,
        text=stripped,
        mentions=mentions_in(stripped),
        addressed=conversation.is_direct or any(m.user_id == BOT_HANDLE for m in mentions_in(stripped)),
    )
