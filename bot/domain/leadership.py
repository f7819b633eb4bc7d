"""The leadership spread: the share of staff, by role, who led something this quarter and the last.

Leading something is any of five acts (:class:`~bot.constants.LeadKind`): setting a meeting's Signs
of Safety item, sharing a good-practice story, proposing a seminar topic, running an event (its
organiser, once it has happened) and celebrating a colleague. The aim is to see leadership exercised
from every role, so the figure is a share per role, never a list of people: no name reaches it.

Rules:

- Quarters are calendar quarters (January–March …) in the organisation's time zone.
- Each person counts once, under one role: the most senior they hold in the scope
  (principal social worker, project manager, manager, practice leader, team member).
- Staff are the people holding a role in the scope today (partners are not staff); the same
  people are the denominator of both quarters.
- Small numbers are suppressed: a role with fewer than :data:`MIN_STAFF` staff is not shown on its
  own. It is pooled into one "other roles" row, with the smallest other role when needed, so that the
  pool holds at least two roles and :data:`MIN_STAFF` people (otherwise the hidden figure could be
  worked out from the total). A scope of fewer than :data:`MIN_STAFF` staff shows no figure at all.

Pure: built from plain facts read from the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import texts
from bot.constants import Role
from bot.domain.quarters import MIN_GROUP, Quarter

MIN_STAFF = MIN_GROUP
"""A group of fewer staff than this is not shown (small-number suppression)."""

SENIORITY: tuple[str, ...] = (
    Role.PRINCIPAL_SOCIAL_WORKER,
    Role.PROJECT_MANAGER,
    Role.MANAGER,
    Role.PRACTICE_LEADER,
    Role.MEMBER,
)
"""Staff roles, most senior first: the order of the rows, and which role counts a person holding several."""

OTHER = "other"
TOTAL = "total"


@dataclass(frozen=True, slots=True)
class StaffFact:
    """One role a person holds in the scope (a person with several roles has several facts)."""

    person_id: int
    role: str


@dataclass(frozen=True, slots=True)
class LeadFact:
    """One act of leading: who, what (a :class:`~bot.constants.LeadKind`) and when."""

    person_id: int
    kind: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Share:
    """How many of a group's staff led something in a quarter."""

    led: int
    staff: int

    @property
    def percent(self) -> int:
        """The share as a whole percentage."""
        return round(100 * self.led / self.staff) if self.staff else 0

    @property
    def shown(self) -> str:
        """``40% (2 of 5)``."""
        return texts.LEADERSHIP_SHARE.format(percent=self.percent, led=self.led, staff=self.staff)


@dataclass(frozen=True, slots=True)
class SpreadRow:
    """One group's figure: a role, the pooled other roles, or everyone. ``None`` shares are suppressed."""

    key: str
    label: str
    staff: int
    current: Share | None
    previous: Share | None

    @property
    def suppressed(self) -> bool:
        """True when the group is too small to show."""
        return self.current is None

    @property
    def current_shown(self) -> str:
        """This quarter's share as text (or why it is not shown)."""
        return self.current.shown if self.current else texts.LEADERSHIP_SUPPRESSED.format(minimum=MIN_STAFF)

    @property
    def previous_shown(self) -> str:
        """The previous quarter's share as text (or why it is not shown)."""
        return self.previous.shown if self.previous else texts.LEADERSHIP_SUPPRESSED.format(minimum=MIN_STAFF)

    @property
    def staff_shown(self) -> str:
        """The group's size, or "fewer than 3" when suppressed (the exact small number is not shown either)."""
        return str(self.staff) if self.current else texts.LEADERSHIP_FEWER.format(minimum=MIN_STAFF)


@dataclass(frozen=True, slots=True)
class LeadershipSpread:
    """The spread for one scope: a row per role (then other roles, then everyone) for two quarters."""

    quarter: Quarter
    rows: tuple[SpreadRow, ...]

    @property
    def previous_quarter(self) -> Quarter:
        """The quarter compared with."""
        return self.quarter.previous()

    def row(self, key: str) -> SpreadRow:
        """A row by key (a role, ``other`` or ``total``)."""
        return next(r for r in self.rows if r.key == key)

    def groups(self) -> list[str]:
        """The keys of the rows, in order."""
        return [r.key for r in self.rows]


def role_label(role: str) -> str:
    """A role in words, plural ("Practice leaders")."""
    return texts.LEADERSHIP_ROLES.get(role, role.replace("_", " ").capitalize())


