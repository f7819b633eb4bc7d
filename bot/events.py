"""Normalized inbound events.

Adapters translate platform payloads (Slack requests, Teams activities, console lines) into these
types; nothing in ``bot/`` ever sees a platform object. Every event carries the platform, a platform
event id used for de-duplication, and the moment it was received.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Platform = Literal["slack", "teams", "console", "web"]
PLATFORMS: tuple[Platform, ...] = ("slack", "teams", "console", "web")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something: a platform user id and the name the platform showed for them."""

    platform: Platform
    user_id: str
    display_name: str = ""
    is_bot: bool = False
    locale: str = ""
    """The language the platform reports for them (Teams ``activity.locale``, Slack ``users.info``), if any."""


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where it happened: a channel, a direct chat, optionally a thread inside the channel."""

    platform: Platform
    channel_id: str
    is_direct: bool = False
    thread_id: str | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in a message: their platform user id and the name shown."""

    user_id: str
    display_name: str = ""
    raw: str = ""
    """The mention exactly as it appears in the event's text (``<@U123>``, ``@sam.okafor``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundEvent:
    """Fields every inbound event shares."""

    platform: Platform
    event_id: str
    received_at: datetime
    actor: Actor
    conversation: Conversation


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandInvoked(InboundEvent):
    """A command such as ``/celebrate @sam for the danger statement``.

    ``command`` has no leading slash; ``text`` is everything after it, with the mentions still in
    place as the platform wrote them; ``mentions`` lists the people named, in order.
    """

    command: str
    text: str = ""
    mentions: tuple[Mention, ...] = ()
    message_id: str = ""
    """The platform id of the message that carried the command, when it was a message (Teams)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MessagePosted(InboundEvent):
    """An ordinary message the bot can see (not a command)."""

    text: str
    mentions: tuple[Mention, ...] = ()
    message_id: str = ""
    addressed: bool = False
    """True when the message was written to the bot: in a direct chat with it, or @mentioning it in a
    channel. Only such messages get an answer; others the bot merely sees are left alone."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BotAdded(InboundEvent):
    """The app was installed for a person (``conversation.is_direct``: their 1:1 chat with the bot) or
    added to a channel or team. ``actor`` is the person who did it (the installer)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionInvoked(InboundEvent):
    """A button or select was used. ``message_id`` identifies the message carrying it, if any."""

    action_id: str
    value: str = ""
    message_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FormSubmitted(InboundEvent):
    """A form (a Slack modal, a Teams card) was submitted. ``context`` is the value the form carried."""

    form_id: str
    fields: Mapping[str, str] = field(default_factory=dict)
    context: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageDeleted(InboundEvent):
    """A message was deleted on the platform. ``message_id`` is in the form the platform's sender
    stores for our own posts (Slack ``"<channel>:<ts>"``, Teams the activity id)."""

    message_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageEdited(InboundEvent):
    """A person edited a message on the platform: ``message_id`` as for :class:`MessageDeleted`,
    ``text`` the message as it now reads."""

    message_id: str
    text: str = ""


Event = CommandInvoked | MessagePosted | ActionInvoked | FormSubmitted | MessageDeleted | MessageEdited | BotAdded
