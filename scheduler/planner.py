"""The planner: what is due → outbox rows, exactly once.

Each tick (about a minute apart) it plans ahead (meeting occurrences with their prompts and
reminders, digests, pulses, event reminders: ``scheduler.planning``) and then takes every planned
nudge that has fallen due through the humane-delivery gate: send it now (rendered fresh and queued
in the outbox under its idempotency key, in the same transaction that marks the nudge enqueued),
defer it to the next allowed moment, or skip it. Work missed while no planner ran is caught up on
the next tick; work past its grace (a prompt after the meeting started, a digest more than 24 h late)
is skipped with a warning, never sent late.

Several planners may run: on PostgreSQL a session advisory lock lets one tick at a time (the others
skip that tick), and the unique keys make any overlap harmless. On SQLite one scheduler process is
enforced at start (``scheduler.lock``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text

from bot.constants import NudgeStatus
from bot.ports import CalendarSource, Clock
from bot.store.models import Meeting
from bot.store.models_nudges import Nudge
from bot.store.uow import UnitOfWork, UnitOfWorkFactory
from scheduler import gate
from scheduler.env import NudgeEnv, load_env
from scheduler.pl_space import plan_pl_space
from scheduler.planning import (
    CHUNK,
    HORIZON,
    PERIODIC_REFRESH,
    REFRESH,
    due_for_refresh,
    plan_digests,
    plan_events,
    plan_meetings,
    plan_pulses,
)
from scheduler.render import render
from scheduler.seminar_jobs import plan_seminars

log = logging.getLogger(__name__)

PLANNER_LOCK = 7420005
MEETINGS_PER_TICK = 500
"""Meetings planned in one tick, those never planned first: a tick stays well under a second on this
machine (about 0.5 s for 500 weekly meetings), so the event loop it shares with the server is never
held for long; while more wait, :attr:`PlanStats.more` asks the ticker to tick again at once."""
DUE_BATCH = 200

Platforms = Callable[[], Sequence[str]]
OnEnqueued = Callable[[], Awaitable[None] | None]


@dataclass
class PlanStats:
    """What one tick did."""

    locked_out: bool = False
    meetings: int = 0
    enqueued: int = 0
    deferred: int = 0
    skipped: int = 0
    stale: int = 0
    seminar_jobs: int = 0
    more: bool = False
    """Meetings are still waiting to be planned: tick again soon (:data:`MEETINGS_PER_TICK` a tick)."""


class Planner:
    """Plans nudges and queues the due ones.

    ``platforms`` are those with a sender (a callable is asked on every tick); ``calendars`` reads
    the meetings kept in a calendar (``.ics``), handed in by the composition root.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        platforms: Platforms | Sequence[str],
        on_enqueued: OnEnqueued | None = None,
        refresh: timedelta = PERIODIC_REFRESH,
        *,
        calendars: CalendarSource,
        meetings_per_tick: int = MEETINGS_PER_TICK,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.calendars = calendars
        self._platforms = platforms
        self.on_enqueued = on_enqueued
        self.refresh = refresh
        self.meetings_per_tick = max(1, meetings_per_tick)
        self._running = asyncio.Lock()
        self.totals = PlanStats()

    @property
    def platforms(self) -> tuple[str, ...]:
        """Platforms with a sender right now."""
        found = self._platforms() if callable(self._platforms) else self._platforms
        return tuple(found)

    @asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[bool]:
        async with self._running:
            engine = self.uow_factory.engine
            if engine.dialect.name != "postgresql":
                yield True
                return
            async with engine.connect() as connection:
                held = bool(await connection.scalar(text(f"SELECT pg_try_advisory_lock({PLANNER_LOCK})")))
                await connection.commit()
                try:
                    yield held
                finally:
                    if held:
                        await connection.execute(text(f"SELECT pg_advisory_unlock({PLANNER_LOCK})"))
                        await connection.commit()

    async def tick(self) -> PlanStats:
        """Plan ahead and queue everything due now; returns what was done."""
        stats = PlanStats()
        platforms = self.platforms
        if not platforms:
            return stats
        async with self._exclusive() as held:
            if not held:
                stats.locked_out = True
                return stats
            now = self.clock.now()
            await self._seminars(now, stats)
            async with self.uow_factory() as uow:  # most ticks find nothing to do: find out cheaply
                stale = await uow.nudge_config.meetings_planned_before(
                    now + HORIZON - REFRESH, limit=self.meetings_per_tick + 1
                )
                stats.more, stale = len(stale) > self.meetings_per_tick, stale[: self.meetings_per_tick]
                last = await uow.nudge_config.mark("periodic")
                periodic = last is None or not now - self.refresh < last <= now
                if not (stale or periodic or await uow.nudges.any_due(now, platforms)):
                    return stats
                env = await load_env(uow, platforms)
            if env is None:
                return stats
            await self._plan(now, env, stale, stats)
            await self._due(now, env, stats)
        self._add(stats)
        if stats.enqueued and self.on_enqueued is not None:
            result = self.on_enqueued()
            if result is not None:
                await result
        return stats

    async def _seminars(self, now: datetime, stats: PlanStats) -> None:
        """Seminar jobs (votes closing, non-voter reminders, case-map retention): every tick."""
        try:
            async with self.uow_factory() as uow:
                stats.seminar_jobs += await plan_seminars(uow, now)
                await uow.commit()
        except Exception:  # the seminar jobs must never stop the nudges
            log.exception("seminar jobs failed")

    async def _plan(self, now: datetime, env: NudgeEnv, stale: Sequence[Meeting], stats: PlanStats) -> None:
        for start in range(0, len(stale), CHUNK):
            async with self.uow_factory() as uow:
                stats.meetings += await plan_meetings(uow, env, now, stale[start : start + CHUNK], self.calendars)
                await uow.commit()
        async with self.uow_factory() as uow:
            if await due_for_refresh(uow, "periodic", now, self.refresh):
                await plan_digests(uow, env, now)
                await plan_pulses(uow, env, now)
                await plan_events(uow, env, now)
                await plan_pl_space(uow, env, now)
                await uow.commit()

    async def _due(self, now: datetime, env: NudgeEnv, stats: PlanStats) -> None:
        while True:
            async with self.uow_factory() as uow:
                due = await uow.nudges.due(now, DUE_BATCH, env.platforms)
                ledger = gate.Ledger(uow)
                low = [n.person_id for n in due if n.person_id is not None and n.kind in gate.LOW_PRIORITY]
                await ledger.prefetch([n.person_id for n in due if n.person_id is not None], low)
                loaded = await uow.occurrences.load([n.occurrence_id for n in due if n.occurrence_id is not None])
                for nudge in due:
                    await self._one(uow, env, nudge, now, stats, ledger)
                del loaded
                await uow.commit()
            if len(due) < DUE_BATCH:
                return

    async def _one(  # noqa: PLR0917 - one due nudge and its batch's context
        self, uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, now: datetime, stats: PlanStats, ledger: gate.Ledger
    ) -> None:
        decision = await gate.check(uow, env, nudge, now, ledger)
        if decision.action == "defer" and decision.at is not None:
            nudge.due_at = decision.at
            stats.deferred += 1
            return
        if decision.action == "skip":
            self._skip(nudge, decision.reason, stats)
            return
        message = await render(uow, env, nudge, now, self.calendars)
        if message is None:
            self._skip(nudge, "nothing to say", stats)
            return
        await uow.outbox.enqueue(message, due_at=now, now=now, background=True)
        nudge.status, nudge.enqueued_at = NudgeStatus.ENQUEUED, now
        nudge.budget_week = gate.budget_week(env, nudge, now)
        ledger.add(nudge)
        stats.enqueued += 1

    @staticmethod
    def _skip(nudge: Nudge, reason: str, stats: PlanStats) -> None:
        nudge.status, nudge.skip_reason = NudgeStatus.SKIPPED, reason[:80]
        stats.skipped += 1
        if reason.startswith(("past grace", "no allowed time")) and nudge.kind == "digest":
            stats.stale += 1
            log.warning("a digest was skipped rather than sent late", extra={"purpose": "digest", "status": "skipped"})

    def _add(self, stats: PlanStats) -> None:
        for name in ("meetings", "enqueued", "deferred", "skipped", "stale"):
            setattr(self.totals, name, getattr(self.totals, name) + getattr(stats, name))

    async def next_due(self) -> datetime | None:
        """When the next planned nudge falls due (for simulations)."""
        async with self.uow_factory() as uow:
            return await uow.nudges.next_due()
