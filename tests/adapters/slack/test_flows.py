"""End to end over HTTP: signed Slack requests → the real server → the core → the fake Web API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack.metadata import decode_meta
from adapters.slack.translate import base_action_id
from bot import texts
from bot.commands import CATALOGUE
from bot.store.models import Person
from tests.adapters.slack.conftest import JSON, SlackHarness, payload, with_response_url
from tests.fakes_slack import BOT_USER_ID


def _texts(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


async def _celebrate(slack: SlackHarness) -> None:
    fields = with_response_url(payload("command_celebrate"), slack.fake.response_url("celebrate"))
    answer = await slack.command(fields)
    assert (answer.status, answer.text) == (200, "")
    await slack.adapter.drain()


async def test_celebrate_stores_one_row_and_posts_escaped_text(slack: SlackHarness) -> None:
    await _celebrate(slack)

    assert await slack.celebrations() == 1
    [confirmation] = slack.fake.responses
    assert confirmation.params["response_type"] == "ephemeral"
    assert texts.CELEBRATE_POSTED in confirmation.params["text"]

    assert await slack.bot.deliverer.deliver_due() == 1
    [post] = slack.fake.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0WES0TEAM"
    shown = post.params["text"] + _texts(post.params["blocks"])
    assert "&lt;b&gt;network&lt;/b&gt;" in shown
    assert "family &amp; the" in shown
    assert "<b>" not in shown
    assert "<@U0DEMO003>" in _texts(post.params["blocks"])
    assert post.params["metadata"] == {"event_type": "plbot_outbox", "event_payload": {"key": "celebration:1"}}
    [row] = await slack.outbox()
    assert (row.status, row.platform_message_id) == ("sent", f"C0WES0TEAM:{post_ts(slack)}")


def post_ts(slack: SlackHarness) -> str:
    """The ts of the last message the fake stored in the team channel."""
    return str(slack.fake.messages["C0WES0TEAM"][-1]["ts"])


@pytest.mark.parametrize("name", ["agenda", "seminar", "idea", "sofs"])
async def test_catalogue_commands_answer_through_response_url(slack: SlackHarness, name: str) -> None:
    fields = with_response_url(payload(f"command_{name}"), slack.fake.response_url(name))
    answer = await slack.command(fields)
    await slack.adapter.drain()

    assert answer.status == 200
    assert [r.method for r in slack.fake.responses] == [name]
    assert slack.fake.responses[0].params["text"].strip()


def test_every_catalogue_command_has_a_recorded_payload() -> None:
    for command in CATALOGUE:
        assert payload(f"command_{command.name}")["command"] == command.slash


async def _open_story_form(slack: SlackHarness) -> dict[str, Any]:
    fields = with_response_url(payload("command_goodpractice"), slack.fake.response_url("story"))
    answer = await slack.command(fields)
    await slack.adapter.drain()
    assert answer.status == 200
    [opened] = slack.fake.calls_to("views.open")
    assert opened.params["trigger_id"] == fields["trigger_id"]
    view: dict[str, Any] = opened.params["view"]
    return view


def _submission(name: str, view: dict[str, Any]) -> dict[str, Any]:
    """A recorded view_submission carrying the metadata of the view the adapter opened."""
    data = payload(name)
    data["view"]["private_metadata"] = view["private_metadata"]
    return data


async def _share_story(slack: SlackHarness) -> int:
    view = await _open_story_form(slack)
    answer = await slack.interaction(_submission("view_submission_story", view))
    await slack.adapter.drain()
    assert (answer.status, answer.text) == (200, "")
    [story] = await slack.stories()
    return story.id


async def test_story_form_opens_as_a_modal(slack: SlackHarness) -> None:
    view = await _open_story_form(slack)

    assert view["type"] == "modal"
    assert view["callback_id"] == "story"
    meta = decode_meta(view["private_metadata"])
    assert (meta.channel_id, meta.response_url) == ("C0WES0TEAM", slack.fake.response_url("story"))
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds["situation"] == "plain_text_input"
    assert kinds["tools"] == "multi_static_select"


async def test_story_submission_with_empty_fields_answers_errors_in_the_ack(slack: SlackHarness) -> None:
    view = await _open_story_form(slack)

    answer = await slack.interaction(_submission("view_submission_story_errors", view))
    await slack.adapter.drain()

    assert answer.status == 200
    body = answer.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"situation", "difference", "share"}
    assert await slack.stories() == []


async def test_valid_story_submission_is_stored_and_confirmed(slack: SlackHarness) -> None:
    story_id = await _share_story(slack)

    [story] = await slack.stories()
    assert (story.id, story.status, story.tools) == (story_id, "shared", ["mapping", "safety goal"])
    assert story.title == "Mapping with the <whole> network & school"
    [confirmation] = slack.fake.responses
    buttons = [e for b in confirmation.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    value = str(story_id)
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("story.submit", value),
        ("story.edit", value),
        ("story.withdraw", value),
    ]
    assert "&lt;whole&gt; network &amp; school" in confirmation.params["text"]


def _click(data: dict[str, Any], *, user: str, action_id: str, value: str, **container: Any) -> dict[str, Any]:
    data["user"] = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T0DEMO"}
    data["actions"][0].update(action_id=action_id, value=value)
    data["container"].update(container)
    if "channel_id" in container:
        data["channel"] = {"id": container["channel_id"], "name": "dereham-fs"}
    if "message_ts" in container:
        data["message"]["ts"] = container["message_ts"]
    return data


async def test_practice_leader_approves_a_story_with_a_button(slack: SlackHarness) -> None:
    story_id = await _share_story(slack)
    await slack.bot.deliverer.deliver_due()  # the "shared" post in the team channel
    submit = _click(
        with_response_url(payload("block_actions_approve"), slack.fake.response_url("submit")),
        user="U0DEMO005",
        action_id="story.submit",
        value=str(story_id),
        channel_id="C0WES0TEAM",
        message_ts="1764000050.000100",
        is_ephemeral=True,
    )
    answer = await slack.interaction(submit)
    await slack.adapter.drain()
    assert (answer.status, answer.text) == (200, "")
    [story] = await slack.stories()
    assert story.status == "submitted"
    replaced = slack.fake.responses[-1]
    assert replaced.method == "submit"
    assert replaced.params["replace_original"] is True

    await slack.bot.deliverer.deliver_due()  # the review DM to Sam Okafor, the team's PL
    [opened] = slack.fake.calls_to("conversations.open")
    assert opened.params["users"] == "U0DEMO003"
    review = slack.fake.messages["D0DEMO003"][-1]
    approve = _click(
        with_response_url(payload("block_actions_approve"), slack.fake.response_url("approve")),
        user="U0DEMO003",
        action_id="story.approve",
        value=str(story_id),
        channel_id="D0DEMO003",
        message_ts=review["ts"],
    )
    answer = await slack.interaction(approve)
    await slack.adapter.drain()

    assert answer.status == 200
    [story] = await slack.stories()
    assert (story.status, story.reviewer_id is not None) == ("approved", True)
    [update] = slack.fake.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == ("D0DEMO003", review["ts"])
    assert texts.STORY_APPROVED_BY.partition("{who}")[0] in update.params["text"]


async def test_someone_else_cannot_approve(slack: SlackHarness) -> None:
    story_id = await _share_story(slack)
    async with slack.bot.uow_factory() as uow:
        story = await uow.stories.get(story_id)
        assert story is not None
        story.status = "submitted"
        await uow.commit()
    click = _click(
        with_response_url(payload("block_actions_approve"), slack.fake.response_url("nope")),
        user="U0DEMO006",  # Tom Wright leads another team
        action_id="story.approve",
        value=str(story_id),
    )
    await slack.interaction(click)
    await slack.adapter.drain()

    [story] = await slack.stories()
    assert story.status == "submitted"
    refusal = slack.fake.responses[-1]
    assert (refusal.method, refusal.params["response_type"]) == ("nope", "ephemeral")
    assert texts.STORY_ONLY_PL in refusal.params["text"]


async def test_message_shortcut_opens_the_story_form_prefilled(slack: SlackHarness) -> None:
    data = with_response_url(payload("message_shortcut"), slack.fake.response_url("shortcut"))

    answer = await slack.interaction(data)
    await slack.adapter.drain()

    assert (answer.status, answer.text) == (200, "")
    [opened] = slack.fake.calls_to("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "story"
    situation = next(b for b in view["blocks"] if b["block_id"] == "situation")
    assert situation["element"]["initial_value"] == (
        "@U0DEMO005 used three houses with the children & it changed the #dereham-fs conversation"
    )
    assert decode_meta(view["private_metadata"]).channel_id == "C0WES0TEAM"


async def test_app_home_shows_celebrations_and_settings(slack: SlackHarness) -> None:
    await _celebrate(slack)

    answer = await slack.event(payload("app_home_opened"))
    await slack.adapter.drain()

    assert (answer.status, answer.text) == (200, "")
    [published] = slack.fake.calls_to("views.publish")
    assert published.params["user_id"] == "U0DEMO003"
    view = published.params["view"]
    assert view["type"] == "home"
    shown = _texts(view["blocks"])
    assert "danger statement with the family &amp; the &lt;b&gt;network" in shown
    assert texts.SETTINGS_HEADER in shown
    actions = [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "settings.snooze" in actions


async def test_snooze_from_app_home_updates_the_person_and_the_tab(slack: SlackHarness) -> None:
    click = payload("block_actions_approve")
    click.pop("channel")
    click.pop("message")
    click.pop("response_url")
    click["container"] = {"type": "view", "view_id": "V0HOME0003"}
    click["view"] = {"id": "V0HOME0003", "type": "home", "private_metadata": "", "callback_id": ""}
    click["actions"][0].update(action_id="settings.snooze", value="1w")

    answer = await slack.interaction(click)
    await slack.adapter.drain()

    assert answer.status == 200
    async with slack.bot.uow_factory() as uow:
        sam: Person | None = await uow.people.by_identity("slack", "U0DEMO003")
    assert sam is not None
    assert sam.snoozed_until is not None
    [dm] = slack.fake.calls_to("chat.postMessage")
    assert dm.params["channel"] == "U0DEMO003"
    assert len(slack.fake.calls_to("views.publish")) == 1


async def test_url_verification_is_answered(slack: SlackHarness) -> None:
    data = payload("url_verification")

    answer = await slack.event(data)

    assert answer.status == 200
    assert answer.json() == {"challenge": data["challenge"]}


async def test_message_events_are_recorded_once_and_bots_ignored(slack: SlackHarness) -> None:
    assert (await slack.event(payload("message_event"))).status == 200
    assert (await slack.event(payload("bot_message_event"))).status == 200
    own = payload("message_event")
    own["event_id"] = "Ev0OWN000001"
    own["event"]["user"] = BOT_USER_ID
    assert (await slack.event(own)).status == 200
    await slack.adapter.drain()

    assert await slack.processed() == 1
    assert slack.fake.calls_to("chat.postMessage") == []
    assert slack.fake.responses == []


async def test_unknown_user_can_celebrate(slack: SlackHarness) -> None:
    fields = with_response_url(payload("command_celebrate"), slack.fake.response_url("new"))
    fields["user_id"] = "U0NEWUSER1"
    fields["text"] = "<@U0NEWUSER2> for the danger statement with the family"

    await slack.command(fields)
    await slack.adapter.drain()

    assert texts.CELEBRATE_POSTED in slack.fake.responses[0].params["text"]
    assert await slack.celebrations() == 1


async def test_deleting_the_celebration_post_in_slack_removes_the_celebration(slack: SlackHarness) -> None:
    await _celebrate(slack)
    await slack.bot.deliverer.deliver_due()
    assert await slack.celebrations() == 1
    body = payload("message_deleted_event")
    body["event"]["deleted_ts"] = body["event"]["previous_message"]["ts"] = post_ts(slack)
    assert (await slack.send(json.dumps(body).encode(), JSON)).status == 200
    await slack.adapter.drain()
    assert await slack.celebrations() == 0
    async with slack.bot.uow_factory() as uow:
        actions = [e.action for e in await uow.audit.entries()]
    assert "celebration.deleted_with_message" in actions


async def test_a_named_child_is_refused_privately_and_a_crafted_confirmation_too(slack: SlackHarness) -> None:
    fields = with_response_url(payload("command_celebrate"), slack.fake.response_url("refused"))
    fields["text"] = "<@U0DEMO003|sam.okafor> for the plan with Kayden (6) and his mum"
    answer = await slack.command(fields)
    await slack.adapter.drain()
    assert (answer.status, answer.text) == (200, "")
    [refusal] = slack.fake.responses
    assert refusal.params["response_type"] == "ephemeral"
    shown = _texts(refusal.params["blocks"])
    assert texts.GUARD_BLOCKED in shown
    actions = [e for b in refusal.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [base_action_id(a["action_id"]) for a in actions] == ["guard.edit"]
    crafted = _click(
        with_response_url(payload("block_actions_approve"), slack.fake.response_url("crafted")),
        user="U0DEMO004",
        action_id="guard.override",
        value=actions[0]["value"],
        channel_id="C0WES0TEAM",
        is_ephemeral=True,
    )
    answer = await slack.interaction(crafted)
    await slack.adapter.drain()
    assert answer.status == 200
    assert texts.GUARD_OVERRIDE_REFUSED in _texts(slack.fake.responses[-1].params["blocks"])
    assert await slack.celebrations() == 0
    assert await slack.bot.deliverer.deliver_due() == 0
    assert slack.fake.calls_to("chat.postMessage") == []
