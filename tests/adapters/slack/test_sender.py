"""The outbox sender against the fake Web API (reliability C1–C3)."""

from __future__ import annotations

import itertools
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from adapters.slack.app import make_client
from adapters.slack.sender import ChannelLimiter, SlackSender
from bot.replies import OutgoingMessage, Target, say, text
from tests.conftest import Bot
from tests.fakes_slack import TOKEN, FakeMonotonic, FakeSlack, Fault


@pytest.fixture
def monotonic() -> FakeMonotonic:
    """A fake monotonic clock shared by the limiter and the fake Slack."""
    return FakeMonotonic()


@pytest.fixture
async def limited_slack(monotonic: FakeMonotonic) -> AsyncIterator[FakeSlack]:
    """A fake Web API enforcing 1 post per second per channel on the fake clock."""
    fake = await FakeSlack(clock=monotonic).start()
    yield fake
    await fake.close()


def sender_for(fake: FakeSlack, bot: Bot, limiter: ChannelLimiter) -> SlackSender:
    """A sender talking to ``fake``."""
    return SlackSender(make_client(TOKEN, fake.base_url, retry_on_rate_limit=False), bot.uow_factory, limiter)


def message(key: str, *, channel: str = "C0WES0TEAM", kind: str = "channel", thread: str = "") -> OutgoingMessage:
    """An outbox message with user text in it."""
    target = Target(platform="slack", kind=kind, address=channel, thread_id=thread)
    return OutgoingMessage(target=target, reply=say(text("Digest <page> & more")), idempotency_key=key)


async def test_ten_posts_to_one_channel_respect_one_per_second(
    bot: Bot, limited_slack: FakeSlack, monotonic: FakeMonotonic
) -> None:
    sender = sender_for(limited_slack, bot, ChannelLimiter(1.0, monotonic, monotonic.sleep))

    results = [await sender.send(message(f"digest:{n}")) for n in range(10)]

    assert [r.status for r in results] == ["sent"] * 10
    assert limited_slack.rate_limited == 0
    times = [c.at for c in limited_slack.calls_to("chat.postMessage")]
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(times))
    assert times[-1] - times[0] == pytest.approx(9.0)


async def test_different_channels_do_not_wait_for_each_other(
    bot: Bot, limited_slack: FakeSlack, monotonic: FakeMonotonic
) -> None:
    sender = sender_for(limited_slack, bot, ChannelLimiter(1.0, monotonic, monotonic.sleep))

    for channel in ("C1", "C2", "C3"):
        assert (await sender.send(message(f"k:{channel}", channel=channel))).status == "sent"

    assert monotonic.sleeps == []


async def test_without_the_limiter_the_fake_answers_429(
    bot: Bot, limited_slack: FakeSlack, monotonic: FakeMonotonic
) -> None:
    sender = sender_for(limited_slack, bot, ChannelLimiter(0.0, monotonic, monotonic.sleep))

    results = [await sender.send(message(f"digest:{n}")) for n in range(2)]

    assert [r.status for r in results] == ["sent", "retry"]
    assert limited_slack.rate_limited == 1


async def test_429_is_reported_with_retry_after_and_holds_the_channel(
    bot: Bot, limited_slack: FakeSlack, monotonic: FakeMonotonic
) -> None:
    sender = sender_for(limited_slack, bot, ChannelLimiter(1.0, monotonic, monotonic.sleep))
    limited_slack.fail_next(
        "chat.postMessage",
        Fault(status=429, headers={"Retry-After": "7"}, body={"ok": False, "error": "ratelimited"}),
    )

    first = await sender.send(message("digest:1"))
    second = await sender.send(message("digest:1"))

    assert (first.status, first.retry_after) == ("retry", 7.0)
    assert second.status == "sent"
    assert monotonic.sleeps
    assert sum(monotonic.sleeps) >= 7.0
    assert len(limited_slack.calls_to("chat.postMessage", ok_only=False)) == 2


async def test_deliverer_reschedules_a_429_after_retry_after(bot: Bot, limited_slack: FakeSlack) -> None:
    sender = sender_for(limited_slack, bot, ChannelLimiter(1.0))
    bot.deliverer.senders["slack"] = sender
    limited_slack.fail_next("chat.postMessage", Fault(status=429, headers={"Retry-After": "7"}))
    async with bot.uow_factory() as uow:
        await uow.outbox.enqueue(message("digest:w48"), due_at=bot.clock.now(), now=bot.clock.now())
        await uow.commit()

    await bot.deliverer.deliver_due()

    async with bot.uow_factory() as uow:
        row = await uow.outbox.by_key("digest:w48")
    assert row is not None
    assert row.status == "pending"
    assert (row.due_at.replace(tzinfo=None) - bot.clock.now().replace(tzinfo=None)).total_seconds() >= 7


async def test_dropped_connection_is_unknown_and_found_by_key(
    bot: Bot, limited_slack: FakeSlack, monotonic: FakeMonotonic
) -> None:
    sender = sender_for(limited_slack, bot, ChannelLimiter(1.0, monotonic, monotonic.sleep))
    limited_slack.fail_next("chat.postMessage", Fault(drop_after_accepting=True))

    result = await sender.send(message("digest:dropped"))

    assert result.status == "unknown"
    assert len(limited_slack.messages["C0WES0TEAM"]) == 1
    ts = await sender.find_by_key("C0WES0TEAM", "digest:dropped")
    assert ts == limited_slack.messages["C0WES0TEAM"][0]["ts"]
    assert await sender.find_by_key("C0WES0TEAM", "digest:other") is None


