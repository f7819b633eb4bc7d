"""The personal learning record, 70:20:10 (issue 18): pure rules, no store.

The source document's briefing sets out 70:20:10 learning: 70 % on the job, 20 % with colleagues and
10 % in training. The record puts each fact the bot knows, and each thing a person logged, in one band:

- **70, on the job:** group supervision and case-mapping sessions attended, case maps contributed to,
  supervision held in the Signs of Safety format (logged ``supervision``).
- **20, with colleagues:** seminars, PL group meetings, gatherings and partner briefings attended,
  celebrations given and received, stories shared, logged ``peer-support``.
- **10, training:** training days and mentoring sessions attended, logged ``training``, ``mentoring``,
  ``shadowing``, ``co-delivery`` and ``reading``.

Our choice where the issue is silent: ``reading`` and ``co-delivery`` count as training (structured,
planned learning), and a celebration counts for both the person who gave it and those who received it.
An event counts only once its organiser marked the person as attended; "going" is a plan, not learning.
Quarters are calendar quarters in the person's time zone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.constants import EventKind, LearningBand, LearningKind
from bot.domain.quarters import MIN_GROUP

BAND_OF_LOG: Mapping[str, LearningBand] = {
    LearningKind.SUPERVISION: LearningBand.ON_THE_JOB,
    LearningKind.PEER_SUPPORT: LearningBand.WITH_COLLEAGUES,
    LearningKind.MENTORING: LearningBand.TRAINING,
    LearningKind.SHADOWING: LearningBand.TRAINING,
    LearningKind.TRAINING: LearningBand.TRAINING,
    LearningKind.CO_DELIVERY: LearningBand.TRAINING,
    LearningKind.READING: LearningBand.TRAINING,
}

BAND_OF_EVENT: Mapping[str, LearningBand] = {
    EventKind.GROUP_SUPERVISION: LearningBand.ON_THE_JOB,
    EventKind.CASE_MAPPING: LearningBand.ON_THE_JOB,
    EventKind.SEMINAR: LearningBand.WITH_COLLEAGUES,
    EventKind.PL_GROUP: LearningBand.WITH_COLLEAGUES,
    EventKind.GATHERING: LearningBand.WITH_COLLEAGUES,
    EventKind.PARTNER_BRIEFING: LearningBand.WITH_COLLEAGUES,
    EventKind.OTHER: LearningBand.WITH_COLLEAGUES,
    EventKind.MENTORING: LearningBand.TRAINING,
    EventKind.TRAINING: LearningBand.TRAINING,
}

BANDS: tuple[LearningBand, ...] = (LearningBand.ON_THE_JOB, LearningBand.WITH_COLLEAGUES, LearningBand.TRAINING)
MIN_MINUTES, MAX_MINUTES = 1, 600


@dataclass(frozen=True, slots=True)
class LearningFact:
    """One thing learned: its band, what it was (a source such as ``event:seminar`` or ``log:reading``),
    the minutes (0 when the bot cannot know them) and the day."""

    band: LearningBand
    source: str
    minutes: int
    day: date


@dataclass
class BandTotal:
    """Minutes and counts in one band, with the count per source."""

    minutes: int = 0
    count: int = 0
    sources: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, fact: LearningFact) -> None:
        """Count one fact."""
        self.minutes += fact.minutes
        self.count += 1
        self.sources[fact.source] += 1


@dataclass
class LearningTotals:
    """Totals per band for a period."""

    bands: dict[LearningBand, BandTotal] = field(default_factory=lambda: {band: BandTotal() for band in BANDS})

    @property
    def minutes(self) -> int:
        """Minutes in every band."""
        return sum(total.minutes for total in self.bands.values())

    @property
    def count(self) -> int:
        """Facts in every band."""
        return sum(total.count for total in self.bands.values())

    def share(self, band: LearningBand) -> int | None:
        """The band's share of the minutes, in whole per cent (None when no minutes at all)."""
        whole = self.minutes
        return round(100 * self.bands[band].minutes / whole) if whole else None


def totals(facts: Iterable[LearningFact]) -> LearningTotals:
    """Add facts up per band."""
    result = LearningTotals()
    for fact in facts:
        result.bands[fact.band].add(fact)
    return result


def log_band(kind: str) -> LearningBand | None:
    """The band of a logged kind (None for a kind we don't know)."""
    return BAND_OF_LOG.get(kind)


def event_band(kind: str) -> LearningBand:
    """The band of an attended event's kind (an unknown kind counts as time with colleagues)."""
    return BAND_OF_EVENT.get(kind, LearningBand.WITH_COLLEAGUES)


@dataclass(frozen=True, slots=True)
class GroupLearning:
    """A group's learning (a team or a locality) without names: how many people, and their totals.

    ``totals`` is None when the group is smaller than :data:`~bot.domain.quarters.MIN_GROUP` (not shown)."""

    name: str
    people: int
    active: int
    totals: LearningTotals | None


def group_learning(name: str, people: int, facts_by_person: Mapping[int, Iterable[LearningFact]]) -> GroupLearning:
    """A group's aggregate: every member's facts added up, and how many members learned anything.

    Args:
        name: the team's or locality's name.
        people: how many people the group has.
        facts_by_person: each member's facts for the period (members with none may be left out).
    """
    if people < MIN_GROUP:
        return GroupLearning(name, people, 0, None)
    lists = [list(facts) for facts in facts_by_person.values()]
    active = sum(1 for facts in lists if facts)
    return GroupLearning(name, people, active, totals(fact for facts in lists for fact in facts))


_DURATION = re.compile(
    r"^(?:(?P<hours>\d{1,2}(?:[.,]\d{1,2})?)\s*h(?:ours?|rs?)?)?"
    r"\s*(?:(?P<minutes>\d{1,3})\s*(?:m|min|mins|minutes?)?)?$"
)


def parse_minutes(value: str) -> int | None:
    """Minutes from ``90``, ``45m``, ``1h``, ``1.5h`` or ``1h30`` (None when not a duration in range)."""
    match = _DURATION.match(value.strip().lower())
    if match is None or not (match["hours"] or match["minutes"]):
        return None
    hours = float(match["hours"].replace(",", ".")) if match["hours"] else 0.0
    minutes = round(hours * 60) + int(match["minutes"] or 0)
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None
