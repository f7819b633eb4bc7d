"""The "add to calendar" link of event posts: ``/events/{id}.ics`` on the web adapter."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
from icalendar import Calendar

from adapters.http import build_app
from adapters.web.wiring import install
from adapters.wiring import Wiring
from bot import texts
from bot.config import Settings
from bot.domain.ics import calendar_key
from bot.store.models_nudges import ScheduledEvent
from bot.store.uow import session_of
from tests.adapters.slack.conftest import start_server
from tests.conftest import Bot


async def test_an_event_is_served_as_an_ics_file_and_an_unknown_one_is_404(bot: Bot) -> None:
    async with bot.uow_factory() as uow:
        event = ScheduledEvent(
            organisation_id=1,
            locality_id=1,
            kind="group_supervision",
            title="Group supervision: a stuck case",
            starts_at=bot.clock.now() + timedelta(days=7),
            duration_minutes=120,
            created_at=bot.clock.now(),
        )
        session_of(uow).add(event)
        await uow.commit()
    settings = Settings(_env_file=None)
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    install(app, Wiring(settings, bot.handler, bot.uow_factory, bot.clock))
    runner, events_url = await start_server(app)
    url = events_url.removesuffix("/slack/events")
    try:
        async with aiohttp.ClientSession() as session:
            key = calendar_key(bot.handler.link_secret, event.id, event.created_at)
            async with session.get(f"{url}/events/{event.id}.ics", params={"key": key}) as response:
                assert response.status == 200
                assert response.content_type == "text/calendar"
                calendar = Calendar.from_ical(await response.read())
            async with session.get(f"{url}/events/999999.ics") as missing:
                assert missing.status == 404
    finally:
        await runner.cleanup()
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith(texts.EVENT_KINDS["group_supervision"])
