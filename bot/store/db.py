"""Engine creation and migrations, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (half a second of imports) is imported when migrations run, not with this module: the
# scheduler lock and every CLI verb import ``is_sqlite`` from here (start-up time, issue 15).

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0018"
"""The newest migration's revision. A database already there is not handed to Alembic at start-up, so a
restart or a new replica skips Alembic's imports (a third of a second); ``tests/bot/test_migrations.py``
fails the build when a new migration does not move this along."""
SQLITE_CACHE_KIB = 512
"""Page cache per SQLite connection (SQLite's default is 2,000 KiB), so a pool of connections over a
growing database does not keep adding resident memory (bench/soak.py, docs/operations.md)."""


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def is_sqlite(url: str) -> bool:
    """True for SQLite URLs."""
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite with WAL, foreign keys on and the data folder created."""
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    from alembic.config import Config  # noqa: PLC0415  # see the note on the imports

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    if revision == "heads" and _at_head(connection):
        return
    from alembic import command  # noqa: PLC0415  # see the note on the imports

    command.upgrade(alembic_config(connection), revision)


def _at_head(connection: Connection) -> bool:
    """True when the database records exactly :data:`HEAD` (a missing version table is not at head)."""
    if not inspect(connection).has_table("alembic_version"):
        return False
    versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return list(versions) == [HEAD]


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the database schema up to ``revision`` (idempotent; every branch head by default)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def _revision(connection: Connection, message: str, rev_id: str | None) -> None:
    from alembic import command  # noqa: PLC0415  # see the note on the imports

    command.revision(alembic_config(connection), message=message, autogenerate=True, rev_id=rev_id)


async def new_revision(engine: AsyncEngine, message: str, rev_id: str | None = None) -> None:
    """Write a migration for the difference between the models and a database migrated to the heads.

    A development tool (``plbot db revision MESSAGE``): run it on an empty SQLite database.
    """
    await upgrade(engine)
    async with engine.begin() as connection:
        await connection.run_sync(_revision, message, rev_id)
