"""Calendar quarters, and the smallest group whose figures may be shown: shared by the learning record
and the leadership spread (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot import texts

MIN_GROUP = 3
"""Figures of a group of fewer people than this are not shown: one person's could be read off them
(small-number suppression)."""


@dataclass(frozen=True, slots=True)
class Quarter:
    """A calendar quarter: its first and last day."""

    year: int
    number: int

    @property
    def start(self) -> date:
        """Its first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """Its last day."""
        following = self.next()
        return date.fromordinal(following.start.toordinal() - 1)

    @property
    def label(self) -> str:
        """``2026 Q4``."""
        return texts.LEADERSHIP_QUARTER.format(year=self.year, number=self.number)

    def next(self) -> Quarter:
        """The quarter after this one."""
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        """The quarter before this one."""
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Its first instant and the first instant of the next quarter, in ``zone``."""
        return datetime.combine(self.start, time(0), tzinfo=zone), datetime.combine(
            self.next().start, time(0), tzinfo=zone
        )

    def holds(self, day: date) -> bool:
        """True when a (local) day falls in this quarter."""
        return self.start <= day <= self.end

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        """True when an instant falls on a day of this quarter (local time)."""
        return self.start <= moment.astimezone(zone).date() <= self.end


def quarter_of(day: date) -> Quarter:
    """The calendar quarter a day falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)
