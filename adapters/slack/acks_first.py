"""Acknowledgements before turns, without holding turns back under steady load (issue 15).

Slack wants every request acknowledged within 3 seconds, and each acknowledgement here first stores
the event (a write). A turn that starts while requests are still being acknowledged would compete
with them for the database, so a turn lets the requests that were *already in flight when it
started* finish first. Requests that arrive later never delay it: under a steady stream a turn waits
for a handful of acknowledgements already under way (milliseconds), not for a quiet moment that may
never come. The wait is capped (:data:`LIMIT_SECONDS`) in case a request hangs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

LIMIT_SECONDS = 0.5
"""The longest a turn waits for earlier acknowledgements (a request stuck on a slow client)."""


class AcksFirst:
    """Tracks the requests in flight; :meth:`earlier_requests_done` waits for those already there."""

    def __init__(self, limit: float = LIMIT_SECONDS) -> None:
        self.limit = limit
        self._open: set[asyncio.Event] = set()

    @property
    def in_flight(self) -> int:
        """Requests being acknowledged now."""
        return len(self._open)

    @contextlib.asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        """Hold one request in flight inside the block."""
        done = asyncio.Event()
        self._open.add(done)
        try:
            yield
        finally:
            self._open.discard(done)
            done.set()

    async def earlier_requests_done(self) -> None:
        """Wait until every request in flight now has been answered (at most :attr:`limit` seconds)."""
        earlier = [done.wait() for done in self._open]
        if not earlier:
            return
        with contextlib.suppress(TimeoutError):  # under a stuck request turns still progress
            await asyncio.wait_for(asyncio.gather(*earlier), self.limit)
