"""The database side of :class:`bot.ports.SharedState`: one short transaction per check or booking.

``shared_state`` decides where replicas' shared state lives: in PostgreSQL (several processes may
serve and deliver at once) or nowhere (SQLite runs one process, so in-memory state is enough).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.repositories.shared_state import SharedState, Window
from bot.store.uow import UnitOfWorkFactory, session_of

PURGE_EVERY = 60.0
"""Seconds between two purges of expired replay records by one process."""


class DatabaseSharedState:
    """Replay records and rate-limit bookings in the database (implements :class:`bot.ports.SharedState`)."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory
        self._next_purge = 0.0

    async def first_sighting(self, digest: str, expires_at: float, now: float) -> bool:
        """Record a request digest; False when any process recorded it before (a replay).

        Raises:
            StoreError: The database could not be asked.
        """
        async with self.uow_factory() as uow:
            rows = SharedState(session_of(uow))
            if now >= self._next_purge:
                self._next_purge = now + PURGE_EVERY
                await rows.purge_seen(int(now))
            first = await rows.first_sighting(digest, int(expires_at))
            await uow.commit()
        return first

    async def book(self, key: str, windows: Sequence[Window], now: float, epsilon: float = 0.0) -> float:
        """Book the next call of ``key`` across every process; when it may start (Unix seconds).

        Raises:
            StoreError: The database could not be asked.
        """
        async with self.uow_factory() as uow:
            start = await SharedState(session_of(uow)).book(key, windows, now, epsilon)
            await uow.commit()
        return start

    async def hold(self, key: str, until: float) -> None:
        """No call of ``key`` starts before ``until`` in any process.

        Raises:
            StoreError: The database could not be asked.
        """
        async with self.uow_factory() as uow:
            await SharedState(session_of(uow)).hold(key, until)
            await uow.commit()


def shared_state(uow_factory: UnitOfWorkFactory) -> DatabaseSharedState | None:
    """The shared state for replicas on PostgreSQL; None on SQLite (one process: in memory is enough)."""
    if uow_factory.engine.dialect.name == "postgresql":
        return DatabaseSharedState(uow_factory)
    return None
