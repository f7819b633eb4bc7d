"""Shared fixtures: databases copied from templates (SQLite, or PostgreSQL when configured), the demo organisation.

Migrating and importing the demo organisation takes about 1.5 s; copying a database that already
holds them takes a millisecond on SQLite (a file copy) and ~60 ms on PostgreSQL (``CREATE DATABASE …
TEMPLATE …``). So each session (each xdist worker) builds the templates once, lazily, and every test
gets its own copy: tests stay isolated, in-process and across processes, whatever they commit.
"""

from __future__ import annotations

import asyncio
import fcntl
import itertools
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.orgfile import parse_org_file
from bot.handler import Handler
from bot.store.db import make_engine, upgrade
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from scheduler.outbox import Deliverer
from tests.factories import GOOD_STORY, click, command, submit
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

Backend = Literal["sqlite", "postgresql"]
Kind = Literal["empty", "demo"]  # migrated; migrated with the demo organisation imported

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="PLBOT_TEST_POSTGRES_URL is not set (.ci/run sets it)"),
    ),
]

PREFIX = "plbot_test_"  # PostgreSQL databases made by this suite: plbot_test_<unix time>_<worker>_<token>_…
STALE_AFTER = 6 * 3600  # seconds: older ones were left behind by a killed session, and are dropped
T = TypeVar("T")


