"""Seminar votes and their ballots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bot.constants import VoteStatus
from bot.store.models_seminars import (
    SeminarBallot,
    SeminarVote,
)
from bot.store.repositories.base import _Rows


class Votes(_Rows[SeminarVote]):
    """Votes and their ballots."""

    model = SeminarVote

    async def open_in(self, locality_id: int) -> SeminarVote | None:
        """The locality's open vote, if any."""
        query = select(SeminarVote).where(SeminarVote.locality_id == locality_id, SeminarVote.status == VoteStatus.OPEN)
        return (await self.session.scalars(query.order_by(SeminarVote.id.desc()))).first()

    async def last_closed_in(self, locality_id: int) -> SeminarVote | None:
        """The locality's most recently closed vote."""
        query = select(SeminarVote).where(
            SeminarVote.locality_id == locality_id, SeminarVote.status == VoteStatus.CLOSED
        )
        return (await self.session.scalars(query.order_by(SeminarVote.closed_at.desc()))).first()

    async def open_votes(self, locality_ids: Sequence[int] | None = None) -> Sequence[SeminarVote]:
        """Every open vote (of some localities), soonest to close first."""
        query = select(SeminarVote).where(SeminarVote.status == VoteStatus.OPEN)
        if locality_ids is not None:
            query = query.where(SeminarVote.locality_id.in_(list(locality_ids)))
        return (await self.session.scalars(query.order_by(SeminarVote.closes_at, SeminarVote.id))).all()

    async def due_to_close(self, now: datetime) -> Sequence[SeminarVote]:
        """Open votes whose deadline has passed (also long ago, after downtime)."""
        query = select(SeminarVote).where(SeminarVote.status == VoteStatus.OPEN, SeminarVote.closes_at <= now)
        return (await self.session.scalars(query.order_by(SeminarVote.closes_at, SeminarVote.id))).all()

    async def cast(self, vote_id: int, voter_id: int, choices: Sequence[int], now: datetime) -> bool:
        """Record or change a ballot in one statement (the unique key makes repeats one ballot).

        Args:
            vote_id: The vote.
            voter_id: The voter.
            choices: Topic ids (ranked: most preferred first).
            now: The current instant.

        Returns:
            True when this was the person's first ballot in the vote.
        """
        existing = await self.ballot(vote_id, voter_id)
        statement = self._insert(SeminarBallot).values(
            vote_id=vote_id, voter_id=voter_id, choices=list(choices), cast_at=now, updated_at=now, changes=0
        )
        statement = statement.on_conflict_do_update(
            index_elements=["vote_id", "voter_id"],
            set_={
                "choices": statement.excluded.choices,
                "updated_at": statement.excluded.updated_at,
                "changes": SeminarBallot.changes + 1,
            },
        )
        await self.session.execute(statement)
        if existing is not None:
            await self.session.refresh(existing)
        return existing is None

    async def ballot(self, vote_id: int, voter_id: int) -> SeminarBallot | None:
        """A person's ballot in a vote."""
        query = select(SeminarBallot).where(SeminarBallot.vote_id == vote_id, SeminarBallot.voter_id == voter_id)
        return (await self.session.scalars(query)).first()

    async def ballots(self, vote_id: int) -> Sequence[SeminarBallot]:
        """Every ballot of a vote, in the order first cast."""
        query = select(SeminarBallot).where(SeminarBallot.vote_id == vote_id).order_by(SeminarBallot.id)
        return (await self.session.scalars(query)).all()

    async def voter_ids(self, vote_id: int) -> set[int]:
        """Who has voted."""
        query = select(SeminarBallot.voter_id).where(SeminarBallot.vote_id == vote_id)
        return set((await self.session.scalars(query)).all())
