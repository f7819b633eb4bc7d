"""``plbot db upgrade`` (apply migrations), ``db copy --to URL``, ``db backup FILE`` and ``db revision MESSAGE``."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from adapters.bootstrap import running
from adapters.verbs import Verbs
from bot.config import Settings
from bot.store.copy import CountMismatch, TargetNotEmpty, backup_sqlite, copy_database, sqlite_path
from bot.store.db import is_sqlite, make_engine, new_revision


def add_parser(verbs: Verbs) -> None:
    """Declare ``db upgrade``, ``db copy``, ``db backup`` and ``db revision``."""
    db = verbs.add_parser("db", help="database maintenance")
    db_verbs = db.add_subparsers(dest="db_verb", required=True)
    db_verbs.add_parser("upgrade", help="apply migrations").set_defaults(command=upgrade)
    copy = db_verbs.add_parser("copy", help="copy every row into another, empty database")
    copy.add_argument("--to", required=True, dest="target", metavar="URL", help="the target database URL")
    copy.add_argument("--batch-size", type=int, default=1000)
    copy.set_defaults(command=copy_to)
    backup = db_verbs.add_parser("backup", help="(SQLite) an online backup to FILE")
    backup.add_argument("file")
    backup.set_defaults(command=backup_to)
    revision = db_verbs.add_parser("revision", help="(development) write a migration for model changes")
    revision.add_argument("message")
    revision.add_argument("--rev-id", default=None)
    revision.set_defaults(command=revise)


async def upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    """``plbot db upgrade``."""
    async with running(settings):
        pass
    print("Database is up to date.")
    return 0


async def revise(_settings: Settings, args: argparse.Namespace) -> int:
    """``plbot db revision MESSAGE``: autogenerate a migration against a scratch SQLite database."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite+aiosqlite:///{scratch}/scratch.db")
        await new_revision(engine, args.message, args.rev_id)
        await engine.dispose()
    print("Review the new file under bot/store/migrations/versions/ (portable types, no UTCDateTime).")
    return 0


async def copy_to(settings: Settings, args: argparse.Namespace) -> int:
    """``plbot db copy --to URL``: every table, parents first, in batches; exit 2 on a non-empty target."""
    try:
        backend = make_url(args.target).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend not in {"sqlite", "postgresql"}:
        print(f"--to: {args.target!r} is not a SQLite or PostgreSQL database URL.", file=sys.stderr)
        return 2
    source, target = make_engine(settings.database_url), make_engine(args.target)
    started = time.monotonic()
    try:
        report = await copy_database(source, target, batch_size=args.batch_size)
    except (TargetNotEmpty, CountMismatch) as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        await source.dispose()
        await target.dispose()
    seconds = time.monotonic() - started
    print(f"Copied {report.total} rows in {len(report.rows)} tables in {seconds:.1f} s; counts verified.")
    return 0


async def backup_to(settings: Settings, args: argparse.Namespace) -> int:
    """``plbot db backup FILE``: the SQLite online backup; PostgreSQL is backed up with pg_dump."""
    if not is_sqlite(settings.database_url):
        print(
            "plbot db backup is for SQLite; back up PostgreSQL with pg_dump -Fc (see docs/operations.md).",
            file=sys.stderr,
        )
        return 2
    if not await asyncio.to_thread(sqlite_path(settings.database_url).exists):
        print(f"No SQLite database at {sqlite_path(settings.database_url)} (PLBOT_DATABASE_URL).", file=sys.stderr)
        return 2
    destination = Path(args.file)
    if await asyncio.to_thread(destination.exists):
        print(f"{destination} already exists; choose a new file.", file=sys.stderr)
        return 2
    await asyncio.to_thread(backup_sqlite, settings.database_url, destination)
    print(f"Backed up to {destination}.")
    return 0
