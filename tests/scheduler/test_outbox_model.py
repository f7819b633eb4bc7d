"""A model-based test of the outbox (hypothesis ``RuleBasedStateMachine``).

Two workers enqueue, claim, send, record, crash (at any point between claim, send and record),
let leases expire, reconcile and deliver, against a Slack-like platform that can look messages up.
Invariant: no idempotency key is ever posted twice. In the end, after the leases of dead workers
expire and the survivors reconcile and deliver, every enqueued key was posted exactly once.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy.pool import StaticPool

from bot.ports import SendResult
from bot.store.all_models import metadata
from bot.store.db import make_engine
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from scheduler.outbox import LEASE, Deliverer
from tests.conftest import START
from tests.scheduler.fakes import FakeSlack, message

T = TypeVar("T")
KEYS = [f"digest:slack:C{n}:2026-W48" for n in range(3)]
EXAMPLES = int(os.environ.get("PLBOT_HYPOTHESIS_EXAMPLES", "60"))


class OutboxMachine(RuleBasedStateMachine):
    """The outbox, two deliverers and a fake Slack."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.engine = make_engine("sqlite+aiosqlite://", poolclass=StaticPool)
        self.run(self._create())
        self.uow_factory = UnitOfWorkFactory(self.engine)
        self.clock = FakeClock(START)
        self.slack = FakeSlack()
        self.workers = [self._worker(), self._worker()]
        self.claimed: list[list[int]] = [[], []]
        self.unrecorded: list[list[tuple[int, SendResult]]] = [[], []]
        self.enqueued: set[str] = set()

    async def _create(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def _worker(self) -> Deliverer:
        return Deliverer(self.uow_factory, self.clock, {"slack": self.slack})

    @rule(key=st.sampled_from(KEYS))
    def enqueue(self, key: str) -> None:
        async def go() -> None:
            async with self.uow_factory() as uow:
                await uow.outbox.enqueue(message(key), due_at=self.clock.now(), now=self.clock.now())
                await uow.commit()

        self.run(go())
        self.enqueued.add(key)

    @rule(w=st.integers(0, 1))
    def claim(self, w: int) -> None:
        self.claimed[w] += self.run(self.workers[w].claim(limit=3))

    @precondition(lambda self: any(self.claimed))
    @rule(w=st.integers(0, 1), reset=st.booleans())
    def send(self, w: int, reset: bool) -> None:
        if not self.claimed[w]:
            return
        row_id = self.claimed[w].pop(0)
        prepared = self.run(self.workers[w].prepare(row_id))
        if prepared is None:
            return
        if reset:
            self.slack.script.append("reset")
        result = self.run(self.workers[w].send(*prepared))
        self.unrecorded[w].append((row_id, result))

    @precondition(lambda self: any(self.unrecorded))
    @rule(w=st.integers(0, 1))
    def record(self, w: int) -> None:
        if self.unrecorded[w]:
            row_id, result = self.unrecorded[w].pop(0)
            self.run(self.workers[w].record(row_id, result))

    @rule(w=st.integers(0, 1))
    def crash(self, w: int) -> None:
        self.claimed[w], self.unrecorded[w] = [], []
        self.workers[w] = self._worker()

    @rule(seconds=st.sampled_from([31, int(LEASE.total_seconds()) + 1]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    @rule(w=st.integers(0, 1))
    def reconcile(self, w: int) -> None:
        self.run(self.workers[w].reconcile())

    @rule(w=st.integers(0, 1))
    def deliver(self, w: int) -> None:
        self.run(self.workers[w].deliver_due())

    @invariant()
    def never_posted_twice(self) -> None:
        for key in KEYS:
            assert self.slack.count(key) <= 1, key

    def teardown(self) -> None:
        try:
            for w in (0, 1):  # survivors finish what they hold, then everyone else's leases run out
                while self.unrecorded[w]:
                    self.record(w)
            survivor = self._worker()
            for _ in range(6):
                self.clock.advance(LEASE + timedelta(minutes=1))
                self.run(survivor.deliver_due(limit=100))
            for key in self.enqueued:
                assert self.slack.count(key) == 1, key
        finally:
            self.run(self.engine.dispose())
            self.loop.close()


OutboxMachine.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=40, deadline=None)
TestOutboxModel = pytest.mark.slow(OutboxMachine.TestCase)
