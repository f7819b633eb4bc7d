"""Who may see what on the dashboard: staff their own activity, PLs their locality, county roles all.

Pure: built from a person's roles and the map of teams to localities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.constants import COUNTY_ROLES, Role

Level = Literal["own", "locality", "county"]
LEADER_ROLE = Role.PRACTICE_LEADER


@dataclass(frozen=True, slots=True)
class RoleFact:
    """One role a person holds: the role name and its team or locality (neither for county roles)."""

    role: str
    team_id: int | None = None
    locality_id: int | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """What one signed-in person may see and do.

    Attributes:
        person_id: the person.
        level: ``own`` (staff), ``locality`` (practice leaders) or ``county``.
        locality_ids: the localities they see (empty for staff; every one for county roles is implied).
        team_ids: the teams they see (every team of their localities).
        led_team_ids: the teams they are practice leader of (their approval queue).
    """

    person_id: int
    level: Level
    locality_ids: frozenset[int] = frozenset()
    team_ids: frozenset[int] = frozenset()
    led_team_ids: frozenset[int] = frozenset()

    @property
    def is_county(self) -> bool:
        """True for the project manager and the principal social worker."""
        return self.level == "county"

    def sees_locality(self, locality_id: int) -> bool:
        """True when the person may see a locality's figures."""
        return self.is_county or locality_id in self.locality_ids

    def sees_team(self, team_id: int | None) -> bool:
        """True when the person may see a team's activity."""
        if self.is_county:
            return True
        return team_id is not None and team_id in self.team_ids

    def may_publish(self, team_id: int | None) -> bool:
        """Practice leaders of the story's locality and the county roles may publish and unpublish."""
        return self.is_county or (self.level == "locality" and self.sees_team(team_id))


def scope_for(person_id: int, roles: Iterable[RoleFact], team_locality: Mapping[int, int]) -> Scope:
    """The scope of a person from their roles.

    Args:
        person_id: the person.
        roles: every role they hold.
        team_locality: each team id mapped to its locality id.

    Returns:
        County scope for a county role; locality scope for a practice leader of a team or of a
        locality group; otherwise their own activity only.
    """
    roles = list(roles)
    if any(r.role in COUNTY_ROLES and r.team_id is None and r.locality_id is None for r in roles):
        return Scope(person_id, "county", frozenset(team_locality.values()), frozenset(team_locality))
    led_teams = frozenset(r.team_id for r in roles if r.role == LEADER_ROLE and r.team_id is not None)
    localities = {team_locality[t] for t in led_teams if t in team_locality}
    localities |= {r.locality_id for r in roles if r.role == LEADER_ROLE and r.locality_id is not None}
    if not localities:
        return Scope(person_id, "own")
    teams = frozenset(t for t, loc in team_locality.items() if loc in localities)
    return Scope(person_id, "locality", frozenset(localities), teams, led_teams)
