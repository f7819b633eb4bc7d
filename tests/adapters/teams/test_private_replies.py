"""Replies meant for the actor alone never land in a public Teams channel or group chat.

Recorded activities go to the real server over loopback HTTP; replies land on the fake connector.
The identifier guard's refusal is being reworked in the core to come back ``sensitive=True``; until
it does, :func:`guard_marks_sensitive` marks it so here (a no-op once the core does it itself).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from adapters.teams.translate import base_conversation_id
from bot import texts
from bot.events import Event
from bot.replies import Reply, Visibility, say
from bot.store.models import Celebration
from tests.adapters.teams.harness import TENANT, Harness
from tests.adapters.teams.test_app import CHANNEL, PRIYA_CHAT, THREAD, count
from tests.fakes_teams import Recorded

ALI = "29:demo-ali.hassan"
ALI_CHAT = "a:1Ab7demo-ali-hassan-personal-chat"
GROUP_CHAT = "19:meeting_dereham-huddle@thread.v2"
FLAGGED = "thanks for the work with Kayden (6) and his mum, DOB 01/02/2019"
PRIVACY_CLAIMS = ("only you", "only visible to you", "just you")
SECRET = say("Kayden (6) and his mum").model_copy(update={"sensitive": True})


def dumped(value: object) -> str:
    """Everything sent, as text: card, summary, button data, mention entities."""
    return json.dumps(value, ensure_ascii=False)


def shared(calls: Iterable[Recorded], conversation: str = CHANNEL) -> list[Recorded]:
    """The calls that reached a shared conversation (any thread of it)."""
    return [c for c in calls if base_conversation_id(c.conversation_id) == conversation]


def assert_nothing_flagged_or_claimed(calls: Iterable[Recorded]) -> None:
    for call in calls:
        body = dumped(call.body)
        assert "Kayden" not in body
        assert not any(claim in body.lower() for claim in PRIVACY_CLAIMS)


def flagged_celebrate(teams: Harness) -> dict[str, Any]:
    """``@Practice Leader Bot celebrate @Sam …`` from Ali in the Dereham channel, naming a child."""
    html = (
        '<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">Practice Leader Bot'
        '</span> celebrate <span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="1">Sam Okafor'
        f"</span> {FLAGGED}</div></div>"
    )
    return teams.activity(
        "channel_message_mention",
        text=f"<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> {FLAGGED}\n",
        attachments=[{"contentType": "text/html", "content": html}],
    )


def in_channel(teams: Harness, which: str, /, **changes: Any) -> dict[str, Any]:
    """A recorded card activity (Action.Submit, Action.Execute) moved to Ali in the Dereham channel thread."""
    channel = teams.activity("channel_message_mention")
    return teams.activity(
        which,
        conversation=channel["conversation"],
        channelData=channel["channelData"],
        **{"from": channel["from"]},
        **changes,
    )


async def install_for_ali(teams: Harness) -> None:
    """Ali installs the app personally: his 1:1 chat becomes a stored reference."""
    personal = {"conversationType": "personal", "tenantId": TENANT, "id": ALI_CHAT}
    activity = teams.activity("installation_update", id="f:install-ali", conversation=personal, **{"from": {"id": ALI}})
    status, _ = await teams.post(activity)
    assert status in {200, 202}
    await teams.settle()
    assert await teams.refs.personal(person_id=None, user_id=ALI) is not None
    (welcome,) = teams.connector.to(ALI_CHAT)  # the welcome, once: the tests below count what follows it
    assert texts.WELCOME in welcome.texts()
    teams.connector.calls.clear()


def answer_with(teams: Harness, monkeypatch: pytest.MonkeyPatch, *replies: Reply) -> None:
    """Make the core answer every event with ``replies``."""

    async def handle(_event: Event) -> list[Reply]:
        return list(replies)

    async def handle_settled(_event: Event, _settle: object) -> tuple[list[Reply], bool]:
        return list(replies), False  # stored events (messages): the inbox then deletes their rows itself

    monkeypatch.setattr(teams.runtime.wiring.handler, "handle", handle)
    monkeypatch.setattr(teams.runtime.wiring.handler, "handle_settled", handle_settled)


@pytest.fixture
def guard_marks_sensitive(teams: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard's refusal comes back ``sensitive`` (what the reworked core does)."""
    handler = teams.runtime.wiring.handler
    original: Callable[[Event], Any] = handler.handle

    async def handle(event: Event) -> list[Reply]:
        replies: list[Reply] = await original(event)
        refused = [r.as_plain_text().startswith(texts.GUARD_NOT_POSTED) for r in replies]
        return [r.model_copy(update={"sensitive": True}) if f else r for r, f in zip(replies, refused, strict=True)]

    monkeypatch.setattr(handler, "handle", handle)


