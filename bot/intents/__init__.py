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
from bot.ids import ActionId, FormId
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
    idea_status,
    learning,
    message_deleted,
    message_edited,
    partners,
    pathway,
    pathway_confirm,
    pl_fared,
    post_edits,
    post_menu,
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
    "learning": learning.on_command,
    "pathway": pathway.on_command,
}

ACTIONS: dict[str, Intent] = {
    ActionId.SOFS_FORGET_ME: forget.on_confirm,
    ActionId.GUARD_EDIT: guard.on_edit,
    ActionId.GUARD_OVERRIDE: guard.on_override,
    ActionId.STORY_SUBMIT: stories.on_submit_for_intranet,
    ActionId.STORY_APPROVE: stories.on_approve,
    ActionId.STORY_DECLINE: stories.on_decline_clicked,
    ActionId.STORY_EDIT: stories.on_edit_clicked,
    ActionId.STORY_WITHDRAW: stories.on_withdraw,
    ActionId.CELEBRATION_EDIT: post_edits.on_celebration_edit_clicked,
    ActionId.CELEBRATION_WITHDRAW: post_edits.on_celebration_withdraw,
    welcome.OPEN_STORY_FORM: stories.on_command,
    welcome.HELP_TOPIC: chat.on_help_topic,
    ActionId.SETTINGS_SNOOZE: settings.on_snooze,
    ActionId.SETTINGS_RESUME: settings.on_resume,
    ActionId.SETTINGS_STOP: settings.on_stop,
    ActionId.SETTINGS_EDIT: settings.on_edit,
    ActionId.AGENDA_PICK: agenda_prompt.on_pick,
    ActionId.AGENDA_WRITE: agenda_prompt.on_write,
    ActionId.PULSE_ANSWER: pulse.on_answer,
    ActionId.PULSE_MORE: pulse.on_more,
    gathering.ACTION_ID: gathering.on_nominate,
    ActionId.IDEA_STATUS: idea_status.on_status,
    ActionId.POST_MENU: post_menu.on_post_menu,
    ActionId.FARED_WRITE: pl_fared.on_write,
    ActionId.LEARNING_LOG: learning.on_open_form,
    ActionId.PATHWAY_CONFIRM: pathway_confirm.on_confirm,
    **seminar.ACTIONS,
}

FORMS: dict[str, Intent] = {
    FormId.GUARD_EDIT: guard.on_edit_form,
    FormId.STORY: stories.on_form,
    FormId.STORY_DECLINE: stories.on_decline_form,
    FormId.SETTINGS: settings.on_form,
    celebrate.FORM_ID: celebrate.on_form,
    FormId.CELEBRATION_EDIT: post_edits.on_celebration_edit_form,
    idea.FORM_ID: idea.on_form,
    FormId.AGENDA_ITEM: agenda_prompt.on_form,
    FormId.PULSE_MORE: pulse.on_form,
    FormId.FARED_LINE: pl_fared.on_form,
    FormId.LEARNING_LOG: learning.on_form,
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
