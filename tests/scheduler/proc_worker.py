"""A scheduler or deliverer as a real OS process, for the exactly-once tests.

``python -m tests.scheduler.proc_worker MODE --url URL [--schema S] …``, or :func:`start` (below).

- ``scheduler``: planner + deliverer on a shared clock the test moves: it sends each moment down a pipe
  to every process and waits for each to send it back once done (every process ticks at every
  moment, in lockstep, as replicas on one real clock would; only through :func:`start`); deliveries
  are recorded in the ``test_deliveries`` table through a separate connection (the outside world).
- ``deliver``: a deliverer that drains due rows once, recording deliveries in the same table.
- ``http``: a deliverer sending to a fake Slack over loopback HTTP, with ``find_sent`` asking the
  fake Slack for the idempotency key (message metadata); the test may ``kill -9`` it at any time.

:func:`start` runs a mode as a new OS process forked from a server process that has imported this
module once (``multiprocessing``'s forkserver): a fresh interpreter would spend a second or two of
CPU importing, and the kill tests start dozens. Each is still its own process (own pid, memory and
database connections), killed, waited on and judged by its exit code like any other.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
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
from scheduler.planner import PLANNER_LOCK, Planner


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


async def received(channel: Connection) -> object:
    """The next object sent down ``channel``, waited for without polling or blocking the event loop
    (``EOFError`` once the other end is closed: the other process has ended)."""
    loop = asyncio.get_running_loop()
    ready = asyncio.Event()
    loop.add_reader(channel.fileno(), ready.set)
    try:
        await ready.wait()
    finally:
        loop.remove_reader(channel.fileno())
    return channel.recv()


async def plan_once(planner: Planner, engine: AsyncEngine) -> None:
    """One planner tick of this process's own at the clock's moment. While another process holds the
    planner lock (``tick`` is locked out), wait for it to let go on the server, without polling."""
    while (await planner.tick()).locked_out:
        async with engine.connect() as connection:  # queues behind the holder, then lets go at once
            await connection.execute(text(f"SELECT pg_advisory_lock({PLANNER_LOCK})"))
            await connection.execute(text(f"SELECT pg_advisory_unlock({PLANNER_LOCK})"))
            await connection.commit()


async def scheduler_mode(args: argparse.Namespace) -> None:
    """Tick at every moment received on ``args.channel`` (sent back once done), until ``stop``."""
    engine = engine_for(args.url, args.schema)
    uow_factory = UnitOfWorkFactory(engine)
    channel: Connection = args.channel
    clock = FakeClock(datetime.fromisoformat(args.now))
    sender = TableSender("slack", engine, args.name)
    deliverer = Deliverer(uow_factory, clock, {"slack": sender})
    planner = Planner(uow_factory, clock, ["slack"], refresh=timedelta(hours=6), calendars=IcsCalendars())
    while (shown := str(await received(channel))) != "stop":
        clock.set(datetime.fromisoformat(shown))
        await plan_once(planner, engine)
        while await deliverer.deliver_due(limit=100):
            pass
        channel.send(shown)
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
    idle = 0
    while idle < 2:
        idle = idle + 1 if not await deliverer.deliver_due(limit=5) else 0
    await slack.session.close()
    await engine.dispose()


MODES = {"scheduler": scheduler_mode, "deliver": deliver_mode, "http": http_mode}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: ``MODE --url URL …``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--url", required=True)
    parser.add_argument("--schema", default="")
    parser.add_argument("--name", default=str(os.getpid()))
    parser.add_argument("--now", default="")
    parser.add_argument("--batch", default="50")
    parser.add_argument("--slack", default="")
    return parser.parse_args(argv)


def _forked(argv: list[str], log: str, channel: Connection | None) -> None:
    """The body of a process made by :func:`start`: its output to ``log``, then one mode."""
    with open(log, "ab", buffering=0) as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
    args = parse(argv)
    args.channel = channel
    asyncio.run(MODES[args.mode](args))


def start(log: Path, *argv: str, channel: Connection | None = None) -> BaseProcess:
    """Start ``MODE --url URL …`` as a new process, forked from a server that imported this module once;
    its standard output and error go to ``log``; ``channel``: its end of a pipe (closed here once handed on)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # read when the server starts (once per test process)
    process = context.Process(target=_forked, args=(list(argv), str(log), channel))
    process.start()
    if channel is not None:
        channel.close()  # the process has its own copy: once it ends, the test's end reads EOF
    return process


async def exited(process: BaseProcess) -> int:
    """Wait until ``process`` ends (its sentinel is readable; no polling, the event loop keeps running);
    its exit code (``-9`` after ``kill -9``)."""
    loop = asyncio.get_running_loop()
    ended = asyncio.Event()
    loop.add_reader(process.sentinel, ended.set)
    try:
        await ended.wait()
    finally:
        loop.remove_reader(process.sentinel)
    process.join()
    assert process.exitcode is not None
    return process.exitcode


def main() -> None:
    """Parse arguments and run one mode."""
    args = parse()
    asyncio.run(MODES[args.mode](args))
    sys.exit(0)


if __name__ == "__main__":
    main()
