"""The PostgreSQL side of a benchmark: the local server unless ``PLBOT_TEST_POSTGRES_URL`` names another,
in a schema of its own that is dropped afterwards; a benchmark says so when no server answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.db import make_engine

LOCAL_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
"""The local server the PostgreSQL side runs against unless ``PLBOT_TEST_POSTGRES_URL`` names another."""


def postgres_url() -> str:
    """Where the PostgreSQL side runs."""
    return os.environ.get("PLBOT_TEST_POSTGRES_URL", "") or LOCAL_POSTGRES


async def reachable(url: str) -> bool:
    """True when a PostgreSQL server answers at ``url``."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError):
        return False
    finally:
        await engine.dispose()
    return True


def skipped(url: str) -> str:
    """The line a benchmark prints when no server answers (never a silent pass)."""
    return f"  PostgreSQL SKIPPED: no server answers at {url} (set PLBOT_TEST_POSTGRES_URL to another one)"


@asynccontextmanager
async def scratch_schema(url: str) -> AsyncIterator[tuple[AsyncEngine, str]]:
    """An engine whose tables live in a new schema (its name is yielded too), dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield engine, schema
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
