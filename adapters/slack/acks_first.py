"""Acknowledgements before turns, without holding turns back under steady load (issue 15).

Slack wants every request acknowledged within 3 seconds, and each acknowledgement here first stores
the event (a write). Turns compete with acknowledgements for the CPU and for the database, so a turn
waits, before it starts, for two things:

- the requests that were *already in flight when it started*: their acknowledgements come first;
- in a burst (more than :data:`BURST` requests in flight at once), for the burst to thin out.

Under a steady stream a handful of requests are in flight at any moment, so a turn waits only for
the acknowledgements already under way (milliseconds), never for a quiet moment that may not come.
In a burst, turns give way until it passes, so acknowledgements stay fast. Either wait is capped
(:data:`LIMIT_SECONDS`): under a burst that never ends, or a request that hangs, turns still go on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

LIMIT_SECONDS = 0.5
"""The longest a turn waits for acknowledgements (a request stuck on a slow client, an endless burst)."""
BURST = 8
"""More requests than this in flight at once is a burst: turns wait for it to thin out. A steady
stream of tens of requests a second has one or two in flight at a time."""


class AcksFirst:
    """Tracks the requests in flight; :meth:`earlier_requests_done` lets their acknowledgements go first."""

    def __init__(self, limit: float = LIMIT_SECONDS, burst: int = BURST) -> None:
        self.limit = limit
        self.burst = burst
        self._open: set[asyncio.Event] = set()
        self._calm = asyncio.Event()
        self._calm.set()

    @property
    def in_flight(self) -> int:
        """Requests being acknowledged now."""
        return len(self._open)

    @contextlib.asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        """Hold one request in flight inside the block."""
        done = asyncio.Event()
        self._open.add(done)
        if len(self._open) > self.burst:
            self._calm.clear()
        try:
            yield
        finally:
            self._open.discard(done)
            done.set()
            if len(self._open) <= self.burst:
                self._calm.set()

    async def earlier_requests_done(self) -> None:
        """Wait until every request in flight now has been answered and no burst is under way (at most
        :attr:`limit` seconds)."""
        waits = [done.wait() for done in self._open]
        if not self._calm.is_set():
            waits.append(self._calm.wait())
        if not waits:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*waits), self.limit)
