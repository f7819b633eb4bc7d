"""Fixtures for nudge tests: a world factory on SQLite (and PostgreSQL through ``engine``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.scheduler.harness import World, tiny_org

MakeWorld = Callable[..., Awaitable[World]]


@pytest.fixture
def make_world(sqlite_engine: AsyncEngine) -> MakeWorld:
    """Build a world on SQLite starting at ``start`` with the tiny organisation (or ``org``)."""

    async def build(start: datetime, org: dict[str, Any] | None = None, platform: str = "console") -> World:
        world = World(sqlite_engine, start, platform)
        await world.load(org or tiny_org())
        return world

    return build
