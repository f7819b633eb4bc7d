"""Calendars: an event as an ``.ics`` file, and a meeting's occurrences from its RRULE or its published calendar.

The event posts' "add to calendar" link is served by the web adapter through :func:`calendar_for`.
A meeting kept in a calendar (``ics_source``) is read through the :class:`~bot.ports.CalendarSource`
the composition root hands in, so the planner, the digests and ``/sofs agenda`` read it the same way.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot import texts
from bot.constants import EventStatus
from bot.domain.ics import CalendarEntry, calendar_file
from bot.domain.schedule import Occurrence, ics_occurrences, rrule_occurrences
from bot.ports import CalendarSource
from bot.store.models import Meeting
from bot.store.uow import UnitOfWork

log = logging.getLogger(__name__)
BRING_A_CASE_KINDS = frozenset({"group_supervision", "case_mapping"})


async def calendar_for(uow: UnitOfWork, event_id: int, now: datetime) -> bytes | None:
    """The ``.ics`` file of an event, or None when there is no such event.

    Args:
        uow: An open unit of work.
        event_id: The event.
        now: The current instant (``DTSTAMP``).

    Returns:
        The calendar bytes; a cancelled event is published as cancelled.
    """
    event = await uow.events.get(event_id)
    if event is None:
        return None
    kind = texts.EVENT_KINDS.get(event.kind, texts.EVENT_KINDS["other"])
    entry = CalendarEntry(
        event_id=event.id,
        title=f"{kind}: {event.title}",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(minutes=event.duration_minutes),
        location=event.place,
        url=event.link,
        description=texts.EVENT_BRING_A_CASE if event.kind in BRING_A_CASE_KINDS else "",
        cancelled=event.status != EventStatus.SCHEDULED,
    )
    return calendar_file([entry], now)


async def meeting_occurrences(
    calendars: CalendarSource, meeting: Meeting, start: datetime, end: datetime, region: str | None = None
) -> list[Occurrence]:
    """The occurrences of a meeting starting in ``[start, end)``, from its RRULE or its ``.ics`` file.

    Args:
        calendars: Reads the meeting's calendar when it is kept in one.
        meeting: The meeting.
        start: Window start.
        end: Window end.
        region: Bank-holiday region (RRULE dates on a holiday are marked ``holiday``).

    Returns:
        The occurrences in start order (none when the calendar cannot be read).
    """
    if meeting.ics_source:
        text = await calendars.read(meeting.ics_source)
        return ics_occurrences(text, meeting.timezone, start, end) if text else []
    if meeting.rrule:
        return rrule_occurrences(meeting.rrule, meeting.starts_at, meeting.timezone, start, end, region=region)
    return []


class NoCalendars:
    """A calendar source that reads nothing: the default when none is handed in (tests, tools).

    A meeting kept in a calendar then has no occurrences, and each read says so in the log.
    """

    async def read(self, source: str) -> str:
        """Nothing (logged)."""
        log.warning("no calendar source was handed in; a meeting kept in a calendar is skipped")
        return ""