def roles_of(staff: Iterable[StaffFact]) -> dict[int, str]:
    """Each person's one role: the most senior staff role they hold (partners and unknown roles left out)."""
    rank = {role: n for n, role in enumerate(SENIORITY)}
    chosen: dict[int, str] = {}
    for fact in staff:
        if fact.role not in rank:
            continue
        held = chosen.get(fact.person_id)
        if held is None or rank[fact.role] < rank[held]:
            chosen[fact.person_id] = fact.role
    return chosen


def leaders_in(acts: Iterable[LeadFact], quarter: Quarter, zone: ZoneInfo) -> set[int]:
    """The people who led something in a quarter (each once, whatever and however often they led)."""
    return {a.person_id for a in acts if quarter.contains(a.at, zone)}


def _row(key: str, label: str, people: set[int], now: set[int], before: set[int]) -> SpreadRow:
    if len(people) < MIN_STAFF:
        return SpreadRow(key, label, len(people), None, None)
    return SpreadRow(
        key, label, len(people), Share(len(people & now), len(people)), Share(len(people & before), len(people))
    )


def _pools(groups: dict[str, set[int]]) -> tuple[list[str], list[str]]:
    """The roles shown on their own, and those pooled into "other roles".

    Roles under :data:`MIN_STAFF` are pooled. A pool of one role, or of fewer than :data:`MIN_STAFF`
    people, would reveal what it hides (next to the total), so the smallest role shown joins it
    until it holds two roles and enough people, or every role.
    """
    shown = [role for role, people in groups.items() if len(people) >= MIN_STAFF]
    pooled = [role for role, people in groups.items() if len(people) < MIN_STAFF]
    while pooled and shown and (len(pooled) < 2 or sum(len(groups[r]) for r in pooled) < MIN_STAFF):
        smallest = min(reversed(shown), key=lambda role: len(groups[role]))
        shown.remove(smallest)
        pooled.append(smallest)
    return shown, pooled


def build_spread(
    staff: Iterable[StaffFact], acts: Iterable[LeadFact], quarter: Quarter, timezone: str
) -> LeadershipSpread:
    """The leadership spread of a scope for ``quarter`` and the quarter before it.

    Args:
        staff: The roles held in the scope today.
        acts: Acts of leading by anyone (acts of people outside ``staff`` are ignored); they may
            reach outside the two quarters.
        quarter: The quarter reported ("this quarter").
        timezone: The zone the quarters' days are counted in.

    Returns:
        A row per role shown on its own (most senior first), an "other roles" row pooling the roles
        too small to show (see :func:`_pools`), and everyone; a row under :data:`MIN_STAFF` people
        carries no figures.
    """
    zone = ZoneInfo(timezone)
    acts = list(acts)
    role_of = roles_of(staff)
    now, before = leaders_in(acts, quarter, zone), leaders_in(acts, quarter.previous(), zone)
    groups = {role: {p for p, r in role_of.items() if r == role} for role in SENIORITY}
    groups = {role: people for role, people in groups.items() if people}
    shown, pooled = _pools(groups)
    rows = [_row(role, role_label(role), groups[role], now, before) for role in SENIORITY if role in shown]
    if pooled and shown:
        names = ", ".join(role_label(role).lower() for role in SENIORITY if role in pooled)
        people = {p for role in pooled for p in groups[role]}
        rows.append(_row(OTHER, texts.LEADERSHIP_OTHER_ROLES.format(roles=names), people, now, before))
    if role_of:
        rows.append(_row(TOTAL, texts.LEADERSHIP_EVERYONE, set(role_of), now, before))
    return LeadershipSpread(quarter, tuple(rows))


def spread_csv_rows(spread: LeadershipSpread) -> list[list[object]]:
    """The spread as CSV rows: its title, a heading row, then a row per group."""
    heading: list[object] = [
        texts.LEADERSHIP_ROLE,
        texts.LEADERSHIP_STAFF,
        spread.quarter.label,
        spread.previous_quarter.label,
    ]
    rows: list[list[object]] = [[r.label, r.staff_shown, r.current_shown, r.previous_shown] for r in spread.rows]
    return [[texts.LEADERSHIP_TITLE], heading, *rows]


def spread_markdown(spread: LeadershipSpread) -> list[str]:
    """The spread as Markdown lines: a heading, what it counts and a table."""
    columns = (texts.LEADERSHIP_ROLE, texts.LEADERSHIP_STAFF, spread.quarter.label, spread.previous_quarter.label)
    lines = [
        f"## {texts.LEADERSHIP_TITLE}",
        "",
        texts.LEADERSHIP_INTRO,
        "",
        f"| {' | '.join(columns)} |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {r.label} | {r.staff_shown} | {r.current_shown} | {r.previous_shown} |" for r in spread.rows]
    if not spread.rows:
        lines.append(f"| {texts.LEADERSHIP_NO_STAFF} | | | |")
    return lines