# --- messages ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("guard_marks_sensitive")
async def test_flagged_celebrate_in_a_channel_goes_to_the_authors_chat_and_the_thread_gets_the_notice(
    teams: Harness,
) -> None:
    await install_for_ali(teams)
    status, _ = await teams.post(flagged_celebrate(teams))
    assert status in {200, 202}
    await teams.settle()

    channel = shared(teams.connector.calls)
    assert [c.texts() for c in channel] == [texts.GUARD_CHANNEL_NOTICE_SENT]
    assert channel[0].conversation_id == THREAD
    assert channel[0].body["replyToId"] == "1763978400123"
    assert_nothing_flagged_or_claimed(channel)
    (private,) = teams.connector.to(ALI_CHAT)
    assert private.method == "POST"
    assert "Kayden" in private.texts()
    assert texts.GUARD_NOT_POSTED in private.texts()
    assert not any(claim in private.texts().lower() for claim in PRIVACY_CLAIMS)
    assert await count(teams, Celebration.id) == 0


async def test_flagged_celebrate_never_shows_in_the_channel_even_before_the_core_marks_it_sensitive(
    teams: Harness,
) -> None:
    await install_for_ali(teams)
    await teams.post(flagged_celebrate(teams))
    await teams.settle()
    assert_nothing_flagged_or_claimed(shared(teams.connector.calls))
    (private,) = teams.connector.to(ALI_CHAT)
    assert "Kayden" in private.texts()


@pytest.mark.usefixtures("guard_marks_sensitive")
async def test_flagged_celebrate_without_a_personal_chat_leaves_only_the_open_chat_notice(teams: Harness) -> None:
    status, _ = await teams.post(flagged_celebrate(teams))
    assert status in {200, 202}
    await teams.settle()

    (notice,) = teams.connector.calls
    assert notice.conversation_id == THREAD
    assert notice.texts() == texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT
    assert_nothing_flagged_or_claimed(teams.connector.calls)
    assert await count(teams, Celebration.id) == 0


@pytest.mark.usefixtures("guard_marks_sensitive")
async def test_a_private_copy_teams_refuses_falls_back_to_the_open_chat_notice(teams: Harness) -> None:
    await install_for_ali(teams)
    teams.connector.script(ALI_CHAT, 403)
    await teams.post(flagged_celebrate(teams))
    await teams.settle()

    assert [c.texts() for c in teams.connector.calls] == [texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT]
    assert_nothing_flagged_or_claimed(teams.connector.calls)
    assert await teams.refs.personal(person_id=None, user_id=ALI) is None


@pytest.mark.usefixtures("guard_marks_sensitive")
async def test_a_personal_message_still_gets_its_reply_in_the_personal_chat(teams: Harness) -> None:
    mention = {"mentioned": {"id": "29:demo-sam.okafor", "name": "Sam Okafor"}, "text": "<at>Sam Okafor</at>"}
    activity = teams.activity(
        "personal_message", text=f"celebrate <at>Sam Okafor</at> {FLAGGED}", entities=[{**mention, "type": "mention"}]
    )
    status, _ = await teams.post(activity)
    assert status in {200, 202}
    await teams.settle()

    (reply,) = teams.connector.calls
    assert reply.conversation_id == PRIYA_CHAT
    assert reply.body["replyToId"] == activity["id"]
    assert texts.GUARD_NOT_POSTED in reply.texts()
    assert "Kayden" in reply.texts()


