"""Welcome, once: the first time the bot meets a person (in their 1:1 chat) or joins a channel.

* Installed for a person (Teams personal install, Slack's first App Home visit or first direct
  message): a welcome saying what the bot does and its privacy promise, with "My settings",
  "How to stop nudges" and "Try /celebrate".
* Added to a channel or team: one intro post in the channel, and, when the channel is not linked
  to a team or locality, a private prompt to the person who added it saying how to link it.

Each is remembered in the store (``first_contacts``), so reinstalls and repeated deliveries
(Teams sends both ``installationUpdate`` and ``conversationUpdate`` for one install) welcome once.
"""

from __future__ import annotations

from bot import texts
from bot.context import TurnContext
from bot.ids import ActionId
from bot.replies import Bold, Button, ButtonsBlock, Reply, Visibility, say, text
from bot.store.repositories.first_contacts import channel_key, person_key

HELP_TOPIC = ActionId.HELP_TOPIC
"""Action id of the help buttons; the value is one of the ``TOPIC_*`` names."""
TOPIC_CELEBRATE = "celebrate"
TOPIC_NUDGES = "nudges"
TOPIC_SETTINGS = "settings"
TOPIC_ALL = "all"
OPEN_STORY_FORM = ActionId.STORY_OPEN_FORM
"""Action id of the button that opens the good-practice story form."""


def welcome_reply() -> Reply:
    """The welcome for a person: what the bot does, the privacy promise, and three buttons."""
    buttons = (
        Button(label=texts.BUTTON_SETTINGS, action_id=HELP_TOPIC, value=TOPIC_SETTINGS),
        Button(label=texts.BUTTON_STOP_NUDGES, action_id=HELP_TOPIC, value=TOPIC_NUDGES),
        Button(label=texts.BUTTON_TRY_CELEBRATE, action_id=HELP_TOPIC, value=TOPIC_CELEBRATE, style="primary"),
    )
    return say(text(texts.WELCOME), text(Bold(text=texts.WELCOME_PRIVACY)), ButtonsBlock(buttons=buttons))


async def welcome_person_once(ctx: TurnContext) -> Reply | None:
    """The welcome for the actor if the bot has not welcomed them yet on this platform (then remembered)."""
    if await ctx.uow.first_contacts.mark(ctx.platform, person_key(ctx.event.actor.user_id), ctx.now):
        await ctx.audit("bot.welcomed", "person", ctx.actor.id)
        return welcome_reply()
    return None


async def on_added(ctx: TurnContext) -> list[Reply]:
    """The app was installed for the actor, or added to a channel by them (see the module docstring)."""
    conversation = ctx.event.conversation
    if conversation.is_direct:
        greeting = await welcome_person_once(ctx)
        return [greeting] if greeting is not None else []
    if not await ctx.uow.first_contacts.mark(ctx.platform, channel_key(conversation.channel_id), ctx.now):
        return []
    replies = [say(texts.WELCOME_CHANNEL, visibility=Visibility.CHANNEL)]
    if ctx.binding is None:
        replies.append(say(texts.WELCOME_BIND))
    return replies
