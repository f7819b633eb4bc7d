"""Plain words typed to the bot: every direct message gets an answer, an @mention gets a short help.

* In a direct chat: "hello" gets a greeting, "thanks" a reply, "help" / "?" / "what can you do" a
  short help, each with buttons for the three things people use most; anything else gets "I didn't
  catch that", naming the closest command. The first direct message from someone the bot has not
  welcomed yet gets the welcome instead of (or before) the answer.
* In a channel: an @mention without a command gets a short help in the thread.
* Messages the bot only overhears (channel traffic that does not mention it) get nothing.

The bot never answers bots (the handler drops their events). So that a bot that is not marked as
one cannot start a loop with it, these answers are rate-limited: at most :data:`ANSWER_BUDGET` per
conversation in each :data:`ANSWER_WINDOW`, counted in the store so replicas share the budget.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import texts
from bot.context import TurnContext
from bot.domain.small_talk import SmallTalk, classify, closest_to
from bot.events import MessagePosted
from bot.intents import help as help_intent
from bot.intents import settings, welcome
from bot.replies import Button, ButtonsBlock, Reply, Visibility, say

ANSWER_BUDGET = 5
ANSWER_WINDOW = timedelta(minutes=10)


def answer_slot_keys(conversation_id: str, now: datetime) -> list[str]:
    """The de-duplication keys that count answers in one conversation during the current window."""
    window = int(now.timestamp() // ANSWER_WINDOW.total_seconds())
    return [f"chat-answer:{conversation_id}:{window}:{slot}" for slot in range(ANSWER_BUDGET)]


async def within_budget(ctx: TurnContext) -> bool:
    """Take one answer from the conversation's budget; False when it is used up for this window."""
    conversation = ctx.event.conversation.channel_id
    for key in answer_slot_keys(conversation, ctx.now):
        if await ctx.uow.inbound.first_time(ctx.platform, key, ctx.now):
            return True
    return False


def useful_buttons() -> ButtonsBlock:
    """The three things people use most: thank a colleague, share good practice, settings."""
    return ButtonsBlock(
        buttons=(
            Button(label=texts.BUTTON_THANK, action_id=welcome.HELP_TOPIC, value=welcome.TOPIC_CELEBRATE),
            Button(label=texts.BUTTON_SHARE, action_id=welcome.OPEN_STORY_FORM, opens_form=True),
            Button(label=texts.BUTTON_SETTINGS, action_id=welcome.HELP_TOPIC, value=welcome.TOPIC_SETTINGS),
        )
    )


def answer(message: str) -> Reply:
    """The answer to a plain message in a direct chat."""
    kind = classify(message)
    if kind is SmallTalk.GREETING:
        return say(texts.CHAT_GREETING, useful_buttons())
    if kind is SmallTalk.THANKS:
        return say(texts.CHAT_THANKS)
    if kind is SmallTalk.HELP:
        all_commands = Button(label=texts.BUTTON_ALL_COMMANDS, action_id=welcome.HELP_TOPIC, value=welcome.TOPIC_ALL)
        buttons = useful_buttons()
        return say(texts.CHAT_HELP, buttons.model_copy(update={"buttons": (*buttons.buttons, all_commands)}))
    closest = closest_to(message)
    return say(texts.CHAT_NOT_UNDERSTOOD.format(slash=closest.slash, usage=f"`{closest.usage_text}`"))


async def on_message(ctx: TurnContext) -> list[Reply]:
    """A plain message: answered when it was written to the bot (see the module docstring)."""
    event = ctx.event
    if not isinstance(event, MessagePosted) or not event.addressed:
        return []
    if not event.conversation.is_direct:
        if not await within_budget(ctx):
            return []
        return [say(texts.CHAT_MENTION_HELP, visibility=Visibility.THREAD)]
    greeting = await welcome.welcome_person_once(ctx)
    if greeting is not None and classify(event.text) in {SmallTalk.GREETING, SmallTalk.HELP}:
        return [greeting]
    if not await within_budget(ctx):
        return [greeting] if greeting is not None else []
    replies = [greeting] if greeting is not None else []
    return [*replies, answer(event.text)]


async def on_help_topic(ctx: TurnContext) -> list[Reply]:
    """A help button: how to celebrate, how to stop nudges, one's settings, or every command."""
    topic = ctx.action.value
    if topic == welcome.TOPIC_CELEBRATE:
        return [say(texts.HOW_TO_CELEBRATE)]
    if topic == welcome.TOPIC_NUDGES:
        return [await settings.settings_reply(ctx, texts.HOW_TO_STOP_NUDGES)]
    if topic == welcome.TOPIC_SETTINGS:
        return [await settings.settings_reply(ctx)]
    return [help_intent.help_reply()]