def _in_thread(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on its own event loop, also from inside a running one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def load_demo(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> None:
    """Import the demo organisation."""
    spec = parse_org_file(DEMO_ORG.read_text(encoding="utf-8"))
    async with uow_factory() as uow:
        await import_org(uow, spec, clock.now())
        await uow.commit()


async def _fill(url: str, kind: Kind, *, migrate: bool) -> None:
    engine = make_engine(url)
    try:
        if migrate:
            await upgrade(engine)
        if kind == "demo":
            await load_demo(UnitOfWorkFactory(engine), FakeClock(START))
        if url.startswith("sqlite"):
            async with engine.connect() as connection:  # everything in the main file: one file to copy
                await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        await engine.dispose()


async def _admin(*statements: str) -> list[str]:
    """Run statements outside a transaction on the PostgreSQL server; the first column of the last one's rows."""
    engine = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    rows: list[str] = []
    try:
        async with engine.connect() as connection:
            for sql in statements:
                result = await connection.execute(text(sql))
                rows = [str(row[0]) for row in result.all()] if result.returns_rows else []
    finally:
        await engine.dispose()
    return rows


def _unsynchronised(database: str) -> list[str]:
    """Commits on a test database do not wait for the WAL flush (what a crash of the server would lose
    does not matter here; every process's view of committed data is unchanged)."""
    return [f'ALTER DATABASE "{database}" SET synchronous_commit TO off']


def postgres_url(database: str) -> str:
    """The URL of another database on the test server."""
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


class Templates:
    """Migrated databases, built once per session (per xdist worker) on first use and copied per test.

    PostgreSQL names carry the session's start time, the xdist worker and a random token: parallel
    workers and parallel sessions on one server never share a database, and a session drops what a
    killed one left behind more than ``STALE_AFTER`` seconds ago.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.prefix = f"{PREFIX}{int(time.time())}_{worker}_{uuid.uuid4().hex[:6]}"
        self._sqlite: dict[Kind, Path] = {}
        self._postgres: dict[Kind, str] = {}
        self._copies = itertools.count(1)
        self._live: set[str] = set()  # PostgreSQL databases made and not dropped yet

    def sqlite(self, kind: Kind) -> Path:
        """The SQLite template of ``kind`` (do not write to it: copy it)."""
        if kind not in self._sqlite:
            path = self.folder / f"{kind}.db"
            if kind == "demo":
                shutil.copyfile(self.sqlite("empty"), path)
            _in_thread(_fill(f"sqlite+aiosqlite:///{path}", kind, migrate=kind == "empty"))
            self._sqlite[kind] = path
        return self._sqlite[kind]

    def sqlite_copy(self, kind: Kind, path: Path) -> str:
        """Copy the template of ``kind`` to ``path``; its URL."""
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.sqlite(kind), path)
        return f"sqlite+aiosqlite:///{path}"

    def postgres(self, kind: Kind) -> str:
        """The name of the PostgreSQL template database of ``kind``."""
        if kind not in self._postgres:
            name = f"{self.prefix}_{kind}"
            source = f' TEMPLATE "{self.postgres("empty")}"' if kind == "demo" else ""
            self._live.add(name)
            _in_thread(_admin(f'CREATE DATABASE "{name}"{source}', *_unsynchronised(name)))
            _in_thread(_fill(postgres_url(name), kind, migrate=kind == "empty"))
            self._postgres[kind] = name
        return self._postgres[kind]

    async def copy(self, backend: Backend, kind: Kind, tmp_path: Path) -> str:
        """A new database copied from the template of ``kind``; its URL."""
        if backend == "sqlite":
            return self.sqlite_copy(kind, tmp_path / "test.db")
        template = self.postgres(kind)
        name = f"{self.prefix}_{next(self._copies)}"
        self._live.add(name)
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"', *_unsynchronised(name))
        return postgres_url(name)

    async def blank_postgres(self) -> str:
        """A new PostgreSQL database with nothing in it, not even the schema; its URL (drop it with :meth:`drop`)."""
        name = f"{self.prefix}_{next(self._copies)}"
        self._live.add(name)
        await _admin(f'CREATE DATABASE "{name}"', *_unsynchronised(name))
        return postgres_url(name)

    async def drop(self, url: str) -> None:
        """Drop a copy made by :meth:`copy` (nothing to do on SQLite: pytest removes ``tmp_path``)."""
        name = make_url(url).database
        if name in self._live:
            self._live.discard(name)
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @asynccontextmanager
    async def engine(self, backend: Backend, kind: Kind, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
        """An engine on a new copy of the template of ``kind``, disposed of (and dropped) afterwards."""
        url = await self.copy(backend, kind, tmp_path)
        engine = make_engine(url)
        try:
            yield engine
        finally:
            await engine.dispose()
            await self.drop(url)

    async def _drop_left_behind(self) -> None:
        names = await _admin(f"SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'")
        for name in names:
            started = re.match(rf"{PREFIX}(\d+)_", name)
            if name in self._live or (started and time.time() - int(started.group(1)) > STALE_AFTER):
                await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        """Drop this session's PostgreSQL databases (and stale ones of killed sessions)."""
        if POSTGRES_URL:
            _in_thread(self._drop_left_behind())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the slow tests first: the workers share them out, and the quick ones fill in behind."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel (``uv build --wheel``), built once per run.

    Under xdist the workers share it: the first to ask builds it in the run's folder, under a lock the
    others wait on (two builds at once would also trip over each other in the source tree's build/).
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above every worker's own
    folder = shared / "wheel"
    with (shared / "wheel.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not list(folder.glob("practice_leader_bot-*.whl")):
            done = subprocess.run(  # noqa: S603 - our own build
                [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(folder), str(ROOT)],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        [built] = folder.glob("practice_leader_bot-*.whl")
    return built


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    """The session's template databases."""
    built = Templates(tmp_path_factory.mktemp("templates"))
    yield built
    built.close()


@pytest.fixture(params=BACKENDS)
async def engine(request: pytest.FixtureRequest, templates: Templates, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database on each backend."""
    async with templates.engine(request.param, "empty", tmp_path) as eng:
        yield eng


@pytest.fixture
async def sqlite_engine(templates: Templates, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty SQLite database (for tests that are not about the backend)."""
    async with templates.engine("sqlite", "empty", tmp_path) as eng:
        yield eng


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at a fixed Tuesday morning."""
    return FakeClock(START)


class Bot:
    """The core wired for a test: handler, deliverer and a recording sender per platform."""

    def __init__(self, engine: AsyncEngine, clock: FakeClock) -> None:
        self.uow_factory = UnitOfWorkFactory(engine)
        self.clock = clock
        self.senders = {p: RecordingSender(p) for p in ("console", "slack", "teams", "web")}
        self.deliverer = Deliverer(self.uow_factory, clock, self.senders)
        self.handler = Handler(self.uow_factory, clock)


@pytest.fixture
async def bot(templates: Templates, tmp_path: Path, clock: FakeClock) -> AsyncIterator[Bot]:
    """The core on SQLite with the demo organisation loaded."""
    async with templates.engine("sqlite", "demo", tmp_path) as eng:
        yield Bot(eng, clock)


@pytest.fixture
async def blank_postgres(templates: Templates) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database (no schema) for a process or a copy to fill; dropped afterwards."""
    url = await templates.blank_postgres()
    yield url
    await templates.drop(url)


async def some_activity(bot: Bot) -> None:
    """Two celebrations, an idea, a story submitted for the intranet, and the outbox rows they make."""
    await bot.handler.handle(command("celebrate", "@sam.okafor for the danger statement"))
    await bot.handler.handle(command("celebrate", "@priya.shah lovely mapping", actor="sam.okafor"))
    await bot.handler.handle(command("idea", "an appreciative inquiry every week", actor="sam.okafor"))
    replies = await bot.handler.handle(submit("story", GOOD_STORY, actor="sam.okafor"))
    story_id = replies[0].blocks[-1].buttons[0].value  # type: ignore[union-attr]
    await bot.handler.handle(click("story.submit", story_id, actor="sam.okafor"))
    await bot.deliverer.deliver_due()


@pytest.fixture(params=BACKENDS)
async def any_bot(
    request: pytest.FixtureRequest, templates: Templates, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Bot]:
    """The core on each backend (SQLite and PostgreSQL) with the demo organisation loaded."""
    async with templates.engine(request.param, "demo", tmp_path) as eng:
        yield Bot(eng, clock)
