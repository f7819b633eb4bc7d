"""The web adapter on a real aiohttp server over loopback, with the demo organisation on a fake clock."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from adapters.http import build_app
from adapters.web.config import WebSettings
from adapters.web.state import WEB_KEY, WebState
from adapters.web.wiring import install
from adapters.wiring import Wiring
from bot.config import Settings
from bot.domain.feed import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from bot.replies import Link, Reply, TextBlock
from tests.conftest import ROOT, Bot
from tests.factories import GOOD_STORY, click, command, submit

SECRET = "test-secret-key"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
FORM_SECRET = re.compile(r'name="pg" value="([^"]+)"')


@dataclass
class Hook:
    """A fake intranet receiving the signed webhook."""

    url: str = ""
    received: list[dict[str, object]] = field(default_factory=list)
    bad_signatures: int = 0


@dataclass
class Site:
    """The running server and the core under it."""

    url: str
    bot: Bot
    state: WebState
    hook: Hook


async def _start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save screenshots: a temporary folder, or with ``PLBOT_UPDATE_SCREENSHOTS=1``
    the README's ``docs/screenshots`` (``make screenshots``)."""
    if os.environ.get("PLBOT_UPDATE_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
async def hook() -> AsyncIterator[Hook]:
    """A loopback intranet that checks each webhook's signature."""
    received = Hook()

    async def receive(request: web.Request) -> web.Response:
        body = await request.read()
        if not verify(SECRET, request.headers[TIMESTAMP_HEADER], body, request.headers[SIGNATURE_HEADER]):
            received.bad_signatures += 1
            return web.Response(status=401)
        received.received.append(await request.json())
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner, url = await _start(app)
    received.url = f"{url}/hook"
    yield received
    await runner.cleanup()


@pytest.fixture
async def site(bot: Bot, hook: Hook) -> AsyncIterator[Site]:
    """The server with the web adapter mounted: playground on, webhook on, only web senders."""
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    settings = Settings(PLBOT_SECRET_KEY=SECRET, PLBOT_HOST="127.0.0.1")
    web_settings = WebSettings(PLBOT_PLAYGROUND="on", PLBOT_INTRANET_WEBHOOK_URL=hook.url)
    senders = install(app, Wiring(settings, bot.handler, bot.uow_factory, bot.clock), web_settings)
    bot.deliverer.senders = {**senders}
    runner, url = await _start(app)
    bot.handler.base_url = app[WEB_KEY].base_url = url  # links point at this server
    yield Site(url, bot, app[WEB_KEY], hook)
    await runner.cleanup()


def client() -> aiohttp.ClientSession:
    """A browser-like client: keeps cookies (also for 127.0.0.1) and follows redirects."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def link_in(reply: Reply) -> str:
    """The first link of a reply."""
    return next(p.url for b in reply.blocks if isinstance(b, TextBlock) for p in b.parts if isinstance(p, Link))


async def signin_link(bot: Bot, handle: str) -> str:
    """Ask the bot for a dashboard link as ``handle`` (in a direct conversation)."""
    replies = await bot.handler.handle(command("sofs", "dashboard", actor=handle, channel=f"dm:{handle}"))
    return link_in(replies[0])


async def sign_in(session: aiohttp.ClientSession, bot: Bot, handle: str) -> str:
    """Sign ``session`` in as ``handle``; returns the dashboard's form token."""
    link = await signin_link(bot, handle)
    token = link.split("token=", 1)[1]
    base = link.split("/dashboard/", 1)[0]
    async with session.post(f"{base}/dashboard/signin", data={"token": token}) as response:
        assert response.status == 200, await response.text()
        html = await response.text()
    match = CSRF.search(html)
    assert match, "the dashboard carries a form token"
    return match.group(1)


async def approved_story(bot: Bot, title: str, *, author: str = "ali.hassan", approver: str = "sam.okafor") -> int:
    """A story shared, submitted and approved through the handler; returns its id."""
    fields = {**GOOD_STORY, "title": title}
    await bot.handler.handle(submit("story", fields, actor=author))
    async with bot.uow_factory() as uow:
        story_id = max(s.id for s in await uow.stories.by_author((await uow.people.by_handle(1, author)).id))  # type: ignore[union-attr]
    await bot.handler.handle(click("story.submit", str(story_id), actor=author))
    await bot.handler.handle(click("story.approve", str(story_id), actor=approver, channel=f"dm:{approver}"))
    return story_id
