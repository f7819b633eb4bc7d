"""Pure translation of recorded Teams activities into normalized events."""

from __future__ import annotations

from datetime import UTC, datetime

from microsoft_agents.activity import Activity

from adapters.teams.refs import refs_of
from adapters.teams.translate import TEMPLATE_GUARD, to_event
from bot.events import (
    ActionInvoked,
    BotAdded,
    CommandInvoked,
    FormSubmitted,
    Mention,
    MessageEdited,
    MessagePosted,
)
from tests.adapters.teams.harness import BOT_ID, TENANT, payload

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SAM = Mention(user_id="29:demo-sam.okafor", display_name="Sam Okafor", raw="<at>Sam Okafor</at>")


def test_channel_mention_becomes_the_celebrate_command_without_the_bot() -> None:
    event = to_event(payload("channel_message_mention"), NOW)
    assert isinstance(event, CommandInvoked)
    assert event.platform == "teams"
    assert event.command == "celebrate"
    assert event.text == "<at>Sam Okafor</at> great danger statement with the family"
    assert event.mentions == (SAM,)
    assert event.event_id == "1763978400123"
    assert event.actor.user_id == "29:demo-ali.hassan"
    assert event.actor.display_name == "Ali Hassan"
    assert event.conversation.channel_id == "19:dereham-fs@thread.tacv2"
    assert event.conversation.thread_id == "1763978400123"
    assert not event.conversation.is_direct


def test_the_sdk_activity_model_translates_the_same_as_json() -> None:
    data = payload("channel_message_mention")
    assert to_event(Activity.model_validate(data), NOW) == to_event(data, NOW)


def test_slash_and_command_menu_forms_map_to_the_same_command() -> None:
    for text in (
        "<at>Practice Leader Bot</at> /celebrate <at>Sam Okafor</at> thanks",
        "<at>Practice Leader Bot</at>\u00a0Celebrate <at>Sam Okafor</at> thanks",
        "<at>Practice Leader Bot</at> celebrate\n<at>Sam Okafor</at> thanks",
    ):
        event = to_event(payload("channel_message_mention", text=text), NOW)
        assert isinstance(event, CommandInvoked), text
        assert event.command == "celebrate"
        assert event.mentions == (SAM,)
        assert event.text.endswith("thanks")


def test_personal_chat_command_and_plain_message() -> None:
    event = to_event(payload("personal_message"), NOW)
    assert isinstance(event, CommandInvoked)
    assert (event.command, event.conversation.is_direct) == ("idea", True)
    assert event.conversation.channel_id == "a:1Xq3demo-priya-shah-personal-chat"
    message = to_event(payload("personal_message", text="thanks for yesterday"), NOW)
    assert isinstance(message, MessagePosted)
    assert message.text == "thanks for yesterday"
    assert message.message_id == "1763978700555"
    unknown = to_event(payload("personal_message", text="/frobnicate now"), NOW)
    assert isinstance(unknown, CommandInvoked)
    assert unknown.command == "frobnicate"


def test_action_submit_value_becomes_an_action() -> None:
    event = to_event(payload("action_submit"), NOW)
    assert isinstance(event, ActionInvoked)
    assert (event.action_id, event.value, event.message_id) == ("settings.snooze", "1w", "1763978800777")


def test_form_submit_collects_prefixed_fields_and_undoes_the_template_guard() -> None:
    value = {"form_id": "story", "context": "7", "field:title": f"Costs {TEMPLATE_GUARD}x}}", "msteams": {}}
    event = to_event(payload("action_submit", value=value), NOW)
    assert isinstance(event, FormSubmitted)
    assert event.form_id == "story"
    assert event.context == "7"
    assert dict(event.fields) == {"title": "Costs ${x}"}


