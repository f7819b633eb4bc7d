"""'Edit or withdraw' as a Slack message shortcut and a Teams message action, over real HTTP (issue 14)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import texts
from bot.ids import ActionId
from bot.store.models import Celebration
from bot.store.uow import session_of
from tests.adapters.platforms import slack_on, teams_on
from tests.adapters.slack.conftest import payload as slack_payload
from tests.conftest import Bot


async def celebrations(bot: Bot) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count(Celebration.id))) or 0)


async def test_the_slack_shortcut_on_a_celebration_post_offers_edit_and_withdraw(bot: Bot) -> None:
    async with slack_on(bot) as slack:
        fields = slack_payload("command_celebrate") | {"response_url": slack.fake.response_url("celebrate")}
        await slack.command(fields)
        await slack.adapter.drain()
        await bot.deliverer.deliver_due()
        (post,) = [c for c in slack.fake.calls_to("chat.postMessage") if "thanked" in str(c.params.get("text"))]
        posted_ts = await _posted_ts(bot)
        shortcut = slack_payload("message_shortcut") | {
            "callback_id": "edit_or_withdraw",
            "response_url": slack.fake.response_url("manage"),
            "message_ts": posted_ts,
            "channel": {"id": post.params["channel"], "name": "dereham-fs"},
        }
        shortcut["message"] = {**shortcut["message"], "ts": posted_ts}
        answer = await slack.interaction(shortcut)
        await slack.adapter.drain()
        assert answer.status == 200
        menu = slack.fake.responses[-1].params
        assert texts.POST_MENU_CELEBRATION in menu["text"]
        actions = [e["action_id"] for b in menu["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert [a.split(":")[0] for a in actions] == [ActionId.CELEBRATION_EDIT, ActionId.CELEBRATION_WITHDRAW]


async def _posted_ts(bot: Bot) -> str:
    async with bot.uow_factory() as uow:
        row = await uow.outbox.by_key("celebration:1")
        assert row is not None
        return str(row.platform_message_id).split(":", 1)[1]


async def test_the_teams_action_withdraws_a_celebration_from_its_dialog(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        celebrate = teams.activity(
            "channel_message_mention",
            text="<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> for the danger statement",
        )
        await teams.post(celebrate)
        await teams.settle()
        await bot.deliverer.deliver_due()
        async with bot.uow_factory() as uow:
            row = await uow.outbox.by_key("celebration:1")
            assert row is not None
            posted = str(row.platform_message_id)
        fetch = teams.activity("invoke_compose_fetch_task", id="f:manage-1")
        fetch["value"] |= {"commandId": "editOrWithdraw", "messagePayload": {"id": posted}}
        status, body = await teams.post(fetch)
        assert status == 200
        assert body["task"]["type"] == "continue"
        card = body["task"]["value"]["card"]["content"]
        actions = [a for node in card["body"] if node.get("type") == "ActionSet" for a in node["actions"]]
        assert [a["data"]["action_id"] for a in actions] == [ActionId.CELEBRATION_EDIT, ActionId.CELEBRATION_WITHDRAW]
        submit = teams.activity("invoke_compose_submit_action", id="f:manage-2")
        submit["value"] = {"commandId": "editOrWithdraw", "data": actions[1]["data"]}
        status, _ = await teams.post(submit)
        assert status == 200
        await teams.settle()
        assert await celebrations(bot) == 0
