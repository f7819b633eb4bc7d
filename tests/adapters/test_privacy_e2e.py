"""The identifier guard end to end on both platforms, and no request body in the logs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from adapters.logs import NOISY_LOGGERS, JsonFormatter, RedactionFilter, configure_logging
from bot import texts
from bot.store.models import Celebration
from bot.store.uow import session_of
from tests.adapters.platforms import slack_on, teams_on
from tests.adapters.slack.conftest import SECRET, payload
from tests.conftest import Bot
from tests.fakes_slack import TOKEN

NHS = "943 476 5919"
CANARY = "CANARY-e2e-51d7"


async def celebrations(bot: Bot) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(Celebration)) or 0)


async def test_a_celebration_with_an_nhs_number_through_slack_is_refused_privately(bot: Bot) -> None:
    async with slack_on(bot) as slack:
        command = payload("command_celebrate") | {"text": f"<@U0DEMO003> great plan for NHS {NHS}"}
        await slack.command(command | {"response_url": slack.fake.response_url("c")})
        await slack.adapter.drain()
        await bot.deliverer.deliver_due()
        [answer] = slack.fake.responses
        posts = slack.fake.calls_to("chat.postMessage")
    assert answer.params["response_type"] == "ephemeral"
    assert texts.GUARD_NOT_POSTED in answer.params["text"]
    assert (await celebrations(bot), posts) == (0, [])


async def test_a_celebration_with_an_nhs_number_in_a_teams_channel_leaves_only_a_neutral_notice(bot: Bot) -> None:
    async with teams_on(bot) as teams:
        message = teams.activity("channel_message_mention")
        message["text"] = f"<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> great plan for NHS {NHS}\n"
        await teams.post(message)
        await teams.settle()
        await bot.deliverer.deliver_due()
        calls = list(teams.connector.calls)
    assert await celebrations(bot) == 0
    [notice] = calls  # no chat with the author on record: one neutral thread reply, quoting nothing
    body = json.dumps(notice.body, ensure_ascii=False)
    assert texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT in body
    assert "5919" not in body
    assert "Only you" not in body


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    """The real logging set-up at DEBUG, written to a buffer."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging("DEBUG", secrets=(SECRET, TOKEN))
    buffer = io.StringIO()
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    assert isinstance(root.handlers[0].formatter, JsonFormatter)
    assert any(isinstance(f, RedactionFilter) for f in root.handlers[0].filters)
    yield buffer
    root.handlers[:], root.level = saved
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.slow
async def test_a_canary_in_1000_request_bodies_never_reaches_the_logs(bot: Bot, debug_logs: io.StringIO) -> None:
    async with slack_on(bot) as slack:
        for n in range(250):
            command = payload("command_celebrate") | {"text": f"<@U0DEMO003> {CANARY} {n}", "trigger_id": f"t{n}"}
            await slack.command(command | {"response_url": slack.fake.response_url(f"c{n}")})
        for n in range(250):
            await slack.send(
                f"text={CANARY}-{n}&token={TOKEN}".encode(), "application/x-www-form-urlencoded", signed=False
            )
        await slack.adapter.drain()
    async with teams_on(bot) as teams:
        for n in range(50):  # replies share one thread, which Teams limits to 60 per 30 s
            message = teams.activity("channel_message_mention", id=f"canary-{n}")
            message["text"] = f"<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> {CANARY} {n}\n"
            await teams.post(message)
        for n in range(450):
            await teams.post(f'{{"type": "message", "text": "{CANARY} {n}"'.encode())
        await teams.settle()
    logged = debug_logs.getvalue()
    assert await celebrations(bot) == 300
    assert logged.count("\n") > 0
    assert CANARY not in logged
    assert TOKEN not in logged
    assert SECRET not in logged
