"""Proactive sends through stored references, against the fake connector's Teams limits (fake time)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.teams.connector import LoopbackOnly
from adapters.teams.limits import PER_CONVERSATION, WindowLimiter
from adapters.teams.refs import ConversationRef
from adapters.teams.sender import NOT_INSTALLED_FOR_PERSON
from adapters.teams.wiring import TeamsOptions
from bot.replies import OutgoingMessage, Target, say
from tests.adapters.teams.harness import BOT_ID, TENANT, Harness, start_harness
from tests.conftest import Bot
from tests.fakes_teams import FakeConnector, FakeTime

CHANNEL = "19:dereham-fs@thread.tacv2"
WHEN = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
async def timed(bot: Bot) -> AsyncIterator[tuple[Harness, FakeTime]]:
    """Teams on fake time: the sender's limiter and the fake connector share one clock."""
    clock = FakeTime()
    connector = FakeConnector(now=clock.monotonic)
    await connector.start()
    options = TeamsOptions(anonymous=True, policy=LoopbackOnly(), monotonic=clock.monotonic, sleep=clock.sleep)
    harness, runner = await start_harness(bot, connector, options)
    await harness.refs.remember(
        ConversationRef(
            conversation_id=CHANNEL,
            kind="channel",
            service_url=connector.url,
            tenant_id=TENANT,
            bot={"id": BOT_ID, "name": "Practice Leader Bot"},
        ),
        WHEN,
    )
    yield harness, clock
    await harness.session.close()
    await runner.cleanup()
    await connector.stop()


def to_channel(key: str, address: str = CHANNEL, thread: str = "") -> OutgoingMessage:
    target = Target(platform="teams", kind="channel", address=address, thread_id=thread)
    return OutgoingMessage(target=target, reply=say(f"digest {key}"), idempotency_key=key)


