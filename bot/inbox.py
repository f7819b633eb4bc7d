"""The durable inbox: every inbound event is stored before it is acknowledged (issue 16).

Why an inbox rather than only draining on stop: a drain protects a normal stop, but ``kill -9``, an
out-of-memory kill or a power cut still loses every acknowledged event held in memory, and Slack
never resends an acknowledged request. So an adapter translates the request, stores the event here
(one small insert, in the same database), and only then answers the HTTP request. A worker in the
serving process claims rows and runs the turns; each turn deletes its row in its own transaction
(:meth:`bot.handler.Handler.handle_settled`), so a row exists exactly until the turn's writes are
durable. Rows left by a stopped or killed process are claimed again on the next start, and the
handler's de-duplication mark (``processed_events``) makes a turn that did commit a no-op if it
is ever claimed twice.

The payload (event and routing context) holds user text the identifier guard has not seen yet: it
is sealed with a key derived from ``PLBOT_SECRET_KEY`` (:mod:`bot.store.sealed`), kept only until
its turn is done (or one day, by the retention purge), and never logged.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot import event_codec
from bot.events import Event
from bot.handler import Settle, event_key
from bot.ports import Clock
from bot.sanitise import clean_text
from bot.store.group_commit import GroupCommit
from bot.store.repositories_inbox import NewRow
from bot.store.sealed import Sealer, Unreadable
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
"""How long a claim holds a row: far longer than a turn; then another worker may take it."""
MAX_ATTEMPTS = 5
"""A row claimed this often without its turn finishing is dropped (logged by id, never by content)."""

Route = dict[str, Any]
"""The adapter's routing context: how to answer later (JSON types only)."""


async def _insert(uow: UnitOfWork, rows: list[NewRow]) -> list[int | None]:
    return await uow.inbox.add_many(rows)


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One claimed event: its row id, platform, the event and the adapter's routing context."""

    id: int
    platform: str
    event: Event
    route: Route
    attempts: int = 1


class Inbox:
    """Stores, claims and settles inbox rows for one process."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, sealer: Sealer) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.sealer = sealer
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"[:80]
        self.dropped = 0
        self.repeats = 0
        """Deliveries not stored because the same event was already waiting (a retry, a replay)."""
        self.writes: GroupCommit[NewRow, int | None] = GroupCommit(uow_factory, _insert)

    async def put(self, platform: str, event: Event, route: Route, *, hold: bool = False) -> InboxItem | None:
        """Store an event before it is acknowledged; commits before returning (events stored at the
        same moment share a transaction: :mod:`bot.store.group_commit`).

        Args:
            platform: The adapter's platform name (the worker runs rows of registered platforms).
            event: The normalised event.
            route: What the adapter needs to answer later (JSON types only).
            hold: Store it already claimed by this process, for a turn run at once (a Slack modal).

        Returns:
            The stored item, or None when the same event is already waiting (a repeated delivery).

        Raises:
            bot.store.errors.StoreError: The store is unavailable; the adapter must not acknowledge.
        """
        payload = json.dumps({"event": event_codec.encode(event), "route": route}, separators=(",", ":"))
        now = self.clock.now()
        holder = (self.worker, now + LEASE) if hold else None
        sealed = self.sealer.seal(payload.encode("utf-8"))
        key = clean_text(event_key(event))  # the same key the turn de-duplicates on, once its event is cleaned
        row_id = await self.writes.submit(NewRow(platform, key, sealed, now, holder))
        if row_id is None:
            self.repeats += 1
            return None
        return InboxItem(row_id, platform, event, route)

    async def claim(self, platforms: Sequence[str], limit: int) -> list[InboxItem]:
        """Claim up to ``limit`` waiting events of ``platforms``, oldest first.

        Rows that cannot be opened (the secret key changed) or that failed too often are deleted.
        """
        async with self.uow_factory() as uow:
            rows = await uow.inbox.claim(
                platforms=platforms, now=self.clock.now(), worker=self.worker, lease=LEASE, limit=limit
            )
            items: list[InboxItem] = []
            for row in rows:
                item = self._open(row.id, row.platform, row.payload, row.attempts)
                if item is None:
                    await uow.inbox.delete(row.id)
                    self.dropped += 1
                else:
                    items.append(item)
            await uow.commit()
        return items

    def _open(self, row_id: int, platform: str, payload: str, attempts: int) -> InboxItem | None:
        if attempts > MAX_ATTEMPTS:
            log.error(
                "inbox row dropped after %s attempts", MAX_ATTEMPTS, extra={"platform": platform, "count": row_id}
            )
            return None
        try:
            data = json.loads(self.sealer.open(payload))
            return InboxItem(row_id, platform, event_codec.decode(data["event"]), dict(data["route"]), attempts)
        except (Unreadable, ValueError, KeyError, TypeError) as error:
            log.error(
                "inbox row unreadable (was PLBOT_SECRET_KEY changed?): dropped",
                extra={"platform": platform, "count": row_id, "event_type": type(error).__name__},
            )
            return None

    def settle(self, item: InboxItem) -> Settle:
        """The writes that end ``item`` inside its turn's transaction: delete its row."""

        async def delete_row(uow: UnitOfWork) -> None:
            await uow.inbox.delete(item.id)

        return delete_row

    async def forget(self, item: InboxItem) -> None:
        """Delete ``item``'s row on its own (its turn ended without committing the deletion)."""
        async with self.uow_factory() as uow:
            await uow.inbox.delete(item.id)
            await uow.commit()

    async def release(self, items: Sequence[InboxItem]) -> None:
        """Give back claimed rows this process will not run (it is stopping)."""
        async with self.uow_factory() as uow:
            await uow.inbox.release([item.id for item in items], self.worker)
            await uow.commit()

    async def resume(self) -> int:
        """At start: on SQLite (one serving process) free every claim a previous process left.

        On PostgreSQL a claim of a stopped or killed replica is taken over when its lease runs out.

        Returns:
            How many events wait for their turn.
        """
        async with self.uow_factory() as uow:
            if self.uow_factory.engine.dialect.name == "sqlite":
                await uow.inbox.release_all()
                await uow.commit()
            return await uow.inbox.waiting()

    async def depth(self) -> tuple[int, datetime | None]:
        """How many events wait, and when the oldest was received (for ``/metrics``)."""
        async with self.uow_factory() as uow:
            return await uow.inbox.waiting(), await uow.inbox.oldest()
