"""Outbound rate limits shared by every process on one database (issue 16).

Slack allows about one ``chat.postMessage`` a second per channel, and Teams 50 calls a second per app
per tenant (we keep to 45: :data:`adapters.teams.limits.PER_TENANT`), whatever number of processes
make them. With one process (SQLite) the in-memory
limiters (:class:`adapters.slack.sender.ChannelLimiter`, :class:`adapters.teams.limits.WindowLimiter`)
see every call. With replicas on PostgreSQL a :class:`SharedLimiter` books each call in the
database first (:class:`bot.ports.SharedState`: a row per key, locked while one booking is made),
then waits until its booked start. Times are Unix seconds from an injectable clock, so the
processes' clocks must agree (NTP); waiting uses an injectable ``sleep``.

If the database cannot be asked, the call falls back to this process's own limiter: a post is not
held back by an outage of the limit's bookkeeping.

Within one process the bookings of a key are made one at a time (an asyncio lock per key): the
others wait here, not in the database. Waiting there, each would hold a pooled connection blocked
on the key's row lock, and a burst of replies to one tenant would leave the turns without
connections (measured: ``bench/teams_turn.py`` on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from adapters.priority_lock import PriorityLock
from bot.ports import SharedState
from bot.store.errors import StoreError

log = logging.getLogger(__name__)

Window = tuple[int, float]
Sleep = Callable[[float], Awaitable[None]]


class LocalLimiter(Protocol):
    """What a :class:`SharedLimiter` falls back to: this process's own limiter."""

    async def acquire(self, key: str, *, urgent: bool = False) -> None:
        """Wait until one more call for ``key`` fits (``urgent`` ones first, where it keeps a queue)."""
        ...


class SharedLimiter:
    """Books each call for a key in the shared state, then waits for its turn."""

    def __init__(
        self,
        shared: SharedState,
        windows: tuple[Window, ...],
        *,
        prefix: str,
        fallback: LocalLimiter,
        now: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
        epsilon: float = 0.0,
    ) -> None:
        self.shared = shared
        self.windows = windows
        self.prefix = prefix
        self.fallback = fallback
        self.now = now
        self.sleep = sleep
        self.epsilon = epsilon
        self.fallbacks = 0
        self._booking: dict[str, tuple[PriorityLock, int]] = {}

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{key}"[:200]

    @asynccontextmanager
    async def _one_booking_at_a_time(self, key: str, *, urgent: bool) -> AsyncIterator[None]:
        """This process's bookings of ``key`` queue here, urgent ones first (the lock is dropped when
        nobody needs it)."""
        lock, users = self._booking.get(key, (PriorityLock(), 0))
        self._booking[key] = (lock, users + 1)
        try:
            async with lock.held(urgent=urgent):
                yield
        finally:
            lock, users = self._booking[key]
            if users <= 1:
                del self._booking[key]
            else:
                self._booking[key] = (lock, users - 1)

    async def acquire(self, key: str, *, urgent: bool = False) -> None:
        """Wait until one more call for ``key`` fits every window, across every process.

        An urgent call books and then waits outside the queue, so urgent calls pipeline. A background
        call waits for its booked start while still holding the queue: a fan-out never books a long
        run of future slots that a reply to someone's own action would then have to wait behind.
        """
        try:
            async with self._one_booking_at_a_time(key, urgent=urgent):
                start = await self.shared.book(self._key(key), self.windows, self.now(), self.epsilon)
                if not urgent:
                    await self._until(start)
        except StoreError:
            self.fallbacks += 1
            log.warning(
                "shared rate limit unavailable; this process's own limit applies",
                extra={"platform": self.prefix.split(":")[0]},
            )
            await self.fallback.acquire(key, urgent=urgent)
            return
        if urgent:
            await self._until(start)

    async def _until(self, start: float) -> None:
        wait = start - self.now()
        if wait > 0:
            await self.sleep(wait)

    async def defer(self, key: str, seconds: float) -> None:
        """Hold ``key`` for ``seconds`` more in every process (after a 429 with ``Retry-After``)."""
        try:
            await self.shared.hold(self._key(key), self.now() + seconds)
        except StoreError:
            defer = getattr(self.fallback, "defer", None)
            if defer is not None:
                await defer(key, seconds)
