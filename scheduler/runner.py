"""APScheduler as the ticker only: all state lives in our tables, so a missed tick loses nothing.

Interval jobs on an ``AsyncIOScheduler`` with an in-memory job store: the planner about every
minute, the deliverer every few seconds, and the retention purge once a day. Missed runs are
coalesced into one and never dropped (``misfire_grace_time=None``); whatever fell due meanwhile is
found in the tables on the next run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.store.retention import purge
from scheduler.outbox import Deliverer
from scheduler.planner import Planner

log = logging.getLogger(__name__)

DELIVER_EVERY_SECONDS = 5
PLAN_EVERY_SECONDS = 60


class Ticker:
    """Ticks the deliverer (and the planner, when given); :meth:`wake` runs the deliverer at once."""

    def __init__(
        self,
        deliverer: Deliverer,
        every_seconds: int = DELIVER_EVERY_SECONDS,
        planner: Planner | None = None,
        plan_every_seconds: int = PLAN_EVERY_SECONDS,
    ) -> None:
        self.deliverer = deliverer
        self.planner = planner
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._running = 0
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._delivering = False
        self._express: asyncio.Task[None] | None = None
        common = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        self.job = self.scheduler.add_job(self._deliver, "interval", seconds=every_seconds, id="deliver", **common)
        self.scheduler.add_job(self._purge, "interval", hours=24, id="purge", **common)
        if planner is not None:
            planner.on_enqueued = self.wake
            self.plan_job = self.scheduler.add_job(
                self._plan,
                "interval",
                seconds=plan_every_seconds,
                id="plan",
                next_run_time=datetime.now(UTC),
                **common,
            )

    async def _tracked(self, tick: Callable[[], Awaitable[None]]) -> None:
        """Run one tick, counted so that :meth:`drain` can wait for the ticks in flight."""
        self._running += 1
        self._quiet.clear()
        try:
            await tick()
        finally:
            self._running -= 1
            if not self._running:
                self._quiet.set()

    async def _deliver(self) -> None:
        await self._tracked(self._deliver_once)

    async def _deliver_once(self) -> None:
        self._delivering = True
        try:
            await self.deliverer.deliver_due()
        except Exception:
            log.exception("delivery tick failed")
        finally:
            self._delivering = False

    async def _purge(self) -> None:
        await self._tracked(self._purge_once)

    async def _purge_once(self) -> None:
        """The daily retention purge (idempotent, so several replicas running it is harmless)."""
        try:
            async with self.deliverer.uow_factory() as uow:
                deleted = await purge(uow, self.deliverer.clock.now())
                await uow.commit()
            log.info("retention purge done", extra={"count": sum(deleted.values())})
        except Exception:
            log.exception("retention purge failed")

    async def _plan(self) -> None:
        await self._tracked(self._plan_once)

    async def _plan_once(self) -> None:
        if self.planner is None:
            return
        try:
            stats = await self.planner.tick()
        except Exception:
            log.exception("planner tick failed")
            return
        if stats.more and self.scheduler.running:  # a cold start plans in bounded ticks, one after another
            self.plan_job.modify(next_run_time=datetime.now(UTC))

    def start(self) -> None:
        """Start ticking (needs a running event loop)."""
        self.scheduler.start()

    def wake(self) -> None:
        """Run the deliverer as soon as possible.

        While a batch is still sending (a digest fan-out to many channels), what was just queued by
        someone's own action goes out on an express pass beside it (:meth:`express`), rather than
        waiting for the batch to finish.
        """
        if self.scheduler.running:
            self.job.modify(next_run_time=datetime.now(UTC))
            if self._delivering and self._express is None:
                self._express = asyncio.get_running_loop().create_task(self._tracked(self.express))

    async def express(self) -> None:
        """Send the due rows people's own actions queued, until none is left (one pass at a time)."""
        try:
            while await self.deliverer.deliver_due(urgent_only=True):
                pass
        except Exception:
            log.exception("express delivery failed")
        finally:
            self._express = None

    async def drain(self, seconds: float) -> None:
        """Tick no more; let the ticks in flight finish (the send in flight, not the rest of a batch:
        claimed rows not started are given back), for at most ``seconds``; then stop."""
        self.deliverer.stopping = True
        if self.scheduler.running:
            self.scheduler.pause()
        try:
            await asyncio.wait_for(self._quiet.wait(), seconds)
        except TimeoutError:
            log.warning("outbox sends still running at shutdown", extra={"count": self._running})
        self.stop()

    def stop(self) -> None:
        """Stop ticking."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
