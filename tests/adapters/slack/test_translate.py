"""Pure translation of recorded Slack payloads into bot.events types."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.slack.metadata import FormMeta, decode_meta, encode_meta
from adapters.slack.translate import (
    base_action_id,
    from_block_actions,
    from_event_callback,
    from_message_shortcut,
    from_slash_command,
    from_view_submission,
    home_opened_by,
    normalise_text,
    readable_text,
)
from bot.events import ActionInvoked, CommandInvoked, FormSubmitted, Mention, MessageEdited, MessagePosted
from tests.adapters.slack.conftest import payload

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_slash_command_becomes_a_command_with_mentions() -> None:
    inbound = from_slash_command(payload("command_celebrate"), NOW)

    assert inbound is not None
    event = inbound.event
    assert isinstance(event, CommandInvoked)
    assert (event.command, event.platform, event.received_at) == ("celebrate", "slack", NOW)
    assert event.actor.user_id == "U0DEMO004"
    assert event.conversation.channel_id == "C0WES0TEAM"
    assert not event.conversation.is_direct
    assert event.mentions == (
        Mention(user_id="U0DEMO003", display_name="sam.okafor", raw="<@U0DEMO003|sam.okafor>"),
        Mention(user_id="U0DEMO005", display_name="", raw="<@U0DEMO005>"),
    )
    assert all(m.raw in event.text for m in event.mentions)
    assert event.text.endswith("with the family & the <b>network</b> meeting")
    assert inbound.origin.response_url.startswith("https://hooks.slack.com/commands/")
    assert inbound.origin.trigger_id


def test_slash_command_event_id_is_a_hash_of_team_channel_user_and_trigger() -> None:
    fields = payload("command_celebrate")
    first = from_slash_command(fields, NOW)
    again = from_slash_command(dict(fields), NOW)
    other = from_slash_command({**fields, "trigger_id": "another"}, NOW)

    assert first is not None
    assert again is not None
    assert other is not None
    assert first.event.event_id == again.event.event_id
    assert first.event.event_id != other.event.event_id
    assert first.event.event_id.startswith("cmd:")


def test_direct_message_commands_are_direct() -> None:
    inbound = from_slash_command(payload("command_sofs"), NOW)

    assert inbound is not None
    assert inbound.event.conversation.is_direct


def test_command_without_user_or_channel_is_ignored() -> None:
    fields = payload("command_agenda")
    del fields["user_id"]

    assert from_slash_command(fields, NOW) is None


def test_block_actions_become_an_action_with_its_value() -> None:
    inbound = from_block_actions(payload("block_actions_approve"), NOW)

    assert inbound is not None
    event = inbound.event
    assert isinstance(event, ActionInvoked)
    assert (event.action_id, event.value, event.message_id) == ("story.approve", "1", "1764000100.000200")
    assert event.conversation.is_direct
    assert inbound.origin.channel_id == "D0DEMO003"
    assert inbound.origin.message_ts == "1764000100.000200"
    assert not inbound.origin.is_ephemeral


def test_block_action_ids_depend_on_message_action_time_and_user() -> None:
    data = payload("block_actions_approve")
    first = from_block_actions(data, NOW)
    data["actions"][0]["action_ts"] = "1764000999.000000"
    later = from_block_actions(data, NOW)

    assert first is not None
    assert later is not None
    assert first.event.event_id != later.event.event_id


def test_select_values_and_suffixed_action_ids() -> None:
    data = payload("block_actions_approve")
    data["actions"][0] = {
        "type": "static_select",
        "action_id": "seminar.vote#2",
        "block_id": "x",
        "selected_option": {"text": {"type": "plain_text", "text": "A"}, "value": "topic-7"},
        "action_ts": "1764000200.1",
    }

    inbound = from_block_actions(data, NOW)

    assert inbound is not None
    assert isinstance(inbound.event, ActionInvoked)
    assert (inbound.event.action_id, inbound.event.value) == ("seminar.vote", "topic-7")
    assert base_action_id("story.approve") == "story.approve"


def test_home_tab_actions_are_direct_with_the_user() -> None:
    data = payload("block_actions_approve")
    data.pop("channel")
    data["container"] = {"type": "view", "view_id": "V0HOME"}
    data["view"] = {"id": "V0HOME", "type": "home"}

    inbound = from_block_actions(data, NOW)

    assert inbound is not None
    assert inbound.origin.from_home
    assert inbound.event.conversation.channel_id == "U0DEMO003"
    assert inbound.event.conversation.is_direct


def test_view_submission_becomes_a_form_with_fields_and_context() -> None:
    data = payload("view_submission_story")
    data["view"]["private_metadata"] = encode_meta(FormMeta(context="42", channel_id="C0WES0TEAM"))

    inbound = from_view_submission(data, NOW)

    assert inbound is not None
    event = inbound.event
    assert isinstance(event, FormSubmitted)
    assert (event.form_id, event.context) == ("story", "42")
    assert event.fields["title"] == "Mapping with the <whole> network & school"
    assert event.fields["tools"] == "mapping,safety goal"
    assert event.conversation.channel_id == "C0WES0TEAM"
    assert not event.conversation.is_direct


def test_view_submission_without_metadata_is_a_direct_conversation() -> None:
    data = payload("view_submission_story")
    data["view"]["private_metadata"] = ""

    inbound = from_view_submission(data, NOW)

    assert inbound is not None
    assert inbound.event.conversation.is_direct
    assert inbound.event.conversation.channel_id == "U0DEMO005"


def test_empty_inputs_become_empty_strings() -> None:
    data = payload("view_submission_story_errors")
    data["view"]["state"]["values"]["difference"]["difference"]["value"] = None

    inbound = from_view_submission(data, NOW)

    assert inbound is not None
    assert isinstance(inbound.event, FormSubmitted)
    assert inbound.event.fields["difference"] == ""
    assert inbound.event.fields["tools"] == ""


def test_message_shortcut_becomes_goodpractice_with_readable_text() -> None:
    inbound = from_message_shortcut(payload("message_shortcut"), NOW)

    assert inbound is not None
    event = inbound.event
    assert isinstance(event, CommandInvoked)
    assert event.command == "goodpractice"
    assert event.text == "@U0DEMO005 used three houses with the children & it changed the #dereham-fs conversation"
    assert inbound.origin.trigger_id


def test_other_shortcuts_are_ignored() -> None:
    data = payload("message_shortcut")
    data["callback_id"] = "something_else"

    assert from_message_shortcut(data, NOW) is None


def test_message_event_becomes_a_message() -> None:
    inbound = from_event_callback(payload("message_event"), NOW)

    assert inbound is not None
    event = inbound.event
    assert isinstance(event, MessagePosted)
    assert event.event_id == "Ev0MSG000001"
    assert event.text == "Morning all <3 <@U0DEMO003> shall we try https://example.org/mapping?"
    assert [m.user_id for m in event.mentions] == ["U0DEMO003"]


def test_bot_and_own_messages_and_edits_are_ignored() -> None:
    assert from_event_callback(payload("bot_message_event"), NOW) is None
    own = payload("message_event")
    assert from_event_callback(own, NOW, bot_user_id="U0DEMO004") is None
    edited = payload("message_event")
    edited["event"]["subtype"] = "message_changed"
    assert from_event_callback(edited, NOW) is None


def test_home_opened_gives_the_user() -> None:
    assert home_opened_by(payload("app_home_opened")) == "U0DEMO003"
    messages_tab = payload("app_home_opened")
    messages_tab["event"]["tab"] = "messages"
    assert home_opened_by(messages_tab) == ""
    assert home_opened_by(payload("message_event")) == ""


def test_normalise_text_handles_every_token_kind() -> None:
    text, mentions = normalise_text(
        "hi <@W0ABC|ann> &amp; <!here> <!subteam^S1|@pls> <#C1> <mailto:a@b.c|a@b.c> 1 &lt; 2"
    )

    assert text == "hi <@W0ABC|ann> & @here @pls #C1 mailto:a@b.c 1 < 2"
    assert mentions == (Mention(user_id="W0ABC", display_name="ann", raw="<@W0ABC|ann>"),)
    assert readable_text("<@U1AB|sam> and <@U2CD>") == "@sam and @U2CD"


def test_metadata_round_trip_and_size_limit() -> None:
    meta = FormMeta(context="7", channel_id="C1", thread_ts="1.2", response_url="https://x/y")
    assert decode_meta(encode_meta(meta)) == meta
    assert decode_meta("plain context") == FormMeta(context="plain context")
    assert decode_meta(None) == FormMeta()
    huge = FormMeta(context="c", channel_id="C1", response_url="https://x/" + "y" * 4000)
    assert decode_meta(encode_meta(huge)) == FormMeta(context="c", channel_id="C1")


def test_message_changed_becomes_an_edit_with_the_new_text() -> None:
    inbound = from_event_callback(payload("message_changed_event"), NOW)

    assert inbound is not None
    event = inbound.event
    assert isinstance(event, MessageEdited)
    assert (event.event_id, event.message_id) == ("Ev0EDT000001", "C0WES0TEAM:1764000800.000500")
    assert event.actor.user_id == "U0DEMO003"
    assert "Kayden (6)" in event.text
    own = payload("message_changed_event")
    assert from_event_callback(own, NOW, bot_user_id="U0DEMO003") is None
