"""Test harness: the real aiohttp server with the Teams adapter mounted, and recorded payloads."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from adapters.http import build_app
from adapters.teams.app import TeamsRuntime
from adapters.teams.refs import ConversationRefs
from adapters.teams.wiring import TeamsOptions, mount
from adapters.wiring import Wiring
from bot.config import Settings
from tests.conftest import ROOT, Bot
from tests.fakes_teams import FakeConnector

PAYLOADS = ROOT / "tests" / "payloads" / "teams"
TENANT = "8f6c1f4e-5b1a-4c7d-9e2f-0a1b2c3d4e5f"
APP_ID = "3c1d2f7a-9b8e-4d6c-a5f4-0e1d2c3b4a59"
BOT_ID = f"28:{APP_ID}"


def payload(which: str, service_url: str = "", /, **changes: Any) -> dict[str, Any]:
    """A recorded activity from tests/payloads/teams, pointed at ``service_url``, with top-level changes."""
    data: dict[str, Any] = json.loads((PAYLOADS / f"{which}.json").read_text(encoding="utf-8"))
    if service_url:
        data["serviceUrl"] = service_url
    data.update(copy.deepcopy(changes))
    return data


def settings(**values: Any) -> Settings:
    """Settings from explicit values only (no environment, no .env)."""
    return Settings(_env_file=None, **values)


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Run an aiohttp app on a free loopback port."""
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@dataclass
class Harness:
    """The server with Teams mounted, its runtime, the fake connector and the core."""

    url: str
    runtime: TeamsRuntime
    connector: FakeConnector
    bot: Bot
    session: aiohttp.ClientSession

    @property
    def refs(self) -> ConversationRefs:
        """The conversation references table."""
        return self.runtime.refs

    def activity(self, which: str, /, **changes: Any) -> dict[str, Any]:
        """A recorded activity aimed at the fake connector."""
        return payload(which, self.connector.url, **changes)

    async def post(self, activity: dict[str, Any] | bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """POST to /api/messages; returns the status and the JSON body (None when empty)."""
        data = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
        request_headers = {"Content-Type": "application/json", **(headers or {})}
        async with self.session.post(f"{self.url}/api/messages", data=data, headers=request_headers) as response:
            text = await response.text()
            return response.status, json.loads(text) if text else None

    async def settle(self) -> None:
        """Let queued turn work finish."""
        await self.runtime.drain()


async def start_harness(bot: Bot, connector: FakeConnector, options: TeamsOptions) -> tuple[Harness, web.AppRunner]:
    """Mount Teams with ``options`` on the real server and start it."""
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    wiring = Wiring(settings(PLBOT_HOST="127.0.0.1"), bot.handler, bot.uow_factory, bot.clock)
    runtime = mount(app, wiring, options)
    bot.deliverer.senders["teams"] = runtime.sender
    runner, url = await serve(app)
    session = aiohttp.ClientSession()
    return Harness(url, runtime, connector, bot, session), runner
