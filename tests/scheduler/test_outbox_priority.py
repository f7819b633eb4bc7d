"""What a person's own action queues is sent before background fan-out, even while a fan-out batch is
still sending (issue 15)."""

from __future__ import annotations

import asyncio

from bot.ports import SendResult
from bot.replies import OutgoingMessage
from scheduler.runner import Ticker
from tests.conftest import Bot
from tests.scheduler.fakes import message


class HeldFanOut:
    """Sends at once, except background digests (``digest:…``), which wait for the test to let them go."""

    platform = "slack"

    def __init__(self) -> None:
        self.fan_out_started, self.release = asyncio.Event(), asyncio.Event()
        self.sent: list[str] = []
        self.urgent: dict[str, bool] = {}

    async def send(self, outgoing: OutgoingMessage) -> SendResult:
        if outgoing.idempotency_key.startswith("digest:"):
            self.fan_out_started.set()
            await self.release.wait()
        self.sent.append(outgoing.idempotency_key)
        self.urgent[outgoing.idempotency_key] = outgoing.urgent
        return SendResult("sent", message_id=f"m{len(self.sent)}")


async def enqueue(bot: Bot, key: str, *, background: bool, channel: str = "C1") -> None:
    async with bot.uow_factory() as uow:
        now = bot.clock.now()
        await uow.outbox.enqueue(message(key, channel=channel), due_at=now, now=now, background=background)
        await uow.commit()


async def test_rows_from_peoples_actions_are_claimed_before_older_background_rows(any_bot: Bot) -> None:
    bot = any_bot
    for n in range(5):
        await enqueue(bot, f"digest:C{n}", background=True, channel=f"C{n}")
    await enqueue(bot, "celebration:1", background=False)
    first = await bot.deliverer.claim(limit=1)
    second = await bot.deliverer.claim(limit=1)
    async with bot.uow_factory() as uow:
        rows = {row.id: row.idempotency_key for row in await uow.outbox.listing(limit=10)}
    assert [rows[i] for i in first + second] == ["celebration:1", "digest:C0"]  # the newest first, then by due
    assert await bot.deliverer.claim(limit=10, urgent_only=True) == []


async def test_an_express_pass_sends_a_celebration_while_a_digest_batch_is_still_sending(bot: Bot) -> None:
    sender = HeldFanOut()
    bot.deliverer.senders["slack"] = sender
    for n in range(3):
        await enqueue(bot, f"digest:C{n}", background=True, channel=f"C{n}")
    ticker = Ticker(bot.deliverer)
    ticker.start()
    ticker.wake()
    await sender.fan_out_started.wait()  # the batch is in flight and holds its rows
    await enqueue(bot, "celebration:1", background=False)
    ticker.wake()  # what the handler does after a turn queued something
    express = ticker._express
    assert express is not None
    await express
    assert sender.sent == ["celebration:1"]  # out while every digest still waits
    sender.release.set()
    await ticker.drain(30)
    assert sorted(sender.sent[1:]) == ["digest:C0", "digest:C1", "digest:C2"]
    # and the sender is told which to let through the platform's limits first
    assert sender.urgent == {"celebration:1": True, "digest:C0": False, "digest:C1": False, "digest:C2": False}
