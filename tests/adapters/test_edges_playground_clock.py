"""The playground's fast-forward moves its own clock only (issue 19): the server's planner, outbox
deliverer and retention purge stay on the real clock, whatever the playground does."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from adapters.bootstrap import bootstrap, install_platforms
from adapters.http import build_app
from adapters.web.state import WEB_KEY
from bot.config import Settings
from bot.store.models import Celebration, ProcessedEvent
from scheduler.clock import FakeClock
from scheduler.runner import Ticker
from tests.conftest import START, Templates
from tests.factories import command

WEEKS = 8


async def test_a_playground_jump_leaves_the_planner_the_deliverer_and_the_purge_on_real_time(
    templates: Templates, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLBOT_PLAYGROUND", "1")
    async with templates.engine("sqlite", "demo", tmp_path) as engine:
        runtime = await bootstrap(Settings(PLBOT_HOST="127.0.0.1"), migrate=False, engine=engine, clock=clock)
        app = build_app(handler=runtime.handler, uow_factory=runtime.uow_factory, deliverer=runtime.deliverer)
        install_platforms(app, runtime)
        state = app[WEB_KEY]
        assert state.play is not None
        # a real turn now: its inbound event id is kept one day for de-duplication
        await runtime.handler.handle(command("celebrate", "@sam.okafor for the danger statement"))
        form = {"as": "ali.hassan", "in": "dereham-fs", "pg": state.form_secret}
        async with TestClient(TestServer(app)) as http:
            for _ in range(WEEKS):
                response = await http.post("/playground/clock", data={**form, "step": "week"})
                assert response.status == 200
            response = await http.post("/playground/say", data={**form, "line": "/celebrate @sam.okafor mapping"})
            assert response.status == 200

        assert state.play.clock.now() == START + timedelta(weeks=WEEKS)
        ticker = Ticker(runtime.deliverer, planner=runtime.planner())
        assert ticker.planner is not None
        for seen in (runtime.clock, runtime.handler.clock, runtime.deliverer.clock, ticker.planner.clock, state.clock):
            assert seen.now() == START
        await ticker._purge_once()  # on the moved clock, the day-old event id would be gone
        async with engine.connect() as connection:
            kept = await connection.scalar(select(func.count()).select_from(ProcessedEvent))
            made = sorted(await connection.scalars(select(Celebration.created_at)))
        assert kept == 2
        # the real turn on real time, the playground's turn on the playground's time
        assert [m.replace(tzinfo=None) for m in made] == [
            START.replace(tzinfo=None),
            (START + timedelta(weeks=WEEKS)).replace(tzinfo=None),
        ]
        await runtime.close()