async def test_200_sends_to_one_conversation_are_never_throttled(timed: tuple[Harness, FakeTime]) -> None:
    harness, clock = timed
    start = clock.now
    results = [await harness.runtime.sender.send(to_channel(f"k{i}")) for i in range(100)]
    results += await asyncio.gather(*(harness.runtime.sender.send(to_channel(f"c{i}")) for i in range(100)))
    assert {r.status for r in results} == {"sent"}
    assert harness.connector.throttled == 0
    assert len(harness.connector.calls) == 200
    assert clock.now - start >= 30 * (200 // 60)  # 60 per 30 s is the binding limit
    first = harness.connector.calls[0]
    assert first.body["from"]["id"] == BOT_ID
    assert first.body["conversation"]["tenantId"] == TENANT


async def test_a_thread_target_posts_into_the_thread(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    result = await harness.runtime.sender.send(to_channel("t", thread="1763978400123"))
    assert result.status == "sent"
    assert harness.connector.calls[0].conversation_id == f"{CHANNEL};messageid=1763978400123"


async def test_403_is_unreachable_and_never_retried(timed: tuple[Harness, FakeTime]) -> None:
    harness, clock = timed
    harness.connector.script(CHANNEL, 403)
    result = await harness.runtime.sender.send(to_channel("blocked"))
    assert result.status == "unreachable"
    assert "403" in result.error
    assert harness.connector.attempts == 1
    assert clock.sleeps == []


async def test_429_backs_off_with_jitter_then_succeeds(timed: tuple[Harness, FakeTime]) -> None:
    harness, clock = timed
    harness.connector.script(CHANNEL, 429, 412)
    result = await harness.runtime.sender.send(to_channel("busy"))
    assert result.status == "sent"
    assert harness.connector.attempts == 3
    backoffs = [s for s in clock.sleeps if s >= 1.0]
    assert len(backoffs) == 2
    assert all(2.0 <= s <= 20.0 for s in backoffs)


async def test_retry_after_is_honoured(timed: tuple[Harness, FakeTime]) -> None:
    harness, clock = timed
    harness.connector.retry_after = "7"
    harness.connector.script(CHANNEL, 429)
    assert (await harness.runtime.sender.send(to_channel("wait"))).status == "sent"
    assert 7.0 in clock.sleeps


async def test_gateway_errors_give_up_after_three_retries(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    harness.connector.script(CHANNEL, 502, 504, 502, 504, 502)
    result = await harness.runtime.sender.send(to_channel("down"))
    assert result.status == "retry"
    assert harness.connector.attempts == 4
    assert harness.connector.calls == []


async def test_a_connection_dropped_after_sending_is_unknown_and_not_resent(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    harness.connector.drop.add(CHANNEL)
    result = await harness.runtime.sender.send(to_channel("lost"))
    assert result.status == "unknown"
    assert len(harness.connector.calls) == 1


async def test_a_person_without_a_chat_is_unreachable_then_reachable_after_install(
    timed: tuple[Harness, FakeTime],
) -> None:
    harness, _ = timed
    async with harness.bot.uow_factory() as uow:
        sam = await uow.people.by_identity("teams", "29:demo-sam.okafor")
    assert sam is not None
    message = OutgoingMessage(
        target=Target(platform="teams", kind="person", address=str(sam.id)), reply=say("hello"), idempotency_key="dm"
    )
    result = await harness.runtime.sender.send(message)
    assert (result.status, result.error) == ("unreachable", NOT_INSTALLED_FOR_PERSON)

    status, _ = await harness.post(harness.activity("installation_update"))
    assert status in {200, 202}
    await harness.settle()
    assert (await harness.runtime.sender.send(message)).status == "sent"
    assert harness.connector.calls[-1].conversation_id == "a:1Yz9demo-sam-okafor-personal-chat"


async def test_service_urls_outside_the_policy_are_never_called(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    await harness.refs.remember(
        ConversationRef(conversation_id="19:evil@thread.tacv2", kind="channel", service_url="https://evil.example/"),
        WHEN,
    )
    result = await harness.runtime.sender.send(to_channel("x", address="19:evil@thread.tacv2"))
    assert result.status == "failed"
    assert harness.connector.attempts == 0


async def test_the_deliverer_skips_outbox_rows_for_unreachable_people(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    async with harness.bot.uow_factory() as uow:
        ali = await uow.people.by_identity("teams", "29:demo-ali.hassan")
        assert ali is not None
        target = Target(platform="teams", kind="person", address=str(ali.id))
        await uow.outbox.enqueue(
            OutgoingMessage(target=target, reply=say("hi"), idempotency_key="dm:ali"), due_at=WHEN, now=WHEN
        )
        await uow.commit()
    assert await harness.bot.deliverer.deliver_due() == 1
    async with harness.bot.uow_factory() as uow:
        (row,) = await uow.outbox.listing()
    assert row.status == "skipped"
    assert row.last_error == NOT_INSTALLED_FOR_PERSON


async def test_the_limiter_keeps_every_window() -> None:
    clock = FakeTime()
    limiter = WindowLimiter(PER_CONVERSATION, monotonic=clock.monotonic, sleep=clock.sleep)
    stamps = []
    for _ in range(150):
        await limiter.acquire("c")
        stamps.append(clock.now)
    for count, seconds in PER_CONVERSATION:
        for index, stamp in enumerate(stamps):
            assert len([t for t in stamps[index:] if t - stamp < seconds]) <= count


async def test_a_retraction_deletes_our_earlier_post(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    retraction = OutgoingMessage(
        target=Target(platform="teams", kind="channel", address=CHANNEL),
        reply=say("-"),
        idempotency_key="retract:teams:msg-9",
        purpose="retract",
        retract="msg-9",
    )
    result = await harness.runtime.sender.send(retraction)
    assert result.status == "sent"
    deleted = harness.connector.calls[-1]
    assert (deleted.method, deleted.conversation_id, deleted.activity_id) == ("DELETE", CHANNEL, "msg-9")
