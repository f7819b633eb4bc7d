"""The result of a closed seminar vote: what is stored on the vote (``seminar_votes.result``) and shown.

Built by :func:`bot.services.seminars.tally` and :func:`~bot.services.seminars.close_vote`, stored as
JSON, read back with :meth:`VoteResult.stored` (tolerant: a result stored by an older version, or
damaged, reads as an empty one rather than failing a turn), and rendered by
:func:`bot.domain.seminar_views.result_blocks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Round(_Frozen):
    """One round of a ranked count: first preferences, ballots exhausted, who was eliminated and why."""

    counts: tuple[tuple[int, int], ...] = ()
    exhausted: int = 0
    eliminated: int | None = None
    tied: tuple[int, ...] = ()
    tie_break: Literal["", "earlier_round", "proposal_order"] = ""


class VoteResult(_Frozen):
    """A closed vote's result.

    Attributes:
        method: ``approval`` (tick any) or ``ranked`` (instant runoff, repeated for later places).
        ballots: Ballots cast; eligible: people who could vote.
        order: Topic ids, best first.
        totals: (topic id, ticks), approval votes only; ties: tied topic ids among the winners.
        rounds: The rounds that decided first place, ranked votes only.
        programme: (when, title) of every planned seminar after the vote; not_fitted: winners left
            without a slot; default_rule: the rule used when the locality has none (its text).
        locality: The locality's name.
    """

    method: Literal["approval", "ranked"] = "approval"
    ballots: int = 0
    eligible: int = 0
    order: tuple[int, ...] = ()
    totals: tuple[tuple[int, int], ...] = ()
    ties: tuple[tuple[int, ...], ...] = ()
    rounds: tuple[Round, ...] = ()
    programme: tuple[tuple[str, str], ...] = ()
    not_fitted: int = 0
    default_rule: str = ""
    locality: str = ""

    @classmethod
    def stored(cls, data: Mapping[str, Any] | None) -> VoteResult:
        """The result as stored on a vote (an empty result when there is none or it cannot be read)."""
        try:
            return cls.model_validate(dict(data or {}))
        except ValidationError:
            return cls()

    def to_json(self) -> dict[str, Any]:
        """The result as JSON for ``seminar_votes.result``."""
        return self.model_dump(mode="json")
