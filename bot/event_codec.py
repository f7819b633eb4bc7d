"""Normalised events to JSON-ready dicts and back, for the durable inbox (pure, no I/O).

``decode(encode(event)) == event`` for every :data:`bot.events.Event`; a payload of an unknown
kind or shape raises :class:`ValueError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from bot.events import (
    ActionInvoked,
    Actor,
    BotAdded,
    CommandInvoked,
    Conversation,
    Event,
    FormSubmitted,
    Mention,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
)

KINDS: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (CommandInvoked, MessagePosted, ActionInvoked, FormSubmitted, MessageDeleted, MessageEdited, BotAdded)
}
Json = dict[str, Any]


def _plain(value: object) -> Any:
    if isinstance(value, Actor | Conversation | Mention):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    return value


def encode(event: Event) -> Json:
    """The event as plain JSON types, with its kind (``dataclasses.asdict`` costs ten times more)."""
    return {"kind": type(event).__name__, **{f.name: _plain(getattr(event, f.name)) for f in fields(event)}}


def decode(data: Json) -> Event:
    """The event a payload of :func:`encode` describes.

    Raises:
        ValueError: Unknown kind or malformed fields.
    """
    values = dict(data)
    kind = KINDS.get(str(values.pop("kind", "")))
    if kind is None:
        msg = "unknown event kind"
        raise ValueError(msg)
    try:
        values["received_at"] = datetime.fromisoformat(values["received_at"])
        values["actor"] = Actor(**values["actor"])
        values["conversation"] = Conversation(**values["conversation"])
        if "mentions" in values:
            values["mentions"] = tuple(Mention(**m) for m in values["mentions"])
        return kind(**values)
    except (KeyError, TypeError) as error:
        msg = "malformed event payload"
        raise ValueError(msg) from error
