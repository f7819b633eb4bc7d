"""Repositories and the unit of work, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.replies import OutgoingMessage, Target, say
from bot.store.errors import StoreError
from bot.store.models import Celebration, OutboxMessage, ProcessedEvent
from bot.store.repositories.audit import GENESIS_HASH, chain_hash
from bot.store.uow import UnitOfWorkFactory, session_of
from tests.conftest import Bot
from tests.factories import command


async def test_demo_import_is_idempotent(any_bot: Bot) -> None:
    from tests.conftest import load_demo

    async with any_bot.uow_factory() as uow:
        before = len(await uow.people.all((await uow.orgs.first()).id))  # type: ignore[union-attr]
    await load_demo(any_bot.uow_factory, any_bot.clock)
    async with any_bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        assert len(await uow.people.all(org.id)) == before == 25
        assert len(await uow.orgs.teams()) == 7
        sam = await uow.people.by_identity("slack", "U0DEMO003")
        assert sam is not None
        assert sam.handle == "sam.okafor"
        assert await uow.people.teams_led_by(sam.id)


async def test_one_event_twice_gives_one_row_on_each_backend(any_bot: Bot) -> None:
    event = command("celebrate", "@sam.okafor great safety goal", event_id="Ev-twice")
    results = await asyncio.gather(any_bot.handler.handle(event), any_bot.handler.handle(event))
    assert sorted(len(r) for r in results) == [0, 1]
    async with any_bot.uow_factory() as uow:
        assert await session_of(uow).scalar(select(func.count()).select_from(Celebration)) == 1
        assert await session_of(uow).scalar(select(func.count()).select_from(ProcessedEvent)) == 1


async def test_audit_log_is_a_hash_chain(any_bot: Bot) -> None:
    await any_bot.handler.handle(command("celebrate", "@sam.okafor great mapping"))
    async with any_bot.uow_factory() as uow:
        entries = await uow.audit.entries()
    previous = GENESIS_HASH
    for entry in entries:
        assert entry.prev_hash == previous
        assert entry.hash == chain_hash(previous, entry)
        previous = entry.hash


async def test_outbox_enqueue_is_idempotent_and_claims_are_exclusive(any_bot: Bot) -> None:
    now = any_bot.clock.now()
    message = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C1"), reply=say("hi"), idempotency_key="digest:C1:w1"
    )
    async with any_bot.uow_factory() as uow:
        assert await uow.outbox.enqueue(message, due_at=now, now=now)
        assert not await uow.outbox.enqueue(message, due_at=now, now=now)
        await uow.commit()

    async def claim(worker: str) -> list[int]:
        async with any_bot.uow_factory() as uow:
            ids = await uow.outbox.claim_due(now=now, worker=worker, lease=timedelta(minutes=5))
            await uow.commit()
            return ids

    claims = await asyncio.gather(*(claim(f"w{i}") for i in range(4)))
    assert sorted(len(c) for c in claims) == [0, 0, 0, 1]
    async with any_bot.uow_factory() as uow:
        row = (await session_of(uow).scalars(select(OutboxMessage))).one()
        assert (row.status, row.attempts) == ("sending", 1)


async def test_datetimes_come_back_aware_in_utc(any_bot: Bot) -> None:
    await any_bot.handler.handle(command("celebrate", "@sam.okafor great scaling"))
    async with any_bot.uow_factory() as uow:
        celebration = (await session_of(uow).scalars(select(Celebration))).one()
    assert celebration.created_at == any_bot.clock.now()
    assert celebration.created_at.utcoffset() == timedelta(0)


async def test_a_database_failure_leaves_the_unit_of_work_as_a_store_error(sqlite_engine: AsyncEngine) -> None:
    async with sqlite_engine.begin() as connection:
        await connection.execute(text("DROP TABLE processed_events"))
    uow_factory = UnitOfWorkFactory(sqlite_engine)
    with pytest.raises(StoreError) as raised:
        async with uow_factory() as uow:
            await uow.inbound.first_time("slack", "C1:Ev1", datetime(2025, 1, 6, tzinfo=UTC))
    assert isinstance(raised.value.__cause__, SQLAlchemyError)
    assert "processed_events" not in str(raised.value)  # the statement (and its values) stay out of the message
