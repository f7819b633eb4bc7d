"""``plbot db upgrade`` (apply migrations) and ``plbot db revision MESSAGE`` (development)."""

from __future__ import annotations

import argparse
import tempfile

from adapters.bootstrap import running
from adapters.verbs import Verbs
from bot.config import Settings
from bot.store.db import make_engine, new_revision


def add_parser(verbs: Verbs) -> None:
    """Declare ``db upgrade`` and ``db revision``."""
    db = verbs.add_parser("db", help="database maintenance")
    db_verbs = db.add_subparsers(dest="db_verb", required=True)
    db_verbs.add_parser("upgrade", help="apply migrations").set_defaults(command=upgrade)
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
