"""Every free-text field is scanned, by construction: the registry is complete and each entry holds.

The registry (``bot/intents/free_text.py``) must name every routable form and every text field of
the forms the bot shows; each scanned field, sent an identifying text, must leave it nowhere in the
database and nowhere in the outbox.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.domain.nudge_messages import agenda_form, pulse_more_form
from bot.domain.pl_space import fared_form
from bot.domain.seminar_views import ballot_form, vote_open_form
from bot.intents import COMMANDS, FORMS, SOFS_SUBCOMMANDS
from bot.intents.case_map import entry_form
from bot.intents.events_rsvp import event_form
from bot.intents.free_text import COMMANDS as COMMAND_REGISTRY
from bot.intents.free_text import SCANNED, STRUCTURED
from bot.intents.seminar_topics import topic_form
from bot.intents.stories import decline_form, story_form
from bot.replies import FormBlock
from bot.store.all_models import metadata
from bot.store.uow import session_of
from tests.bot.test_seminars_events import EVENT
from tests.conftest import Bot
from tests.factories import GOOD_STORY, command, submit

NHS = "943 476 5919"
MARKER = "9434765919"
FREE_TEXT_KINDS = {"text", "multiline"}


def built_forms() -> list[FormBlock]:
    """The forms the bot shows, built as its intents build them."""
    return [
        story_form(),
        decline_form(1),
        event_form(["Health visiting"]),
        topic_form(),
        entry_form(1, "worried"),
        agenda_form(1),
        pulse_more_form("2026-12"),
        fared_form(1, 1, "West"),
        vote_open_form([(1, "Danger statements")], {}),
        ballot_form(1, "approval", [(1, "Danger statements")]),
    ]


def test_every_routable_form_is_in_the_registry() -> None:
    assert set(FORMS) == set(SCANNED) | set(STRUCTURED)


def test_every_text_field_of_a_form_is_scanned_or_structured() -> None:
    for form in built_forms():
        registered = set(SCANNED.get(form.form_id, ())) | set(STRUCTURED.get(form.form_id, ()))
        typed = {f.name for f in form.fields if f.kind in FREE_TEXT_KINDS}
        assert typed <= registered, (form.form_id, typed - registered)


def test_every_command_is_in_the_registry() -> None:
    assert set(COMMANDS) | {"sofs"} == set(COMMAND_REGISTRY)
    assert "partner" in SOFS_SUBCOMMANDS


async def stored_anywhere(bot: Bot, marker: str) -> list[str]:
    """The tables whose rows (any column, outbox payloads included) contain ``marker``."""
    found: list[str] = []
    async with bot.uow_factory() as uow:
        for table in metadata.sorted_tables:
            rows = (await session_of(uow).execute(select(table))).all()
            if any(marker in json.dumps([str(v) for v in row]).replace(" ", "") for row in rows):
                found.append(table.name)
    return found


SUBMISSIONS = [
    ("celebrate", {"who": "sam.okafor", "what": "for the danger statement"}, "", "ali.hassan", "dereham-fs"),
    ("celebration.edit", {"what": "for the danger statement"}, "1", "ali.hassan", "dereham-fs"),
    ("idea", {"text": "a weekly inquiry"}, "", "ali.hassan", "dereham-fs"),
    ("story", dict(GOOD_STORY), "", "ali.hassan", "dereham-fs"),
    ("event.new", dict(EVENT), "", "sam.okafor", "dereham-fs"),
    ("seminar.propose", {"topic": "Danger statements", "why": "We keep getting stuck"}, "", "sam.okafor", "west"),
    ("map.add", {"text": "Nobody has seen the baby"}, "1:worried", "ali.hassan", "dereham-fs"),
    ("agenda.item", {"item": "Three houses"}, "1", "sam.okafor", "dereham-fs"),
    ("pulse.more", {"more": "More mapping"}, "2026-12", "sam.okafor", "dm:sam.okafor"),
    ("fared.line", {"line": "Two teams map every new case"}, "1:1", "sam.okafor", "dm:sam.okafor"),
    ("story.decline", {"reason": "Needs more detail"}, "1", "sam.okafor", "dereham-fs"),
    ("learning.log", {"kind": "reading", "minutes": "30", "note": "Practice guide"}, "", "priya.shah", "dm:priya"),
    (
        "guard.edit",
        {"text": "a weekly inquiry"},
        json.dumps({"c": "idea", "t": "x", "m": [], "o": []}),
        "ali.hassan",
        "",
    ),
]


def test_every_scanned_form_has_a_submission_below() -> None:
    assert {form_id for form_id, *_ in SUBMISSIONS} == set(SCANNED)


@pytest.mark.parametrize("case", SUBMISSIONS, ids=[s[0] for s in SUBMISSIONS])
async def test_identifying_text_in_any_scanned_field_is_never_stored(
    bot: Bot, case: tuple[str, dict[str, str], str, str, str]
) -> None:
    form_id, fields, context, actor, channel = case
    for name in SCANNED[form_id]:
        sent = {**fields, name: f"{fields.get(name, '')} NHS {NHS}".strip()}
        await bot.handler.handle(submit(form_id, sent, context, actor=actor, channel=channel or "dm:ali.hassan"))
    assert await stored_anywhere(bot, MARKER) == []


@pytest.mark.parametrize(
    ("name", "text", "actor", "channel"),
    [
        ("celebrate", f"@sam.okafor great plan, NHS {NHS}", "ali.hassan", "dereham-fs"),
        ("idea", f"ring mum, NHS {NHS}", "ali.hassan", "dereham-fs"),
        ("agenda", f"set Three houses NHS {NHS}", "sam.okafor", "dereham-fs"),
        ("agenda", f"meeting Tue 10:00 weekly Case review NHS {NHS}", "sam.okafor", "dereham-fs"),
        ("seminar", f"propose Danger statements NHS {NHS}", "sam.okafor", "west"),
        ("map", f"Case of NHS {NHS}", "ali.hassan", "dereham-fs"),
        ("goodpractice", f"NHS {NHS}", "ali.hassan", "dereham-fs"),
        ("sofs", f"partner Health visiting NHS {NHS}", "sam.okafor", "west"),
    ],
)
async def test_identifying_text_in_any_command_is_never_stored(
    bot: Bot, name: str, text: str, actor: str, channel: str
) -> None:
    await bot.handler.handle(command(name, text, actor=actor, channel=channel))
    assert await stored_anywhere(bot, MARKER) == []


async def test_the_store_search_finds_what_was_stored(bot: Bot) -> None:
    await bot.handler.handle(command("idea", "a weekly appreciative inquiry slot 4711", actor="ali.hassan"))
    assert "ideas" in await stored_anywhere(bot, "4711")
