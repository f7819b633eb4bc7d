"""Pure translation of playground form posts into normalized events (platform ``web``).

People are known on the web platform by their handle, channels by the team's or locality's slug,
and a direct conversation with the bot is ``dm:<handle>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from adapters.typed import typed_event
from bot.events import ActionInvoked, Actor, Conversation, Event, FormSubmitted

DIRECT = "dm"
FIELD_PREFIX = "field:"
MAX_LINE = 4000


def where(persona: str, place: str) -> tuple[Actor, Conversation]:
    """The actor and the conversation for a persona in a place (a slug, or ``dm``)."""
    actor = Actor(platform="web", user_id=persona, display_name=persona)
    if place == DIRECT:
        return actor, Conversation(platform="web", channel_id=f"dm:{persona}", is_direct=True)
    return actor, Conversation(platform="web", channel_id=place, name=place)


def conversation_address(persona: str, place: str) -> str:
    """The channel id a place stands for (``dm:<handle>`` for the direct conversation)."""
    return where(persona, place)[1].channel_id


def line_event(line: str, *, persona: str, place: str, event_id: str, now: datetime) -> Event | None:
    """A typed line: ``/command args`` (or a known command word) → a command, anything else → a message."""
    actor, conversation = where(persona, place)
    return typed_event(line.strip()[:MAX_LINE], actor=actor, conversation=conversation, event_id=event_id, now=now)


def action_event(
    data: Mapping[str, str], *, persona: str, place: str, event_id: str, now: datetime
) -> ActionInvoked | None:
    """A clicked button or a chosen option (``action_id``, ``value``, ``message_id``)."""
    action_id = data.get("action_id", "").strip()
    if not action_id:
        return None
    actor, conversation = where(persona, place)
    return ActionInvoked(
        platform="web",
        event_id=event_id,
        received_at=now,
        actor=actor,
        conversation=conversation,
        action_id=action_id,
        value=data.get("value", ""),
        message_id=data.get("message_id", ""),
    )


def form_event(
    form_id: str,
    context: str,
    items: Iterable[tuple[str, str]],
    *,
    persona: str,
    place: str,
    event_id: str,
    now: datetime,
) -> FormSubmitted | None:
    """A submitted form: ``field:<name>`` inputs become its fields; repeated ones (checkboxes) join with commas."""
    if not form_id:
        return None
    fields: dict[str, list[str]] = {}
    for key, value in items:
        if key.startswith(FIELD_PREFIX):
            fields.setdefault(key[len(FIELD_PREFIX) :], []).append(value)
    actor, conversation = where(persona, place)
    return FormSubmitted(
        platform="web",
        event_id=event_id,
        received_at=now,
        actor=actor,
        conversation=conversation,
        form_id=form_id,
        fields={name: ",".join(v for v in values if v) for name, values in fields.items()},
        context=context,
    )
