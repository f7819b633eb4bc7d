"""Stopping in process: readiness first, turns and sends in flight finish, the rest is kept (issue 16)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from sqlalchemy import func, select

from adapters.http import LIFECYCLE_KEY, build_app
from adapters.inbox import InboxWorker
from bot.inbox import Inbox, InboxItem
from bot.ports import SendResult
from bot.replies import OutgoingMessage, Reply, Target, say
from bot.store.models import Celebration, OutboxMessage
from bot.store.models_inbox import InboxRow
from bot.store.sealed import Sealer
from bot.store.uow import session_of
from scheduler.runner import Ticker
from tests.adapters.slack.conftest import start_server
from tests.conftest import Bot
from tests.factories import command


class Gate:
    """A platform whose turns wait at a gate the test opens; replies are recorded."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.open = asyncio.Event()
        self.delivered: list[list[Reply]] = []

    @contextlib.asynccontextmanager
    async def turn_scope(self, _item: InboxItem) -> AsyncIterator[None]:
        self.entered.set()
        await self.open.wait()
        yield

    async def deliver(self, _item: InboxItem, replies: list[Reply]) -> None:
        self.delivered.append(replies)


async def count(bot: Bot, model: type[Any]) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(model)) or 0)


async def leases(bot: Bot) -> list[object]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(InboxRow.lease_until))).all())


async def worker_with_three_waiting(bot: Bot) -> tuple[InboxWorker, Gate]:
    worker = InboxWorker(Inbox(bot.uow_factory, bot.clock, Sealer("s")), bot.handler, concurrency=1)
    gate = Gate()
    worker.register("slack", gate)
    for n in range(3):
        assert await worker.accept("slack", command("celebrate", f"@sam.okafor thanks {n}"), {})
    return worker, gate


async def test_readiness_answers_503_once_the_server_is_draining(bot: Bot) -> None:
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    runner, url = await start_server(app)
    base = url.removesuffix("/slack/events")
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/readyz") as response:
            assert response.status == 200
        app[LIFECYCLE_KEY].draining = True
        async with session.get(f"{base}/readyz") as response:
            assert (response.status, await response.json()) == (503, {"status": "draining"})
        async with session.get(f"{base}/healthz") as response:
            assert response.status == 200  # alive, just not taking work
    await runner.cleanup()


async def test_stopping_lets_the_turn_in_flight_finish_and_keeps_the_waiting_events(bot: Bot) -> None:
    worker, gate = await worker_with_three_waiting(bot)
    await worker.start()
    await gate.entered.wait()
    stopping = asyncio.create_task(worker.stop(grace=30))
    gate.open.set()
    await stopping
    assert await count(bot, Celebration) == 1
    assert len(gate.delivered) == 1  # its reply was posted before the stop returned
    assert await leases(bot) == [None, None]  # the other two wait, unclaimed, for the next start


async def test_a_turn_still_running_after_the_grace_period_is_cut_and_its_event_kept(bot: Bot) -> None:
    worker, gate = await worker_with_three_waiting(bot)
    await worker.start()
    await gate.entered.wait()
    await worker.stop(grace=0.05)  # the gate never opens
    assert await count(bot, Celebration) == 0
    assert await leases(bot) == [None, None, None]  # released: a new process takes them at once


class BlockingSender:
    """Sends instantly, except that the first send waits for the test."""

    platform = "slack"

    def __init__(self) -> None:
        self.entered, self.open, self.sent = asyncio.Event(), asyncio.Event(), 0

    async def send(self, _message: OutgoingMessage) -> SendResult:
        self.entered.set()
        await self.open.wait()
        self.sent += 1
        return SendResult("sent", message_id=f"m{self.sent}")


async def test_the_outbox_send_in_flight_finishes_and_claimed_rows_go_back_to_pending(bot: Bot) -> None:
    sender = BlockingSender()
    bot.deliverer.senders["slack"] = sender
    async with bot.uow_factory() as uow:
        for n in range(3):
            message = OutgoingMessage(
                target=Target(platform="slack", kind="channel", address="C1"), reply=say("hi"), idempotency_key=f"k{n}"
            )
            await uow.outbox.enqueue(message, due_at=bot.clock.now(), now=bot.clock.now())
        await uow.commit()
    ticker = Ticker(bot.deliverer)
    ticker.start()
    ticker.wake()
    await sender.entered.wait()
    draining = asyncio.create_task(ticker.drain(30))
    sender.open.set()
    await draining
    async with bot.uow_factory() as uow:
        rows = (await session_of(uow).scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert [(r.status, r.attempts) for r in rows] == [("sent", 1), ("pending", 0), ("pending", 0)]
