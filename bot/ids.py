"""Action and form ids: one name for each, shared by the button or form that carries it and the routing
table that receives it (:mod:`bot.intents`).

A ``StrEnum`` member equals its string, so ids stored in messages already posted keep working.
"""

from __future__ import annotations

from enum import StrEnum

MAX_ROW_ID = 2**31 - 1
"""The largest id a row can have: integer keys are 32-bit on PostgreSQL (SQLite's are wider)."""


def row_id(value: str) -> int | None:
    """A row id from a button value or form context (ASCII digits within :data:`MAX_ROW_ID`), or None.

    Values come back from platforms and may be anything: ``"²"`` passes ``str.isdigit`` but not ``int``,
    and a 40-digit number overflows the database's integer, so neither may reach a query.
    """
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= MAX_ROW_ID else None


class ActionId(StrEnum):
    """What a button does when used (``ActionInvoked.action_id``)."""

    SOFS_FORGET_ME = "sofs.forget_me"
    GUARD_EDIT = "guard.edit"
    GUARD_OVERRIDE = "guard.override"
    STORY_SUBMIT = "story.submit"
    STORY_APPROVE = "story.approve"
    STORY_DECLINE = "story.decline"
    STORY_OPEN_FORM = "story.open_form"
    HELP_TOPIC = "help.topic"
    SETTINGS_SNOOZE = "settings.snooze"
    SETTINGS_RESUME = "settings.resume"
    SETTINGS_STOP = "settings.stop"
    SETTINGS_EDIT = "settings.edit"
    AGENDA_PICK = "agenda.pick"
    AGENDA_WRITE = "agenda.write"
    PULSE_ANSWER = "pulse.answer"
    PULSE_MORE = "pulse.more"
    GATHERING_NOMINATE = "gathering.nominate"
    SEMINAR_PROPOSE_FORM = "seminar.propose_form"
    SEMINAR_TOPICS = "seminar.topics"
    SEMINAR_WITHDRAW = "seminar.withdraw"
    SEMINAR_VOTE = "seminar.vote"
    SEMINAR_BALLOT = "seminar.ballot"
    SEMINAR_NONVOTERS = "seminar.nonvoters"
    SEMINAR_CLOSE = "seminar.close"
    SEMINAR_PROGRAMME = "seminar.programme"
    SEMINAR_SLOT_UP = "seminar.slot_up"
    SEMINAR_SLOT_CANCEL = "seminar.slot_cancel"
    SEMINAR_EVENTS = "seminar.events"
    EVENT_RSVP = "event.rsvp"
    EVENT_CANCEL = "event.cancel"
    MAP_ADD = "map.add"
    MAP_SCALE = "map.scale"
    MAP_SCORE = "map.score"
    MAP_SHOW = "map.show"
    MAP_FINISH = "map.finish"
    MAP_HTML = "map.html"
    IDEA_STATUS = "idea.status"
    POST_MENU = "post.menu"
    STORY_EDIT = "story.edit"
    STORY_WITHDRAW = "story.withdraw"
    CELEBRATION_EDIT = "celebration.edit"
    CELEBRATION_WITHDRAW = "celebration.withdraw"
    FARED_WRITE = "fared.write"
    LEARNING_LOG = "learning.log"
    EVENT_ATTENDED = "event.attended"
    PATHWAY_CONFIRM = "pathway.confirm"


class FormId(StrEnum):
    """Which form was submitted (``FormSubmitted.form_id``)."""

    GUARD_EDIT = "guard.edit"
    STORY = "story"
    STORY_DECLINE = "story.decline"
    SETTINGS = "settings"
    CELEBRATE = "celebrate"
    IDEA = "idea"
    AGENDA_ITEM = "agenda.item"
    PULSE_MORE = "pulse.more"
    SEMINAR_PROPOSE = "seminar.propose"
    SEMINAR_VOTE_OPEN = "seminar.vote_open"
    SEMINAR_BALLOT = "seminar.ballot"
    EVENT_NEW = "event.new"
    MAP_ADD = "map.add"
    CELEBRATION_EDIT = "celebration.edit"
    LEARNING_LOG = "learning.log"
    FARED_LINE = "fared.line"
