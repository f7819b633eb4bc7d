"""``.ics`` files (RFC 5545) for events, so people can add them to Outlook or any calendar. Pure.

Times are written in UTC (calendar clients show them in the reader's zone). A cancelled event is
published with ``STATUS:CANCELLED`` and a higher ``SEQUENCE`` under the same ``UID``, so importing it
again updates the entry already in the calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

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


def file_name(event_id: int) -> str:
    """The download name of an event's file."""
    return f"event-{event_id}.ics"
