"""The intranet's view of good practice: the Atom feed, public story pages and the static export.

All three read the publications table, so a story taken down disappears from each at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aiohttp import web
from jinja2 import Environment
from markupsafe import Markup

from adapters.web.responses import SECURITY_HEADERS, message_page, page
from adapters.web.state import WEB_KEY
from adapters.web.templating import STATIC
from bot import texts
from bot.domain.feed import PublishedStory, atom_feed, export_name, story_html
from bot.domain.signin import base_url
from bot.intents.events_rsvp import calendar_for
from bot.services.publishing import published_stories
from bot.store.uow import UnitOfWorkFactory

EXPORT_PREFIX = "story-"


@dataclass(frozen=True, slots=True)
class Published:
    """What the feed and the pages show: the stories, the organisation's name and when it last changed."""

    stories: list[PublishedStory]
    organisation: str
    updated: datetime


async def read_published(uow_factory: UnitOfWorkFactory, now: datetime) -> Published:
    """The published stories, newest first."""
    async with uow_factory() as uow:
        org = await uow.orgs.first()
        stories = await published_stories(uow, org) if org else []
    updated = max((s.published_at for s in stories), default=now)
    return Published(stories, org.name if org else "", updated)


def feed_xml(published: Published, url: str) -> str:
    """The Atom feed document."""
    return atom_feed(published.stories, base_url=url, title=texts.FEED_TITLE, updated=published.updated)


async def feed(request: web.Request) -> web.StreamResponse:
    """``/practice/feed.atom``."""
    state = request.app[WEB_KEY]
    published = await read_published(state.uow_factory, state.clock.now())
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return web.Response(
        text=feed_xml(published, base_url()), content_type="application/atom+xml", charset="utf-8", headers=headers
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
    return page(request, "practice/story.html", story=found, body=_body(found), published=published, export=False)


async def event_calendar(request: web.Request) -> web.StreamResponse:
    """``/events/{id}.ics``: an event as a calendar file (the "add to calendar" link on event posts)."""
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        body = await calendar_for(uow, int(request.match_info["event_id"]), state.clock.now())
    if body is None:
        return message_page(request, texts.WEB_EVENT_GONE_TITLE, texts.WEB_EVENT_GONE, status=404)
    name = f"event-{request.match_info['event_id']}.ics"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return web.Response(body=body, content_type="text/calendar", charset="utf-8", headers=headers)


def _live_links(story_id: int) -> str:
    return f"/practice/stories/{story_id}"


def _body(story_item: PublishedStory) -> Markup:
    return Markup(story_html(story_item))  # noqa: S704 - every part escaped by story_html


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


async def export_site(env: Environment, uow_factory: UnitOfWorkFactory, out: Path, now: datetime) -> list[Path]:
    """Write the static export an intranet can host: index, one page per story, the feed and the styles.

    Pages of stories no longer published are removed, so a take-down reaches the export the next
    time it runs. Returns the files written.
    """
    published = await read_published(uow_factory, now)
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    written: list[Path] = []

    def relative(story_id: int) -> str:
        return export_name(story_id)

    pages = {
        out / "index.html": env.get_template("practice/index.html").render(
            published=published, links=relative, export=True, request_path="", playground_on=False
        ),
        out / "feed.atom": feed_xml(published, base_url()),
        out / "style.css": (STATIC / "style.css").read_text(encoding="utf-8"),
    }
    for item in published.stories:
        pages[out / export_name(item.id)] = env.get_template("practice/story.html").render(
            story=item, body=_body(item), published=published, export=True, request_path="", playground_on=False
        )
    keep = set(pages)
    for stale in await asyncio.to_thread(lambda: list(out.glob(f"{EXPORT_PREFIX}*.html"))):
        if stale not in keep:
            await asyncio.to_thread(stale.unlink)
    for path, text in pages.items():
        await asyncio.to_thread(_write, path, text)
        written.append(path)
    return written


def add_routes(app: web.Application) -> None:
    """Mount the public intranet routes."""
    app.router.add_get("/practice/feed.atom", feed)
    app.router.add_get(r"/events/{event_id:\d{1,12}}.ics", event_calendar)
    app.router.add_get("/practice/", index)
    app.router.add_get("/practice/stories/{story_id}", story)
