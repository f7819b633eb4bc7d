"""The inbox worker: runs the turns of stored events, in the serving process (issue 16).

Adapters call :meth:`InboxWorker.accept` before they acknowledge a request: it stores the
normalised event and the adapter's routing context (:class:`bot.inbox.Inbox`) and wakes the worker.
When the store fails, nothing is acknowledged: the request is answered 503 (see
:func:`watching_store`) and the platform or the person retries.

The worker claims the oldest waiting rows (as many as it has free turn slots: two on SQLite, where
turns mostly wait for the write lock; four on PostgreSQL), and for each runs the turn through
:meth:`bot.handler.Handler.handle_settled`, which deletes the row in the turn's own transaction.
The replies are then posted by the platform (:class:`InboxPlatform`) outside the turn slot. On stop,
no new rows are claimed, turns and posts in flight get the grace period, anything still running is
cancelled (its transaction rolls back) and its row released for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from typing import Any, Protocol

from aiohttp import web

from adapters.wiring import Wiring
from bot.events import Event
from bot.handler import Handler
from bot.inbox import Inbox, InboxItem, Route
from bot.replies import Reply
from bot.store.errors import StoreError
from bot.store.sealed import Sealer

log = logging.getLogger(__name__)

TURN_CONCURRENCY = 2
"""Turns run at once on SQLite: more only queue on the database's write lock (SQLite has one writer)."""
TURN_CONCURRENCY_POSTGRES = 4
"""Turns run at once on PostgreSQL, where turns of different conversations never wait for each other
(Teams still runs one conversation's turns in order): a turn mostly waits for round trips to the
server, so a few at once use the time. Four leave most of the default pool of 15 connections to acknowledgements, the
outbox and the planner."""
POLL_SECONDS = 2.0
"""How often an idle worker looks for rows it was not woken for (another replica's, resumed ones)."""
PREFETCH = 8
"""Rows claimed at once: each claim is a write, so claiming one row per turn would double the
commits (and the waits for SQLite's write lock). Claimed rows wait here a fraction of their lease."""

Enrich = Callable[[Event], Awaitable[Event]]
"""A platform's last look at an event before its turn (Slack: the person's locale from ``users.info``)."""

_STORE_FAILURES: ContextVar[list[str] | None] = ContextVar("plbot_inbox_store_failures", default=None)


@contextlib.contextmanager
def watching_store() -> Iterator[list[str]]:
    """Collect, for one HTTP request, the events that could not be stored: answer 503 if any."""
    failures: list[str] = []
    token = _STORE_FAILURES.set(failures)
    try:
        yield failures
    finally:
        _STORE_FAILURES.reset(token)


class InboxPlatform(Protocol):
    """What a platform adapter gives the worker for its events."""

    def turn_scope(self, item: InboxItem) -> AbstractAsyncContextManager[None]:
        """Held around the turn (Teams: the conversation's lock; Slack: acknowledgements first)."""

    async def deliver(self, item: InboxItem, replies: list[Reply]) -> None:
        """Post the turn's replies where ``item``'s routing context says (failures logged, not raised)."""


