"""Pure translation of Slack payloads into :mod:`bot.events` types.

Every function takes an already-parsed payload (a slash command's form fields, or the JSON of an
interaction or event) and the moment it was received, and returns an :class:`Inbound`: the
normalized event plus the Slack-only facts the adapter needs to answer (an :class:`Origin`).
Nothing here does I/O; malformed or uninteresting payloads give ``None``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from adapters.slack.metadata import decode_meta
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
from bot.ids import ActionId

SHARE_SHORTCUT = "share_good_practice"
MANAGE_SHORTCUT = "edit_or_withdraw"
"""The message shortcut "Edit or withdraw" on a post of the bot (a celebration or a story)."""
"""The callback id of the "Share as good practice" message shortcut."""

SUFFIX_SEPARATOR = "#"
"""Rendered action ids may carry ``#n`` to stay unique inside one block; it is stripped here."""

_MENTION = re.compile(r"<@([UW][A-Z0-9]{1,30})(?:\|([^<>]*))?>")
_TOKEN = re.compile(r"<([^<>]*)>")
_ACCEPTED_SUBTYPES = frozenset({"", "thread_broadcast", "file_share", "me_message"})

OriginKind = Literal["command", "action", "view", "shortcut", "event"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a Slack request came from and how to answer it (never crosses into ``bot/``)."""

    kind: OriginKind
    user_id: str
    team_id: str = ""
    channel_id: str = ""
    thread_ts: str = ""
    response_url: str = ""
    trigger_id: str = ""
    message_ts: str = ""
    is_ephemeral: bool = False
    view_id: str = ""
    view_type: str = ""

    @property
    def from_home(self) -> bool:
        """True for an interaction on the App Home tab."""
        return self.view_type == "home"


@dataclass(frozen=True, slots=True)
class Inbound:
    """A translated request: the normalized event and its Slack origin."""

    event: Event
    origin: Origin


# --- small, defensive accessors ---------------------------------------------------------------


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _dict(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _id_of(data: Mapping[str, Any], key: str) -> str:
    """``data[key]`` as an id: Slack sends either ``"X"`` or ``{"id": "X"}``."""
    value = data.get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return _str(value, "id")
    return ""


def stable_id(prefix: str, *parts: str) -> str:
    """A de-duplication id for requests Slack gives no id: a hash of the parts.

    Args:
        prefix: A short label for the kind of request.
        *parts: The values that identify one delivery (team, channel, user, trigger).

    Returns:
        ``prefix:`` followed by 32 hex digits.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{prefix}:{digest}"


# --- text ---------------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """Undo Slack's escaping of ``&``, ``<`` and ``>`` in text it sends to apps."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _readable_token(inner: str) -> str:
    """A non-mention ``<…>`` token as readable text (channel, broadcast, link)."""
    target, _, label = inner.partition("|")
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        if label:
            return label
        word = target[1:].split("^", 1)[0]
        return f"@{word}"
    if target.startswith("@"):
        return f"@{label}" if label else target
    return unescape(target)


def normalise_text(text: str) -> tuple[str, tuple[Mention, ...]]:
    """Slack message or command text as our text and its mentions.

    User mention tokens (``<@U123>``, ``<@U123|sam>``) stay in place, exactly as sent, so that
    each :class:`Mention`'s ``raw`` is found in the returned text. Other tokens become readable
    (``<#C1|general>`` → ``#general``, ``<!here>`` → ``@here``, links → their URL) and Slack's
    ``&amp;``/``&lt;``/``&gt;`` escapes are undone.

    Args:
        text: The text as Slack sent it.

    Returns:
        The normalized text and the mentions, in order of appearance.
    """
    out: list[str] = []
    mentions: list[Mention] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(unescape(text[position : match.start()]))
        token = match.group(0)
        mention = _MENTION.fullmatch(token)
        if mention:
            out.append(token)
            mentions.append(Mention(user_id=mention.group(1), display_name=unescape(mention.group(2) or ""), raw=token))
        else:
            out.append(_readable_token(match.group(1)))
        position = match.end()
    out.append(unescape(text[position:]))
    return "".join(out), tuple(mentions)


def readable_text(text: str) -> str:
    """Slack text with every token, mentions included, turned into readable words."""
    normalised, mentions = normalise_text(text)
    for mention in mentions:
        shown = f"@{mention.display_name}" if mention.display_name else f"@{mention.user_id}"
        normalised = normalised.replace(mention.raw, shown)
    return normalised


def _is_direct(channel_id: str, channel_name: str = "") -> bool:
    return channel_id.startswith("D") or channel_name == "directmessage"


# --- slash commands -----------------------------------------------------------------------------


def from_slash_command(form: Mapping[str, Any], now: datetime) -> Inbound | None:
    """A slash command (form fields) as :class:`CommandInvoked`.

    Args:
        form: The decoded ``application/x-www-form-urlencoded`` fields.
        now: When the request was received.

    Returns:
        The event and origin, or ``None`` when a required field is missing.
    """
    command = _str(form, "command").strip().lstrip("/").lower()
    user_id, channel_id = _str(form, "user_id"), _str(form, "channel_id")
    if not command or not user_id or not channel_id:
        return None
    team_id, trigger_id = _str(form, "team_id"), _str(form, "trigger_id")
    text, mentions = normalise_text(_str(form, "text"))
    event = CommandInvoked(
        platform="slack",
        event_id=stable_id("cmd", team_id, channel_id, user_id, trigger_id),
        received_at=now,
        actor=Actor(platform="slack", user_id=user_id, display_name=_str(form, "user_name")),
        conversation=Conversation(
            platform="slack",
            channel_id=channel_id,
            is_direct=_is_direct(channel_id, _str(form, "channel_name")),
            name=_str(form, "channel_name"),
        ),
        command=command,
        text=text.strip(),
        mentions=mentions,
    )
    origin = Origin(
        kind="command",
        user_id=user_id,
        team_id=team_id,
        channel_id=channel_id,
        response_url=_str(form, "response_url"),
        trigger_id=trigger_id,
    )
    return Inbound(event, origin)


# --- interactivity ---------------------------------------------------------------------------------


def _actor(payload: Mapping[str, Any]) -> Actor | None:
    user = _dict(payload, "user")
    user_id = _str(user, "id")
    if not user_id:
        return None
    name = _str(user, "name") or _str(user, "username")
    return Actor(platform="slack", user_id=user_id, display_name=name)


def action_value(action: Mapping[str, Any]) -> str:
    """The value a button or select carried (selects join several choices with commas)."""
    if "selected_option" in action:
        return _str(_dict(action, "selected_option"), "value")
    selected = action.get("selected_options")
    if isinstance(selected, list):
        return ",".join(_str(o, "value") for o in selected if isinstance(o, Mapping))
    return _str(action, "value")


def base_action_id(action_id: str) -> str:
    """Our action id without the uniqueness suffix the renderer may add."""
    return action_id.split(SUFFIX_SEPARATOR, 1)[0]


def from_block_actions(payload: Mapping[str, Any], now: datetime) -> Inbound | None:
    """A ``block_actions`` payload (a button or select) as :class:`ActionInvoked`.

    Args:
        payload: The decoded ``payload`` JSON.
        now: When the request was received.

    Returns:
        The event and origin, or ``None`` when there is no usable action or user.
    """
    actor = _actor(payload)
    actions = payload.get("actions")
    if actor is None or not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
        return None
    action = actions[0]
    action_id = base_action_id(_str(action, "action_id"))
    if not action_id:
        return None
    container, view, message = _dict(payload, "container"), _dict(payload, "view"), _dict(payload, "message")
    message_ts = _str(container, "message_ts") or _str(message, "ts")
    view_type = _str(view, "type")
    channel_id = _id_of(payload, "channel") or _str(container, "channel_id")
    thread_ts = _str(container, "thread_ts") or _str(message, "thread_ts")
    response_url = _str(payload, "response_url")
    if view_type == "home":
        channel_id, thread_ts = actor.user_id, ""
    elif view_type == "modal" and not channel_id:
        meta = decode_meta(view.get("private_metadata"))
        channel_id, thread_ts, response_url = meta.channel_id, meta.thread_ts, meta.response_url
    view_id = _str(container, "view_id") or _str(view, "id")
    team_id = _id_of(payload, "team")
    event = ActionInvoked(
        platform="slack",
        event_id=stable_id("act", team_id, message_ts or view_id, _str(action, "action_ts"), actor.user_id, action_id),
        received_at=now,
        actor=actor,
        conversation=Conversation(
            platform="slack",
            channel_id=channel_id,
            is_direct=view_type == "home" or _is_direct(channel_id),
            thread_id=thread_ts or None,
        ),
        action_id=action_id,
        value=action_value(action),
        message_id=message_ts,
    )
    origin = Origin(
        kind="action",
        user_id=actor.user_id,
        team_id=team_id,
        channel_id=channel_id,
        thread_ts=thread_ts,
        response_url=response_url,
        trigger_id=_str(payload, "trigger_id"),
        message_ts=message_ts,
        is_ephemeral=container.get("is_ephemeral") is True,
        view_id=view_id,
        view_type=view_type,
    )
    return Inbound(event, origin)


def submitted_fields(view: Mapping[str, Any]) -> dict[str, str]:
    """The values of a submitted modal, by block id (our field names).

    Args:
        view: The ``view`` object of a ``view_submission`` payload.

    Returns:
        Field name → text (selects: the value; multi-selects: values joined by commas).
    """
    values = _dict(_dict(view, "state"), "values")
    fields: dict[str, str] = {}
    for block_id, elements in values.items():
        if not isinstance(block_id, str) or not isinstance(elements, Mapping):
            continue
        element = next((e for e in elements.values() if isinstance(e, Mapping)), None)
        if element is None:
            continue
        fields[block_id] = action_value(element)
    return fields


def from_view_submission(payload: Mapping[str, Any], now: datetime) -> Inbound | None:
    """A ``view_submission`` payload as :class:`FormSubmitted` (``callback_id`` is the form id).

    Args:
        payload: The decoded ``payload`` JSON.
        now: When the request was received.

    Returns:
        The event and origin, or ``None`` when the view or user is missing.
    """
    actor, view = _actor(payload), _dict(payload, "view")
    form_id = _str(view, "callback_id")
    if actor is None or not form_id:
        return None
    meta = decode_meta(view.get("private_metadata"))
    team_id, view_id, trigger_id = _id_of(payload, "team"), _str(view, "id"), _str(payload, "trigger_id")
    channel_id = meta.channel_id or actor.user_id
    event = FormSubmitted(
        platform="slack",
        event_id=stable_id("view", team_id, view_id, trigger_id, actor.user_id),
        received_at=now,
        actor=actor,
        conversation=Conversation(
            platform="slack",
            channel_id=channel_id,
            is_direct=not meta.channel_id or _is_direct(channel_id),
            thread_id=meta.thread_ts or None,
        ),
        form_id=form_id,
        fields=submitted_fields(view),
        context=meta.context,
    )
    origin = Origin(
        kind="view",
        user_id=actor.user_id,
        team_id=team_id,
        channel_id=meta.channel_id,
        thread_ts=meta.thread_ts,
        response_url=meta.response_url,
        trigger_id=trigger_id,
        view_id=view_id,
        view_type=_str(view, "type"),
    )
    return Inbound(event, origin)


def from_message_shortcut(payload: Mapping[str, Any], now: datetime) -> Inbound | None:
    """A message shortcut: "Share as good practice" as ``/goodpractice <message text>``, or "Edit or
    withdraw" as the :data:`~bot.ids.ActionId.POST_MENU` action on the message (``"<channel>:<ts>"``).

    Args:
        payload: The decoded ``message_action`` payload.
        now: When the request was received.

    Returns:
        A :class:`CommandInvoked` for ``goodpractice`` whose text is the message, readable, or an
        :class:`ActionInvoked`; None for another shortcut.
    """
    actor = _actor(payload)
    channel_id = _id_of(payload, "channel")
    callback = _str(payload, "callback_id")
    if actor is None or not channel_id or callback not in {SHARE_SHORTCUT, MANAGE_SHORTCUT}:
        return None
    team_id, trigger_id = _id_of(payload, "team"), _str(payload, "trigger_id")
    message = _dict(payload, "message")
    base: dict[str, Any] = {
        "platform": "slack",
        "event_id": stable_id("short", team_id, channel_id, actor.user_id, trigger_id),
        "received_at": now,
        "actor": actor,
        "conversation": Conversation(
            platform="slack",
            channel_id=channel_id,
            is_direct=_is_direct(channel_id, _str(_dict(payload, "channel"), "name")),
        ),
    }
    event: Event
    if callback == MANAGE_SHORTCUT:
        message_ts = _str(payload, "message_ts") or _str(message, "ts")
        event = ActionInvoked(**base, action_id=ActionId.POST_MENU, value=f"{channel_id}:{message_ts}")
    else:
        event = CommandInvoked(**base, command="goodpractice", text=readable_text(_str(message, "text")).strip())
    origin = Origin(
        kind="shortcut",
        user_id=actor.user_id,
        team_id=team_id,
        channel_id=channel_id,
        thread_ts=_str(message, "thread_ts"),
        response_url=_str(payload, "response_url"),
        trigger_id=trigger_id,
        message_ts=_str(payload, "message_ts") or _str(message, "ts"),
    )
    return Inbound(event, origin)


# --- Events API -----------------------------------------------------------------------------------


def is_bot_message(event: Mapping[str, Any], bot_user_id: str = "") -> bool:
    """True for messages a bot wrote (any bot, and this app's own bot user)."""
    if event.get("bot_id") or event.get("bot_profile") or _str(event, "subtype") == "bot_message":
        return True
    return bool(bot_user_id) and _str(event, "user") == bot_user_id


def from_event_callback(body: Mapping[str, Any], now: datetime, bot_user_id: str = "") -> Inbound | None:
    """A ``message`` or ``app_mention`` event as :class:`MessagePosted`.

    Bot messages, this app's own messages, edits, deletions and channel notices give ``None``.

    Args:
        body: The whole ``event_callback`` JSON body (its ``event_id`` is the de-duplication id).
        now: When the request was received.
        bot_user_id: This app's bot user, whose messages are ignored.

    Returns:
        The event and origin, or ``None``.
    """
    event = _dict(body, "event")
    if _str(event, "type") not in {"message", "app_mention"}:
        return None
    if _str(event, "subtype") == "message_deleted":
        return _deleted(body, event, now)
    if _str(event, "subtype") == "message_changed":
        return _edited(body, event, now, bot_user_id)
    if _str(event, "subtype") not in _ACCEPTED_SUBTYPES or is_bot_message(event, bot_user_id):
        return None
    user_id, channel_id, event_id = _str(event, "user"), _str(event, "channel"), _str(body, "event_id")
    if not user_id or not channel_id or not event_id:
        return None
    text, mentions = normalise_text(_str(event, "text"))
    thread_ts = _str(event, "thread_ts")
    is_direct = _str(event, "channel_type") == "im" or _is_direct(channel_id)
    posted = MessagePosted(
        platform="slack",
        event_id=event_id,
        received_at=now,
        actor=Actor(platform="slack", user_id=user_id),
        conversation=Conversation(
            platform="slack", channel_id=channel_id, is_direct=is_direct, thread_id=thread_ts or None
        ),
        text=text,
        mentions=mentions,
        message_id=_str(event, "ts"),
        # a channel message that @mentions the bot arrives twice: as ``message`` and as ``app_mention``
        addressed=is_direct or _str(event, "type") == "app_mention",
    )
    origin = Origin(
        kind="event",
        user_id=user_id,
        team_id=_str(body, "team_id"),
        channel_id=channel_id,
        thread_ts=thread_ts,
        message_ts=_str(event, "ts"),
    )
    return Inbound(posted, origin)


def _edited(body: Mapping[str, Any], event: Mapping[str, Any], now: datetime, bot_user_id: str) -> Inbound | None:
    """A ``message_changed`` event as :class:`MessageEdited` (the message as it now reads)."""
    message = _dict(event, "message")
    channel_id, ts, event_id = _str(event, "channel"), _str(message, "ts"), _str(body, "event_id")
    user_id = _str(message, "user")
    if not channel_id or not ts or not event_id or not user_id or is_bot_message(message, bot_user_id):
        return None
    text, _ = normalise_text(_str(message, "text"))
    edited = MessageEdited(
        platform="slack",
        event_id=event_id,
        received_at=now,
        actor=Actor(platform="slack", user_id=user_id),
        conversation=Conversation(platform="slack", channel_id=channel_id, is_direct=_is_direct(channel_id)),
        message_id=f"{channel_id}:{ts}",
        text=text,
    )
    origin = Origin(kind="event", user_id=user_id, team_id=_str(body, "team_id"), channel_id=channel_id)
    return Inbound(edited, origin)


def _deleted(body: Mapping[str, Any], event: Mapping[str, Any], now: datetime) -> Inbound | None:
    """A ``message_deleted`` event as :class:`MessageDeleted` (``"<channel>:<ts>"``, as our sender stores)."""
    channel_id, deleted_ts, event_id = _str(event, "channel"), _str(event, "deleted_ts"), _str(body, "event_id")
    if not channel_id or not deleted_ts or not event_id:
        return None
    previous = _dict(event, "previous_message")
    user_id = _str(previous, "user") or "USLACKBOT"
    deleted = MessageDeleted(
        platform="slack",
        event_id=event_id,
        received_at=now,
        actor=Actor(platform="slack", user_id=user_id, is_bot=False),
        conversation=Conversation(platform="slack", channel_id=channel_id, is_direct=_is_direct(channel_id)),
        message_id=f"{channel_id}:{deleted_ts}",
    )
    origin = Origin(kind="event", user_id=user_id, team_id=_str(body, "team_id"), channel_id=channel_id)
    return Inbound(deleted, origin)


def from_bot_added(body: Mapping[str, Any], now: datetime, bot_user_id: str = "") -> Inbound | None:
    """First contact as :class:`BotAdded`: a person opening the app (``app_home_opened``, any tab: its
    ``channel`` is their direct chat with the bot), or this app's bot user joining a channel
    (``member_joined_channel``; the actor is whoever invited it).

    Args:
        body: The whole ``event_callback`` JSON body.
        now: When the request was received.
        bot_user_id: This app's bot user ('' when unknown: then no join counts as the bot's).

    Returns:
        The event and origin, or ``None`` for any other event.
    """
    event, event_id = _dict(body, "event"), _str(body, "event_id")
    kind, channel_id = _str(event, "type"), _str(event, "channel")
    if kind == "app_home_opened":
        user_id, is_direct = _str(event, "user"), True
    elif kind == "member_joined_channel" and bot_user_id and _str(event, "user") == bot_user_id:
        user_id, is_direct = _str(event, "inviter"), False
    else:
        return None
    if not user_id or not channel_id or not event_id:
        return None
    added = BotAdded(
        platform="slack",
        event_id=event_id,
        received_at=now,
        actor=Actor(platform="slack", user_id=user_id),
        conversation=Conversation(platform="slack", channel_id=channel_id, is_direct=is_direct),
    )
    origin = Origin(kind="event", user_id=user_id, team_id=_str(body, "team_id"), channel_id=channel_id)
    return Inbound(added, origin)


def home_opened_by(body: Mapping[str, Any]) -> str:
    """The user who opened the App Home tab ('' for other events or other tabs).

    Args:
        body: The whole ``event_callback`` JSON body.

    Returns:
        The Slack user id.
    """
    event = _dict(body, "event")
    if _str(event, "type") != "app_home_opened" or _str(event, "tab") not in {"", "home"}:
        return ""
    return _str(event, "user")
