"""The deliverer's guarantees: an unknown outcome is never blindly re-sent; Slack reconciles, Teams alerts;
the humane-delivery gate is checked again just before a nudge goes out; one scheduler per SQLite file."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from scheduler.lock import SchedulerAlreadyRunning, scheduler_lock
from scheduler.outbox import LEASE, Deliverer
from tests.conftest import START
from tests.factories import click
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.fakes import FakeSlack, FakeTeams, message
from tests.scheduler.harness import LONDON, at, local


async def enqueue(uow_factory: UnitOfWorkFactory, clock: FakeClock, *keys: str, platform: str = "slack") -> None:
    async with uow_factory() as uow:
        for key in keys:
            await uow.outbox.enqueue(message(key, platform), due_at=clock.now(), now=clock.now())
        await uow.commit()


async def status(uow_factory: UnitOfWorkFactory, key: str) -> str:
    async with uow_factory() as uow:
        row = await uow.outbox.by_key(key)
        assert row is not None
        return row.status


@pytest.mark.parametrize("dies", ["after-posting", "before-posting"])
async def test_a_dead_worker_s_row_is_reconciled_on_slack_never_doubled(engine: AsyncEngine, dies: str) -> None:
    clock, slack = FakeClock(START), FakeSlack()
    uow_factory = UnitOfWorkFactory(engine)
    await enqueue(uow_factory, clock, "digest:slack:C1:2026-W48")
    dead = Deliverer(uow_factory, clock, {"slack": slack})
    [row_id] = await dead.claim()
    if dies == "after-posting":
        prepared = await dead.prepare(row_id)
        assert prepared is not None
        await dead.send(*prepared)  # ... and the process is killed before recording
    survivor = Deliverer(uow_factory, clock, {"slack": slack})
    assert await survivor.deliver_due() == 0  # the lease still runs: nobody touches the row
    clock.advance(LEASE + timedelta(seconds=1))
    await survivor.deliver_due()
    await survivor.deliver_due()
    assert slack.count("digest:slack:C1:2026-W48") == 1
    assert await status(uow_factory, "digest:slack:C1:2026-W48") == "sent"
    expected = "reconciled" if dies == "after-posting" else "resent_after_check"
    assert getattr(survivor.stats, expected) == 1


async def test_teams_rows_with_an_unknown_outcome_stay_unknown_with_an_alert(
    sqlite_engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    clock, teams = FakeClock(START), FakeTeams()
    uow_factory = UnitOfWorkFactory(sqlite_engine)
    await enqueue(uow_factory, clock, "digest:teams:19:x:2026-W48", platform="teams")
    dead = Deliverer(uow_factory, clock, {"teams": teams})
    [row_id] = await dead.claim()
    prepared = await dead.prepare(row_id)
    assert prepared is not None
    await dead.send(*prepared)
    clock.advance(LEASE + timedelta(seconds=1))
    survivor = Deliverer(uow_factory, clock, {"teams": teams})
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            await survivor.deliver_due()
            clock.advance(timedelta(hours=1))
    assert len(teams.posted) == 1
    assert await status(uow_factory, "digest:teams:19:x:2026-W48") == "unknown"
    assert survivor.stats.unknown == 1
    assert "outcome unknown" in caplog.text


async def test_a_connection_reset_after_slack_accepted_is_settled_by_lookup(sqlite_engine: AsyncEngine) -> None:
    clock, slack = FakeClock(START), FakeSlack(script=["reset"], lookup_fails=1)
    uow_factory = UnitOfWorkFactory(sqlite_engine)
    await enqueue(uow_factory, clock, "k1")
    deliverer = Deliverer(uow_factory, clock, {"slack": slack})
    await deliverer.deliver_due()
    assert await status(uow_factory, "k1") == "unknown"
    await deliverer.deliver_due()  # too early to look
    clock.advance(timedelta(seconds=31))
    await deliverer.deliver_due()  # the lookup fails: try again later, still not re-sent
    assert await status(uow_factory, "k1") == "unknown"
    clock.advance(timedelta(minutes=2))
    await deliverer.deliver_due()
    assert await status(uow_factory, "k1") == "sent"
    assert slack.count("k1") == 1


async def test_a_rate_limited_post_waits_for_retry_after(sqlite_engine: AsyncEngine) -> None:
    clock, slack = FakeClock(START), FakeSlack(script=["refuse"])
    uow_factory = UnitOfWorkFactory(sqlite_engine)
    await enqueue(uow_factory, clock, "k2")
    deliverer = Deliverer(uow_factory, clock, {"slack": slack})
    await deliverer.deliver_due()
    clock.advance(timedelta(seconds=29))
    await deliverer.deliver_due()
    assert slack.posted == []
    clock.advance(timedelta(seconds=2))
    await deliverer.deliver_due()
    assert slack.count("k2") == 1


async def test_the_deliverer_checks_a_nudge_again_before_sending(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 09:00"))
    world.clock.set(at("2026-11-30 10:00"))
    await world.planner.tick()  # the prompt is queued but not yet delivered...
    async with world.uow_factory() as uow:  # ... and Pat snoozed until 14:00 meanwhile
        pat = await uow.people.get((await world.person("pat.lead")).id)
        assert pat is not None
        pat.snoozed_until = at("2026-11-30 14:00")
        await uow.commit()
    await world.deliverer.deliver_due()
    assert world.sent("agenda_prompt") == []
    assert world.deliverer.stats.deferred == 1
    await world.run_until(at("2026-12-01 12:00"))
    [prompt] = world.sent("agenda_prompt")
    assert local(prompt) == at("2026-11-30 14:00")


async def test_a_queued_reminder_is_dropped_when_the_item_arrives_first(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 09:00"))
    await world.run_until(at("2026-11-30 15:00"))
    [prompt] = world.sent("agenda_prompt")
    [reminder_nudge] = [n for n in await world.nudges("agenda-reminder") if n.key.endswith("2026-12-01")]
    assert local_of(reminder_nudge.due_at) == at("2026-12-01 09:00")
    world.clock.set(reminder_nudge.due_at)
    await world.planner.tick()  # the reminder is queued...
    value = next(b.value for b in prompt.message.reply.blocks[2].buttons)  # type: ignore[union-attr]
    await world.handle(click("agenda.pick", value, actor="pat.lead", channel="dm:pat.lead"))
    await world.deliverer.deliver_due()  # ... the item came first: the reminder is skipped
    assert world.sent("agenda_reminder") == []
    assert world.deliverer.stats.skipped == 1


def local_of(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def test_a_second_scheduler_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'plbot.db'}"
    first, second = scheduler_lock(url), scheduler_lock(url)
    assert first is not None
    assert second is not None
    first.acquire()
    with pytest.raises(SchedulerAlreadyRunning, match="SQLite allows one scheduler process"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()
    assert scheduler_lock("postgresql+asyncpg://x@y/z") is None


async def test_a_worker_stalled_past_its_lease_does_not_send(sqlite_engine: AsyncEngine) -> None:
    clock, slack = FakeClock(START), FakeSlack()
    uow_factory = UnitOfWorkFactory(sqlite_engine)
    await enqueue(uow_factory, clock, "k3")
    stalled = Deliverer(uow_factory, clock, {"slack": slack})
    [row_id] = await stalled.claim()
    clock.advance(LEASE + timedelta(seconds=1))  # paused (GC, VM migration…) longer than its lease
    other = Deliverer(uow_factory, clock, {"slack": slack})
    await other.deliver_due()
    await other.deliver_due()
    assert await stalled.prepare(row_id) is None
    assert slack.count("k3") == 1
