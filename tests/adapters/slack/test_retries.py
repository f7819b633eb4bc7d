"""Slack redeliveries (reliability B2, B5, B6): one effect and one reply, however often it arrives."""

from __future__ import annotations

import asyncio
import time

from tests.adapters.slack.conftest import (
    FORM,
    JSON,
    SlackHarness,
    event_body,
    form_body,
    interaction_body,
    payload,
    with_response_url,
)


def _retry(number: int) -> dict[str, str]:
    return {"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": "http_timeout"}


async def test_a_command_delivered_four_times_has_one_row_and_one_reply(slack: SlackHarness) -> None:
    body = form_body(with_response_url(payload("command_celebrate"), slack.fake.response_url("c")))
    now = int(time.time())

    first, second = await asyncio.gather(
        slack.send(body, FORM, timestamp=now - 3),
        slack.send(body, FORM, timestamp=now - 2, headers=_retry(1)),
    )
    third = await slack.send(body, FORM, timestamp=now - 1, headers=_retry(2))
    fourth = await slack.send(body, FORM, timestamp=now, headers=_retry(3))
    await slack.adapter.drain()
    await slack.bot.deliverer.deliver_due()

    assert [a.status for a in (first, second, third, fourth)] == [200, 200, 200, 200]
    assert await slack.celebrations() == 1
    assert len(slack.fake.responses) == 1
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
    # a repeat arriving while the first still waits in the inbox is not even stored; later ones are
    # stored and then found already handled by the core
    assert slack.bot.handler.stats["duplicates"] + slack.adapter.worker.inbox.repeats == 3
    assert slack.bot.handler.stats["failed"] == 0


async def test_an_event_delivered_four_times_is_recorded_once(slack: SlackHarness) -> None:
    body = event_body(payload("message_event"))
    now = int(time.time())

    answers = list(
        await asyncio.gather(
            slack.send(body, JSON, timestamp=now - 3),
            slack.send(body, JSON, timestamp=now - 2, headers=_retry(1)),
        )
    )
    answers += [
        await slack.send(body, JSON, timestamp=now - 1, headers=_retry(2)),
        await slack.send(body, JSON, timestamp=now, headers=_retry(3)),
    ]
    await slack.adapter.drain()

    assert [a.status for a in answers] == [200, 200, 200, 200]
    assert await slack.processed() == 1
    assert slack.bot.handler.stats["duplicates"] + slack.adapter.worker.inbox.repeats == 3


async def test_a_button_clicked_payload_delivered_three_times_acts_once(slack: SlackHarness) -> None:
    click = with_response_url(payload("block_actions_approve"), slack.fake.response_url("snooze"))
    click["actions"][0].update(action_id="settings.snooze", value="1w")
    body = interaction_body(click)
    now = int(time.time())

    answers = [await slack.send(body, FORM, timestamp=now - n) for n in range(3)]
    await slack.adapter.drain()

    assert [a.status for a in answers] == [200, 200, 200]
    assert len(slack.fake.responses) == 1
    assert slack.bot.handler.stats["handled"] == 1


async def test_a_hundred_bot_messages_get_no_reply(slack: SlackHarness) -> None:
    for number in range(100):
        data = payload("bot_message_event")
        data["event_id"] = f"Ev0BOT{number:06d}"
        assert (await slack.event(data)).status == 200
    await slack.adapter.drain()

    assert await slack.processed() == 0
    assert slack.fake.calls_to("chat.postMessage") == []
