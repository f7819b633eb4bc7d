"""One scripted scenario, run through Slack and through Teams over real HTTP, leaves the same state.

Celebrate a colleague; share a good-practice story; submit it for the intranet; the team's practice
leader approves it. Each platform gets its own real-format payloads (tests/payloads/), signed (Slack)
or anonymous on loopback (Teams), and the resulting database is compared platform-free.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from copy import deepcopy
from typing import Any

import pytest
from sqlalchemy import select

from bot.store.models import Celebration, PracticeStory
from bot.store.uow import session_of
from tests.adapters.platforms import slack_on, teams_on
from tests.adapters.slack.conftest import payload
from tests.conftest import Bot

STORY = {
    "title": "Mapping with the network",
    "situation": "A family who felt judged and a worried school.",
    "what_we_did": "We mapped worries and strengths with three columns.",
    "difference": "The family wrote their own safety goal.",
}
TOOLS = ["mapping", "safety goal"]
Step = Callable[[], Awaitable[None]]


async def state(bot: Bot) -> dict[str, Any]:
    """The platform-free outcome: what was stored and who did what (no ids, no platform fields)."""
    async with bot.uow_factory() as uow:
        celebrations = (await session_of(uow).scalars(select(Celebration))).all()
        stories = (await session_of(uow).scalars(select(PracticeStory))).all()
        handles = {p.id: p.handle for p in await uow.people.all(1)}
        audit = [(e.action, handles.get(e.actor_id or 0, "")) for e in await uow.audit.entries()]
    return {
        "celebrations": [
            (c.text, c.tags, handles.get(c.author_id or 0), sorted(handles[r.person_id] for r in c.recipients))
            for c in celebrations
        ],
        "stories": [
            (s.title, s.status, s.tools, handles.get(s.author_id or 0), handles.get(s.reviewer_id or 0))
            for s in stories
        ],
        "audit": [a for a in audit if a[0] != "org.imported"],
    }


async def run_on_slack(bot: Bot) -> dict[str, Any]:
    async with slack_on(bot) as slack:
        fake = slack.fake
        command = payload("command_celebrate") | {"text": "<@U0DEMO003|sam.okafor> for the danger statement"}
        await slack.command(command | {"response_url": fake.response_url("c")})
        await slack.adapter.drain()  # a modal's turn runs at once, ahead of stored events still waiting
        view = payload("view_submission_story")
        view["user"] = {"id": "U0DEMO004", "username": "ali.hassan", "name": "ali.hassan", "team_id": "T0DEMO"}
        view["view"]["private_metadata"] = json.dumps({"ch": "C0WES0TEAM", "ru": fake.response_url("v")})
        values = view["view"]["state"]["values"]
        for name, value in STORY.items():
            values[name][name]["value"] = value
        options = [{"text": {"type": "plain_text", "text": t}, "value": t} for t in TOOLS]
        values["tools"]["tools"]["selected_options"] = options
        await slack.interaction(view)
        await slack.adapter.drain()
        for actor, action in (("U0DEMO004", "story.submit"), ("U0DEMO003", "story.approve")):
            click = payload("block_actions_approve")
            click["user"] = {"id": actor, "team_id": "T0DEMO"}
            click["response_url"] = fake.response_url(action)
            click["actions"][0] |= {"action_id": action, "value": "1", "action_ts": f"1764000{len(actor)}{action[-3:]}"}
            await slack.interaction(click)
            await slack.adapter.drain()
        await bot.deliverer.deliver_due()
    return await state(bot)


async def run_on_teams(bot: Bot) -> dict[str, Any]:
    async with teams_on(bot) as teams:
        message = teams.activity("channel_message_mention")
        message["text"] = "<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> for the danger statement\n"
        await teams.post(message)
        await teams.settle()
        ali, sam = "29:demo-ali.hassan", "29:demo-sam.okafor"
        form = {"form_id": "story", "context": "", "field:share": "team"}
        form |= {f"field:{k}": v for k, v in STORY.items()}
        form["field:tools"] = ",".join(TOOLS)
        steps: tuple[tuple[str, dict[str, str]], ...] = (
            (ali, form),
            (ali, {"action_id": "story.submit", "value": "1"}),
        )
        steps += ((sam, {"action_id": "story.approve", "value": "1"}),)
        for n, (actor, value) in enumerate(steps):
            submit = teams.activity("action_submit", id=f"submit-{n}", value=value)
            submit["from"] = deepcopy(submit["from"]) | {"id": actor}
            await teams.post(submit)
            await teams.settle()
        await bot.deliverer.deliver_due()
    return await state(bot)


@pytest.fixture
async def outcome(request: pytest.FixtureRequest, bot: Bot) -> dict[str, Any]:
    runner = run_on_slack if request.param == "slack" else run_on_teams
    return await runner(bot)


EXPECTED: dict[str, Any] = {
    "celebrations": [("for the danger statement", ["danger statement"], "ali.hassan", ["sam.okafor"])],
    "stories": [(STORY["title"], "approved", TOOLS, "ali.hassan", "sam.okafor")],
    "audit": [
        ("celebration.created", "ali.hassan"),
        ("story.shared", "ali.hassan"),
        ("story.submitted", "ali.hassan"),
        ("story.approved", "sam.okafor"),
    ],
}


@pytest.mark.parametrize("outcome", ["slack", "teams"], indirect=True)
async def test_the_same_scenario_leaves_the_same_state_on_slack_and_teams(outcome: dict[str, Any]) -> None:
    assert json.loads(json.dumps(outcome)) == json.loads(json.dumps(EXPECTED))
