"""Fixtures: the real aiohttp server with the Teams adapter mounted, and a loopback Bot Connector.

``bot`` is the core fixture of ``tests/conftest.py`` (SQLite, demo organisation), made faster here:
the migrated database with the demo organisation is built once per session and copied per test.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.teams.connector import LoopbackOnly
from adapters.teams.wiring import TeamsOptions
from bot.store.db import make_engine, upgrade
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from tests.adapters.teams.harness import Harness, start_harness
from tests.conftest import START, Bot, load_demo
from tests.fakes_teams import FakeConnector


async def _build_template(path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade(engine)
    await load_demo(UnitOfWorkFactory(engine), FakeClock(START))
    async with engine.connect() as connection:
        await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    await engine.dispose()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the demo organisation, built once."""
    path = tmp_path_factory.mktemp("teams-template") / "template.db"
    asyncio.run(_build_template(path))
    return path


@pytest.fixture
async def bot(demo_database: Path, tmp_path: Path, clock: FakeClock) -> AsyncIterator[Bot]:
    """The core on a private copy of the demo database."""
    copy = tmp_path / "test.db"
    shutil.copyfile(demo_database, copy)
    engine = make_engine(f"sqlite+aiosqlite:///{copy}")
    yield Bot(engine, clock)
    await engine.dispose()


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
