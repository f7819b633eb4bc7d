"""Recorded Teams activities posted to the real server (anonymous loopback mode), replies on a fake connector."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from adapters.teams.render import CARD_CONTENT_TYPE
from bot import texts
from bot.store.models import Celebration, Idea
from bot.store.uow import session_of
from tests.adapters.teams.harness import BOT_ID, Harness

CHANNEL = "19:dereham-fs@thread.tacv2"
THREAD = f"{CHANNEL};messageid=1763978400123"
PRIYA_CHAT = "a:1Xq3demo-priya-shah-personal-chat"
SAM_CHAT = "a:1Yz9demo-sam-okafor-personal-chat"


async def count(harness: Harness, column: Any) -> int:
    async with harness.bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count(column))) or 0)


async def test_channel_celebration_is_recorded_answered_in_thread_and_posted(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("channel_message_mention"))
    assert status in {200, 202}
    await teams.settle()

    assert await count(teams, Celebration.id) == 1
    async with teams.bot.uow_factory() as uow:
        celebration = (await session_of(uow).scalars(select(Celebration))).one()
    assert celebration.text == "great danger statement with the family"
    assert celebration.platform == "teams"
    assert celebration.channel_id == CHANNEL
    (reply,) = teams.connector.calls
    assert reply.method == "POST"
    assert reply.conversation_id == THREAD
    assert reply.body["replyToId"] == "1763978400123"
    assert reply.body["from"]["id"] == BOT_ID
    assert texts.CELEBRATE_POSTED in reply.texts()

    assert await teams.bot.deliverer.deliver_due() == 1
    post = teams.connector.calls[-1]
    assert post.conversation_id == THREAD
    entities = post.card["msteams"]["entities"]
    assert {e["mentioned"]["id"] for e in entities} == {"29:demo-ali.hassan", "29:demo-sam.okafor"}
    assert "great danger statement with the family" in post.texts()


async def test_the_same_activity_three_times_gives_one_row_and_one_reply(teams: Harness) -> None:
    activity = teams.activity("channel_message_mention")
    for _ in range(3):
        status, _ = await teams.post(activity)
        assert status in {200, 202}
    await teams.settle()
    assert await count(teams, Celebration.id) == 1
    assert len(teams.connector.to(THREAD)) == 1
    assert teams.runtime.inbox is not None
    repeats = teams.runtime.inbox.worker.inbox.repeats  # not even stored: the first was still waiting
    assert teams.bot.handler.stats["duplicates"] + repeats == 2


async def test_personal_message_runs_the_command_and_stores_the_chat(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("personal_message"))
    assert status in {200, 202}
    await teams.settle()
    assert await count(teams, Idea.id) == 1
    (reply,) = teams.connector.to(PRIYA_CHAT)
    assert texts.IDEA_THANKS.partition("{who}")[0] in reply.texts()
    assert "replyToId" in reply.body
    async with teams.bot.uow_factory() as uow:
        priya = await uow.people.by_identity("teams", "29:demo-priya.shah")
    assert priya is not None
    ref = await teams.refs.personal(person_id=priya.id, user_id="")
    assert ref is not None
    assert ref.conversation_id == PRIYA_CHAT


async def test_action_submit_runs_the_button_action(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("action_submit"))
    assert status in {200, 202}
    await teams.settle()
    (reply,) = teams.connector.to(PRIYA_CHAT)
    assert reply.method == "POST"
    assert texts.SETTINGS_SNOOZED_REPLY.partition("{until}")[0] in reply.texts()
    async with teams.bot.uow_factory() as uow:
        priya = await uow.people.by_identity("teams", "29:demo-priya.shah")
    assert priya is not None
    assert priya.snoozed_until is not None


async def test_a_submitted_form_with_errors_replaces_the_card_in_place(teams: Harness) -> None:
    value = {"form_id": "settings", "context": "", "field:timezone": "Nowhere/Atlantis", "field:hours": "09:00-17:00"}
    status, _ = await teams.post(teams.activity("action_submit", value=value))
    assert status in {200, 202}
    await teams.settle()
    (update,) = teams.connector.to(PRIYA_CHAT)
    assert update.method == "PUT"
    assert update.activity_id == "1763978800777"
    inputs = [item for item in update.card["body"][0]["items"] if item["type"] == "Input.Text"]
    assert inputs[0]["id"] == "field:timezone"
    assert inputs[0]["value"] == "Nowhere/Atlantis"
    assert inputs[0]["errorMessage"]


async def test_invoke_adaptive_card_action_answers_with_the_replacement_card(teams: Harness) -> None:
    status, body = await teams.post(teams.activity("invoke_adaptive_card_action"))
    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] == CARD_CONTENT_TYPE
    card = body["value"]
    assert card["type"] == "AdaptiveCard"
    assert "errorMessage" in card["body"][0]["items"][1]
    await teams.settle()
    assert teams.connector.calls == []


async def test_invoke_with_a_plain_action_answers_and_posts_the_reply(teams: Harness) -> None:
    value = {"action": {"type": "Action.Execute", "verb": "settings.stop", "data": {}}, "trigger": "manual"}
    status, body = await teams.post(teams.activity("invoke_adaptive_card_action", value=value))
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message"
    await teams.settle()
    (reply,) = teams.connector.to(PRIYA_CHAT)
    assert texts.SETTINGS_STOPPED_REPLY in reply.texts()


async def test_bot_added_to_a_team_stores_the_channel_and_can_post_there(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("conversation_update_members_added"))
    assert status in {200, 202}
    await teams.settle()
    ref = await teams.refs.for_conversation("19:dereham-team@thread.tacv2")
    assert ref is not None
    assert ref.kind == "channel"
    assert ref.service_url == teams.connector.url
    assert ref.team_id == "19:dereham-team@thread.tacv2"


async def test_installation_update_stores_the_persons_chat_and_remove_forgets_it(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("installation_update"))
    assert status in {200, 202}
    await teams.settle()
    ref = await teams.refs.personal(person_id=None, user_id="29:demo-sam.okafor")
    assert ref is not None
    assert ref.conversation_id == SAM_CHAT
    assert ref.person_id is not None

    status, _ = await teams.post(teams.activity("installation_update", action="remove", id="f:remove-1"))
    assert status in {200, 202}
    await teams.settle()
    assert await teams.refs.personal(person_id=None, user_id="29:demo-sam.okafor") is None


async def test_expect_replies_returns_the_replies_in_the_response(teams: Harness) -> None:
    status, body = await teams.post(teams.activity("personal_message", deliveryMode="expectReplies"))
    assert status == 200
    (activity,) = body["activities"]
    assert activity["attachments"][0]["contentType"] == CARD_CONTENT_TYPE
    await teams.settle()
    assert teams.connector.calls == []


async def test_unknown_activity_types_and_invokes_are_answered_without_error(teams: Harness) -> None:
    for changes in (
        {"type": "messageReaction", "reactionsAdded": [{"type": "like"}]},
        {"type": "typing"},
        {"type": "somethingNew"},
        {"type": "invoke", "name": "composeExtension/query", "value": {}},
        {"type": "message", "text": ""},
    ):
        status, _ = await teams.post(teams.activity("personal_message", **changes))
        assert status in {200, 202}, changes
    await teams.settle()
    assert teams.connector.calls == []


async def test_malformed_bodies_are_400_never_500(teams: Harness) -> None:
    for body in (b"not json", b"[]", b"{}", b'{"type": "message"}', b'{"type": "message", "conversation": 5}'):
        status, _ = await teams.post(body)
        assert status == 400, body
    assert teams.bot.handler.stats["handled"] == 0


async def test_people_without_a_chat_are_listed_as_unreachable(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("installation_update"))
    assert status in {200, 202}
    await teams.settle()
    async with teams.bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        people = await uow.people.all(org.id)
    missing = {p.handle for p in await teams.refs.unreachable(people)}
    assert "sam.okafor" not in missing
    assert {"ali.hassan", "jo.baker"} <= missing


async def test_deleting_the_celebrate_message_in_teams_removes_the_celebration(teams: Harness) -> None:
    message = teams.activity("channel_message_mention")
    await teams.post(message)
    await teams.settle()
    assert await count(teams, Celebration.id) == 1
    deleted = {key: message[key] for key in ("channelId", "serviceUrl", "from", "conversation", "recipient")}
    deleted |= {"type": "messageDelete", "id": message["id"], "channelData": {"eventType": "softDeleteMessage"}}
    status, _ = await teams.post(deleted)
    assert status in {200, 202}
    await teams.settle()
    assert await count(teams, Celebration.id) == 0


async def test_an_empty_channel_id_or_deep_nesting_is_a_400_not_a_500(teams: Harness) -> None:
    status, _ = await teams.post(teams.activity("personal_message", channelId=""))
    assert status == 400
    deep = b'{"a":' * 2000 + b"1" + b"}" * 2000
    status, _ = await teams.post(deep)
    assert status == 400
    nested: Any = "x"
    for _ in range(200):
        nested = {"n": nested}
    status, _ = await teams.post(teams.activity("personal_message", value=nested))
    assert status == 400
    assert teams.bot.handler.stats["handled"] == 0


async def test_unhandled_invokes_are_answered_200_with_an_empty_body(teams: Harness) -> None:
    for name in ("task/fetch", "signin/verifyState", "fileConsent/invoke", "message/submitAction", "x"):
        status, _ = await teams.post(teams.activity("personal_message", type="invoke", name=name, value={}))
        assert status == 200, name
