"""``.ics`` files (RFC 5545) for events, so people can add them to Outlook or any calendar. Pure.

Times are written in UTC (calendar clients show them in the reader's zone). A cancelled event is
published with ``STATUS:CANCELLED`` and a higher ``SEQUENCE`` under the same ``UID``, so importing it
again updates the entry already in the calendar.

An event's file is served only with its key (:func:`calendar_key`): an HMAC of the event's id and
creation instant under the server's secret (``PLBOT_SECRET_KEY``), so ids counted up one by one open
nothing. Changing the secret revokes every link at once; giving an event a new ``created_at`` revokes
its own (see ``docs/operations.md``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Practice Leader Bot//Signs of Safety events//EN"
UID_DOMAIN = "practice-leader-bot"


@dataclass(frozen=True)
class CalendarEntry:
    """What a calendar needs to know about one event.

    Attributes:
        event_id: Our event id (the stable ``UID``).
        title: The summary line.
        starts_at: Start (aware).
        ends_at: End (aware).
        location: A place, if any.
        url: A joining link, if any.
        description: A short description (bot wording plus the organiser's title).
        cancelled: Whether the event is cancelled.
    """

    event_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False


def uid_of(event_id: int) -> str:
    """The stable ``UID`` of an event."""
    return f"event-{event_id}@{UID_DOMAIN}"


def calendar_file(entries: Sequence[CalendarEntry], stamp: datetime) -> bytes:
    """A calendar with one ``VEVENT`` per entry.

    Args:
        entries: The events.
        stamp: When the file is made (``DTSTAMP``; from the clock).

    Returns:
        The ``.ics`` bytes (CRLF line endings, folded as RFC 5545 requires).
    """
    import icalendar  # noqa: PLC0415  # a tenth of a second of imports, needed only when a calendar is served

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", uid_of(entry.event_id))
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", entry.starts_at.astimezone(UTC))
        event.add("dtend", entry.ends_at.astimezone(UTC))
        event.add("summary", entry.title)
        if entry.location:
            event.add("location", entry.location)
        if entry.url.startswith(("https://", "http://")):
            event.add("url", entry.url)
        if entry.description:
            event.add("description", entry.description)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        event.add("sequence", 1 if entry.cancelled else 0)
        cal.add_component(event)
    return bytes(cal.to_ical())


KEY_LENGTH = 22  # base64url characters: 132 bits


def calendar_key(secret: str, event_id: int, created_at: datetime) -> str:
    """The key an event's calendar link carries: unguessable without ``secret``, one per event.

    Args:
        secret: The server's link secret (``PLBOT_SECRET_KEY``, or a random one per process).
        event_id: The event.
        created_at: When the event was created (aware; a naive one is taken as UTC).
    """
    at = created_at if created_at.tzinfo is not None else created_at.replace(tzinfo=UTC)
    message = f"event-calendar:{event_id}:{at.astimezone(UTC).isoformat(timespec='microseconds')}"
    digest = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:KEY_LENGTH]


def calendar_path(event_id: int, key: str) -> str:
    """The path of an event's calendar file, with its key."""
    return f"/events/{event_id}.ics?key={key}"


def file_name(event_id: int) -> str:
    """The download name of an event's file."""
    return f"event-{event_id}.ics"
