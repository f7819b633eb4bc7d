"""Sliding-window rate limits for outbound Bot Connector calls, on an injectable clock and sleep.

Teams throttles each bot per conversation (7 operations a second, 8 in 2 seconds, 60 in 30 seconds)
and per app per tenant (50 requests a second, Microsoft's documented global limit; we stay at 45, a
10 % margin for clock skew between replicas and the latency between our count and Teams'). A
:class:`WindowLimiter` waits until one more call fits every window for its key; callers for the same
key queue behind each other.

Teams counts a call when it arrives, which is after we started it. :meth:`WindowLimiter.slot`
therefore keeps one call per key in flight and records it when it completes (never earlier than
its arrival), so spacing measured on our side is never tighter than on Teams' side. The tenant-wide
limit uses :meth:`WindowLimiter.acquire` (recorded at the start; its 45-of-50 margin absorbs latency).

With replicas on PostgreSQL the tenant-wide limit is shared by every process
(:func:`tenant_limiter`: a :class:`~adapters.shared_limits.SharedLimiter` books each call in the
database); the per-conversation limits stay per process.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol

from adapters.priority_lock import PriorityLock
from adapters.shared_limits import SharedLimiter
from bot.ports import SharedState

Window = tuple[int, float]
"""At most ``count`` calls in any ``seconds`` seconds."""

PER_CONVERSATION: tuple[Window, ...] = ((7, 1.0), (8, 2.0), (60, 30.0))
TENANT_LIMIT = 50
"""Requests a second per app per tenant that Teams documents (msteams-docs, rate limiting for bots)."""
TENANT_MARGIN = 0.10
"""Kept below :data:`TENANT_LIMIT`: 10 %, so 45 a second."""
PER_TENANT: tuple[Window, ...] = ((round(TENANT_LIMIT * (1 - TENANT_MARGIN)), 1.0),)

EPSILON = 0.001
"""Added to every wait so a call never lands exactly on a window's edge."""

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class _Key:
    lock: PriorityLock = field(default_factory=PriorityLock)
    stamps: deque[float] = field(default_factory=deque)
    users: int = 0


class WindowLimiter:
    """Waits before each call until it fits every window for its key."""

    def __init__(self, windows: tuple[Window, ...], *, monotonic: Monotonic, sleep: Sleep) -> None:
        self.windows = windows
        self.monotonic = monotonic
        self.sleep = sleep
        self._keys: dict[str, _Key] = {}
        self._horizon = max(seconds for _, seconds in windows)

    def _wait_for(self, stamps: deque[float], now: float) -> float:
        while stamps and now - stamps[0] >= self._horizon:
            stamps.popleft()
        wait = 0.0
        for count, seconds in self.windows:
            recent = [t for t in stamps if now - t < seconds]
            if len(recent) >= count:
                wait = max(wait, recent[-count] + seconds - now + EPSILON)
        return wait

    async def _fits(self, state: _Key) -> None:
        while (wait := self._wait_for(state.stamps, self.monotonic())) > 0:
            await self.sleep(wait)

    def _state(self, key: str) -> _Key:
        if len(self._keys) > 512:
            self.forget_idle()
        return self._keys.setdefault(key, _Key())

    async def acquire(self, key: str, *, urgent: bool = False) -> None:
        """Wait until one more call for ``key`` fits, and count it as made now.

        ``urgent`` calls (replies to a person's own action) go before background calls still waiting.
        """
        state = self._state(key)
        state.users += 1
        try:
            async with state.lock.held(urgent=urgent):
                await self._fits(state)
                state.stamps.append(self.monotonic())
        finally:
            state.users -= 1

    @asynccontextmanager
    async def slot(self, key: str, *, urgent: bool = False) -> AsyncIterator[None]:
        """Make one call for ``key`` inside: it starts when it fits, and is counted when it ends."""
        state = self._state(key)
        state.users += 1
        try:
            async with state.lock.held(urgent=urgent):
                await self._fits(state)
                try:
                    yield
                finally:
                    state.stamps.append(self.monotonic())
        finally:
            state.users -= 1

    def forget_idle(self) -> None:
        """Drop keys with no recent calls (keeps memory flat over many conversations)."""
        now = self.monotonic()
        for key, state in list(self._keys.items()):
            if not state.users and (not state.stamps or now - state.stamps[-1] >= self._horizon):
                del self._keys[key]


class CallLimiter(Protocol):
    """A limit on calls per key: this process's (:class:`WindowLimiter`) or shared (``SharedLimiter``)."""

    async def acquire(self, key: str, *, urgent: bool = False) -> None:
        """Wait until one more call for ``key`` fits, and count it as made now (``urgent`` ones first)."""
        ...


def tenant_limiter(
    shared: SharedState | None, *, monotonic: Monotonic, sleep: Sleep, now: Callable[[], float] = time.time
) -> CallLimiter:
    """The per-tenant limit: shared by every process when ``shared`` is given (PostgreSQL), else this
    process's own :class:`WindowLimiter`."""
    local = WindowLimiter(PER_TENANT, monotonic=monotonic, sleep=sleep)
    if shared is None:
        return local
    return SharedLimiter(
        shared, PER_TENANT, prefix="teams:tenant", fallback=local, now=now, sleep=sleep, epsilon=EPSILON
    )
