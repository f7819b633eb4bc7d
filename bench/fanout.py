"""Fan-out: weekly digests to 1,000 channels through a fake Slack that enforces its rate limits.

The fake Slack (aiohttp on loopback) answers ``chat.postMessage`` and enforces one message per second
per channel and a workspace-wide rate, answering 429 with ``Retry-After`` when either is exceeded.
The outbox deliverer sends through a Slack-like sender that paces itself under both limits. Each
channel gets two messages (its digest and an event reminder), so both limits matter.

The limits are scaled by ``SCALE`` (20×) so the bench runs in well under two minutes: per channel
one message every 1/20 s instead of every second, and a workspace rate of 100/s instead of 5/s.
The figure printed is the wall time as a ratio to the lower bound those limits imply:
``max(messages / workspace rate, messages per channel / channel rate)``; 1.0 would be perfect pacing.

Run: ``.venv/bin/python bench/fanout.py`` (SQLite, a scratch database).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ports import SendResult  # noqa: E402
from bot.replies import OutgoingMessage, Target, say  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.store.uow import UnitOfWorkFactory  # noqa: E402
from scheduler.clock import FakeClock  # noqa: E402
from scheduler.outbox import Deliverer  # noqa: E402

CHANNELS = 1000
PER_CHANNEL = 2
SCALE = 20
CHANNEL_INTERVAL = 1.0 / SCALE  # real Slack: 1 message per second per channel
WORKSPACE_RATE = 5.0 * SCALE  # a conservative 5 messages per second for the workspace, scaled
NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


class FakeSlack:
    """Enforces the limits; counts messages and 429s."""

    def __init__(self) -> None:
        self.last: dict[str, float] = {}
        self.window: list[float] = []
        self.messages: Counter[str] = Counter()
        self.refused = 0

    async def post(self, request: web.Request) -> web.Response:
        body = await request.json()
        channel, now = body["channel"], time.monotonic()
        self.window = [t for t in self.window if now - t < 1.0]
        early = self.last.get(channel, -1e9) + CHANNEL_INTERVAL * 0.95 - now
        if early > 0 or len(self.window) >= WORKSPACE_RATE * 1.05:
            self.refused += 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        self.last[channel] = now
        self.window.append(now)
        self.messages[channel] += 1
        return web.json_response({"ok": True, "ts": f"{sum(self.messages.values())}.000"})


class PacedSlack:
    """A Slack-like sender that paces itself: per-channel interval and a workspace token bucket."""

    platform = "slack"

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = aiohttp.ClientSession()
        self.next_for: dict[str, float] = {}
        self.next_slot = time.monotonic()
        self.lock = asyncio.Lock()

    async def _pace(self, channel: str) -> None:
        async with self.lock:  # book a workspace slot and the channel's next slot
            now = time.monotonic()
            slot = max(now, self.next_slot, self.next_for.get(channel, now))
            self.next_slot = max(self.next_slot, now) + 1.0 / WORKSPACE_RATE
            self.next_for[channel] = slot + CHANNEL_INTERVAL
        delay = slot - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing against a real-time rate limit

    async def send(self, message: OutgoingMessage) -> SendResult:
        channel = message.target.address
        await self._pace(channel)
        body: dict[str, Any] = {"channel": channel, "metadata": {"key": message.idempotency_key}}
        async with self.session.post(f"{self.base}/chat.postMessage", json=body) as response:
            if response.status == 429:
                return SendResult("retry", retry_after=float(response.headers.get("Retry-After", "1")))
            data = await response.json()
        return SendResult("sent", message_id=str(data["ts"]))


async def main() -> None:
    slack = FakeSlack()
    app = web.Application()
    app.router.add_post("/api/chat.postMessage", slack.post)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite+aiosqlite:///{Path(scratch) / 'fanout.db'}")
        await upgrade(engine)
        uow_factory = UnitOfWorkFactory(engine)
        async with uow_factory() as uow:
            for round_ in range(PER_CHANNEL):
                for n in range(CHANNELS):
                    channel = f"C{n:05d}"
                    kind = "digest" if round_ == 0 else "event-reminder"
                    message = OutgoingMessage(
                        target=Target(platform="slack", kind="channel", address=channel),
                        reply=say("This week in your team…"),
                        idempotency_key=f"{kind}:slack:{channel}:2026-W49",
                        purpose=kind,
                    )
                    await uow.outbox.enqueue(message, due_at=NOW, now=NOW)
            await uow.commit()
        sender = PacedSlack(f"http://127.0.0.1:{port}/api")
        deliverer = Deliverer(uow_factory, FakeClock(NOW), {"slack": sender}, concurrency=32)
        started = time.perf_counter()
        while await deliverer.deliver_due(limit=200):
            pass
        wall = time.perf_counter() - started
        await sender.session.close()
        await engine.dispose()
    await runner.cleanup()
    total = CHANNELS * PER_CHANNEL
    bound = max(total / WORKSPACE_RATE, PER_CHANNEL * CHANNEL_INTERVAL)
    print(f"fan-out: {total} messages to {CHANNELS} channels ({PER_CHANNEL} each) on SQLite")
    print(
        f"limits scaled {SCALE}x: 1 msg per {CHANNEL_INTERVAL:.3f} s per channel, {WORKSPACE_RATE:.0f} msg/s workspace"
    )
    print(f"delivered {sum(slack.messages.values())}, 429s {slack.refused}, sent by outbox {deliverer.stats.sent}")
    print(f"wall {wall:.1f} s, lower bound {bound:.1f} s, ratio {wall / bound:.2f}")
    print(f"at real Slack limits this is {wall * SCALE / 60:.0f} min against a floor of {bound * SCALE / 60:.0f} min")
    assert sum(slack.messages.values()) == total, "every message delivered once"
    assert set(slack.messages.values()) == {PER_CHANNEL}


if __name__ == "__main__":
    asyncio.run(main())
