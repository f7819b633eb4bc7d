"""Pure translation of Teams activities (Bot Framework Activity JSON) into :mod:`bot.events` types.

Every function takes an activity, either as parsed JSON (camelCase keys, as Teams sends it) or as the
Agents SDK's ``Activity`` model, and returns plain values. Nothing here does I/O.

* Channel messages reach the bot only when it is @mentioned: the bot's own ``<at>…</at>`` is removed
  before the text is read. ``celebrate @Sam …``, ``/celebrate @Sam …`` and command-menu entries
  (which insert the bare command name) become :class:`~bot.events.CommandInvoked` with the same names
  as Slack; any other text is a :class:`~bot.events.MessagePosted`.
* Card buttons and forms rendered by :mod:`adapters.teams.render` come back as ``Action.Submit``
  messages (``activity.value``) or ``adaptiveCard/action`` invokes (``value.action.data``) and become
  :class:`~bot.events.ActionInvoked` / :class:`~bot.events.FormSubmitted`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot.commands import find_command
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

FIELD_PREFIX = "field:"
"""Input ids of rendered form fields carry this prefix, so they never clash with our data keys."""

TEMPLATE_GUARD = "$\u200b{"
"""What :mod:`adapters.teams.render` writes instead of ``${`` (never a template expression)."""

ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
_THREAD = re.compile(r";messageid=(\d+)$")
_SPACES = re.compile(r"[ \t\u00a0]+")
_FIRST_WORD = re.compile(r"(\S+)\s*(.*)", re.DOTALL)

Kind = Literal["personal", "channel", "groupChat"]


def as_dict(activity: object) -> dict[str, Any]:
    """The activity as Teams JSON: a dict is returned as is, an SDK ``Activity`` model is dumped."""
    if isinstance(activity, dict):
        return activity
    dump = getattr(activity, "model_dump", None)
    if dump is None:
        msg = f"not an activity: {type(activity).__name__}"
        raise TypeError(msg)
    dumped = dump(mode="json", by_alias=True, exclude_none=True)
    return dumped if isinstance(dumped, dict) else {}


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def unguard(text: str) -> str:
    """Undo :data:`TEMPLATE_GUARD` in a value that went through a rendered card and came back."""
    return text.replace(TEMPLATE_GUARD, "${")


# --- where: conversations, channels, threads ---------------------------------------------------


def conversation_kind(activity: Mapping[str, Any]) -> Kind:
    """``personal``, ``channel`` or ``groupChat`` (Teams' ``conversation.conversationType``)."""
    conversation = _obj(activity.get("conversation"))
    kind = _str(conversation.get("conversationType"))
    if kind in ("personal", "channel", "groupChat"):
        return kind  # type: ignore[return-value]  # narrowed by the membership test
    if _obj(_obj(activity.get("channelData")).get("channel")).get("id"):
        return "channel"
    return "groupChat" if conversation.get("isGroup") else "personal"


def base_conversation_id(conversation_id: str) -> str:
    """A conversation id without its ``;messageid=…`` thread suffix (the channel itself)."""
    return _THREAD.sub("", conversation_id)


def thread_of(conversation_id: str) -> str:
    """The root message id of a channel thread (``19:…;messageid=123`` → ``123``), or ''."""
    match = _THREAD.search(conversation_id)
    return match.group(1) if match else ""


def tenant_of(activity: Mapping[str, Any]) -> str:
    """The Entra tenant the activity came from ('' when Teams did not say)."""
    conversation_tenant = _str(_obj(activity.get("conversation")).get("tenantId"))
    channel_tenant = _str(_obj(_obj(activity.get("channelData")).get("tenant")).get("id"))
    return conversation_tenant or channel_tenant


def conversation_of(activity: Mapping[str, Any]) -> Conversation:
    """Where the activity happened, with channel ids as the organisation file writes them."""
    conversation = _obj(activity.get("conversation"))
    raw_id = _str(conversation.get("id"))
    channel_data = _obj(activity.get("channelData"))
    channel = _obj(channel_data.get("channel"))
    kind = conversation_kind(activity)
    if kind == "channel":
        channel_id = _str(channel.get("id")) or base_conversation_id(raw_id)
        name = _str(channel.get("name")) or _str(conversation.get("name"))
        return Conversation(platform="teams", channel_id=channel_id, thread_id=thread_of(raw_id) or None, name=name)
    return Conversation(
        platform="teams",
        channel_id=raw_id,
        is_direct=kind == "personal",
        name=_str(conversation.get("name")),
    )


def actor_of(activity: Mapping[str, Any]) -> Actor:
    """Who sent the activity."""
    sender = _obj(activity.get("from"))
    bot_id = _str(_obj(activity.get("recipient")).get("id"))
    user_id = _str(sender.get("id"))
    is_bot = _str(sender.get("role")) == "bot" or (bool(user_id) and user_id == bot_id)
    name, locale = _str(sender.get("name")), _str(activity.get("locale"))[:20]  # "cy-GB": Teams' client language
    return Actor(platform="teams", user_id=user_id, display_name=name, is_bot=is_bot, locale=locale)


def event_id_of(activity: Mapping[str, Any]) -> str:
    """The activity id; for the rare activity without one, a digest of its content (stable on retry)."""
    activity_id = _str(activity.get("id"))
    if activity_id:
        return activity_id
    canonical = json.dumps(activity, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


# --- text and mentions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tag:
    user_id: str
    name: str
    raw: str


def _mention_tags(activity: Mapping[str, Any]) -> list[_Tag]:
    tags = []
    entities = activity.get("entities")
    for entity in entities if isinstance(entities, list) else []:
        entity_obj = _obj(entity)
        if entity_obj.get("type") != "mention":
            continue
        mentioned = _obj(entity_obj.get("mentioned"))
        user_id = _str(mentioned.get("id"))
        name = _str(mentioned.get("name"))
        raw = _str(entity_obj.get("text")) or f"<at>{name}</at>"
        if user_id:
            tags.append(_Tag(user_id, name, raw))
    return tags


def mentions_in(text: str, activity: Mapping[str, Any]) -> tuple[Mention, ...]:
    """The people mentioned in ``text`` (never the bot), in the order they appear."""
    bot_id = _str(_obj(activity.get("recipient")).get("id"))
    found: list[tuple[int, Mention]] = []
    for tag in _mention_tags(activity):
        if tag.user_id == bot_id:
            continue
        position = text.find(tag.raw)
        if position < 0:
            continue
        name = re.sub(r"</?at>", "", tag.name or tag.raw)
        found.append((position, Mention(user_id=tag.user_id, display_name=name, raw=tag.raw)))
    found.sort(key=lambda item: item[0])
    unique: dict[str, Mention] = {}
    for _, mention in found:
        unique.setdefault(mention.user_id, mention)
    return tuple(unique.values())


def text_without_bot(activity: Mapping[str, Any]) -> str:
    """The message text with the bot's own mention(s) removed and spacing tidied."""
    text = _str(activity.get("text"))
    bot_id = _str(_obj(activity.get("recipient")).get("id"))
    for tag in _mention_tags(activity):
        if tag.user_id == bot_id:
            text = text.replace(tag.raw, " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line).strip()


# --- events ------------------------------------------------------------------------------------


def _base(activity: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "platform": "teams",
        "event_id": event_id_of(activity),
        "received_at": now,
        "actor": actor_of(activity),
        "conversation": conversation_of(activity),
    }


def _message(activity: Mapping[str, Any], now: datetime) -> Event | None:
    text = text_without_bot(activity)
    if not text:
        return None
    first = _FIRST_WORD.match(text)
    word, rest = (first.group(1), first.group(2)) if first else ("", "")
    name = word.lstrip("/").lower()
    if name and (word.startswith("/") or find_command(name) is not None):
        rest = rest.strip()
        return CommandInvoked(
            **_base(activity, now),
            command=name,
            text=rest,
            mentions=mentions_in(rest, activity),
            message_id=_str(activity.get("id")),
        )
    return MessagePosted(
        **_base(activity, now),
        text=text,
        mentions=mentions_in(text, activity),
        message_id=_str(activity.get("id")),
        addressed=conversation_kind(activity) == "personal" or mentions_bot(activity),
    )


def mentions_bot(activity: Mapping[str, Any]) -> bool:
    """Whether the message @mentions the bot (outside a 1:1 chat, Teams only delivers those anyway)."""
    bot_id = _str(_obj(activity.get("recipient")).get("id"))
    return bool(bot_id) and any(tag.user_id == bot_id for tag in _mention_tags(activity))


def bot_added(activity: Mapping[str, Any], now: datetime) -> BotAdded | None:
    """An install for a person, or the app added to a team, channel or group chat, as :class:`BotAdded`.

    Teams says so twice for one install (``installationUpdate`` with ``action: add`` and a
    ``conversationUpdate`` whose ``membersAdded`` holds the bot); the welcome intent keeps it to one.
    """
    kind = activity.get("type")
    bot_id = _str(_obj(activity.get("recipient")).get("id"))
    if kind == "installationUpdate":
        added = _str(activity.get("action")).startswith("add")
    elif kind == "conversationUpdate":
        members = activity.get("membersAdded")
        added = bool(bot_id) and any(
            isinstance(m, dict) and _str(m.get("id")) == bot_id for m in (members if isinstance(members, list) else [])
        )
    else:
        added = False
    if not added or not _str(_obj(activity.get("from")).get("id")):
        return None
    return BotAdded(**_base(activity, now))


def _from_data(
    activity: Mapping[str, Any], data: Mapping[str, Any], now: datetime, message_id: str, verb: str = ""
) -> Event | None:
    form_id = _str(data.get("form_id"))
    if form_id:
        fields = {
            key[len(FIELD_PREFIX) :]: unguard(value if isinstance(value, str) else json.dumps(value))
            for key, value in data.items()
            if key.startswith(FIELD_PREFIX) and value is not None
        }
        return FormSubmitted(
            **_base(activity, now), form_id=form_id, fields=fields, context=unguard(_str(data.get("context")))
        )
    action_id = _str(data.get("action_id")) or verb
    if not action_id:
        return None
    value = data.get("value", "")
    return ActionInvoked(
        **_base(activity, now),
        action_id=action_id,
        value=unguard(value if isinstance(value, str) else str(value)),
        message_id=message_id,
    )


def card_action_of(activity: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The verb and data of an ``adaptiveCard/action`` invoke (``Action.Execute``), if it is one."""
    if activity.get("type") != "invoke" or activity.get("name") != ADAPTIVE_CARD_ACTION:
        return None
    action = _obj(_obj(activity.get("value")).get("action"))
    return _str(action.get("verb")), _obj(action.get("data"))


TASK_FETCH, TASK_SUBMIT = "task/fetch", "task/submit"
SHARE_FETCH, SHARE_SUBMIT = "composeExtension/fetchTask", "composeExtension/submitAction"
DIALOG_INVOKES = frozenset({TASK_FETCH, TASK_SUBMIT, SHARE_FETCH, SHARE_SUBMIT})
"""Invokes answered with a dialog (task module): a button's form, and the "Share as good practice"
message action."""
SHARE_COMMAND = "shareGoodPractice"
"""The ``composeExtensions`` action command id of "Share as good practice" (see the manifest)."""
MANAGE_COMMAND = "editOrWithdraw"
"""The ``composeExtensions`` action command id of "Edit or withdraw" on a post of the bot."""
_TAGS = re.compile(r"<[^>]+>")
_LINE_BREAKS = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)


def dialog_invoke(activity: Mapping[str, Any]) -> str:
    """The name of a dialog invoke (one of :data:`DIALOG_INVOKES`), or ''."""
    name = _str(activity.get("name"))
    return name if activity.get("type") == "invoke" and name in DIALOG_INVOKES else ""


def message_payload_text(activity: Mapping[str, Any]) -> str:
    """The readable text of the message a message action was used on (HTML tags dropped)."""
    body = _obj(_obj(_obj(activity.get("value")).get("messagePayload")).get("body"))
    content = _str(body.get("content"))
    if _str(body.get("contentType")).lower() == "html":
        content = html.unescape(_TAGS.sub(" ", _LINE_BREAKS.sub("\n", content)))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in content.splitlines() if line.strip())


def dialog_event(activity: Mapping[str, Any], now: datetime) -> Event | None:
    """The event behind a dialog invoke.

    * ``task/fetch``: the button that asked for the dialog, as :class:`~bot.events.ActionInvoked`.
    * ``task/submit`` and ``composeExtension/submitAction``: the dialog's form, as
      :class:`~bot.events.FormSubmitted`.
    * ``composeExtension/fetchTask`` of "Share as good practice": ``/goodpractice`` with the selected
      message's text, which pre-fills the story form (as Slack's message shortcut does).
    """
    name = dialog_invoke(activity)
    value = _obj(activity.get("value"))
    data = {k: v for k, v in _obj(value.get("data")).items() if k != "msteams"}
    if name in (TASK_FETCH, TASK_SUBMIT, SHARE_SUBMIT):
        return _from_data(activity, data, now, message_id="")
    if name == SHARE_FETCH and _str(value.get("commandId")) == SHARE_COMMAND:
        text = message_payload_text(activity)
        return CommandInvoked(**_base(activity, now), command="goodpractice", text=text, mentions=())
    if name == SHARE_FETCH and _str(value.get("commandId")) == MANAGE_COMMAND:
        message_id = _str(_obj(value.get("messagePayload")).get("id"))
        return ActionInvoked(**_base(activity, now), action_id=ActionId.POST_MENU, value=message_id)
    return None


def to_event(activity: object, now: datetime) -> Event | None:
    """The normalized event for a Teams activity, or None when there is nothing for the bot to do.

    Args:
        activity: The activity as JSON (a dict) or as the SDK's ``Activity`` model.
        now: When it was received.

    Returns:
        A command, message, button action or form submission; None for other activity types,
        empty messages and card data the renderer did not produce.
    """
    data = as_dict(activity)
    kind = data.get("type")
    if kind == "message":
        value = data.get("value")
        if isinstance(value, dict) and value:
            return _from_data(data, value, now, message_id=_str(data.get("replyToId")))
        return _message(data, now)
    if kind == "messageUpdate" and _str(data.get("id")):
        # an edit reuses the message's id too; each edit is its own event
        edit_id = f"edited:{_str(data.get('id'))}:{_str(data.get('timestamp'))}"
        base = _base(data, now) | {"event_id": edit_id}
        return MessageEdited(**base, message_id=_str(data.get("id")), text=text_without_bot(data))
    if kind == "messageDelete" and _str(data.get("id")):
        # the delete activity reuses the deleted message's id: its own event id must differ from it
        base = _base(data, now) | {"event_id": f"deleted:{_str(data.get('id'))}"}
        return MessageDeleted(**base, message_id=_str(data.get("id")))
    if kind in ("installationUpdate", "conversationUpdate"):
        return bot_added(data, now)
    if dialog_invoke(data):
        return dialog_event(data, now)
    card_action = card_action_of(data)
    if card_action is not None:
        verb, action_data = card_action
        return _from_data(data, action_data, now, message_id=_str(data.get("replyToId")), verb=verb)
    return None
