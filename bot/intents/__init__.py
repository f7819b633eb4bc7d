"""Intents, one module each, and the explicit routing table that finds one for an event.

An intent is ``async def intent(ctx: TurnContext) -> list[Reply]``: it reads ``ctx.event``, changes
state through ``ctx.uow``, queues sends with ``ctx.send_later`` and returns the actor's replies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.context import TurnContext
from bot.events import (
    ActionInvoked,
    BotAdded,
    CommandInvoked,
    Event,
    FormSubmitted,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
)
from bot.intents import (
    agenda,
    agenda_prompt,
    case_map,
    celebrate,
    chat,
    dashboard,
    forget,
    gathering,
    guard,
    help,
    idea,
    message_deleted,
    message_edited,
    partners,
    pulse,
    seminar,
    settings,
    setup,
    stories,
    unknown,
    welcome,
)
from bot.replies import Reply

Intent = Callable[[TurnContext], Awaitable[list[Reply]]]

COMMANDS: dict[str, Intent] = {
    "celebrate": celebrate.on_command,
    "goodpractice": stories.on_command,
    "agenda": agenda.on_command,
    "seminar": seminar.on_command,
    "idea": idea.on_command,
    "map": case_map.on_command,
}

SOFS_SUBCOMMANDS: dict[str, Intent] = {
    "": help.on_command,
    "help": help.on_command,
    "settings": settings.on_command,
    "setup": setup.on_command,
    "pulse": pulse.on_trend,
    "dashboard": dashboard.on_command,
    "forget-me": forget.on_command,
    "partner": partners.on_command,
}

ACTIONS: dict[str, Intent] = {
    "sofs.forget_me": forget.on_confirm,
    "guard.edit": guard.on_edit,
    "guard.override": guard.on_override,
    "story.submit": stories.on_submit_for_intranet,
    "story.approve": stories.on_approve,
    "story.decline": stories.on_decline_clicked,
    welcome.OPEN_STORY_FORM: stories.on_command,
    welcome.HELP_TOPIC: chat.on_help_topic,
    "settings.snooze": settings.on_snooze,
    "settings.resume": settings.on_resume,
    "settings.stop": settings.on_stop,
    "settings.edit": settings.on_edit,
    "agenda.pick": agenda_prompt.on_pick,
    "agenda.write": agenda_prompt.on_write,
    "pulse.answer": pulse.on_answer,
    "pulse.more": pulse.on_more,
    gathering.ACTION_ID: gathering.on_nominate,
    **seminar.ACTIONS,
}

FORMS: dict[str, Intent] = {
    "guard.edit": guard.on_edit_form,
    "story": stories.on_form,
    "story.decline": stories.on_decline_form,
    "settings": settings.on_form,
    celebrate.FORM_ID: celebrate.on_form,
    idea.FORM_ID: idea.on_form,
    "agenda.item": agenda_prompt.on_form,
    "pulse.more": pulse.on_form,
    **seminar.FORMS,
}


def first_word(text: str) -> str:
    """The first word of a text, lower-cased ('' when empty)."""
    parts = text.split(maxsplit=1)
    return parts[0].lower() if parts else ""


def route(event: Event) -> Intent:
    """The intent for an event (a kind usage message when nothing matches)."""
    if isinstance(event, CommandInvoked):
        if event.command == "sofs":
            return SOFS_SUBCOMMANDS.get(first_word(event.text), unknown.on_sofs_subcommand)
        return COMMANDS.get(event.command, unknown.on_command)
    if isinstance(event, ActionInvoked):
        return ACTIONS.get(event.action_id, unknown.on_stale_action)
    if isinstance(event, FormSubmitted):
        return FORMS.get(event.form_id, unknown.on_stale_action)
    if isinstance(event, MessagePosted):
        return chat.on_message
    if isinstance(event, BotAdded):
        return welcome.on_added
    if isinstance(event, MessageDeleted):
        return message_deleted.on_deleted
    if isinstance(event, MessageEdited):
        return message_edited.on_edited
    return unknown.on_command