async def test_the_acknowledgement_of_a_clean_celebration_goes_to_the_authors_chat(teams: Harness) -> None:
    await install_for_ali(teams)
    await teams.post(teams.activity("channel_message_mention"))
    await teams.settle()
    assert shared(teams.connector.calls) == []
    (ack,) = teams.connector.to(ALI_CHAT)
    assert texts.CELEBRATE_POSTED in ack.texts()

    assert await teams.bot.deliverer.deliver_due() == 1
    (post,) = shared(teams.connector.calls)
    assert "great danger statement with the family" in post.texts()


async def test_replies_meant_for_the_channel_are_still_posted_there(
    teams: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_for_ali(teams)
    answer_with(teams, monkeypatch, say("Well done, team", visibility=Visibility.THREAD))
    await teams.post(teams.activity("channel_message_mention"))
    await teams.settle()
    (post,) = teams.connector.calls
    assert post.conversation_id == THREAD
    assert post.texts() == "Well done, team"


# --- cards and expectReplies ---------------------------------------------------------------------


async def test_an_invoke_in_a_channel_never_puts_a_sensitive_reply_in_the_replacing_card(
    teams: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_for_ali(teams)
    answer_with(teams, monkeypatch, SECRET.model_copy(update={"replace_original": True}))
    status, body = await teams.post(in_channel(teams, "invoke_adaptive_card_action"))
    assert status == 200
    assert body["value"]["type"] == "AdaptiveCard"
    assert texts.GUARD_CHANNEL_NOTICE_SENT in dumped(body)
    assert "Kayden" not in dumped(body)
    await teams.settle()

    assert shared(teams.connector.calls) == []
    (private,) = teams.connector.to(ALI_CHAT)
    assert "Kayden" in private.texts()


async def test_an_invoke_in_a_channel_without_a_personal_chat_shows_only_the_open_chat_notice(
    teams: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_with(teams, monkeypatch, SECRET.model_copy(update={"replace_original": True}))
    status, body = await teams.post(in_channel(teams, "invoke_adaptive_card_action"))
    assert status == 200
    assert texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT in dumped(body)
    assert "Kayden" not in dumped(body)
    await teams.settle()
    assert teams.connector.calls == []


async def test_an_invoke_answered_with_a_message_shows_the_notice_not_the_sensitive_summary(
    teams: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_for_ali(teams)
    answer_with(teams, monkeypatch, SECRET)
    value = {"action": {"type": "Action.Execute", "verb": "settings.stop", "data": {}}, "trigger": "manual"}
    status, body = await teams.post(in_channel(teams, "invoke_adaptive_card_action", value=value))
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert body["value"] == texts.GUARD_CHANNEL_NOTICE_SENT
    await teams.settle()
    assert shared(teams.connector.calls) == []
    (private,) = teams.connector.to(ALI_CHAT)
    assert "Kayden" in private.texts()


async def test_an_action_submit_in_a_channel_replaces_the_card_with_the_notice(
    teams: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_for_ali(teams)
    answer_with(teams, monkeypatch, SECRET.model_copy(update={"replace_original": True}))
    await teams.post(in_channel(teams, "action_submit"))
    await teams.settle()

    (update,) = shared(teams.connector.calls)
    assert update.method == "PUT"
    assert update.activity_id == "1763978800777"
    assert update.texts() == texts.GUARD_CHANNEL_NOTICE_SENT
    assert_nothing_flagged_or_claimed([update])
    (private,) = teams.connector.to(ALI_CHAT)
    assert "Kayden" in private.texts()


async def test_expect_replies_in_a_group_chat_answers_with_the_notice_only(
    teams: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_for_ali(teams)
    answer_with(teams, monkeypatch, SECRET, say("Also for you only"))
    group = {"conversationType": "groupChat", "isGroup": True, "tenantId": TENANT, "id": GROUP_CHAT}
    activity = teams.activity("personal_message", deliveryMode="expectReplies", conversation=group)
    activity["from"] = {"id": ALI, "name": "Ali Hassan"}
    status, body = await teams.post(activity)
    assert status == 200
    (answer,) = body["activities"]
    assert texts.GUARD_CHANNEL_NOTICE_SENT in dumped(answer)
    assert "Kayden" not in dumped(body)
    await teams.settle()
    assert shared(teams.connector.calls, GROUP_CHAT) == []
    private = teams.connector.to(ALI_CHAT)
    assert ["Kayden" in c.texts() for c in private] == [True, False]
    assert "Also for you only" in private[1].texts()
