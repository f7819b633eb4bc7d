"""A scheduler or deliverer as a real OS process, for the exactly-once tests.

``python -m tests.scheduler.proc_worker MODE --url URL [--schema S] …``

- ``scheduler``: planner + deliverer on a clock shared through a file (the test moves it; every
  process ticks at every moment, in lockstep, as replicas on one real clock would); deliveries are
  recorded in the ``test_deliveries`` table through a separate connection (the outside world).
- ``deliver``: a deliverer that drains due rows once, recording deliveries in the same table.
- ``http``: a deliverer sending to a fake Slack over loopback HTTP, with ``find_sent`` asking the
  fake Slack for the idempotency key (message metadata); the test may ``kill -9`` it at any time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.calendar_source import IcsCalendars
from bot.ports import SendResult
from bot.replies import OutgoingMessage
from bot.store.db import make_engine
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from scheduler.outbox import Deliverer
from scheduler.planner import Planner

POLL = 0.003  # waiting for another process (the test moving the shared clock), not for time


def engine_for(url: str, schema: str) -> AsyncEngine:
    """An engine on the test's database (its own PostgreSQL schema when given)."""
    if schema:
        return make_engine(url, connect_args={"server_settings": {"search_path": schema}})
    return make_engine(url)


class TableSender:
    """Records every delivery in ``test_deliveries`` (committed at once, like a platform would)."""

    def __init__(self, platform: str, engine: AsyncEngine, name: str) -> None:
        self.platform, self.engine, self.name = platform, engine, name

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Record the delivery."""
        async with self.engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO test_deliveries (key, worker) VALUES (:key, :worker)"),
                {"key": message.idempotency_key, "worker": self.name},
            )
        return SendResult("sent", message_id=f"{self.name}:{message.idempotency_key}")


class HttpSlack:
    """A Slack-like sender over loopback HTTP, with a message-metadata lookup."""

    platform = "slack"

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = aiohttp.ClientSession()

    async def send(self, message: OutgoingMessage) -> SendResult:
        """``chat.postMessage`` with the idempotency key in the metadata."""
        body = {"channel": message.target.address, "metadata": {"event_payload": {"key": message.idempotency_key}}}
        try:
            async with self.session.post(f"{self.base}/chat.postMessage", json=body) as response:
                data: dict[str, Any] = await response.json()
        except aiohttp.ClientError:
            return SendResult("unknown", error="connection lost")
        return SendResult("sent", message_id=str(data["ts"]))

    async def find_sent(self, message: OutgoingMessage) -> str | None:
        """Search the channel's history for the key."""
        params = {"channel": message.target.address, "key": message.idempotency_key}
        async with self.session.get(f"{self.base}/conversations.history", params=params) as response:
            data: dict[str, Any] = await response.json()
        return str(data["ts"]) if data.get("ts") else None


async def scheduler_mode(args: argparse.Namespace) -> None:
    """Tick at every moment the shared clock shows, until it says stop."""
    engine = engine_for(args.url, args.schema)
    uow_factory = UnitOfWorkFactory(engine)
    clock_file, done_file = Path(args.clock), Path(args.done)
    clock = FakeClock(datetime.fromisoformat(clock_file.read_text().strip()))  # noqa: ASYNC240 - a tiny local file
    sender = TableSender("slack", engine, args.name)
    deliverer = Deliverer(uow_factory, clock, {"slack": sender})
    planner = Planner(uow_factory, clock, ["slack"], refresh=timedelta(hours=6), calendars=IcsCalendars())
    last = ""
    while True:
        shown = clock_file.read_text().strip()  # noqa: ASYNC240 - a tiny local file
        if shown == "stop":
            break
        if not shown or shown == last:
            await asyncio.sleep(POLL)
            continue
        clock.set(datetime.fromisoformat(shown))
        while (await planner.tick()).locked_out:  # noqa: ASYNC110 - another replica is planning this moment
            await asyncio.sleep(POLL)
        while await deliverer.deliver_due(limit=100):
            pass
        last = shown
        done_file.write_text(shown)  # noqa: ASYNC240 - a tiny local file
    await engine.dispose()


async def deliver_mode(args: argparse.Namespace) -> None:
    """Drain every due row once."""
    engine = engine_for(args.url, args.schema)
    clock = FakeClock(datetime.fromisoformat(args.now))
    deliverer = Deliverer(UnitOfWorkFactory(engine), clock, {"slack": TableSender("slack", engine, args.name)})
    idle = 0
    while idle < 3:
        idle = idle + 1 if not await deliverer.deliver_due(limit=int(args.batch)) else 0
    await engine.dispose()


async def http_mode(args: argparse.Namespace) -> None:
    """Drain every due row to the fake Slack (and reconcile whatever a killed predecessor left)."""
    engine = engine_for(args.url, args.schema)
    clock = FakeClock(datetime.fromisoformat(args.now))
    slack = HttpSlack(args.slack)
    deliverer = Deliverer(UnitOfWorkFactory(engine), clock, {"slack": slack})
    print(json.dumps({"ready": os.getpid()}), flush=True)  # noqa: T201 - the test reads this line
    idle = 0
    while idle < 2:
        idle = idle + 1 if not await deliverer.deliver_due(limit=5) else 0
    await slack.session.close()
    await engine.dispose()


def main() -> None:
    """Parse arguments and run one mode."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["scheduler", "deliver", "http"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--schema", default="")
    parser.add_argument("--name", default=str(os.getpid()))
    parser.add_argument("--clock", default="")
    parser.add_argument("--done", default="")
    parser.add_argument("--now", default="")
    parser.add_argument("--batch", default="50")
    parser.add_argument("--slack", default="")
    args = parser.parse_args()
    mode = {"scheduler": scheduler_mode, "deliver": deliver_mode, "http": http_mode}[args.mode]
    asyncio.run(mode(args))
    sys.exit(0)


if __name__ == "__main__":
    main()
