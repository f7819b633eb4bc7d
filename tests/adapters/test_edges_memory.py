"""Memory under load (issue 19): each SQLite connection's page cache is bounded, so a pool of
connections over a growing database stops adding resident memory (``bench/soak.py`` measures it)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.store.db import SQLITE_CACHE_KIB, make_engine


async def test_every_sqlite_connection_has_a_bounded_page_cache(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'plbot.db'}")
    try:
        async with engine.connect() as first, engine.connect() as second:
            sizes = [await c.scalar(text("PRAGMA cache_size")) for c in (first, second)]
    finally:
        await engine.dispose()
    assert SQLITE_CACHE_KIB <= 1024
    assert sizes == [-SQLITE_CACHE_KIB, -SQLITE_CACHE_KIB]  # negative: KiB (SQLite's default is -2000)
