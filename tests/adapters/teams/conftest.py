"""Fixtures: the real aiohttp server with the Teams adapter mounted, and a loopback Bot Connector.

``bot`` is the core fixture of ``tests/conftest.py`` (a copy of the SQLite demo template).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.teams.connector import LoopbackOnly
from adapters.teams.wiring import TeamsOptions
from tests.adapters.teams.harness import Harness, start_harness
from tests.conftest import Bot
from tests.fakes_teams import FakeConnector


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """A loopback Bot Connector."""
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def teams(bot: Bot, connector: FakeConnector) -> AsyncIterator[Harness]:
    """The server in anonymous loopback mode, replies going to the fake connector."""
    harness, runner = await start_harness(bot, connector, TeamsOptions(anonymous=True, policy=LoopbackOnly()))
    yield harness
    await harness.session.close()
    await runner.cleanup()
