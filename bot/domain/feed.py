"""Published stories for the intranet: the Atom feed, the webhook payload and its signature.

Pure functions. Story text is user text: it is escaped into the feed's HTML content and the XML
writer escapes it again, so nothing a story says can become markup on the intranet.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from bot import texts
from bot.domain.markup import xml_text

ATOM = "http://www.w3.org/2005/Atom"
SIGNATURE_HEADER = "X-Plbot-Signature"
TIMESTAMP_HEADER = "X-Plbot-Timestamp"


@dataclass(frozen=True, slots=True)
class PublishedStory:
    """A story as the intranet sees it."""

    id: int
    title: str
    situation: str
    what_we_did: str
    difference: str
    tools: tuple[str, ...]
    team: str
    author: str
    published_at: datetime
    updated_at: datetime

    def parts(self) -> tuple[tuple[str, str], ...]:
        """The story's sections as (heading, user text) pairs."""
        parts = [
            (texts.STORY_SECTION_SITUATION, self.situation),
            (texts.STORY_SECTION_DID, self.what_we_did),
            (texts.STORY_SECTION_DIFFERENCE, self.difference),
        ]
        if self.tools:
            parts.append((texts.STORY_SECTION_TOOLS, ", ".join(self.tools)))
        return tuple(parts)


def story_path(story_id: int) -> str:
    """The public path of a published story."""
    return f"/practice/stories/{story_id}"


def export_name(story_id: int) -> str:
    """The file name of a story in the static export."""
    return f"story-{story_id}.html"


def story_html(story: PublishedStory) -> str:
    """The story's body as escaped HTML (headings and paragraphs only)."""
    body = []
    for heading, value in story.parts():
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n") if p.strip())
        body.append(f"<h3>{html.escape(heading)}</h3>{paragraphs}")
    return "".join(body)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def atom_feed(stories: Sequence[PublishedStory], *, base_url: str, title: str, updated: datetime) -> str:
    """An Atom 1.0 feed with one entry per published story, newest first.

    Args:
        stories: the published stories.
        base_url: the public base URL (entry links and ids are built on it).
        title: the feed's title.
        updated: when the feed last changed (the newest publication, or now when empty).

    Returns:
        The feed document as a UTF-8 XML string.
    """
    ET.register_namespace("", ATOM)
    host = urlsplit(base_url).hostname or "localhost"
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"tag:{host},2026:practice-leader-bot/stories"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(title)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base_url}/practice/feed.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/practice/")
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = texts.FEED_AUTHOR
    for story in sorted(stories, key=lambda s: (s.published_at, s.id), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:{host},2026:practice-leader-bot/story/{story.id}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(story.title)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _iso(story.published_at)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(max(story.published_at, story.updated_at))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}{story_path(story.id)}")
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = xml_text(story.author)
        for tool in story.tools:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=xml_text(tool))
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(story.team)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = xml_text(story_html(story))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def webhook_body(action: str, story: PublishedStory | None, story_id: int, *, base_url: str) -> bytes:
    """The JSON the intranet's webhook receives for a publication or a take-down."""
    payload: dict[str, object] = {"action": action, "story": {"id": story_id}}
    if action == "publish" and story is not None:
        payload["story"] = {
            "id": story.id,
            "title": story.title,
            "situation": story.situation,
            "what_we_did": story.what_we_did,
            "difference": story.difference,
            "tools": list(story.tools),
            "team": story.team,
            "author": story.author,
            "published_at": _iso(story.published_at),
            "url": f"{base_url}{story_path(story.id)}",
        }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value: HMAC-SHA256 over ``timestamp.body`` with the secret key."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """True when a signature matches (what an intranet receiving the webhook should check)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
