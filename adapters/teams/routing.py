"""Where a turn's reply may go in Teams: the conversation it came from, or the actor's 1:1 chat.

Teams has no ephemeral messages: whatever the bot posts in a channel thread or a group chat (and a
card an ``Action.Execute`` invoke replaces there) is seen by every member. So a reply meant for the
actor alone cannot simply be posted where the actor spoke. :func:`route_private` decides, without
I/O, what the adapter does with one reply; :mod:`adapters.teams.app` carries it out.
"""

from __future__ import annotations

from enum import StrEnum

from adapters.teams.translate import Kind
from bot import texts
from bot.replies import Reply, Visibility, say


class Route(StrEnum):
    """What to do with one reply."""

    HERE = "here"
    """Post it in the turn's conversation (or let it replace the used card there), as before."""
    PRIVATE = "private"
    """Send it to the actor's 1:1 chat only."""
    PRIVATE_WITH_NOTICE = "private_with_notice"
    """Send it to the actor's 1:1 chat; show :data:`~bot.texts.GUARD_CHANNEL_NOTICE_SENT` here."""
    NOTICE_ONLY = "notice_only"
    """Show only :data:`~bot.texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT` here; the reply is not delivered."""


def route_private(kind: Kind, reply: Reply, *, personal_chat: bool, in_place: bool = False) -> Route:
    """Decide where a reply to an activity from a conversation of ``kind`` goes (pure).

    Args:
        kind: The conversation the activity came from (``personal``, ``channel`` or ``groupChat``).
        reply: The reply.
        personal_chat: Whether a 1:1 chat with the actor is stored (the app is installed for them).
        in_place: Whether the reply would replace the card the actor used.

    Returns:
        * ``HERE`` for anything in the actor's own 1:1 chat: nobody else is in it.
        * For a ``sensitive`` reply (it repeats text the identifier guard flagged) in a channel or
          group chat, whatever its visibility: ``PRIVATE_WITH_NOTICE`` when the 1:1 chat is known,
          else ``NOTICE_ONLY``. Its text never reaches the shared conversation, not even in a card.
        * For a non-sensitive ``ONLY_ACTOR`` reply there: ``PRIVATE`` when the 1:1 chat is known.
          Without one it is posted ``HERE``, as before: it carries nothing the guard flagged, and
          dropping it would leave the actor without any answer (the renderer never labels a Teams
          message as private, so nothing claims a privacy it does not have). A non-sensitive reply
          that replaces the used card also stays ``HERE``: the card it replaces is already in the
          conversation, and moving the answer elsewhere would leave that card stale.
        * ``HERE`` for replies meant for the conversation (``CHANNEL``, ``THREAD``).
    """
    if kind == "personal":
        return Route.HERE
    if reply.sensitive:
        return Route.PRIVATE_WITH_NOTICE if personal_chat else Route.NOTICE_ONLY
    if reply.visibility == Visibility.ONLY_ACTOR and personal_chat and not in_place:
        return Route.PRIVATE
    return Route.HERE


def needs_personal_chat(kind: Kind, replies: list[Reply]) -> bool:
    """Whether routing any of ``replies`` depends on the actor's 1:1 chat (so it is worth looking up)."""
    return kind != "personal" and any(r.sensitive or r.visibility == Visibility.ONLY_ACTOR for r in replies)


def notice(delivered: bool) -> Reply:
    """The neutral reply shown in a shared conversation instead of a sensitive one: it quotes nothing."""
    wording = texts.GUARD_CHANNEL_NOTICE_SENT if delivered else texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT
    return say(wording, visibility=Visibility.THREAD)
