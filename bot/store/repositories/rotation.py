"""The rotating Signs of Safety item: which teams rotate, and whose turn each meeting occurrence is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from bot.constants import EventStatus, NudgeStatus
from bot.store.models import Team
from bot.store.models_nudges import MeetingOccurrence, Nudge
from bot.store.models_rotation import AgendaTurn
from bot.store.repositories.base import _Repository

PROMPT_KINDS = ("agenda-prompt", "agenda-reminder")


class AgendaRotation(_Repository):
    """Teams that take turns bringing the Signs of Safety item, and the turns themselves."""

    async def teams_rotating(self) -> set[int]:
        """The ids of the teams with the rotation on."""
        query = select(Team.id).where(Team.agenda_rotation.is_(True))
        return set((await self.session.scalars(query)).all())

    async def turn(self, occurrence_id: int) -> AgendaTurn | None:
        """Whose turn an occurrence is (None: it is not rotated)."""
        query = select(AgendaTurn).where(AgendaTurn.occurrence_id == occurrence_id)
        return (await self.session.scalars(query)).first()

    async def turns_of(self, occurrence_ids: Sequence[int]) -> dict[int, AgendaTurn]:
        """The turns of several occurrences, by occurrence id."""
        found: dict[int, AgendaTurn] = {}
        for chunk in range(0, len(occurrence_ids), 500):
            query = select(AgendaTurn).where(AgendaTurn.occurrence_id.in_(occurrence_ids[chunk : chunk + 500]))
            found.update((t.occurrence_id, t) for t in (await self.session.scalars(query)).all())
        return found

    async def asks_since(self, person_ids: Sequence[int], since: datetime) -> dict[int, list[datetime]]:
        """When these people were (or are planned to be) asked in turn, from ``since`` on, by person."""
        found: dict[int, list[datetime]] = {}
        for chunk in range(0, len(person_ids), 500):
            query = select(AgendaTurn.person_id, AgendaTurn.asked_at).where(
                AgendaTurn.person_id.in_(person_ids[chunk : chunk + 500]), AgendaTurn.asked_at >= since
            )
            for person_id, asked_at in (await self.session.execute(query)).all():
                found.setdefault(person_id, []).append(asked_at)
        return found

    async def waiting_prompts(self, occurrence_ids: Sequence[int]) -> dict[int, Nudge]:
        """The prompts of these occurrences that are planned and not sent yet, by occurrence id."""
        found: dict[int, Nudge] = {}
        for chunk in range(0, len(occurrence_ids), 500):
            query = select(Nudge).where(
                Nudge.occurrence_id.in_(occurrence_ids[chunk : chunk + 500]),
                Nudge.kind == "agenda-prompt",
                Nudge.status == NudgeStatus.PLANNED,
            )
            found.update((n.occurrence_id, n) for n in (await self.session.scalars(query)).all() if n.occurrence_id)
        return found

    async def replace(self, occurrence_ids: Sequence[int]) -> None:
        """Forget these occurrences' turns and their prompts not sent yet (the person can no longer be asked:
        someone else is, under the same key)."""
        if occurrence_ids:
            await self.session.execute(
                delete(Nudge).where(
                    Nudge.occurrence_id.in_(occurrence_ids),
                    Nudge.kind == "agenda-prompt",
                    Nudge.status == NudgeStatus.PLANNED,
                )
            )
            await self.session.execute(delete(AgendaTurn).where(AgendaTurn.occurrence_id.in_(occurrence_ids)))

    async def add_many(self, rows: Sequence[dict[str, object]]) -> None:
        """Record turns (``occurrence_id``, ``team_id``, ``person_id``, ``asked_at``, ``created_at``); an
        occurrence that already has one (a concurrent planner) keeps it."""
        if rows:
            statement = self._insert(AgendaTurn).on_conflict_do_nothing(index_elements=["occurrence_id"])
            await self.session.execute(statement, list(rows))

    async def forget_unsent(self, team_id: int, now: datetime) -> int:
        """After the rotation is switched on or off: the team's coming meetings whose prompt has not gone yet
        lose their planned prompt, reminder and turn, so that the planner asks again under the new setting.

        Args:
            team_id: The team.
            now: The current instant.

        Returns:
            How many occurrences will be planned afresh.
        """
        coming = select(MeetingOccurrence.id).where(
            MeetingOccurrence.team_id == team_id,
            MeetingOccurrence.starts_at > now,
            MeetingOccurrence.status == EventStatus.SCHEDULED,
            MeetingOccurrence.sofs_item == "",
        )
        candidates = set((await self.session.scalars(coming)).all())
        if not candidates:
            return 0
        gone = select(Nudge.occurrence_id).where(
            Nudge.occurrence_id.in_(candidates), Nudge.kind == "agenda-prompt", Nudge.status != NudgeStatus.PLANNED
        )
        unsent = sorted(candidates - set((await self.session.scalars(gone)).all()))
        if unsent:
            await self.session.execute(
                delete(Nudge).where(
                    Nudge.occurrence_id.in_(unsent), Nudge.kind.in_(PROMPT_KINDS), Nudge.status == NudgeStatus.PLANNED
                )
            )
            await self.session.execute(delete(AgendaTurn).where(AgendaTurn.occurrence_id.in_(unsent)))
        return len(unsent)