class InboxWorker:
    """Claims stored events and runs their turns; one per serving process."""

    def __init__(self, inbox: Inbox, handler: Handler, *, concurrency: int = TURN_CONCURRENCY) -> None:
        self.inbox = inbox
        self.handler = handler
        self.concurrency = max(1, concurrency)
        self.platforms: dict[str, InboxPlatform] = {}
        self.enrichers: dict[str, Enrich] = {}
        self.failures = 0
        self._wake = asyncio.Event()
        self._look = True
        """Rows may wait that this worker has not claimed: an event was stored, the poll came round, or
        the last claim was full. A freed turn slot alone does not look (it would cost an empty claim,
        a write transaction, after every turn)."""
        self._idle = asyncio.Event()
        self._turns: dict[asyncio.Task[None], InboxItem] = {}
        self._ready: deque[InboxItem] = deque()
        self._posts: set[asyncio.Task[None]] = set()
        self._loop: asyncio.Task[None] | None = None
        self._stop: asyncio.Task[None] | None = None
        self.stopping = False

    def register(self, platform: str, runner: InboxPlatform) -> None:
        """Run the turns of ``platform``'s events with ``runner``."""
        self.platforms[platform] = runner

    def enrich_with(self, platform: str, enrich: Enrich | None) -> None:
        """Pass ``platform``'s events through ``enrich`` just before their turns, inside the turn scope (so
        Slack's acknowledgements still go first); None removes it. A failing enrichment leaves the event as it was."""
        if enrich is None:
            self.enrichers.pop(platform, None)
        else:
            self.enrichers[platform] = enrich

    # --- storing -------------------------------------------------------------------------------

    async def accept(self, platform: str, event: Event, route: Route) -> bool:
        """Store an event before its acknowledgement and wake the worker.

        Returns:
            True when stored (or already waiting): acknowledge. False when the store failed: do not
            acknowledge (the failure is noted for :func:`watching_store`).
        """
        try:
            await self.inbox.put(platform, event, route)
        except StoreError as error:
            self._not_stored(platform, error)
            return False
        self.wake()
        return True

    async def hold(self, platform: str, event: Event, route: Route) -> InboxItem | None:
        """Store an event already claimed by this process, for a turn run at once (:meth:`run_turn`).

        Returns:
            The claimed item, or None when the same event is already waiting (nothing to run).

        Raises:
            StoreError: The store failed (noted for :func:`watching_store`); do not acknowledge.
        """
        try:
            return await self.inbox.put(platform, event, route, hold=True)
        except StoreError as error:
            self._not_stored(platform, error)
            raise

    @staticmethod
    def _not_stored(platform: str, error: Exception) -> None:
        log.error(
            "inbound event not stored: not acknowledged",
            extra={"platform": platform, "event_type": type(error).__name__},
        )
        failures = _STORE_FAILURES.get()
        if failures is not None:
            failures.append(platform)

    # --- running -------------------------------------------------------------------------------

    async def run_turn(self, item: InboxItem) -> list[Reply]:
        """Run ``item``'s turn (its row deleted in the turn's transaction); returns the replies."""
        async with self.platforms[item.platform].turn_scope(item):
            event = await self._enriched(item)
            replies, settled = await self.handler.handle_settled(event, self.inbox.settle(item))
        if not settled:  # a bot's event, or a failed turn whose author was asked to try again
            try:
                await self.inbox.forget(item)
            except StoreError as error:
                log.warning("inbox row kept", extra={"platform": item.platform, "event_type": type(error).__name__})
        return replies

    async def _enriched(self, item: InboxItem) -> Event:
        """``item``'s event after its platform's enrichment; unchanged when there is none or it failed."""
        enrich = self.enrichers.get(item.platform)
        if enrich is None:
            return item.event
        try:
            return await enrich(item.event)
        except Exception as error:  # an enrichment never fails a turn
            log.warning(
                "inbox event not enriched", extra={"platform": item.platform, "event_type": type(error).__name__}
            )
            return item.event

    async def _turn(self, item: InboxItem) -> None:
        replies = await self.run_turn(item)
        self._track_post(self.platforms[item.platform].deliver(item, replies))

    def _track_post(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._posts.add(task)
        task.add_done_callback(self._post_done)

    def _post_done(self, task: asyncio.Task[None]) -> None:
        self._posts.discard(task)
        self._count_failure(task, "inbox reply delivery failed")
        self._nudge()

    def _turn_done(self, task: asyncio.Task[None]) -> None:
        item = self._turns.pop(task, None)
        self._count_failure(task, "inbox turn failed", item.platform if item else "")
        self._nudge()

    def _count_failure(self, task: asyncio.Task[None], message: str, platform: str = "") -> None:
        if not task.cancelled() and task.exception() is not None:
            self.failures += 1
            log.error(message, extra={"platform": platform, "event_type": type(task.exception()).__name__})

    def wake(self) -> None:
        """Look for rows now (an event was stored, or a caller wants the worker to look)."""
        self._look = True
        self._nudge()

    def _nudge(self) -> None:
        """Start claimed rows in free turn slots, and settle whether the worker is idle, without a claim."""
        self._idle.clear()
        self._wake.set()

    async def start(self, _app: web.Application | None = None) -> None:
        """Resume what a previous process left, and start claiming."""
        if self._loop is not None:
            return
        try:
            waiting = await self.inbox.resume()
        except StoreError as error:
            log.error("inbox not resumed", extra={"event_type": type(error).__name__})
            waiting = 0
        if waiting:
            log.info("inbox: resuming %s stored events", waiting, extra={"count": waiting})
        self._loop = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while not self.stopping:
            self._wake.clear()
            if self._free() and not self._ready and self._look:
                self._look = False  # an event stored while the claim runs sets it again
                claimed = await self._claim(PREFETCH)
                self._ready.extend(claimed)
                if len(claimed) == PREFETCH:
                    self._look = True
            if self.stopping:
                break
            while self._free() and self._ready:
                self._start(self._ready.popleft())
            if not (self._ready or self._turns or self._posts or self._wake.is_set()):
                self._idle.set()
            if self._look and self._free():
                continue  # every claimed row started: more may wait
            try:
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            except TimeoutError:
                self._look = True  # the poll: another replica's rows, leases run out
        await self._release(list(self._ready))
        self._ready.clear()

    def _free(self) -> int:
        return self.concurrency - len(self._turns)

    def _start(self, item: InboxItem) -> None:
        task = asyncio.get_running_loop().create_task(self._turn(item))
        self._turns[task] = item
        task.add_done_callback(self._turn_done)

    async def _claim(self, limit: int) -> list[InboxItem]:
        try:
            return await self.inbox.claim(list(self.platforms), limit)
        except StoreError as error:
            log.warning("inbox claim failed", extra={"event_type": type(error).__name__})
            return []

    async def _release(self, items: list[InboxItem]) -> None:
        if not items:
            return
        try:
            await self.inbox.release(items)
        except StoreError as error:
            log.warning("inbox claims not released", extra={"event_type": type(error).__name__})

    async def drain(self) -> None:
        """Wait until no stored event of a registered platform waits and nothing runs (tests, benchmarks)."""
        if self._loop is None or self._loop.done():
            await self._finish(float("inf"))
            return
        self.wake()
        await self._idle.wait()

    # --- stopping ------------------------------------------------------------------------------

    async def stop(self, grace: float) -> None:
        """Stop claiming; give turns and posts in flight ``grace`` seconds; cancel and release the rest.

        Calling it again waits for the first call to finish.
        """
        if self._stop is None:
            self._stop = asyncio.get_running_loop().create_task(self._stopping_within(grace))
        await asyncio.shield(self._stop)

    async def _stopping_within(self, grace: float) -> None:
        self.stopping = True
        self._wake.set()
        if self._loop is not None:
            await self._loop
        await self._finish(grace)

    async def _finish(self, grace: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while self._turns or self._posts:
            left = deadline - loop.time()
            if left <= 0:
                break
            await asyncio.wait({*self._turns, *self._posts}, timeout=left)
        unfinished, unposted = dict(self._turns), set(self._posts)
        for task in [*unfinished, *unposted]:
            task.cancel()
        await asyncio.gather(*unfinished, *unposted, return_exceptions=True)
        if unposted:
            log.warning("inbox: replies of %s finished turns not posted at shutdown", len(unposted))
        if unfinished:
            log.warning("inbox: %s turns cut at shutdown, kept for the next start", len(unfinished))
            await self._release(list(unfinished.values()))


INBOX_WORKER_KEY: web.AppKey[InboxWorker] = web.AppKey("inbox_worker", InboxWorker)


def inbox_worker(app: web.Application, wiring: Wiring) -> InboxWorker:
    """The server's one inbox worker, created (and tied to the server's start and stop) on first use."""
    worker = app.get(INBOX_WORKER_KEY)
    if worker is None:
        sealer = Sealer(wiring.settings.secret_key.get_secret_value())
        if sealer.development:
            log.warning("PLBOT_SECRET_KEY is empty: stored inbound events are sealed with a development key")
        postgres = wiring.uow_factory.engine.dialect.name == "postgresql"
        worker = InboxWorker(
            Inbox(wiring.uow_factory, wiring.clock, sealer),
            wiring.handler,
            concurrency=TURN_CONCURRENCY_POSTGRES if postgres else TURN_CONCURRENCY,
        )
        app[INBOX_WORKER_KEY] = worker
        app.on_startup.append(worker.start)
        grace = wiring.settings.drain_seconds

        async def stop(_app: web.Application) -> None:
            await worker.stop(grace)

        app.on_shutdown.append(stop)
    return worker
