"""First contact over real HTTP (issue 12): Slack and Teams, each with real-format payloads.

Teams runs anonymous on loopback with replies landing on the fake Bot Connector; Slack requests are
signed and the Web API is the fake one. These are the "real-format activities over loopback" tests
the README's Teams section refers to.
"""

from __future__ import annotations

from typing import Any

from adapters.teams.auth import ENTRA_IDENTITY
from bot import texts
from tests.adapters.platforms import slack_on, teams_on
from tests.adapters.slack.conftest import payload as slack_payload
from tests.adapters.teams.harness import BOT_ID
from tests.conftest import Bot
from tests.fakes_slack import BOT_USER_ID

PERSONAL_CHAT = "a:1Yz9demo-sam-okafor-personal-chat"
SAM = "29:demo-sam.okafor"


def slack_texts(params: dict[str, Any]) -> str:
    return str(params.get("text", "")) + str(params.get("blocks", ""))


async def test_teams_install_welcomes_once_and_every_personal_message_is_answered(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        install = teams.activity("installation_update")
        update = teams.activity(
            "conversation_update_members_added",
            id="f:personal-add",
            conversation={"conversationType": "personal", "id": PERSONAL_CHAT},
            channelData={"tenant": {"id": install["conversation"]["tenantId"]}},
            **{"from": {"id": SAM}},
        )
        for activity in (install, install, update):  # a duplicate delivery, and Teams' second notice
            status, _ = await teams.post(activity)
            assert status in {200, 202}
        await teams.settle()
        (welcome,) = teams.connector.to(PERSONAL_CHAT)
        assert texts.WELCOME in welcome.texts()
        assert "replyToId" not in welcome.body

        teams.connector.calls.clear()
        for n, said in enumerate(("hello", "help", "could you remind me about the agenda")):
            message = teams.activity("personal_message", id=f"m-{n}", text=said, **{"from": {"id": SAM}})
            message["conversation"]["id"] = PERSONAL_CHAT
            await teams.post(message)
        await teams.settle()
        answers = [c.texts() for c in teams.connector.to(PERSONAL_CHAT)]
        assert len(answers) == 3
        assert texts.CHAT_GREETING in answers[0]
        assert texts.CHAT_HELP in answers[1]
        assert texts.CHAT_NOT_UNDERSTOOD.partition("{usage}")[0].format(slash="/agenda") in answers[2]


async def test_teams_channel_mention_without_a_command_gets_help_in_the_thread(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        mention = teams.activity("channel_message_mention", text="<at>Practice Leader Bot</at> hello")
        await teams.post(mention)
        await teams.settle()
        (reply,) = teams.connector.calls
        assert reply.texts() == texts.CHAT_MENTION_HELP
        assert reply.body["replyToId"] == mention["id"]


async def test_teams_team_install_posts_one_intro_and_prompts_to_link_the_channel(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        added = teams.activity("conversation_update_members_added")
        await teams.post(added)
        await teams.post(added | {"id": "f:again"})
        await teams.settle()
        shown = [c.texts() for c in teams.connector.calls]
        assert shown.count(texts.WELCOME_CHANNEL) == 1
        assert shown.count(texts.WELCOME_BIND) == 1


async def test_teams_messages_from_other_bots_get_no_answer(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        other_bot = {"id": "28:another-bot", "name": "Echo", "role": "bot"}
        message = teams.activity("personal_message", text="hello", **{"from": other_bot})
        from_us = teams.activity("personal_message", id="m-self", text="hello", **{"from": {"id": BOT_ID}})
        await teams.post(message)
        await teams.post(from_us)
        await teams.settle()
        assert teams.connector.calls == []


async def test_slack_first_app_home_visit_welcomes_once_in_the_direct_chat(bot: Bot) -> None:
    async with slack_on(bot) as slack:
        opened = slack_payload("app_home_opened")
        await slack.event(opened)
        await slack.event(opened | {"event_id": "Ev0HOME00002"})
        await slack.adapter.drain()
        welcomes = [c for c in slack.fake.calls_to("chat.postMessage") if texts.WELCOME in slack_texts(c.params)]
        assert [c.params["channel"] for c in welcomes] == ["U0DEMO003"]
        assert slack.fake.calls_to("views.publish")


async def test_slack_direct_messages_are_answered_and_bot_messages_ignored(bot: Bot) -> None:
    async with slack_on(bot) as slack:
        dm = slack_payload("message_event")
        dm["event"] |= {"channel": "D0DEMO003", "channel_type": "im", "user": "U0DEMO003", "text": "thanks!"}
        await slack.event(dm)
        echo = slack_payload("message_event")
        echo["event_id"] = "Ev0ECHO"
        echo["event"] |= {"channel": "D0DEMO003", "channel_type": "im", "bot_id": "B0OTHER", "text": "thanks!"}
        await slack.event(echo)
        await slack.adapter.drain()
        sent = [slack_texts(c.params) for c in slack.fake.calls_to("chat.postMessage")]
        assert sum(texts.WELCOME in s for s in sent) == 1
        assert sum(texts.CHAT_THANKS in s for s in sent) == 1


async def test_slack_mention_gets_help_in_the_thread_and_overheard_messages_nothing(bot: Bot) -> None:
    async with slack_on(bot) as slack:
        overheard = slack_payload("message_event")
        await slack.event(overheard)
        mention = slack_payload("message_event")
        mention["event_id"] = "Ev0MENTION"
        mention["event"] |= {"type": "app_mention", "text": f"<@{BOT_USER_ID}> hello"}
        await slack.event(mention)
        await slack.adapter.drain()
        (reply,) = slack.fake.calls_to("chat.postMessage")
        assert texts.CHAT_MENTION_HELP in slack_texts(reply.params)
        assert reply.params["thread_ts"] == mention["event"]["ts"]


async def test_slack_bot_joining_a_channel_posts_one_intro(bot: Bot) -> None:
    async with slack_on(bot) as slack:
        joined = slack_payload("message_event")
        joined["event_id"] = "Ev0JOIN"
        joined["event"] = {
            "type": "member_joined_channel",
            "user": BOT_USER_ID,
            "channel": "C0NEWCHAN",
            "channel_type": "C",
            "team": "T0DEMO",
            "inviter": "U0DEMO003",
            "event_ts": "1764000500.000100",
        }
        await slack.event(joined)
        await slack.event(joined | {"event_id": "Ev0JOIN2"})
        await slack.adapter.drain()
        posted = [c for c in slack.fake.calls_to("chat.postMessage") if texts.WELCOME_CHANNEL in slack_texts(c.params)]
        assert [c.params["channel"] for c in posted] == ["C0NEWCHAN"]
        prompts = [c for c in slack.fake.calls_to("chat.postEphemeral") if texts.WELCOME_BIND in slack_texts(c.params)]
        assert [c.params["user"] for c in prompts] == ["U0DEMO003"]


async def test_a_teams_message_links_the_senders_entra_id_for_the_tab(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        for n in range(2):  # the first message adds the person; the second links their Entra id
            message = teams.activity("personal_message", id=f"m-link-{n}", text="hello")
            await teams.post(message)
            await teams.settle()
        aad = message["from"]["aadObjectId"]
        async with bot.uow_factory() as uow:
            linked = await uow.people.by_identity(ENTRA_IDENTITY, aad)
            sender = await uow.people.by_identity("teams", message["from"]["id"])
        assert linked is not None
        assert sender is not None
        assert linked.id == sender.id
