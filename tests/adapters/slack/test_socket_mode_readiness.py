"""Socket Mode connects in the background (issue 16): Slack being unreachable must not keep the
server from listening. ``/healthz`` answers at once; ``/readyz`` answers 503 and says what it waits
for until the first connection is made, then 200."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from adapters.http import build_app
from adapters.slack.app import SOCKET_MODE
from adapters.slack.wiring import install
from adapters.wiring import Wiring
from tests.adapters.serve_process import eventually, free_port
from tests.adapters.slack.conftest import slack_settings, start_server
from tests.conftest import Bot

APP_TOKEN = "xapp-1-A0TEST-0000000000-notarealtoken"
QUICK = 5.0  # seconds: far less than Socket Mode's 10 s between two connection attempts
CONNECTED = 30.0  # seconds for a loopback connection on a loaded machine (a deadline, not a wait)


class FakeSocketMode:
    """``apps.connections.open`` and a WebSocket that stays open: what Socket Mode connects to."""

    def __init__(self) -> None:
        self.opened = 0
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/apps.connections.open", self.open)
        app.router.add_get("/link", self.link)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]

    async def open(self, _request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"})

    async def link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.opened += 1
        async for _ in socket:
            pass
        return socket


async def serve(bot: Bot, api_url: str) -> tuple[web.AppRunner, str]:
    """The server with Slack in Socket Mode against ``api_url``; returns the runner and base URL."""
    settings = slack_settings(api_url, slack_app_token=APP_TOKEN, slack_signing_secret="")
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer, metrics_token="")
    install(app, Wiring(settings, bot.handler, bot.uow_factory, bot.clock))
    runner, url = await asyncio.wait_for(start_server(app), QUICK)
    return runner, url.removesuffix("/slack/events")


async def get(url: str) -> tuple[int, object]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.json()


@pytest.fixture
async def fake_socket_mode() -> AsyncIterator[FakeSocketMode]:
    fake = FakeSocketMode()
    await fake.start()
    yield fake
    assert fake.runner is not None
    await fake.runner.cleanup()


async def test_unreachable_slack_leaves_healthz_answering_and_readyz_saying_what_waits(bot: Bot) -> None:
    closed = free_port()  # nobody listens there: every connection attempt is refused
    runner, base = await serve(bot, f"http://127.0.0.1:{closed}/api/")
    try:
        assert await asyncio.wait_for(get(f"{base}/healthz"), QUICK) == (200, {"status": "ok"})
        assert await asyncio.wait_for(get(f"{base}/readyz"), QUICK) == (
            503,
            {"status": "waiting", "waiting": [SOCKET_MODE]},
        )
    finally:
        await asyncio.wait_for(runner.cleanup(), QUICK)  # the connection attempts stop with the server


async def test_readyz_turns_200_once_socket_mode_is_connected(bot: Bot, fake_socket_mode: FakeSocketMode) -> None:
    runner, base = await serve(bot, f"http://127.0.0.1:{fake_socket_mode.port}/api/")
    try:

        async def ready() -> bool:
            return (await get(f"{base}/readyz"))[0] == 200

        await eventually(ready, CONNECTED, "socket mode to connect")
        assert fake_socket_mode.opened == 1
        assert await get(f"{base}/readyz") == (200, {"status": "ready", "database": "ok"})
    finally:
        await asyncio.wait_for(runner.cleanup(), QUICK)
