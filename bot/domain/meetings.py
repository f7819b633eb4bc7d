"""Meeting recurrences: the next occurrence of an RRULE in the meeting's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def occurrences(rrule: str, first_start: datetime, tz: str, after: datetime, count: int = 1) -> list[datetime]:
    """The next ``count`` starts after ``after``, as aware datetimes in the meeting's zone.

    The rule is evaluated on local wall-clock time, so a 10:00 meeting stays at 10:00 across
    daylight-saving changes.
    """
    zone = ZoneInfo(tz)
    local_first = first_start.astimezone(zone).replace(tzinfo=None)
    rule = rrulestr(rrule, dtstart=local_first)
    found: list[datetime] = []
    cursor = after.astimezone(zone).replace(tzinfo=None)
    while len(found) < count:
        nxt = rule.after(cursor)
        if nxt is None:
            break
        found.append(nxt.replace(tzinfo=zone))
        cursor = nxt
    return found
