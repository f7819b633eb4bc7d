"""Both platforms on the real server for one test: context managers that start and stop them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from adapters.http import build_app
from adapters.slack.app import SLACK_ADAPTER_KEY
from adapters.slack.sender import SlackSender
from adapters.slack.wiring import install as install_slack
from adapters.teams.connector import LoopbackOnly
from adapters.teams.wiring import TeamsOptions
from adapters.wiring import Wiring
from tests.adapters.slack.conftest import Signer, SlackHarness, slack_settings, start_server
from tests.adapters.teams.harness import Harness, start_harness
from tests.conftest import Bot
from tests.fakes_slack import FakeSlack
from tests.fakes_teams import FakeConnector


@asynccontextmanager
async def slack_on(bot: Bot) -> AsyncIterator[SlackHarness]:
    """The real server with Slack mounted, talking to a fake Web API on loopback."""
    fake = await FakeSlack().start()
    wiring = Wiring(slack_settings(fake.base_url), bot.handler, bot.uow_factory, bot.clock)
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    sender = install_slack(app, wiring)
    assert isinstance(sender, SlackSender)
    bot.deliverer.senders["slack"] = sender
    runner, url = await start_server(app)
    try:
        async with aiohttp.ClientSession() as session:
            harness = SlackHarness(bot, fake, app[SLACK_ADAPTER_KEY], sender, session, url, Signer())
            yield harness
            await harness.adapter.drain()
    finally:
        await runner.cleanup()
        await fake.close()


@asynccontextmanager
async def teams_on(bot: Bot) -> AsyncIterator[Harness]:
    """The real server with Teams mounted (anonymous, loopback), replies landing on a fake connector."""
    connector = FakeConnector()
    await connector.start()
    teams, runner = await start_harness(bot, connector, TeamsOptions(anonymous=True, policy=LoopbackOnly()))
    try:
        yield teams
        await teams.settle()
    finally:
        await teams.session.close()
        await runner.cleanup()
        await connector.stop()
