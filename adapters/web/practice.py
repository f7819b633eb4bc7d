"""The intranet's view of good practice: the Atom feed and the public story pages; events' calendar files.

Both read the publications table, as the static export does (:mod:`adapters.html.exports`), so a
story taken down disappears from each at once.
"""

from __future__ import annotations

from aiohttp import web

from adapters.html.exports import feed_xml, read_published, story_body
from adapters.web.responses import SECURITY_HEADERS, message_page, page
from adapters.web.state import WEB_KEY
from bot import texts
from bot.domain.ics import calendar_key
from bot.domain.signin import same_secret
from bot.services.calendars import calendar_for


async def feed(request: web.Request) -> web.StreamResponse:
    """``/practice/feed.atom``."""
    state = request.app[WEB_KEY]
    published = await read_published(state.uow_factory, state.clock.now())
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return web.Response(
        text=feed_xml(published, state.base_url), content_type="application/atom+xml", charset="utf-8", headers=headers
    )


async def index(request: web.Request) -> web.StreamResponse:
    """``/practice/``: every published story."""
    state = request.app[WEB_KEY]
    published = await read_published(state.uow_factory, state.clock.now())
    return page(request, "practice/index.html", published=published, links=_live_links, export=False)


async def story(request: web.Request) -> web.StreamResponse:
    """``/practice/stories/{id}``: one published story."""
    state = request.app[WEB_KEY]
    published = await read_published(state.uow_factory, state.clock.now())
    wanted = request.match_info["story_id"]
    found = next((s for s in published.stories if str(s.id) == wanted), None)
    if found is None:
        return message_page(request, texts.WEB_STORY_GONE_TITLE, texts.WEB_STORY_GONE, status=404)
    return page(request, "practice/story.html", story=found, body=story_body(found), published=published, export=False)


async def event_calendar(request: web.Request) -> web.StreamResponse:
    """``/events/{id}.ics?key=…``: an event as a calendar file (the "add to calendar" link on event posts).

    Served without sign-in, so only with the event's own key (:func:`bot.domain.ics.calendar_key`):
    a missing or wrong key is answered like an unknown event, 404.
    """
    state = request.app[WEB_KEY]
    event_id = int(request.match_info["event_id"])
    body = None
    async with state.uow_factory() as uow:
        event = await uow.events.get(event_id)
        key = calendar_key(state.handler.link_secret, event_id, event.created_at) if event is not None else ""
        given = request.query.get("key", "")
        if key and given.isascii() and same_secret(given, key):
            body = await calendar_for(uow, event_id, state.clock.now())
    if body is None:
        return message_page(request, texts.WEB_EVENT_GONE_TITLE, texts.WEB_EVENT_GONE, status=404)
    name = f"event-{request.match_info['event_id']}.ics"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return web.Response(body=body, content_type="text/calendar", charset="utf-8", headers=headers)


def _live_links(story_id: int) -> str:
    return f"/practice/stories/{story_id}"


def add_routes(app: web.Application) -> None:
    """Mount the public intranet routes."""
    app.router.add_get("/practice/feed.atom", feed)
    app.router.add_get(r"/events/{event_id:\d{1,12}}.ics", event_calendar)
    app.router.add_get("/practice/", index)
    app.router.add_get("/practice/stories/{story_id}", story)
