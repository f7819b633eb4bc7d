"""Teams dialogs (task modules) and the "Share as good practice" message action (issue 12).

Real-format invoke activities (``task/fetch``, ``task/submit``, ``composeExtension/fetchTask``,
``composeExtension/submitAction``, shaped as Microsoft documents them) over loopback HTTP, in a team
channel: whatever is typed in a dialog stays private, and nothing reaches the channel but what the
bot means to post there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from adapters.teams.render import CARD_CONTENT_TYPE, card
from bot import texts
from bot.intents import welcome
from bot.replies import Button, ButtonsBlock, Reply
from bot.store.models import PracticeStory
from bot.store.uow import session_of
from tests.adapters.teams.harness import Harness


def dialog_card(body: dict[str, Any]) -> dict[str, Any]:
    """The Adaptive Card of a ``continue`` answer."""
    assert body["task"]["type"] == "continue"
    attachment = body["task"]["value"]["card"]
    assert attachment["contentType"] == CARD_CONTENT_TYPE
    return dict(attachment["content"])


def inputs(card_json: dict[str, Any]) -> dict[str, Any]:
    """Every input of a card by id (without the field prefix)."""
    found: dict[str, Any] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found[str(node["id"]).removeprefix("field:")] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card_json["body"])
    return found


async def stories(teams: Harness) -> list[PracticeStory]:
    async with teams.bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(PracticeStory))).all())


def test_a_button_that_opens_a_form_asks_teams_for_a_dialog() -> None:
    button = Button(label="Share", action_id=welcome.OPEN_STORY_FORM, opens_form=True)
    rendered = card(Reply(blocks=(ButtonsBlock(buttons=(button,)),)))
    (action,) = rendered["body"][0]["actions"]
    assert action["data"]["msteams"] == {"type": "task/fetch"}
    assert action["data"]["action_id"] == welcome.OPEN_STORY_FORM


async def test_task_fetch_opens_the_form_in_a_dialog_and_posts_nothing(teams: Harness) -> None:
    status, body = await teams.post(teams.activity("invoke_task_fetch"))
    assert status == 200
    assert set(inputs(dialog_card(body))) >= {"title", "situation", "what_we_did", "difference", "tools"}
    assert body["task"]["value"]["title"] == texts.STORY_FORM_TITLE
    await teams.settle()
    assert teams.connector.calls == []


async def test_task_submit_stores_the_story_closes_the_dialog_and_posts_the_confirmation(teams: Harness) -> None:
    status, body = await teams.post(teams.activity("invoke_task_submit"))
    assert status == 200
    assert body["task"]["type"] == "message"
    await teams.settle()
    (story,) = await stories(teams)
    assert story.title == "Mapping with the network"
    assert teams.connector.calls  # the confirmation, with its "send to my practice leader" button


async def test_task_submit_with_errors_shows_the_dialog_again(teams: Harness) -> None:
    activity = teams.activity("invoke_task_submit")
    activity["value"]["data"]["field:situation"] = ""
    status, body = await teams.post(activity)
    assert status == 200
    assert inputs(dialog_card(body))["situation"].get("errorMessage")
    await teams.settle()
    assert teams.connector.calls == []
    assert await stories(teams) == []


async def test_identifying_text_in_a_dialog_never_reaches_the_channel(teams: Harness) -> None:
    activity = teams.activity("invoke_task_submit")
    activity["value"]["data"]["field:situation"] = "Kayden Reynolds, 7, at Hillside Primary was scared at home."
    status, body = await teams.post(activity)
    assert status == 200
    assert body["task"]["type"] == "continue"  # shown to the author alone, in the dialog
    await teams.settle()
    assert all("Kayden" not in call.texts() for call in teams.connector.calls)
    assert await stories(teams) == []


async def test_share_as_good_practice_prefills_the_story_from_the_message(teams: Harness) -> None:
    status, body = await teams.post(teams.activity("invoke_compose_fetch_task"))
    assert status == 200
    situation = inputs(dialog_card(body))["situation"]
    assert situation["value"] == "We used the three houses with both children & it changed the meeting."
    await teams.settle()
    assert teams.connector.calls == []


async def test_share_as_good_practice_submission_stores_the_story(teams: Harness) -> None:
    status, body = await teams.post(teams.activity("invoke_compose_submit_action"))
    assert status == 200
    assert body in ({}, None)
    await teams.settle()
    (story,) = await stories(teams)
    assert story.title == "Three houses with both children"


async def test_a_form_answering_a_channel_command_opens_in_a_dialog(teams: Harness) -> None:
    command = teams.activity("channel_message_mention", text="<at>Practice Leader Bot</at> goodpractice")
    await teams.post(command)
    await teams.settle()
    (posted,) = teams.connector.calls
    assert inputs(posted.card) == {}  # nothing to type into in the channel itself
    (action,) = [a for node in posted.card["body"] if node.get("type") == "ActionSet" for a in node["actions"]]
    assert action["title"] == texts.DIALOG_OPEN
    fetch = teams.activity("invoke_task_fetch")
    fetch["value"]["data"] = action["data"]
    status, body = await teams.post(fetch)
    assert status == 200
    assert set(inputs(dialog_card(body))) >= {"title", "situation", "what_we_did", "difference"}


async def test_a_tampered_dialog_form_is_answered_kindly(teams: Harness) -> None:
    fetch = teams.activity("invoke_task_fetch")
    fetch["value"]["data"] = {"msteams": {"type": "task/fetch"}, "dialog_form": {"kind": "form", "fields": "x"}}
    status, body = await teams.post(fetch)
    assert status == 200
    assert body["task"] == {"type": "message", "value": texts.DIALOG_EXPIRED}
