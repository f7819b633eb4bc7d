"""Tallying seminar-topic votes: approval voting and ranked choice (instant run-off). Pure functions.

Options are opaque strings given in a fixed order (the order the topics were proposed); that order
is the last, always-decisive tie-break, so a tally never depends on dictionary or set ordering.

- **Approval**: every ballot ticks any number of options; an option's total is the number of ballots
  that tick it. Options are ranked by total; equal totals keep the proposal order (the earlier
  proposal first), and every such tie is reported so the result can explain it.
- **Ranked choice**: each round counts every ballot for its highest-ranked continuing option. An
  option with more than half of the continuing ballots wins. Otherwise the option with the fewest
  votes is eliminated; a tie for fewest is broken by the fewest votes in the previous round, then
  the round before (back to the first round), and finally by eliminating the most recently
  proposed option. Each tie-break is recorded in the round so it can be explained.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

TieBreak = Literal["", "earlier_round", "proposal_order"]


def clean_ballot(choices: Iterable[str], options: Collection[str]) -> tuple[str, ...]:
    """A ballot with unknown options and repeats removed, order kept.

    Args:
        choices: The options as the voter gave them (ranked ballots: most preferred first).
        options: The options of the vote.

    Returns:
        The valid choices, each once.
    """
    seen: dict[str, None] = {}
    for choice in choices:
        if choice in options and choice not in seen:
            seen[choice] = None
    return tuple(seen)


@dataclass(frozen=True)
class ApprovalResult:
    """An approval tally.

    Attributes:
        totals: Ticks per option, in the options' order.
        ranking: Every option, most ticks first (ties in proposal order).
        ties: Groups of options (two or more) with the same non-zero total, in ranking order.
        ballots: How many ballots were counted.
    """

    totals: tuple[tuple[str, int], ...]
    ranking: tuple[str, ...]
    ties: tuple[tuple[str, ...], ...]
    ballots: int

    def total(self, option: str) -> int:
        """The ticks an option received."""
        return dict(self.totals).get(option, 0)

    @property
    def winners(self) -> tuple[str, ...]:
        """Options with at least one tick, best first."""
        return tuple(o for o in self.ranking if self.total(o) > 0)


def approval_tally(ballots: Iterable[Iterable[str]], options: Sequence[str]) -> ApprovalResult:
    """Count an approval vote.

    Args:
        ballots: Each ballot's ticked options (unknown options and repeats are ignored).
        options: The options, in proposal order (the tie-break).

    Returns:
        The totals, the ranking and the ties it resolved.
    """
    counts = dict.fromkeys(options, 0)
    counted = 0
    for ballot in ballots:
        counted += 1
        for choice in clean_ballot(ballot, counts):
            counts[choice] += 1
    position = {option: index for index, option in enumerate(options)}
    ranking = tuple(sorted(options, key=lambda o: (-counts[o], position[o])))
    groups: dict[int, list[str]] = {}
    for option in ranking:
        groups.setdefault(counts[option], []).append(option)
    ties = tuple(tuple(group) for total, group in groups.items() if total > 0 and len(group) > 1)
    return ApprovalResult(totals=tuple((o, counts[o]) for o in options), ranking=ranking, ties=ties, ballots=counted)


@dataclass(frozen=True)
class Round:
    """One round of an instant run-off.

    Attributes:
        counts: Votes per continuing option this round, in the options' order.
        exhausted: Ballots with no continuing option left.
        eliminated: The option eliminated after this round (None in the last round).
        tied: The options tied for fewest votes when a tie-break was needed.
        tie_break: How that tie was broken: ``earlier_round`` or ``proposal_order`` ('' when none).
    """

    counts: tuple[tuple[str, int], ...]
    exhausted: int
    eliminated: str | None = None
    tied: tuple[str, ...] = ()
    tie_break: TieBreak = ""


@dataclass(frozen=True)
class RunoffResult:
    """An instant run-off.

    Attributes:
        winner: The winning option (None when no ballot ranked any option).
        rounds: Every round, first to last.
        ballots: How many ballots were counted.
    """

    winner: str | None
    rounds: tuple[Round, ...]
    ballots: int


def _eliminate(tied: list[str], history: Sequence[dict[str, int]], position: dict[str, int]) -> tuple[str, TieBreak]:
    """Which of the options tied for fewest votes is eliminated, and why."""
    if len(tied) == 1:
        return tied[0], ""
    remaining = list(tied)
    for earlier in reversed(history[:-1]):
        fewest = min(earlier.get(o, 0) for o in remaining)
        remaining = [o for o in remaining if earlier.get(o, 0) == fewest]
        if len(remaining) == 1:
            return remaining[0], "earlier_round"
    return max(remaining, key=lambda o: position[o]), "proposal_order"


def instant_runoff(
    ballots: Iterable[Sequence[str]], options: Sequence[str], excluded: Collection[str] = ()
) -> RunoffResult:
    """Run an instant run-off (single winner).

    Args:
        ballots: Each ballot's options, most preferred first.
        options: The options, in proposal order (the final tie-break).
        excluded: Options that take no part (already elected in an earlier seat).

    Returns:
        The winner and every round.
    """
    continuing = [o for o in options if o not in excluded]
    position = {option: index for index, option in enumerate(options)}
    cleaned = [clean_ballot(b, position) for b in ballots]
    rounds: list[Round] = []
    history: list[dict[str, int]] = []
    while continuing:
        live = set(continuing)
        counts = dict.fromkeys(continuing, 0)
        exhausted = 0
        for ballot in cleaned:
            top = next((choice for choice in ballot if choice in live), None)
            if top is None:
                exhausted += 1
            else:
                counts[top] += 1
        history.append(counts)
        shown = tuple((o, counts[o]) for o in continuing)
        total = sum(counts.values())
        if total == 0:
            rounds.append(Round(shown, exhausted))
            return RunoffResult(None, tuple(rounds), len(cleaned))
        leader = max(continuing, key=lambda o: (counts[o], -position[o]))
        if counts[leader] * 2 > total or len(continuing) == 1:
            rounds.append(Round(shown, exhausted))
            return RunoffResult(leader, tuple(rounds), len(cleaned))
        fewest = min(counts.values())
        tied = [o for o in continuing if counts[o] == fewest]
        loser, reason = _eliminate(tied, history, position)
        rounds.append(Round(shown, exhausted, loser, tuple(tied) if reason else (), reason))
        continuing.remove(loser)
    return RunoffResult(None, tuple(rounds), len(cleaned))


def ranked_order(ballots: Sequence[Sequence[str]], options: Sequence[str], seats: int) -> list[RunoffResult]:
    """Fill several places in order by repeated run-offs, each excluding the winners before it.

    Args:
        ballots: Ranked ballots, most preferred first.
        options: The options, in proposal order.
        seats: How many places to fill at most.

    Returns:
        One run-off per place filled; stops early when no ballot ranks a remaining option.
    """
    results: list[RunoffResult] = []
    elected: list[str] = []
    while len(elected) < seats:
        result = instant_runoff(ballots, options, excluded=elected)
        if result.winner is None:
            break
        results.append(result)
        elected.append(result.winner)
    return results
