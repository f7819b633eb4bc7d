"""Documents rendered from the templates outside a request: the locality review and the intranet's static export.

The web pages serve the same documents live (:mod:`adapters.web.review`, :mod:`adapters.web.practice`);
``plbot report locality`` and ``plbot publish --out DIR`` write them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from jinja2 import Environment
from markupsafe import Markup

from adapters.html.templating import STATIC
from bot import texts
from bot.domain.feed import PublishedStory, atom_feed, export_name, story_html
from bot.domain.reports import LocalityReview, activity_chart, to_csv, to_markdown
from bot.services.publishing import published_stories
from bot.store.uow import UnitOfWorkFactory

Format = Literal["html", "csv", "md"]
FORMATS: dict[str, Format] = {"html": "html", "csv": "csv", "md": "md"}
EXPORT_PREFIX = "story-"


def stylesheet() -> str:
    """The site's one stylesheet."""
    return (STATIC / "style.css").read_text(encoding="utf-8")


def review_html(env: Environment, review: LocalityReview, *, standalone: bool) -> str:
    """The review as HTML: a fragment for the dashboard, or a standalone file with its styles inlined."""
    css = Markup(stylesheet()) if standalone else Markup("")  # noqa: S704 - our own stylesheet
    return env.get_template("review_standalone.html").render(
        review=review,
        chart=Markup(activity_chart(review)),  # noqa: S704 - built with escaping
        css=css,
    )


def render_review(env: Environment, review: LocalityReview, fmt: Format) -> str:
    """The review in one of the export formats."""
    if fmt == "csv":
        return to_csv(review)
    if fmt == "md":
        return to_markdown(review)
    return review_html(env, review, standalone=True)


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


def feed_xml(published: Published, base_url: str) -> str:
    """The Atom feed document, its links built on ``base_url``."""
    return atom_feed(published.stories, base_url=base_url, title=texts.FEED_TITLE, updated=published.updated)


def story_body(story: PublishedStory) -> Markup:
    """A story's sections as HTML."""
    return Markup(story_html(story))  # noqa: S704 - every part escaped by story_html


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


async def export_site(
    env: Environment, uow_factory: UnitOfWorkFactory, out: Path, now: datetime, base_url: str
) -> list[Path]:
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
        out / "feed.atom": feed_xml(published, base_url),
        out / "style.css": stylesheet(),
    }
    for item in published.stories:
        pages[out / export_name(item.id)] = env.get_template("practice/story.html").render(
            story=item, body=story_body(item), published=published, export=True, request_path="", playground_on=False
        )
    keep = set(pages)
    for stale in await asyncio.to_thread(lambda: list(out.glob(f"{EXPORT_PREFIX}*.html"))):
        if stale not in keep:
            await asyncio.to_thread(stale.unlink)
    for path, text in pages.items():
        await asyncio.to_thread(_write, path, text)
        written.append(path)
    return written