async def test_connection_refused_is_safe_to_retry(bot: Bot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_client(TOKEN, f"http://127.0.0.1:{port}/api/", retry_on_rate_limit=False)
    sender = SlackSender(client, bot.uow_factory)

    result = await sender.send(message("digest:refused"))

    assert result.status == "retry"


async def test_every_post_carries_the_idempotency_key_and_thread(bot: Bot, fake_slack: FakeSlack) -> None:
    sender = sender_for(fake_slack, bot, ChannelLimiter(0.0))

    result = await sender.send(message("celebration:9", thread="1764000000.000001"))

    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.params["metadata"] == {"event_type": "plbot_outbox", "event_payload": {"key": "celebration:9"}}
    assert post.params["thread_ts"] == "1764000000.000001"
    assert post.params["text"] == "Digest &lt;page&gt; &amp; more"
    assert post.params["unfurl_links"] is False
    assert result.message_id == f"C0WES0TEAM:{post_ts(fake_slack)}"


def post_ts(fake: FakeSlack) -> str:
    """The ts of the last stored post in the team channel."""
    return str(fake.messages["C0WES0TEAM"][-1]["ts"])


async def test_person_targets_open_a_dm_once(bot: Bot, limited_slack: FakeSlack, monotonic: FakeMonotonic) -> None:
    fake_slack = limited_slack
    sender = sender_for(fake_slack, bot, ChannelLimiter(1.0, monotonic, monotonic.sleep))
    async with bot.uow_factory() as uow:
        sam = await uow.people.by_identity("slack", "U0DEMO003")
    assert sam is not None

    first = await sender.send(message("dm:1", channel=str(sam.id), kind="person"))
    second = await sender.send(message("dm:2", channel=str(sam.id), kind="person"))

    assert (first.status, second.status) == ("sent", "sent")
    assert len(fake_slack.calls_to("conversations.open")) == 1
    assert {c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")} == {"D0DEMO003"}


async def test_unknown_people_and_slack_errors(bot: Bot, fake_slack: FakeSlack) -> None:
    sender = sender_for(fake_slack, bot, ChannelLimiter(0.0))

    assert (await sender.send(message("dm:x", channel="999999", kind="person"))).status == "unreachable"
    fake_slack.fail_next("chat.postMessage", Fault(body={"ok": False, "error": "channel_not_found"}))
    assert (await sender.send(message("k:1"))).status == "unreachable"
    fake_slack.fail_next("chat.postMessage", Fault(body={"ok": False, "error": "invalid_blocks"}))
    assert (await sender.send(message("k:2"))).status == "failed"
    fake_slack.fail_next("chat.postMessage", Fault(status=500, body={"ok": False, "error": "internal_error"}))
    assert (await sender.send(message("k:3"))).status == "unknown"


async def test_find_sent_looks_in_threads_and_dms(bot: Bot, fake_slack: FakeSlack) -> None:
    sender = sender_for(fake_slack, bot, ChannelLimiter(0.0))
    threaded = message("reply:1", thread="1764000000.000001")
    fake_slack.fail_next("chat.postMessage", Fault(drop_after_accepting=True))

    assert (await sender.send(threaded)).status == "unknown"

    found = await sender.find_sent(threaded)
    assert found == f"C0WES0TEAM:{fake_slack.messages['C0WES0TEAM'][0]['ts']}"
    assert fake_slack.calls_to("conversations.replies")[0].params["ts"] == "1764000000.000001"
    assert await sender.find_sent(message("never-sent")) is None
    assert await sender.find_sent(message("dm:none", channel="999999", kind="person")) is None


async def test_the_deliverer_reconciles_a_dropped_post_without_sending_it_twice(
    bot: Bot, fake_slack: FakeSlack
) -> None:
    bot.deliverer.senders["slack"] = sender_for(fake_slack, bot, ChannelLimiter(0.0))
    fake_slack.fail_next("chat.postMessage", Fault(drop_after_accepting=True))
    async with bot.uow_factory() as uow:
        await uow.outbox.enqueue(message("digest:dropped"), due_at=bot.clock.now(), now=bot.clock.now())
        await uow.commit()

    await bot.deliverer.deliver_due()
    async with bot.uow_factory() as uow:
        row = await uow.outbox.by_key("digest:dropped")
    assert row is not None
    assert row.status == "unknown"

    bot.clock.advance(timedelta(minutes=1))
    await bot.deliverer.deliver_due()

    async with bot.uow_factory() as uow:
        row = await uow.outbox.by_key("digest:dropped")
    assert row is not None
    [posted] = fake_slack.messages["C0WES0TEAM"]
    assert (row.status, row.platform_message_id) == ("sent", f"C0WES0TEAM:{posted['ts']}")
    assert len(fake_slack.calls_to("chat.postMessage", ok_only=False)) == 1


async def test_a_retraction_deletes_the_post_and_a_second_one_finds_it_gone(bot: Bot, fake_slack: FakeSlack) -> None:
    sender = sender_for(fake_slack, bot, ChannelLimiter(0.0))
    posted = await sender.send(message("celebration:12"))
    retraction = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C0WES0TEAM"),
        reply=say("-"),
        idempotency_key=f"retract:slack:{posted.message_id}",
        purpose="retract",
        retract=posted.message_id,
    )
    assert (await sender.send(retraction)).status == "sent"
    [deleted] = fake_slack.calls_to("chat.delete")
    assert f"{deleted.params['channel']}:{deleted.params['ts']}" == posted.message_id
    assert fake_slack.messages["C0WES0TEAM"] == []
    assert (await sender.send(retraction)).status == "sent"  # already gone counts as done
