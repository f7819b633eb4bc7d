"""``plbot db copy --to URL`` (SQLite → PostgreSQL) and ``plbot db backup FILE`` (SQLite online backup)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.calendar_source import IcsCalendars
from adapters.cli import run
from adapters.html.exports import render_review
from adapters.html.templating import make_environment
from bot.ports import Clock
from bot.services.review import parse_period, review_by_name
from bot.store.copy import TargetNotEmpty, copy_database, tables
from bot.store.db import make_engine
from bot.store.uow import UnitOfWorkFactory
from scheduler.service import preview_digest
from tests.conftest import POSTGRES_URL, Bot, some_activity
from tests.factories import command

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="PLBOT_TEST_POSTGRES_URL is not set (.ci/run sets it)")


async def _views(engine: AsyncEngine, clock: Clock) -> list[str]:
    """The digest previews and the locality reviews, from the service functions the CLI uses."""
    factory = UnitOfWorkFactory(engine)
    out = [
        str(await preview_digest(factory, clock, slug, IcsCalendars())) for slug in ("west", "central", "dereham-fs")
    ]
    period = parse_period("2026-01-01", "2026-12-31")
    assert period is not None
    for name in ("west", "central"):
        async with factory() as uow:
            review = await review_by_name(uow, name, period, "Europe/London", clock.now())
        out.append(render_review(make_environment(), review, "md"))
    return out


@needs_postgres
async def test_copy_sqlite_to_postgres_keeps_digests_and_reports(
    bot: Bot, blank_postgres: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await some_activity(bot)
    source = bot.uow_factory.engine
    before = await _views(source, bot.clock)
    assert any(view.startswith("(0, ") for view in before[:3]), before
    monkeypatch.setenv("PLBOT_DATABASE_URL", source.url.render_as_string(hide_password=False))
    started = time.monotonic()
    assert await _in_cli(["db", "copy", "--to", blank_postgres, "--batch-size", "7"]) == 0
    elapsed = time.monotonic() - started
    printed = capsys.readouterr().out
    assert "counts verified" in printed, printed
    with capsys.disabled():
        print(f"\n{printed.strip()} (wall {elapsed:.1f} s)")  # noqa: T201 - the figures, for the record
    target = make_engine(blank_postgres)
    try:
        assert await _views(target, bot.clock) == before
        # Sequences were moved past the copied ids: the next id of every serial column is new.
        assert await _sequences_behind(target) == []
        await Bot(target, bot.clock).handler.handle(command("celebrate", "@sam.okafor after the move"))
        # A second copy into the now non-empty target is refused before writing anything.
        with pytest.raises(TargetNotEmpty):
            await copy_database(source, target)
    finally:
        await target.dispose()
    assert await _in_cli(["db", "copy", "--to", blank_postgres]) == 2
    assert "not empty" in capsys.readouterr().err


async def _sequences_behind(engine: AsyncEngine) -> list[str]:
    """The serial columns whose next value is not above the largest copied id."""
    behind = []
    async with engine.connect() as conn:
        for table in tables():
            for column in table.primary_key.columns:
                if not isinstance(column.type, Integer):
                    continue
                sequence = (await conn.execute(select(func.pg_get_serial_sequence(table.name, column.name)))).scalar()
                largest = (await conn.execute(select(func.max(column)))).scalar()
                if sequence is None or largest is None:
                    continue
                following = (await conn.execute(select(func.nextval(sequence)))).scalar_one()
                if following <= largest:
                    behind.append(f"{table.name}.{column.name}: next {following}, largest {largest}")
    return behind


async def _in_cli(argv: list[str]) -> int:
    """``run`` calls ``asyncio.run``; run it in a thread from this test's loop."""
    return await asyncio.to_thread(run, argv)


async def test_backup_sqlite_is_a_consistent_copy(bot: Bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    await some_activity(bot)
    url = bot.uow_factory.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("PLBOT_DATABASE_URL", url)
    backup = tmp_path / "backup.db"
    assert await _in_cli(["db", "backup", str(backup)]) == 0
    assert await _in_cli(["db", "backup", str(backup)]) == 2  # never overwrites
    source = sqlite3.connect(url.split("///", 1)[-1])
    copy = sqlite3.connect(backup)
    for table in ("celebrations", "outbox"):
        query = f"SELECT count(*) FROM {table}"
        assert source.execute(query).fetchone() == copy.execute(query).fetchone()
    source.close()
    copy.close()


def test_backup_refuses_postgres(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PLBOT_DATABASE_URL", "postgresql+asyncpg://u@db.example/plbot")
    assert run(["db", "backup", "x.dump"]) == 2
    assert "pg_dump" in capsys.readouterr().err


async def test_copy_sqlite_to_sqlite_then_refuses_the_non_empty_target(bot: Bot, tmp_path: Path) -> None:
    await some_activity(bot)
    source = bot.uow_factory.engine
    target = make_engine(f"sqlite+aiosqlite:///{tmp_path}/copy.db")
    try:
        report = await copy_database(source, target, batch_size=5)
        assert report.rows["celebrations"] == 2
        assert await _views(target, bot.clock) == await _views(source, bot.clock)
        with pytest.raises(TargetNotEmpty, match="not empty"):
            await copy_database(source, target)
    finally:
        await target.dispose()


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db"])
def test_copy_refuses_a_bad_target_url(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["db", "copy", "--to", url]) == 2
    assert capsys.readouterr().err.startswith("--to: ")
