"""The durable inbox in the store: sealed at rest, exclusive claims, leases, resumption, retention (issue 16)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import event_codec
from bot.events import Event, MessageDeleted, MessagePosted
from bot.inbox import LEASE, MAX_ATTEMPTS, Inbox
from bot.store.models_inbox import InboxRow
from bot.store.retention import purge
from bot.store.sealed import Sealer, Unreadable
from bot.store.uow import UnitOfWorkFactory, session_of
from scheduler.clock import FakeClock
from tests.factories import WHEN, click, command, submit

CANARY = "Canary Zebedee-7731 lives at 4 Quay Street"
SECRET = "a-test-secret-for-the-inbox-0123456789"


def inbox(engine: AsyncEngine, clock: FakeClock, secret: str = SECRET) -> Inbox:
    """An inbox on ``engine`` (each call: another process, with its own worker name)."""
    return Inbox(UnitOfWorkFactory(engine), clock, Sealer(secret))


async def rows(engine: AsyncEngine) -> list[InboxRow]:
    """Every inbox row as stored."""
    async with UnitOfWorkFactory(engine)() as uow:
        return list((await session_of(uow).scalars(select(InboxRow).order_by(InboxRow.id))).all())


@pytest.mark.parametrize(
    "event",
    [
        command("celebrate", "@sam.okafor for the danger statement"),
        click("story.approve", "12"),
        submit("story", {"title": "Mapping", "tools": "a,b"}, context="ctx"),
    ],
)
def test_every_event_kind_survives_the_codec(event: Event) -> None:
    assert event_codec.decode(event_codec.encode(event)) == event


def test_messages_and_deletions_survive_the_codec() -> None:
    base = command("celebrate", "@sam.okafor thanks")
    shared: dict[str, Any] = {
        "platform": base.platform,
        "event_id": "m1",
        "received_at": WHEN,
        "actor": base.actor,
        "conversation": base.conversation,
    }
    for event in (
        MessagePosted(**shared, text="thanks @sam.okafor", mentions=base.mentions, message_id="C1:1.2"),
        MessageDeleted(**shared, message_id="C1:1.2"),
    ):
        assert event_codec.decode(event_codec.encode(event)) == event
    with pytest.raises(ValueError, match="unknown event kind"):
        event_codec.decode({"kind": "Nope"})


async def test_the_payload_is_sealed_at_rest_and_opens_only_with_its_key(
    engine: AsyncEngine, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    stored = await inbox(engine, clock).put("slack", command("celebrate", CANARY), {"response_url": CANARY})
    assert stored is not None
    [row] = await rows(engine)
    assert "Zebedee" not in row.payload
    assert "Quay" not in row.payload
    with pytest.raises(Unreadable):
        Sealer("another-secret").open(row.payload)

    caplog.set_level(logging.DEBUG)
    assert await inbox(engine, clock, secret="another-secret").claim(["slack"], 10) == []  # dropped, logged
    assert await rows(engine) == []
    assert "unreadable" in caplog.text
    assert "Zebedee" not in caplog.text


async def test_a_repeated_delivery_is_not_stored_while_the_first_waits(engine: AsyncEngine, clock: FakeClock) -> None:
    box = inbox(engine, clock)
    event = command("celebrate", "@sam.okafor for the plan", event_id="same")
    assert await box.put("slack", event, {}) is not None
    assert await box.put("slack", event, {}) is None
    assert (len(await rows(engine)), box.repeats) == (1, 1)


async def test_a_repeat_arriving_at_the_same_moment_shares_the_transaction_but_not_the_row(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    box = inbox(engine, clock)
    event = command("celebrate", "@sam.okafor for the plan", event_id="twice")
    others = [command("celebrate", f"@sam.okafor thanks {n}") for n in range(3)]
    stored = await asyncio.gather(*(box.put("slack", e, {}) for e in [event, *others, event]))
    assert [item is not None for item in stored] == [True, True, True, True, False]
    assert (len(await rows(engine)), box.repeats, box.writes.transactions) == (4, 1, 1)


async def test_claims_are_exclusive_between_processes(engine: AsyncEngine, clock: FakeClock) -> None:
    first = inbox(engine, clock)
    for n in range(60):
        await first.put("slack", command("celebrate", f"@sam.okafor thanks {n}"), {"n": n})
    workers = [inbox(engine, clock) for _ in range(4)]

    async def drain(box: Inbox) -> list[int]:
        mine: list[int] = []
        while items := await box.claim(["slack"], 4):
            mine += [item.id for item in items]
        return mine

    claimed = await asyncio.gather(*(drain(box) for box in workers))
    everything = [row_id for ids in claimed for row_id in ids]
    assert sorted(everything) == sorted(row.id for row in await rows(engine))
    assert len(set(everything)) == 60  # none claimed twice


async def test_a_claim_whose_holder_died_is_taken_over_after_its_lease(engine: AsyncEngine, clock: FakeClock) -> None:
    dead, alive = inbox(engine, clock), inbox(engine, clock)
    await dead.put("teams", command("celebrate", "@sam.okafor thanks"), {})
    [item] = await dead.claim(["teams"], 5)
    assert await alive.claim(["teams"], 5) == []
    clock.advance(LEASE + timedelta(seconds=1))
    [taken] = await alive.claim(["teams"], 5)
    assert (taken.id, taken.attempts, taken.event) == (item.id, 2, item.event)


async def test_only_registered_platforms_are_claimed(engine: AsyncEngine, clock: FakeClock) -> None:
    box = inbox(engine, clock)
    await box.put("teams", command("celebrate", "@sam.okafor thanks"), {})
    assert await box.claim(["slack"], 5) == []
    assert len(await box.claim(["slack", "teams"], 5)) == 1


async def test_starting_again_on_sqlite_frees_the_claims_a_killed_process_left(
    sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    killed = inbox(sqlite_engine, clock)
    await killed.put("slack", command("celebrate", "@sam.okafor thanks"), {})
    await killed.claim(["slack"], 5)
    restarted = inbox(sqlite_engine, clock)
    assert await restarted.resume() == 1
    assert len(await restarted.claim(["slack"], 5)) == 1


async def test_a_row_that_keeps_failing_is_dropped_after_the_last_attempt(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    box = inbox(engine, clock)
    await box.put("slack", command("celebrate", "@sam.okafor thanks"), {})
    for _ in range(MAX_ATTEMPTS):
        assert len(await box.claim(["slack"], 1)) == 1
        clock.advance(LEASE + timedelta(seconds=1))
    assert await box.claim(["slack"], 1) == []
    assert (await rows(engine), box.dropped) == ([], 1)


async def test_stale_rows_are_purged_after_a_day(engine: AsyncEngine, clock: FakeClock) -> None:
    box = inbox(engine, clock)
    await box.put("slack", command("celebrate", "@sam.okafor old"), {})
    clock.advance(timedelta(hours=20))
    await box.put("slack", command("celebrate", "@sam.okafor recent"), {})
    clock.advance(timedelta(hours=5))
    async with UnitOfWorkFactory(engine)() as uow:
        deleted = await purge(uow, clock.now())
        await uow.commit()
    assert deleted["inbox"] == 1
    assert len(await rows(engine)) == 1
