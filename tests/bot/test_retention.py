"""Retention purge and the audit chain check."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.store.audit_verify import verify_chain
from bot.store.models import Celebration, ProcessedEvent
from bot.store.retention import purge
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import command


async def test_purge_removes_only_expired_rows_and_is_idempotent(any_bot: Bot) -> None:
    await any_bot.handler.handle(command("celebrate", "@sam.okafor old but gold mapping"))
    any_bot.clock.advance(timedelta(days=700))
    await any_bot.handler.handle(command("celebrate", "@sam.okafor recent safety plan"))
    any_bot.clock.advance(timedelta(days=40))  # first is now 740 days old, second 40
    async with any_bot.uow_factory() as uow:
        first = await purge(uow, any_bot.clock.now())
        await uow.commit()
    async with any_bot.uow_factory() as uow:
        second = await purge(uow, any_bot.clock.now())
        await uow.commit()
        remaining = await session_of(uow).scalar(select(func.count()).select_from(Celebration))
        events = await session_of(uow).scalar(select(func.count()).select_from(ProcessedEvent))
    assert first["celebrations"] == 1
    assert first["inbound_events"] == 2
    assert not any(second.values())
    assert (remaining, events) == (1, 0)


async def test_audit_chain_verifies_and_detects_tampering(any_bot: Bot) -> None:
    await any_bot.handler.handle(command("celebrate", "@sam.okafor great scaling"))
    await any_bot.handler.handle(command("idea", "appreciative inquiry every week"))
    async with any_bot.uow_factory() as uow:
        entries = list(await uow.audit.entries())
        assert verify_chain(entries) == []
        entries[1].action = "celebration.deleted"
        problems = verify_chain(entries)
    assert problems == [f"entry {entries[1].id}: its content does not match its hash (it was changed)"]
    assert verify_chain(entries[:1] + entries[2:])
