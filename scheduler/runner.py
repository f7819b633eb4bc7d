"""APScheduler as the ticker only: all state lives in our tables, so a missed tick loses nothing."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.outbox import Deliverer

log = logging.getLogger(__name__)

DELIVER_EVERY_SECONDS = 5


class Ticker:
    """Ticks the deliverer every few seconds; :meth:`wake` runs it at once (after a turn queued work)."""

    def __init__(self, deliverer: Deliverer, every_seconds: int = DELIVER_EVERY_SECONDS) -> None:
        self.deliverer = deliverer
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.job = self.scheduler.add_job(
            self._deliver, "interval", seconds=every_seconds, id="deliver", coalesce=True, max_instances=1
        )

    async def _deliver(self) -> None:
        try:
            await self.deliverer.deliver_due()
        except Exception:
            log.exception("delivery tick failed")

    def start(self) -> None:
        """Start ticking (needs a running event loop)."""
        self.scheduler.start()

    def wake(self) -> None:
        """Run the deliverer as soon as possible."""
        if self.scheduler.running:
            self.job.modify(next_run_time=datetime.now(UTC))

    def stop(self) -> None:
        """Stop ticking."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
