"""``kill -9`` of a deliverer at random points, twenty times: after a restart every channel of a fake
Slack (on loopback, with message metadata) has exactly one digest — no duplicate, no loss."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.replies import OutgoingMessage, Target, say
from bot.store.db import make_engine
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from scheduler.outbox import LEASE, Deliverer
from tests.conftest import Templates
from tests.scheduler.harness import at
from tests.scheduler.proc_worker import HttpSlack, exited, start

RUNS = 20
CHANNELS = 30
PARALLEL = 4
NOW = at("2026-12-04 15:00")


@dataclass
class Run:
    """One run's fake Slack workspace and where to kill the deliverer."""

    kill_at: int
    kill_after_recording: bool
    pid: int = 0
    requests: int = 0
    messages: list[tuple[str, str]] = field(default_factory=list)


class FakeSlack:
    """``chat.postMessage`` and a ``conversations.history`` metadata search, per run."""

    def __init__(self) -> None:
        self.runs: dict[str, Run] = {}

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{run}/chat.postMessage", self.post)
        app.router.add_get("/{run}/conversations.history", self.history)
        return app

    async def post(self, request: web.Request) -> web.Response:
        run = self.runs[request.match_info["run"]]
        body = await request.json()
        run.requests += 1
        kill = run.pid and run.requests == run.kill_at
        if kill and not run.kill_after_recording:
            os.kill(run.pid, signal.SIGKILL)
        run.messages.append((body["channel"], body["metadata"]["event_payload"]["key"]))
        if kill and run.kill_after_recording:
            os.kill(run.pid, signal.SIGKILL)  # the post is in, the answer never arrives
        return web.json_response({"ok": True, "ts": f"{len(run.messages)}.000"})

    async def history(self, request: web.Request) -> web.Response:
        run = self.runs[request.match_info["run"]]
        channel, key = request.query["channel"], request.query["key"]
        found = [n for n, (c, k) in enumerate(run.messages, start=1) if c == channel and k == key]
        return web.json_response({"ok": True, "ts": f"{found[0]}.000" if found else ""})


async def digests(url: str) -> None:
    engine = make_engine(url)
    uow_factory = UnitOfWorkFactory(engine)
    async with uow_factory() as uow:
        for n in range(CHANNELS):
            channel = f"C{n:03d}"
            key = f"digest:slack:{channel}:2026-W49"
            message = OutgoingMessage(
                target=Target(platform="slack", kind="channel", address=channel),
                reply=say("digest"),
                idempotency_key=key,
            )
            await uow.outbox.enqueue(message, due_at=NOW, now=NOW)
        await uow.commit()
    await engine.dispose()


async def one_run(
    number: int, slack: FakeSlack, base: str, *, template: Path, tmp_path: Path, rng: random.Random
) -> Run:
    database = tmp_path / f"run{number}.db"
    shutil.copy(template, database)
    url = f"sqlite+aiosqlite:///{database}"
    await digests(url)
    run = Run(kill_at=rng.randint(1, CHANNELS), kill_after_recording=rng.random() < 0.5)
    slack.runs[f"run{number}"] = run
    log = tmp_path / f"run{number}.log"
    first = start(log, "http", "--url", url, "--now", NOW.isoformat(), "--slack", f"{base}/run{number}")
    assert first.pid is not None
    run.pid = first.pid  # before this coroutine yields: before the fake Slack can see its first post
    assert await exited(first) == -signal.SIGKILL, log.read_text()[-2000:]
    run.pid = 0
    engine = make_engine(url)  # the restart (in this process: the deliverer is the same code)
    restarted = HttpSlack(f"{base}/run{number}")
    clock = FakeClock(NOW + LEASE + timedelta(seconds=1))
    survivor = Deliverer(UnitOfWorkFactory(engine), clock, {"slack": restarted})
    try:
        while await survivor.deliver_due(limit=10) or await survivor.deliver_due(limit=10):
            pass
    finally:
        await restarted.session.close()
        await engine.dispose()
    return run


@pytest.mark.slow
async def test_kill_9_at_random_points_then_restart_leaves_exactly_one_digest_per_channel(
    templates: Templates, tmp_path: Path
) -> None:
    template = templates.sqlite("empty")
    slack = FakeSlack()
    runner = web.AppRunner(slack.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    rng = random.Random(20261204)
    try:
        runs: list[Run] = []
        for batch in range(0, RUNS, PARALLEL):
            runs += await asyncio.gather(
                *(
                    one_run(n, slack, f"http://127.0.0.1:{port}", template=template, tmp_path=tmp_path, rng=rng)
                    for n in range(batch, min(batch + PARALLEL, RUNS))
                )
            )
    finally:
        await runner.cleanup()
    for run in runs:
        per_channel = Counter(channel for channel, _ in run.messages)
        assert len(per_channel) == CHANNELS, run
        assert set(per_channel.values()) == {1}, run
    assert {r.kill_after_recording for r in runs} == {True, False}
