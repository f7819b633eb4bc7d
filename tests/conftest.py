"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when configured) with the demo organisation."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.orgfile import parse_org_file
from bot.handler import Handler
from bot.store.db import make_engine, upgrade
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from scheduler.outbox import Deliverer
from tests.fakes import RecordingSender

# Property tests: no per-example deadline (a loaded 2-core CI box is slow, not wrong); in CI a fixed
# seed (derandomize) so a red run can be replayed, locally a fresh random one each time.
settings.register_profile(
    "plbot", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=bool(os.environ.get("CI"))
)
settings.load_profile("plbot")

ROOT = Path(__file__).resolve().parents[1]
DEMO_ORG = ROOT / "examples" / "demo-org.yaml"
POSTGRES_URL = os.environ.get("PLBOT_TEST_POSTGRES_URL", "")
START = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="PLBOT_TEST_POSTGRES_URL is not set (.ci/run sets it)"),
    ),
]


async def fresh_engine(backend: str, tmp_path: Path) -> tuple[AsyncEngine, str | None]:
    """A migrated empty database; on PostgreSQL a private schema that the caller drops."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await upgrade(engine)
        return engine, None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    engine = make_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    await upgrade(engine)
    return engine, schema


async def drop_schema(schema: str) -> None:
    """Remove a test schema from PostgreSQL."""
    admin = make_engine(POSTGRES_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


@pytest.fixture(params=BACKENDS)
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database on each backend."""
    eng, schema = await fresh_engine(request.param, tmp_path)
    yield eng
    await eng.dispose()
    if schema:
        await drop_schema(schema)


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty SQLite database (for tests that are not about the backend)."""
    eng, _ = await fresh_engine("sqlite", tmp_path)
    yield eng
    await eng.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at a fixed Tuesday morning."""
    return FakeClock(START)


async def load_demo(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> None:
    """Import the demo organisation."""
    spec = parse_org_file(DEMO_ORG.read_text(encoding="utf-8"))
    async with uow_factory() as uow:
        await import_org(uow, spec, clock.now())
        await uow.commit()


class Bot:
    """The core wired for a test: handler, deliverer and a recording sender per platform."""

    def __init__(self, engine: AsyncEngine, clock: FakeClock) -> None:
        self.uow_factory = UnitOfWorkFactory(engine)
        self.clock = clock
        self.senders = {p: RecordingSender(p) for p in ("console", "slack", "teams", "web")}
        self.deliverer = Deliverer(self.uow_factory, clock, self.senders)
        self.handler = Handler(self.uow_factory, clock)


@pytest.fixture
async def bot(sqlite_engine: AsyncEngine, clock: FakeClock) -> Bot:
    """The core on SQLite with the demo organisation loaded."""
    wired = Bot(sqlite_engine, clock)
    await load_demo(wired.uow_factory, clock)
    return wired


@pytest.fixture
async def any_bot(engine: AsyncEngine, clock: FakeClock) -> Bot:
    """The core on each backend (SQLite and PostgreSQL) with the demo organisation loaded."""
    wired = Bot(engine, clock)
    await load_demo(wired.uow_factory, clock)
    return wired
