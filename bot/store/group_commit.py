"""Group commit: small writes that arrive together share one transaction.

Every acknowledgement now waits for an inbox insert to commit. Committed one by one, 50 requests in
flight queue 50 times for SQLite's single write lock (and its busy-wait back-off); here the first
write starts a transaction at once and every write that arrives meanwhile goes into the next one,
so a burst costs a few commits instead of one per request. No write waits for a timer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from bot.store.uow import UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")
R = TypeVar("R")


MAX_BATCH = 200
"""Items per transaction at most (a multi-row statement stays well inside SQLite's variable limit)."""


class GroupCommit(Generic[T, R]):
    """Runs ``write(uow, items)`` (one result per item, in order) for many submitted items per transaction."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, write: Callable[[UnitOfWork, list[T]], Awaitable[list[R]]]
    ) -> None:
        self.uow_factory = uow_factory
        self.write = write
        self.transactions = 0
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Write ``item`` and return its result once its transaction has committed.

        Raises:
            Exception: Whatever the transaction raised (every item in it gets the same error).
        """
        loop = asyncio.get_running_loop()
        done: asyncio.Future[R] = loop.create_future()
        self._waiting.append((item, done))
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        return await done

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                async with self.uow_factory() as uow:
                    results = await self.write(uow, [item for item, _ in batch])
                    await uow.commit()
            except Exception as error:  # handed to every caller waiting on this transaction
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            finally:
                self.transactions += 1
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(result)
