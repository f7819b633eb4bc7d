"""``/seminar``: locality seminar topics, votes, the programme and events (issue 6).

This module routes the ``/seminar`` verbs and holds the area's button and form tables, which
``bot/intents/__init__.py`` merges into the one routing table. The work is done in:

- ``seminar_topics`` — proposals (near-duplicates merged), the list, withdrawal;
- ``seminar_vote`` — opening a vote, ballots, who has not voted, closing, results;
- ``seminar_programme`` — the monthly programme: reorder, swap, cancel;
- ``events_rsvp`` — events of every kind, RSVPs, the calendar file, cancellation notices;
- ``case_map`` (``/map``) and ``partners`` (``/sofs partner``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot import texts
from bot.commands import catalogue_entry
from bot.context import TurnContext
from bot.ids import ActionId, FormId
from bot.intents import attendance, case_map, events_rsvp, seminar_programme, seminar_topics, seminar_vote
from bot.intents.seminar_common import locality_here, split_word
from bot.replies import Bold, Button, ButtonsBlock, Reply, say, text

SEMINAR = catalogue_entry("seminar")

Verb = Callable[[TurnContext, str], Awaitable[list[Reply]]]
Intent = Callable[[TurnContext], Awaitable[list[Reply]]]

VERBS: dict[str, Verb] = {
    "propose": seminar_topics.on_propose,
    "topics": seminar_topics.on_list,
    "vote": seminar_vote.on_vote,
    "results": seminar_vote.on_results,
    "invite": seminar_vote.on_invite,
    "programme": seminar_programme.on_programme,
    "program": seminar_programme.on_programme,
    "swap": seminar_programme.on_swap,
    "move": seminar_programme.on_move,
    "cancel": seminar_programme.on_cancel,
    "event": events_rsvp.on_new,
    "events": events_rsvp.on_list,
    "attendance": attendance.on_attendance,
}

ACTIONS: dict[str, Intent] = {
    ActionId.SEMINAR_PROPOSE_FORM: seminar_topics.on_open_form,
    ActionId.SEMINAR_TOPICS: seminar_topics.on_list_clicked,
    ActionId.SEMINAR_WITHDRAW: seminar_topics.on_withdraw,
    ActionId.SEMINAR_VOTE: seminar_vote.on_vote_clicked,
    ActionId.SEMINAR_BALLOT: seminar_vote.on_ballot_clicked,
    ActionId.SEMINAR_NONVOTERS: seminar_vote.on_nonvoters,
    ActionId.SEMINAR_CLOSE: seminar_vote.on_close,
    ActionId.SEMINAR_PROGRAMME: seminar_programme.on_programme_clicked,
    ActionId.SEMINAR_SLOT_UP: seminar_programme.on_slot_up,
    ActionId.SEMINAR_SLOT_CANCEL: seminar_programme.on_slot_cancel,
    ActionId.SEMINAR_EVENTS: events_rsvp.on_events_clicked,
    ActionId.EVENT_RSVP: events_rsvp.on_rsvp,
    ActionId.EVENT_CANCEL: events_rsvp.on_cancel,
    ActionId.EVENT_ATTENDED: attendance.on_attended,
    ActionId.MAP_ADD: case_map.on_add_clicked,
    ActionId.MAP_SCALE: case_map.on_scale_clicked,
    ActionId.MAP_SCORE: case_map.on_score,
    ActionId.MAP_SHOW: case_map.on_show,
    ActionId.MAP_FINISH: case_map.on_finish,
    ActionId.MAP_HTML: case_map.on_html,
}

FORMS: dict[str, Intent] = {
    FormId.SEMINAR_PROPOSE: seminar_topics.on_form,
    FormId.SEMINAR_VOTE_OPEN: seminar_vote.on_open_form,
    FormId.SEMINAR_BALLOT: seminar_vote.on_ballot_form,
    FormId.EVENT_NEW: events_rsvp.on_form,
    FormId.MAP_ADD: case_map.on_add_form,
}


async def overview(ctx: TurnContext) -> list[Reply]:
    """``/seminar``: what it does here, with buttons for the common steps."""
    locality = await locality_here(ctx)
    if locality is None:
        return [say(texts.SEMINAR_NO_LOCALITY, texts.usage_of(SEMINAR))]
    buttons = (
        Button(label=texts.SEMINAR_PROPOSE_BUTTON, action_id=ActionId.SEMINAR_PROPOSE_FORM, style="primary"),
        Button(label=texts.SEMINAR_TOPICS_BUTTON, action_id=ActionId.SEMINAR_TOPICS),
        Button(label=texts.SEMINAR_VOTE_BUTTON, action_id=ActionId.SEMINAR_VOTE),
        Button(label=texts.SEMINAR_PROGRAMME_BUTTON, action_id=ActionId.SEMINAR_PROGRAMME),
        Button(label=texts.SEMINAR_EVENTS_BUTTON, action_id=ActionId.SEMINAR_EVENTS),
    )
    intro = text(Bold(text=texts.SEMINAR_INTRO.format(locality=locality.name)))
    return [say(intro, texts.SEMINAR_USAGE, ButtonsBlock(buttons=buttons))]


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Route ``/seminar VERB …``; an unknown verb gets the usage."""
    word, rest = split_word(ctx.command.text)
    if word in {"", "help"}:
        return await overview(ctx)
    verb = VERBS.get(word)
    if verb is None:
        return [say(texts.SEMINAR_UNKNOWN.format(word=word), texts.SEMINAR_USAGE)]
    return await verb(ctx, rest)
