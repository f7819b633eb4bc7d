"""Quieter logs (issue 19): a malformed Teams request is one WARNING line from the project, not an SDK
ERROR; anonymous mode says "App ID is not provided" once at start, not per request; APScheduler's
"maximum number of running instances" is not logged (ticks never overlap by design)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from adapters.logs import DropMessages, quiet_known_noise
from adapters.teams.connector import LoopbackOnly
from adapters.teams.wiring import TeamsOptions
from scheduler.runner import Ticker
from tests.adapters.teams.harness import Harness, start_harness
from tests.conftest import Bot
from tests.fakes_teams import FakeConnector

APP_ID_LINE = "App ID is not provided"


def malformed(teams: Harness) -> list[dict[str, Any] | bytes]:
    """Requests the Teams endpoint must refuse with 400 before the SDK sees them."""
    deep = b'{"type": "message", "channelId": "msteams", "value": ' + b"[" * 2000 + b"]" * 2000 + b"}"
    return [
        teams.activity("personal_message", channelId=""),
        teams.activity("personal_message", serviceUrl=12),
        teams.activity("personal_message", recipient=None, conversation=None),
        teams.activity("personal_message", type=""),
        teams.activity("personal_message", attachments=[{"contentType": 3}]),
        deep,
        b"not json",
        b"[]",
    ]


def loud(records: list[logging.LogRecord]) -> list[str]:
    """Every ERROR, and every WARNING that is not the project's."""
    return [
        f"{r.levelname} {r.name}: {r.getMessage()[:120]}"
        for r in records
        if r.levelno >= logging.ERROR or (r.levelno >= logging.WARNING and not r.name.startswith("adapters."))
    ]


async def test_a_malformed_teams_request_is_one_warning_line_from_the_project(
    teams: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for body in malformed(teams):
        caplog.clear()
        status, answer = await teams.post(body)
        assert (status, answer) == (400, {"error": "not a valid activity"}), body
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert [(r.name, r.levelname, r.getMessage()) for r in warnings] == [
            ("adapters.teams.app", "WARNING", "teams request refused: not a valid activity")
        ], json.dumps(body if isinstance(body, dict) else body[:40].decode())


async def test_anonymous_mode_says_app_id_is_not_provided_once_at_start(
    bot: Bot, connector: FakeConnector, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    teams, runner = await start_harness(bot, connector, TeamsOptions(anonymous=True, policy=LoopbackOnly()))
    try:
        at_start = [r.getMessage() for r in caplog.records if APP_ID_LINE in r.getMessage()]
        assert at_start == ["teams: App ID is not provided (anonymous loopback mode)"]
        caplog.clear()
        for n in range(3):
            status, _ = await teams.post(teams.activity("personal_message", id=f"m{n}", text="help"))
            assert status < 300
        await teams.settle()
    finally:
        await teams.session.close()
        await runner.cleanup()
    assert [r.getMessage() for r in caplog.records if APP_ID_LINE in r.getMessage()] == []
    assert loud(caplog.records) == []


async def test_a_tick_skipped_because_one_is_running_is_not_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_known_noise()  # what configure_logging installs in every process
    caplog.set_level(logging.WARNING)
    started, release = asyncio.Event(), asyncio.Event()

    async def slow_delivery() -> int:
        started.set()
        await release.wait()
        return 0

    monkeypatch.setattr(bot.deliverer, "deliver_due", slow_delivery)
    ticker = Ticker(bot.deliverer)
    ticker.start()
    try:
        ticker.wake()
        ticker.scheduler._process_jobs()  # runs the deliver tick, which blocks
        await asyncio.wait_for(started.wait(), 30)
        ticker.wake()
        ticker.scheduler._process_jobs()  # the next tick while one runs: APScheduler skips it
        assert [r.getMessage() for r in caplog.records if "running instances" in r.getMessage()] == []
        # the same skip without the filter is logged: the path above is the one that logged it
        aps = logging.getLogger("apscheduler.scheduler")
        dropper = next(f for f in aps.filters if isinstance(f, DropMessages))
        aps.removeFilter(dropper)
        try:
            ticker.wake()
            ticker.scheduler._process_jobs()
        finally:
            aps.addFilter(dropper)
        assert len([r for r in caplog.records if "running instances" in r.getMessage()]) == 1
    finally:
        release.set()
        ticker.stop()
