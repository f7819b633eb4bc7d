"""Slack test harness: the real aiohttp server with the Slack adapter, a fake Web API, signed requests."""

from __future__ import annotations

import copy
import io
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from adapters.http import build_app
from adapters.slack.app import SLACK_ADAPTER_KEY, SlackAdapter
from adapters.slack.guard import RequestGuard
from adapters.slack.sender import SlackSender
from adapters.slack.wiring import install
from adapters.wiring import Wiring
from bot.config import Settings
from bot.store.models import Celebration, OutboxMessage, PracticeStory, ProcessedEvent
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.fakes_slack import TOKEN, FakeSlack

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "slack"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # 32 characters, like Slack's


def payload(name: str) -> dict[str, Any]:
    """A recorded payload (a fresh copy)."""
    return copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8")))


def slack_settings(api_url: str, **overrides: Any) -> Settings:
    """Settings with Slack on, pointing at the fake Web API (no .env file)."""
    values: dict[str, Any] = {
        "slack_bot_token": TOKEN,
        "slack_signing_secret": SECRET,
        "slack_api_url": api_url,
        "slack_app_token": "",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class Signer:
    """Signs request bodies like Slack does."""

    def __init__(self, secret: str = SECRET, now: Callable[[], float] = time.time) -> None:
        self.verifier = SignatureVerifier(secret)
        self.now = now

    def headers(self, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
        """The two signature headers for ``body``."""
        ts = str(int(self.now()) if timestamp is None else timestamp)
        signature = self.verifier.generate_signature(timestamp=ts, body=body.decode("utf-8"))
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": str(signature)}


def form_body(fields: dict[str, Any]) -> bytes:
    """A slash command body."""
    return urlencode(fields).encode("utf-8")


def interaction_body(data: dict[str, Any]) -> bytes:
    """A block_actions / view_submission / shortcut body (``payload=<json>``)."""
    return urlencode({"payload": json.dumps(data)}).encode("utf-8")


def event_body(data: dict[str, Any]) -> bytes:
    """An Events API body."""
    return json.dumps(data).encode("utf-8")


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass
class Answer:
    """What the server answered."""

    status: int
    text: str

    def json(self) -> Any:
        """The answer as JSON."""
        return json.loads(self.text)


@dataclass
class SlackHarness:
    """The running server, the fake Web API, and helpers to talk to them."""

    bot: Bot
    fake: FakeSlack
    adapter: SlackAdapter
    sender: SlackSender
    session: aiohttp.ClientSession
    url: str
    signer: Signer

    async def send(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        signed: bool = True,
    ) -> Answer:
        """POST a body to /slack/events, signed unless told otherwise."""
        assert b"hooks.slack.com" not in body, "point response_url at the fake (no network in tests)"
        all_headers = {"Content-Type": content_type}
        if signed:
            all_headers.update(self.signer.headers(body, timestamp=timestamp))
        all_headers.update(headers or {})
        data = io.BytesIO(body) if len(body) > 512 * 1024 else body
        async with self.session.post(self.url, data=data, headers=all_headers) as response:
            return Answer(response.status, await response.text())

    async def command(self, fields: dict[str, Any], **kwargs: Any) -> Answer:
        """Send a slash command."""
        return await self.send(form_body(fields), FORM, **kwargs)

    async def interaction(self, data: dict[str, Any], **kwargs: Any) -> Answer:
        """Send an interactivity payload."""
        return await self.send(interaction_body(data), FORM, **kwargs)

    async def event(self, data: dict[str, Any], **kwargs: Any) -> Answer:
        """Send an Events API body."""
        return await self.send(event_body(data), JSON, **kwargs)

    async def count(self, model: type[Any]) -> int:
        """Rows of a table."""
        async with self.bot.uow_factory() as uow:
            return int(await session_of(uow).scalar(select(func.count()).select_from(model)) or 0)

    async def celebrations(self) -> int:
        """How many celebrations are stored."""
        return await self.count(Celebration)

    async def stories(self) -> list[PracticeStory]:
        """Every stored story."""
        async with self.bot.uow_factory() as uow:
            return list((await session_of(uow).scalars(select(PracticeStory))).all())

    async def outbox(self) -> list[OutboxMessage]:
        """Every outbox row."""
        async with self.bot.uow_factory() as uow:
            return list((await session_of(uow).scalars(select(OutboxMessage))).all())

    async def processed(self) -> int:
        """How many inbound events were recorded."""
        return await self.count(ProcessedEvent)


async def start_server(app: web.Application) -> tuple[web.AppRunner, str]:
    """Run ``app`` on a random loopback port; returns the runner and the Slack URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/slack/events"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """The fake Slack Web API on loopback."""
    fake = await FakeSlack().start()
    yield fake
    await fake.close()


@pytest.fixture
async def slack(bot: Bot, fake_slack: FakeSlack) -> AsyncIterator[SlackHarness]:
    """The real server with the Slack adapter installed, talking to the fake Web API."""
    wiring = Wiring(slack_settings(fake_slack.base_url), bot.handler, bot.uow_factory, bot.clock)
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    sender = install(app, wiring)
    assert isinstance(sender, SlackSender)
    bot.deliverer.senders["slack"] = sender
    adapter = app[SLACK_ADAPTER_KEY]
    runner, url = await start_server(app)
    async with aiohttp.ClientSession() as session:
        yield SlackHarness(bot, fake_slack, adapter, sender, session, url, Signer())
        await adapter.drain()
    await runner.cleanup()


def freeze_guard(harness: SlackHarness, at: float) -> None:
    """Give the adapter's guard a clock stopped at ``at`` (for timestamp-window tests)."""
    harness.adapter.guard = RequestGuard(SECRET, now=lambda: at)


def with_response_url(data: dict[str, Any], url: str) -> dict[str, Any]:
    """A payload whose response_url points at the fake."""
    data["response_url"] = url
    return data
