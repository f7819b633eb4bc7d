"""The learning record's use cases (issue 18), shared by ``/sofs learning`` and the dashboard.

- :func:`record_of`: one person's record for this quarter and the last; only ever for the person
  themselves (the callers pass the signed-in or acting person, never one chosen by someone else).
- :func:`log_learning`: store what a person logged (the note already passed the guard).
- :func:`group_record`: a team's or a locality's totals for a quarter, without names, hidden for
  groups under :data:`bot.domain.quarters.MIN_GROUP` people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.constants import LearningBand
from bot.domain.learning import (
    GroupLearning,
    LearningFact,
    LearningTotals,
    event_band,
    group_learning,
    log_band,
    totals,
)
from bot.domain.quarters import Quarter, quarter_of
from bot.store.models_learning import LearningLog
from bot.store.repositories.learning import KnownFact
from bot.store.uow import UnitOfWork

_KNOWN_BANDS: Mapping[str, LearningBand] = {
    "map": LearningBand.ON_THE_JOB,
    "celebration-given": LearningBand.WITH_COLLEAGUES,
    "celebration-received": LearningBand.WITH_COLLEAGUES,
    "story": LearningBand.WITH_COLLEAGUES,
}


@dataclass(frozen=True, slots=True)
class LearningRecord:
    """A person's record: this quarter's and last quarter's totals."""

    quarter: Quarter
    totals: LearningTotals
    last_quarter: Quarter
    last_totals: LearningTotals


def _fact_of_log(log: LearningLog) -> LearningFact | None:
    band = log_band(log.kind)
    return LearningFact(band, f"log:{log.kind}", log.minutes, log.day) if band is not None else None


def _fact_of_known(fact: KnownFact, zone: ZoneInfo) -> LearningFact:
    band = _KNOWN_BANDS.get(fact.what)
    day = fact.at.astimezone(zone).date()
    if band is None:
        return LearningFact(event_band(fact.what), f"event:{fact.what}", fact.minutes, day)
    return LearningFact(band, fact.what, fact.minutes, day)


def _bounds(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(start, time(), zone), datetime.combine(end, time(), zone)


async def facts_by_person(
    uow: UnitOfWork, person_ids: Iterable[int], start: date, end: date, timezone: str
) -> dict[int, list[LearningFact]]:
    """Every fact of these people with a day in ``[start, end)``, in their band."""
    ids = sorted(set(person_ids))
    zone = ZoneInfo(timezone)
    found: dict[int, list[LearningFact]] = {person_id: [] for person_id in ids}
    if not ids:
        return found
    for log in await uow.learning.logs(ids, start, end):
        fact = _fact_of_log(log)
        if fact is not None:
            found[log.person_id].append(fact)
    since, until = _bounds(start, end, zone)
    for known in await uow.learning.known(ids, since, until):
        found[known.person_id].append(_fact_of_known(known, zone))
    return found


async def record_of(uow: UnitOfWork, person_id: int, today: date, timezone: str) -> LearningRecord:
    """One person's record for the quarter of ``today`` and the one before (one read of both)."""
    quarter = quarter_of(today)
    last = quarter.previous()
    facts = (await facts_by_person(uow, [person_id], last.start, quarter.next().start, timezone))[person_id]
    return LearningRecord(
        quarter=quarter,
        totals=totals(f for f in facts if quarter.holds(f.day)),
        last_quarter=last,
        last_totals=totals(f for f in facts if last.holds(f.day)),
    )


async def log_learning(  # noqa: PLR0917 - the fields of one log
    uow: UnitOfWork, person_id: int, kind: str, minutes: int, day: date, note: str, now: datetime
) -> LearningLog:
    """Store a piece of learning a person logged (kind and minutes checked, the note guarded)."""
    log = LearningLog(person_id=person_id, kind=kind, minutes=minutes, day=day, note=note, created_at=now)
    return await uow.learning.add(log)


async def group_record(
    uow: UnitOfWork, groups: Mapping[str, set[int]], quarter: Quarter, timezone: str
) -> list[GroupLearning]:
    """Each group's totals for a quarter (``groups`` maps a name to its people), by name, no names inside."""
    everyone = {person for people in groups.values() for person in people}
    facts = await facts_by_person(uow, everyone, quarter.start, quarter.next().start, timezone)
    return [
        group_learning(name, len(people), {p: facts.get(p, []) for p in people})
        for name, people in sorted(groups.items())
    ]


async def team_groups(uow: UnitOfWork, team_ids: Iterable[int]) -> dict[str, set[int]]:
    """The named teams among ``team_ids`` and their people."""
    wanted = set(team_ids)
    members = await uow.learning.members_by_team()
    return {t.name: members.get(t.id, set()) for t in await uow.orgs.teams() if t.id in wanted}


async def locality_groups(uow: UnitOfWork, locality_ids: Iterable[int] | None = None) -> dict[str, set[int]]:
    """Every locality (or those in ``locality_ids``) and the people of its teams."""
    wanted = set(locality_ids) if locality_ids is not None else None
    members = await uow.learning.members_by_team()
    localities = {loc.id: loc.name for loc in await uow.orgs.localities() if wanted is None or loc.id in wanted}
    groups: dict[str, set[int]] = {name: set() for name in localities.values()}
    for team in await uow.orgs.teams():
        if team.locality_id in localities:
            groups[localities[team.locality_id]] |= members.get(team.id, set())
    return groups
