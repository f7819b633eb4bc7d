"""Event calendar files are not public (issue 19): ``/events/<id>.ics`` opens only with the event's key.

Ids are sequential, so without a key every event, team-only ones included, could be read with its
title, place and joining link. The links the bot posts carry the key; a missing, wrong or another
event's key is answered 404, and a new secret revokes every link.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from adapters.http import build_app
from adapters.web.wiring import install
from adapters.wiring import Wiring
from bot.config import Settings
from bot.domain.ics import calendar_key
from bot.replies import Link, TextBlock
from bot.store.models_nudges import ScheduledEvent
from bot.store.uow import session_of
from tests.adapters.slack.conftest import start_server
from tests.bot.test_seminars_events import create_event
from tests.conftest import Bot


@pytest.fixture
async def served(bot: Bot) -> AsyncIterator[str]:
    """The web routes on loopback; returns the base URL."""
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    install(app, Wiring(Settings(_env_file=None), bot.handler, bot.uow_factory, bot.clock))
    runner, events_url = await start_server(app)
    yield events_url.removesuffix("/slack/events")
    await runner.cleanup()


async def status(url: str, params: dict[str, str] | None = None) -> int:
    async with aiohttp.ClientSession() as session, session.get(url, params=params) as response:
        return response.status


async def posted_calendar_link(bot: Bot) -> str:
    await bot.deliverer.deliver_due()
    [post] = [m for m in bot.senders["console"].sent if m.purpose == "event"]
    links = [p.url for b in post.reply.blocks if isinstance(b, TextBlock) for p in b.parts if isinstance(p, Link)]
    return next(u for u in links if ".ics" in u)


async def test_the_posted_link_opens_the_file_and_nothing_else_does(bot: Bot, served: str) -> None:
    event = await create_event(bot)
    link = urlsplit(await posted_calendar_link(bot))
    assert link.path == f"/events/{event.id}.ics"
    [key] = parse_qs(link.query)["key"]
    assert len(key) >= 22
    assert await status(f"{served}{link.path}?{link.query}") == 200
    assert await status(f"{served}{link.path}") == 404  # no key: as if there were no such event
    assert await status(f"{served}{link.path}", {"key": key[:-1] + ("A" if key[-1] != "A" else "B")}) == 404
    assert await status(f"{served}{link.path}", {"key": "\udcff"}) == 404
    assert await status(f"{served}/events/{event.id + 1}.ics", {"key": key}) == 404


async def test_a_key_opens_only_its_own_event_and_a_new_secret_revokes_every_link(bot: Bot, served: str) -> None:
    async with bot.uow_factory() as uow:
        team_only = [
            ScheduledEvent(
                organisation_id=1,
                team_id=1,
                title=f"Team {n}",
                starts_at=bot.clock.now() + timedelta(days=n),
                created_at=bot.clock.now(),
                audience="team",
            )
            for n in (1, 2)
        ]
        session_of(uow).add_all(team_only)
        await uow.commit()
    first, second = team_only
    first_key = calendar_key(bot.handler.link_secret, first.id, first.created_at)
    assert first_key != calendar_key(bot.handler.link_secret, second.id, second.created_at)
    assert await status(f"{served}/events/{first.id}.ics", {"key": first_key}) == 200
    assert await status(f"{served}/events/{second.id}.ics", {"key": first_key}) == 404
    bot.handler.link_secret = "a-new-secret"  # PLBOT_SECRET_KEY changed
    assert await status(f"{served}/events/{first.id}.ics", {"key": first_key}) == 404
