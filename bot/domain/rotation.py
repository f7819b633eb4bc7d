"""The rotating Signs of Safety item (issue 18, distributed leadership): whose turn it is (pure rules).

A team with ``agenda_rotation`` on asks one member per meeting for the item, in turn, instead of the
chair. The planner (``scheduler/rotation.py``) gathers who could be asked — working that day, not
snoozed or stopped, with room in their weekly budget of direct messages — and :func:`choose_turn`
picks fairly: nobody asked within four weeks of this ask (either side of it, since meetings are planned
ahead), then the person asked least recently (never asked first), ties broken by handle, so the
choice is the same on every planner and every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

FOUR_WEEKS_DAYS = 28
"""Each person is asked at most once in any four weeks: two asks are at least this many days apart."""


@dataclass(frozen=True)
class Candidate:
    """Someone who could be asked for the item this time.

    Attributes:
        person_id: Their id.
        handle: Their handle (breaks ties, so the order is stable).
        day: The local date they would be asked on this time.
        asked_on: The local dates they were (or are already planned to be) asked in turn, in any team.
    """

    person_id: int
    handle: str
    day: date
    asked_on: tuple[date, ...] = ()

    def asked_within_four_weeks(self) -> bool:
        """Whether this ask would be their second within any four weeks."""
        return any(abs((self.day - earlier).days) < FOUR_WEEKS_DAYS for earlier in self.asked_on)


def choose_turn(candidates: Sequence[Candidate]) -> int | None:
    """The person whose turn it is, or None when nobody qualifies.

    Args:
        candidates: The team members who are available (the caller has left out the back-up,
            people on leave, snoozed or stopped, and anyone whose weekly budget is spent).

    Returns:
        The id of the member least recently asked (never asked first, then by handle) among those
        not asked within four weeks of this ask; None when every one of them was.
    """
    eligible = [c for c in candidates if not c.asked_within_four_weeks()]
    if not eligible:
        return None
    chosen = min(eligible, key=lambda c: (max(c.asked_on, default=date.min), c.handle))
    return chosen.person_id
