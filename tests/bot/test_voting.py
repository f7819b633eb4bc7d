"""Tallying votes: approval totals and ranked choice (instant run-off) against a small reference."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.voting import approval_tally, clean_ballot, instant_runoff, ranked_order

OPTIONS = ("a", "b", "c", "d", "e")


def reference_runoff(ballots: Sequence[Sequence[str]], options: Sequence[str]) -> str | None:
    """Instant run-off written as plainly as possible (the rules in bot.domain.voting's docstring)."""
    remaining = list(options)
    history: list[dict[str, int]] = []
    while remaining:
        tally = dict.fromkeys(remaining, 0)
        for ballot in ballots:
            for choice in ballot:
                if choice in tally:
                    tally[choice] += 1
                    break
        history.append(tally)
        total = sum(tally.values())
        if total == 0:
            return None
        for option in remaining:
            if 2 * tally[option] > total:
                return option
        if len(remaining) == 1:
            return remaining[0]
        lowest = min(tally.values())
        tied = [o for o in remaining if tally[o] == lowest]
        for earlier in reversed(history[:-1]):
            if len(tied) == 1:
                break
            fewest = min(earlier[o] for o in tied)
            tied = [o for o in tied if earlier[o] == fewest]
        remaining.remove(tied[-1])  # still tied: the most recently proposed goes
    return None


ballot = st.lists(st.sampled_from(OPTIONS), unique=True, max_size=len(OPTIONS))


@settings(max_examples=300, deadline=None)
@given(st.lists(ballot, max_size=25), st.integers(min_value=1, max_value=len(OPTIONS)))
def test_the_runoff_winner_matches_the_reference(ballots: list[list[str]], count: int) -> None:
    options = OPTIONS[:count]
    result = instant_runoff(ballots, options)
    assert result.winner == reference_runoff([[c for c in b if c in options] for b in ballots], options)
    if result.winner is not None:
        last = dict(result.rounds[-1].counts)
        assert 2 * last[result.winner] > sum(last.values()) or len(last) == 1
        assert all(r.eliminated != result.winner for r in result.rounds)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(OPTIONS), max_size=8), max_size=30))
def test_approval_totals_equal_the_ticks(ballots: list[list[str]]) -> None:
    result = approval_tally(ballots, OPTIONS)
    for option in OPTIONS:
        assert result.total(option) == sum(1 for b in ballots if option in b)
    assert sum(n for _, n in result.totals) == sum(len(set(b)) for b in ballots)
    assert result.ballots == len(ballots)
    ranked = [result.total(o) for o in result.ranking]
    assert ranked == sorted(ranked, reverse=True)


def test_approval_ties_keep_the_proposal_order_and_are_reported() -> None:
    result = approval_tally([["b", "c"], ["c", "b"], ["a"]], ["a", "b", "c"])
    assert result.ranking == ("b", "c", "a")
    assert result.ties == (("b", "c"),)
    assert result.winners == ("b", "c", "a")


def test_a_tie_for_fewest_is_broken_by_the_earlier_round() -> None:
    ballots = [["a"]] * 5 + [["b"]] * 3 + [["d"]] * 2 + [["c", "d"]]
    result = instant_runoff(ballots, ["a", "b", "c", "d"])
    assert [r.eliminated for r in result.rounds] == ["c", "d", None]
    assert result.rounds[1].tied == ("b", "d")
    assert result.rounds[1].tie_break == "earlier_round"
    assert result.winner == "a"


def test_a_tie_in_every_round_drops_the_latest_proposal() -> None:
    result = instant_runoff([["a"], ["b"], ["c"]], ["a", "b", "c"])
    assert result.rounds[0].eliminated == "c"
    assert result.rounds[0].tie_break == "proposal_order"
    assert result.winner == "a"


def test_no_ballots_means_no_winner() -> None:
    assert instant_runoff([], ["a", "b"]).winner is None
    assert instant_runoff([["x"]], ["a", "b"]).winner is None


def test_ranked_order_fills_places_by_repeated_runoffs() -> None:
    ballots = [["a", "b"], ["a", "c"], ["b", "c"], ["c", "b"], ["b"]]
    runs = ranked_order(ballots, ["a", "b", "c", "d"], seats=4)
    assert [r.winner for r in runs] == ["b", "a", "c"]  # nobody ranked d: it never wins a place


def test_a_ballot_is_cleaned_of_unknown_options_and_repeats() -> None:
    assert clean_ballot(["b", "x", "b", "a"], {"a", "b"}) == ("b", "a")