def test_action_execute_invoke_uses_data_then_verb() -> None:
    event = to_event(payload("invoke_adaptive_card_action"), NOW)
    assert isinstance(event, FormSubmitted)
    assert event.fields["timezone"] == "Nowhere/Atlantis"
    value = {"action": {"type": "Action.Execute", "verb": "settings.stop", "data": {}}}
    by_verb = to_event(payload("invoke_adaptive_card_action", value=value), NOW)
    assert isinstance(by_verb, ActionInvoked)
    assert by_verb.action_id == "settings.stop"


def test_an_install_or_an_add_is_a_bot_added_event_by_the_installer() -> None:
    personal = to_event(payload("installation_update"), NOW)
    assert isinstance(personal, BotAdded)
    assert personal.conversation.is_direct
    assert personal.actor.user_id == "29:demo-sam.okafor"
    team = to_event(payload("conversation_update_members_added"), NOW)
    assert isinstance(team, BotAdded)
    assert not team.conversation.is_direct
    assert team.actor.user_id == "29:demo-jo.baker"


def test_membership_changes_other_than_the_bots_arrival_are_not_events() -> None:
    someone_else = payload("conversation_update_members_added", membersAdded=[{"id": "29:someone"}])
    assert to_event(someone_else, NOW) is None
    assert to_event(payload("installation_update", action="remove"), NOW) is None


def test_personal_messages_and_channel_mentions_are_addressed_to_the_bot() -> None:
    personal = to_event(payload("personal_message", text="hello"), NOW)
    assert isinstance(personal, MessagePosted)
    assert personal.addressed
    mention = to_event(payload("channel_message_mention", text="<at>Practice Leader Bot</at> hello"), NOW)
    assert isinstance(mention, MessagePosted)
    assert mention.addressed


def test_updates_and_foreign_values_are_not_events() -> None:
    assert to_event(payload("action_submit", value={"something": "else"}), NOW) is None
    assert to_event(payload("channel_message_mention", text="<at>Practice Leader Bot</at> \n"), NOW) is None


def test_bot_senders_are_flagged_and_missing_ids_get_a_stable_digest() -> None:
    event = to_event(payload("personal_message", **{"from": {"id": BOT_ID}}), NOW)
    assert event is not None
    assert event.actor.is_bot
    data = payload("personal_message")
    del data["id"]
    first, second = to_event(data, NOW), to_event(dict(data), NOW)
    assert first is not None
    assert second is not None
    assert first.event_id == second.event_id
    assert first.event_id.startswith("sha256:")


def test_references_of_each_activity() -> None:
    (channel,) = refs_of(payload("channel_message_mention"))
    assert (channel.conversation_id, channel.kind, channel.tenant_id) == (
        "19:dereham-fs@thread.tacv2",
        "channel",
        TENANT,
    )
    assert channel.team_id == "19:dereham-team@thread.tacv2"
    assert channel.bot == {"id": BOT_ID, "name": "Practice Leader Bot"}
    (personal,) = refs_of(payload("installation_update"))
    assert (personal.kind, personal.user_id) == ("personal", "29:demo-sam.okafor")
    assert personal.reference()["user"] == {"id": "29:demo-sam.okafor"}
    created = payload("conversation_update_members_added")
    created["channelData"]["channel"] = {"id": "19:new-channel@thread.tacv2"}
    assert [r.conversation_id for r in refs_of(created)] == [
        "19:dereham-team@thread.tacv2",
        "19:new-channel@thread.tacv2",
    ]
    assert refs_of({"type": "message"}) == []


def test_an_edited_message_becomes_an_edit_with_its_new_text() -> None:
    activity = payload("channel_message_mention", text="<at>Practice Leader Bot</at> celebrate thanks Kayden (6)")
    activity.update(type="messageUpdate", timestamp="2026-11-24T10:05:00Z")
    activity["channelData"] = {**activity.get("channelData", {}), "eventType": "editMessage"}
    event = to_event(activity, NOW)
    assert isinstance(event, MessageEdited)
    assert event.message_id == activity["id"]
    assert event.event_id == f"edited:{activity['id']}:2026-11-24T10:05:00Z"
    assert "Kayden (6)" in event.text
    assert "Practice Leader Bot" not in event.text
