"""Event factories for tests: console-platform events (people by handle, channels by slug)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import UTC, datetime

from adapters.console.translate import mentions_in
from bot.events import ActionInvoked, Actor, BotAdded, CommandInvoked, Conversation, FormSubmitted, MessagePosted

_ids = itertools.count(1)
WHEN = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _where(actor: str, channel: str) -> tuple[Actor, Conversation]:
    return (
        Actor(platform="console", user_id=actor, display_name=actor),
        Conversation(platform="console", channel_id=channel, is_direct=channel.startswith("dm:")),
    )


def command(
    name: str, text: str = "", *, actor: str = "ali.hassan", channel: str = "dereham-fs", event_id: str = ""
) -> CommandInvoked:
    """``/name text`` typed by ``actor`` in ``channel``."""
    who, where = _where(actor, channel)
    return CommandInvoked(
        platform="console",
        event_id=event_id or f"e{next(_ids)}",
        received_at=WHEN,
        actor=who,
        conversation=where,
        command=name,
        text=text,
        mentions=mentions_in(text),
    )


def message(
    text: str, *, actor: str = "ali.hassan", channel: str = "dm:ali.hassan", addressed: bool | None = None
) -> MessagePosted:
    """A plain message; addressed to the bot when in a direct chat, unless ``addressed`` says otherwise."""
    who, where = _where(actor, channel)
    return MessagePosted(
        platform="console",
        event_id=f"e{next(_ids)}",
        received_at=WHEN,
        actor=who,
        conversation=where,
        text=text,
        mentions=mentions_in(text),
        addressed=where.is_direct if addressed is None else addressed,
    )


def added(*, actor: str = "ali.hassan", channel: str = "dm:ali.hassan", event_id: str = "") -> BotAdded:
    """The app installed for ``actor`` (a ``dm:`` channel) or added by them to ``channel``."""
    who, where = _where(actor, channel)
    return BotAdded(
        platform="console", event_id=event_id or f"e{next(_ids)}", received_at=WHEN, actor=who, conversation=where
    )


def click(action_id: str, value: str = "", *, actor: str = "ali.hassan", channel: str = "dereham-fs") -> ActionInvoked:
    """A button click."""
    who, where = _where(actor, channel)
    return ActionInvoked(
        platform="console",
        event_id=f"e{next(_ids)}",
        received_at=WHEN,
        actor=who,
        conversation=where,
        action_id=action_id,
        value=value,
    )


def submit(
    form_id: str,
    fields: Mapping[str, str],
    context: str = "",
    *,
    actor: str = "ali.hassan",
    channel: str = "dereham-fs",
) -> FormSubmitted:
    """A form submission."""
    who, where = _where(actor, channel)
    return FormSubmitted(
        platform="console",
        event_id=f"e{next(_ids)}",
        received_at=WHEN,
        actor=who,
        conversation=where,
        form_id=form_id,
        fields=dict(fields),
        context=context,
    )


GOOD_STORY = {
    "title": "Mapping unstuck a drifting case",
    "situation": "A case had drifted for months and everyone felt stuck.",
    "what_we_did": "We mapped it in group supervision with the three columns.",
    "difference": "The family network wrote their own safety plan.",
    "tools": "mapping,safety plan",
    "share": "team",
}
