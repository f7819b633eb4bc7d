"""Slack through the durable inbox, in process: stored before the ack, 503 when it cannot be, and
replies to a resumed event that can no longer be delivered (issue 16)."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

import pytest

from adapters.slack.translate import from_slash_command
from bot.inbox import Inbox
from bot.store.errors import StoreError
from bot.store.models_inbox import InboxRow
from tests.adapters.slack.conftest import SlackHarness, payload, with_response_url


async def test_a_command_is_in_the_inbox_when_it_is_acknowledged(slack: SlackHarness) -> None:
    stored_before_ack: list[int] = []
    original = slack.adapter.worker.inbox.put

    async def spy(*args: Any, **kwargs: Any) -> Any:
        item = await original(*args, **kwargs)
        stored_before_ack.append(await slack.count(InboxRow))
        return item

    slack.adapter.worker.inbox.put = spy  # type: ignore[method-assign]
    answer = await slack.command(with_response_url(payload("command_celebrate"), slack.fake.response_url("c")))
    assert answer.status == 200
    assert stored_before_ack == [1]
    await slack.adapter.drain()
    assert (await slack.celebrations(), await slack.count(InboxRow)) == (1, 0)


async def test_a_command_that_cannot_be_stored_is_answered_503_and_not_acknowledged(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise StoreError("OperationalError")  # what the unit of work raises for "database is locked"

    monkeypatch.setattr(slack.adapter.worker.inbox, "put", broken)
    answer = await slack.command(with_response_url(payload("command_celebrate"), slack.fake.response_url("c")))
    await slack.adapter.drain()
    assert answer.status == 503
    assert await slack.celebrations() == 0
    assert slack.fake.responses == []


async def test_a_resumed_command_whose_response_url_expired_is_stored_without_a_crash(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    expired = f"http://127.0.0.1:{slack.fake.port}/expired/abc"  # answers 404, as Slack does after 30 minutes
    inbound = from_slash_command(with_response_url(payload("command_celebrate"), expired), slack.bot.clock.now())
    assert inbound is not None
    previous_process = Inbox(slack.bot.uow_factory, slack.bot.clock, slack.adapter.worker.inbox.sealer)
    await previous_process.put("slack", inbound.event, asdict(inbound.origin))

    caplog.set_level(logging.INFO)
    slack.adapter.worker.wake()
    await slack.adapter.drain()
    assert (await slack.celebrations(), await slack.count(InboxRow)) == (1, 0)
    assert slack.adapter.background_failures == 0
    assert "slack response_url refused" in caplog.text
