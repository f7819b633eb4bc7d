"""Exactly once, with real OS processes on the real PostgreSQL.

- Three scheduler processes run the demo organisation for ten simulated weeks on one shared clock:
  exactly one outbox row and one delivery per (channel, week) digest and per (meeting, occurrence)
  prompt.
- Eight deliverer processes drain 1,000 rows: each is delivered once.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections import Counter
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.replies import OutgoingMessage, Target, say
from bot.store.db import make_engine
from bot.store.models import ChannelBinding, OutboxMessage
from bot.store.models_nudges import Nudge
from bot.store.uow import UnitOfWorkFactory, session_of
from tests.conftest import POSTGRES_URL, Templates
from tests.scheduler.harness import at
from tests.scheduler.proc_worker import exited, received, start

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL, reason="PLBOT_TEST_POSTGRES_URL is not set (.ci/run sets it)"),
]

START = at("2026-11-30 00:00")
WEEKS = 10
STEP = timedelta(hours=24)


async def deliveries_table(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE test_deliveries (id serial PRIMARY KEY, key text NOT NULL, worker text NOT NULL)")
        )


async def deliveries(engine: AsyncEngine) -> list[tuple[str, str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT key, worker FROM test_deliveries"))
        return [(key, worker) for key, worker in rows.all()]


async def at_moment(links: list[Connection], now: datetime, logs: list[Path]) -> None:
    """Show every process the moment ``now`` and wait until each has ticked and delivered (it sends it back)."""
    shown = now.isoformat()
    for link in links:
        link.send(shown)
    for link, log in zip(links, logs, strict=True):
        try:
            answer = await received(link)
        except EOFError:
            pytest.fail(f"a scheduler process died: {log.read_text()[-2000:]}")
        assert answer == shown


async def next_moment(uow_factory: UnitOfWorkFactory, now: datetime, end: datetime) -> datetime:
    async with uow_factory() as uow:
        planned = await uow.nudges.next_due()
        pending = await uow.outbox_recovery.next_pending_due()
    candidates = [t for t in (planned, pending) if t is not None and t > now]
    return min([*candidates, now + STEP, end])


async def test_three_scheduler_processes_for_ten_weeks_send_every_digest_and_prompt_once(
    templates: Templates, tmp_path: Path
) -> None:
    url = await templates.copy("postgresql", "demo", tmp_path)
    engine = make_engine(url)
    try:
        uow_factory = UnitOfWorkFactory(engine)
        await deliveries_table(engine)
        logs = [tmp_path / f"p{n}.log" for n in range(3)]
        pipes = [multiprocessing.Pipe() for _ in range(3)]
        links = [ours for ours, _ in pipes]
        procs = [
            start(logs[n], "scheduler", "--url", url, "--name", f"p{n}", "--now", START.isoformat(), channel=theirs)
            for n, (_, theirs) in enumerate(pipes)
        ]
        now, end, steps = START, START + timedelta(weeks=WEEKS), 0
        try:
            while True:
                await at_moment(links, now, logs)
                steps += 1
                if now >= end:
                    break
                now = await next_moment(uow_factory, now, end)
        finally:
            for link in links:
                with contextlib.suppress(OSError):  # a process that died has closed its end
                    link.send("stop")
            for proc, log in zip(procs, logs, strict=True):
                assert await asyncio.wait_for(exited(proc), 60) == 0, log.read_text()[-2000:]
            for link in links:
                link.close()
        sent = await deliveries(engine)
        per_key = Counter(key for key, _ in sent)
        assert [k for k, n in per_key.items() if n > 1] == []
        async with uow_factory() as uow:
            rows = (await session_of(uow).scalars(select(OutboxMessage))).all()
            channels = (
                await session_of(uow).scalars(
                    select(ChannelBinding.channel_id).where(ChannelBinding.platform == "slack")
                )
            ).all()
            prompts = (
                await session_of(uow).scalars(
                    select(Nudge).where(Nudge.kind == "agenda-prompt", Nudge.status == "enqueued")
                )
            ).all()
        assert {r.status for r in rows} == {"sent"}
        assert per_key == Counter(r.idempotency_key for r in rows)  # one delivery per outbox row, no loss
        digests = Counter(k.rsplit(":", 2)[1] for k in per_key if k.startswith("digest:slack:"))
        assert set(digests) == set(channels)
        assert set(digests.values()) == {WEEKS}  # every channel, every one of the ten Fridays, once
        prompt_keys = [p.key for p in prompts]
        assert len(prompt_keys) >= 5 * WEEKS
        assert all(per_key[k] == 1 for k in prompt_keys)
        assert len({worker for _, worker in sent}) >= 2, "the work should be shared between processes"
        print(f"\n{steps} shared-clock steps, {len(sent)} deliveries by {Counter(w for _, w in sent)}")  # noqa: T201
    finally:
        await engine.dispose()
        await templates.drop(url)


async def test_eight_deliverer_processes_send_each_of_1000_rows_once(templates: Templates, tmp_path: Path) -> None:
    url = await templates.copy("postgresql", "empty", tmp_path)
    engine = make_engine(url)
    try:
        await deliveries_table(engine)
        now = at("2026-12-04 15:00")

        def payload(n: int) -> str:
            target = Target(platform="slack", kind="channel", address=f"C{n:04d}")
            key = f"digest:slack:C{n:04d}:2026-W49"
            return OutgoingMessage(target=target, reply=say("digest"), idempotency_key=key).model_dump_json()

        async with engine.begin() as connection:
            await connection.execute(
                insert(OutboxMessage),
                [
                    {
                        "idempotency_key": f"digest:slack:C{n:04d}:2026-W49",
                        "purpose": "digest",
                        "platform": "slack",
                        "target_kind": "channel",
                        "target_address": f"C{n:04d}",
                        "payload": payload(n),
                        "status": "pending",
                        "due_at": now,
                        "created_at": now,
                        "attempts": 0,
                        "claimed_by": "",
                        "platform_message_id": "",
                        "last_error": "",
                    }
                    for n in range(1000)
                ],
            )
        logs = [tmp_path / f"d{n}.log" for n in range(8)]
        procs = [
            start(logs[n], "deliver", "--url", url, "--name", f"d{n}", "--now", now.isoformat(), "--batch", "20")
            for n in range(8)
        ]
        for proc, log in zip(procs, logs, strict=True):
            assert await asyncio.wait_for(exited(proc), 120) == 0, log.read_text()[-2000:]
        sent = await deliveries(engine)
        per_key = Counter(key for key, _ in sent)
        assert len(per_key) == 1000
        assert set(per_key.values()) == {1}
        async with engine.connect() as connection:
            statuses = (
                await connection.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
            ).all()
        assert dict(statuses) == {"sent": 1000}
        workers = Counter(worker for _, worker in sent)
        assert len(workers) >= 4, workers
    finally:
        await engine.dispose()
        await templates.drop(url)
