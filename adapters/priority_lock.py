"""A lock that lets urgent callers in first: replies to a person's own action before background fan-out.

``asyncio.Lock`` wakes its waiters in arrival order, so a reply queued behind a thousand digest posts
waits for all of them. :class:`PriorityLock` keeps two queues: when the lock is released, the oldest
urgent waiter gets it, and a background waiter only when no urgent one waits. Within each queue the
order is arrival order. A waiter that is cancelled leaves its queue (or hands the lock on, if it had
been given the lock just as it was cancelled).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class PriorityLock:
    """A mutual-exclusion lock with two classes of waiters, urgent first."""

    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._background: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """How many callers wait for the lock."""
        return len(self._urgent) + len(self._background)

    def locked(self) -> bool:
        """True while someone holds the lock."""
        return self._held

    async def acquire(self, *, urgent: bool = False) -> None:
        """Wait for the lock: urgent callers go before every background caller that still waits."""
        if not self._held and not self.waiting:
            self._held = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._urgent if urgent else self._background
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the lock was handed over just as we were cancelled: pass it on
            else:
                queue.remove(waiter)
            raise

    def release(self) -> None:
        """Hand the lock to the next waiter (urgent first), or free it."""
        for queue in (self._urgent, self._background):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the lock stays held: it passes to this waiter
                    return
        self._held = False

    @asynccontextmanager
    async def held(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """``async with lock.held(urgent=…)``: hold the lock inside the block."""
        await self.acquire(urgent=urgent)
        try:
            yield
        finally:
            self.release()
