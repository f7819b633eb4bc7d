"""The aiohttp server over loopback HTTP: health, readiness, metrics, body cap."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from adapters.http import build_app
from bot.store.db import make_engine
from bot.store.uow import UnitOfWorkFactory
from tests.conftest import Bot
from tests.factories import command

METRICS_TOKEN = "metrics-token-for-tests"


@pytest.fixture
async def server(bot: Bot) -> AsyncIterator[str]:
    app = build_app(
        handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer, metrics_token=METRICS_TOKEN
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_health_ready_and_metrics(server: str, bot: Bot) -> None:
    await bot.handler.handle(command("celebrate", "@sam.okafor for the safety plan"))
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{server}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok"}
        async with client.get(f"{server}/readyz") as response:
            assert response.status == 200
            assert (await response.json())["database"] == "ok"
        headers = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        async with client.get(f"{server}/metrics", headers=headers) as response:
            body = await response.text()
    assert response.content_type == "text/plain"
    assert 'plbot_turns_total{outcome="handled"} 1' in body
    assert "plbot_outbox_pending 1" in body


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer wrong", f"Basic {METRICS_TOKEN}", f"Bearer {METRICS_TOKEN}x"]
)
async def test_metrics_need_the_bearer_token(server: str, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    async with aiohttp.ClientSession() as client, client.get(f"{server}/metrics", headers=headers) as response:
        assert response.status == 401
        assert "plbot_" not in await response.text()


async def test_metrics_are_not_served_without_a_token(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLBOT_METRICS_TOKEN", raising=False)
    monkeypatch.chdir("/")  # no .env
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert response.status == 404
            async with client.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
    finally:
        await runner.cleanup()


async def test_readyz_reports_a_dead_database(bot: Bot) -> None:
    dead = UnitOfWorkFactory(make_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none"))  # port 9: refused
    app = build_app(handler=bot.handler, uow_factory=dead, deliverer=bot.deliverer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as client, client.get(f"http://127.0.0.1:{port}/readyz") as response:
            assert response.status == 503
            assert (await response.json())["database"] == "down"
    finally:
        await runner.cleanup()
        await dead.engine.dispose()


async def test_unknown_path_is_404_not_500(server: str) -> None:
    async with aiohttp.ClientSession() as client, client.post(f"{server}/nope", data=b"x" * 10) as response:
        assert response.status in {404, 405}
