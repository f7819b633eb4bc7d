"""Repositories for seminars: topics, votes and ballots, the programme, RSVPs, case maps, partner briefings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import Locality, Partner, Person, Role, Team
from bot.store.models_nudges import ScheduledEvent
from bot.store.models_seminars import (
    CaseMap,
    CaseMapEntry,
    CaseMapScore,
    EventRsvp,
    PartnerBriefing,
    ProgrammeSlot,
    SeminarBallot,
    SeminarTopic,
    SeminarVote,
)
from bot.store.repositories import _Repository

MEMBER_ROLES = ("member", "practice_leader", "manager")
COUNTY_LEADS = ("project_manager", "principal_social_worker")
RSVP_ANSWERS = ("going", "maybe", "cant")


class Topics(_Repository):
    """Seminar topic proposals."""

    async def add(self, topic: SeminarTopic) -> SeminarTopic:
        """Store a new topic."""
        self.session.add(topic)
        await self.session.flush()
        return topic

    async def get(self, topic_id: int) -> SeminarTopic | None:
        """One topic by id."""
        return await self.session.get(SeminarTopic, topic_id)

    async def many(self, topic_ids: Sequence[int]) -> dict[int, SeminarTopic]:
        """Topics by id."""
        if not topic_ids:
            return {}
        query = select(SeminarTopic).where(SeminarTopic.id.in_(list(topic_ids)))
        return {t.id: t for t in (await self.session.scalars(query)).all()}

    async def open_in(self, locality_id: int) -> Sequence[SeminarTopic]:
        """A locality's open topics, oldest first."""
        query = (
            select(SeminarTopic)
            .where(SeminarTopic.locality_id == locality_id, SeminarTopic.status == "open")
            .order_by(SeminarTopic.id)
        )
        return (await self.session.scalars(query)).all()


class Votes(_Repository):
    """Votes and their ballots."""

    async def add(self, vote: SeminarVote) -> SeminarVote:
        """Store a new vote."""
        self.session.add(vote)
        await self.session.flush()
        return vote

    async def get(self, vote_id: int) -> SeminarVote | None:
        """One vote by id."""
        return await self.session.get(SeminarVote, vote_id)

    async def open_in(self, locality_id: int) -> SeminarVote | None:
        """The locality's open vote, if any."""
        query = select(SeminarVote).where(SeminarVote.locality_id == locality_id, SeminarVote.status == "open")
        return (await self.session.scalars(query.order_by(SeminarVote.id.desc()))).first()

    async def last_closed_in(self, locality_id: int) -> SeminarVote | None:
        """The locality's most recently closed vote."""
        query = select(SeminarVote).where(SeminarVote.locality_id == locality_id, SeminarVote.status == "closed")
        return (await self.session.scalars(query.order_by(SeminarVote.closed_at.desc()))).first()

    async def open_votes(self, locality_ids: Sequence[int] | None = None) -> Sequence[SeminarVote]:
        """Every open vote (of some localities), soonest to close first."""
        query = select(SeminarVote).where(SeminarVote.status == "open")
        if locality_ids is not None:
            query = query.where(SeminarVote.locality_id.in_(list(locality_ids)))
        return (await self.session.scalars(query.order_by(SeminarVote.closes_at, SeminarVote.id))).all()

    async def due_to_close(self, now: datetime) -> Sequence[SeminarVote]:
        """Open votes whose deadline has passed (also long ago, after downtime)."""
        query = select(SeminarVote).where(SeminarVote.status == "open", SeminarVote.closes_at <= now)
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


class Programme(_Repository):
    """A locality's monthly seminar slots."""

    async def add(self, slot: ProgrammeSlot) -> ProgrammeSlot:
        """Store a slot."""
        self.session.add(slot)
        await self.session.flush()
        return slot

    async def get(self, slot_id: int) -> ProgrammeSlot | None:
        """One slot by id."""
        return await self.session.get(ProgrammeSlot, slot_id)

    async def months(self, locality_id: int) -> set[str]:
        """Months that already have a slot (any status)."""
        query = select(ProgrammeSlot.month).where(ProgrammeSlot.locality_id == locality_id)
        return set((await self.session.scalars(query)).all())

    async def of_event(self, event_id: int) -> Sequence[ProgrammeSlot]:
        """The slot an event belongs to (none for events outside the programme)."""
        return (await self.session.scalars(select(ProgrammeSlot).where(ProgrammeSlot.event_id == event_id))).all()

    async def upcoming(self, locality_id: int, now: datetime, *, cancelled: bool = False) -> Sequence[ProgrammeSlot]:
        """Slots from now on, in date order (cancelled ones only when asked)."""
        query = select(ProgrammeSlot).where(ProgrammeSlot.locality_id == locality_id, ProgrammeSlot.starts_at >= now)
        if not cancelled:
            query = query.where(ProgrammeSlot.status != "cancelled")
        return (await self.session.scalars(query.order_by(ProgrammeSlot.starts_at))).all()


class Rsvps(_Repository):
    """Answers to events."""

    async def answer(self, event_id: int, person_id: int, answer: str, now: datetime) -> str | None:
        """Record a person's answer (one per event); returns their previous answer."""
        query = select(EventRsvp).where(EventRsvp.event_id == event_id, EventRsvp.person_id == person_id)
        row = (await self.session.scalars(query)).first()
        previous = row.answer if row is not None else None
        statement = self._insert(EventRsvp).values(
            event_id=event_id, person_id=person_id, answer=answer, answered_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["event_id", "person_id"],
            set_={"answer": statement.excluded.answer, "answered_at": statement.excluded.answered_at},
        )
        await self.session.execute(statement)
        if row is not None:
            await self.session.refresh(row)
        return previous

    async def of(self, event_id: int, person_id: int) -> str | None:
        """A person's answer to an event."""
        query = select(EventRsvp.answer).where(EventRsvp.event_id == event_id, EventRsvp.person_id == person_id)
        return (await self.session.scalars(query)).first()

    async def counts(self, event_id: int) -> dict[str, int]:
        """How many answered going, maybe and can't."""
        query = (
            select(EventRsvp.answer, func.count(EventRsvp.id))
            .where(EventRsvp.event_id == event_id)
            .group_by(EventRsvp.answer)
        )
        found = {answer: int(n) for answer, n in (await self.session.execute(query)).all()}
        return {answer: found.get(answer, 0) for answer in RSVP_ANSWERS}

    async def people(self, event_id: int, answer: str) -> Sequence[Person]:
        """Everyone who gave an answer to an event."""
        query = (
            select(Person)
            .join(EventRsvp, EventRsvp.person_id == Person.id)
            .where(EventRsvp.event_id == event_id, EventRsvp.answer == answer)
            .order_by(EventRsvp.answered_at, Person.id)
        )
        return (await self.session.scalars(query)).all()


class CaseMaps(_Repository):
    """Case maps, their entries and scale scores."""

    async def add(self, case_map: CaseMap) -> CaseMap:
        """Store a new map."""
        self.session.add(case_map)
        await self.session.flush()
        return case_map

    async def get(self, map_id: int) -> CaseMap | None:
        """One map by id."""
        return await self.session.get(CaseMap, map_id)

    async def open_in(self, platform: str, channel_id: str) -> CaseMap | None:
        """The latest open map in a conversation."""
        query = select(CaseMap).where(
            CaseMap.platform == platform, CaseMap.channel_id == channel_id, CaseMap.status == "open"
        )
        return (await self.session.scalars(query.order_by(CaseMap.id.desc()))).first()

    async def add_entry(self, entry: CaseMapEntry) -> CaseMapEntry:
        """Add a contribution."""
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entries(self, map_id: int) -> Sequence[CaseMapEntry]:
        """A map's contributions, oldest first."""
        query = select(CaseMapEntry).where(CaseMapEntry.map_id == map_id).order_by(CaseMapEntry.id)
        return (await self.session.scalars(query)).all()

    async def score(self, map_id: int, person_id: int, score: int, now: datetime) -> None:
        """Record (or change) a person's scale score for a map."""
        statement = self._insert(CaseMapScore).values(map_id=map_id, person_id=person_id, score=score, scored_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=["map_id", "person_id"],
            set_={"score": statement.excluded.score, "scored_at": statement.excluded.scored_at},
        )
        await self.session.execute(statement)

    async def scores(self, map_id: int) -> list[int]:
        """Every participant's score, in the order given."""
        query = select(CaseMapScore.score).where(CaseMapScore.map_id == map_id).order_by(CaseMapScore.id)
        return list((await self.session.scalars(query)).all())

    async def purge_expired(self, now: datetime) -> int:
        """Delete maps past their retention, with their entries and scores."""
        expired = list((await self.session.scalars(select(CaseMap.id).where(CaseMap.expires_at <= now))).all())
        if not expired:
            return 0
        await self.session.execute(delete(CaseMapEntry).where(CaseMapEntry.map_id.in_(expired)))
        await self.session.execute(delete(CaseMapScore).where(CaseMapScore.map_id.in_(expired)))
        await self.session.execute(delete(CaseMap).where(CaseMap.id.in_(expired)))
        return len(expired)


@dataclass(frozen=True)
class BriefingStatus:
    """A locality's partners: which were briefed (last time), which have one planned, which not yet.

    Attributes:
        briefed: (partner name, last briefing) for partners briefed before now, by name.
        planned: (partner name, next briefing) for partners with a briefing to come, by date.
        not_yet: Partner names never briefed, by name.
    """

    briefed: tuple[tuple[str, datetime], ...]
    planned: tuple[tuple[str, datetime], ...]
    not_yet: tuple[str, ...]


class Briefings(_Repository):
    """Partner organisations and the briefings they received."""

    async def partners(self, locality_id: int) -> Sequence[Partner]:
        """A locality's partner organisations, by name."""
        query = select(Partner).where(Partner.locality_id == locality_id).order_by(Partner.name)
        return (await self.session.scalars(query)).all()

    async def add_partner(self, locality_id: int, name: str, kind: str) -> Partner:
        """Add a partner organisation to a locality."""
        partner = Partner(locality_id=locality_id, name=name, kind=kind)
        self.session.add(partner)
        await self.session.flush()
        return partner

    async def record(self, briefing: PartnerBriefing) -> PartnerBriefing:
        """Record a briefing."""
        self.session.add(briefing)
        await self.session.flush()
        return briefing

    async def of_event(self, event_id: int) -> Sequence[PartnerBriefing]:
        """The briefings an event stands for."""
        query = select(PartnerBriefing).where(PartnerBriefing.event_id == event_id)
        return (await self.session.scalars(query)).all()

    async def remove_for_event(self, event_id: int) -> None:
        """Forget the briefings of a cancelled event."""
        await self.session.execute(delete(PartnerBriefing).where(PartnerBriefing.event_id == event_id))

    async def in_locality(self, locality_id: int) -> Sequence[PartnerBriefing]:
        """Every briefing in a locality, oldest first."""
        query = (
            select(PartnerBriefing)
            .where(PartnerBriefing.locality_id == locality_id)
            .order_by(PartnerBriefing.briefed_at, PartnerBriefing.id)
        )
        return (await self.session.scalars(query)).all()

    async def status(self, locality_id: int, now: datetime) -> BriefingStatus:
        """Partners briefed and not yet briefed in a locality (what ``plbot report locality`` lists).

        Args:
            locality_id: The locality.
            now: The current instant (briefings after it are planned, not done).

        Returns:
            The partners briefed (with the last time), planned (with the next time), and not yet.
        """
        last: dict[str, datetime] = {}
        nxt: dict[str, datetime] = {}
        for briefing in await self.in_locality(locality_id):
            if briefing.briefed_at <= now:
                last[briefing.partner_name] = max(
                    briefing.briefed_at, last.get(briefing.partner_name, briefing.briefed_at)
                )
            elif briefing.partner_name not in nxt:
                nxt[briefing.partner_name] = briefing.briefed_at
        names = [p.name for p in await self.partners(locality_id)]
        names += sorted(n for n in {*last, *nxt} if n not in names)
        return BriefingStatus(
            briefed=tuple((n, last[n]) for n in sorted(last)),
            planned=tuple(sorted(((n, nxt[n]) for n in nxt if n not in last), key=lambda pair: pair[1])),
            not_yet=tuple(sorted(n for n in names if n not in last and n not in nxt)),
        )


class Membership(_Repository):
    """Who belongs to a locality (for votes) and who leads it."""

    async def locality_of_team(self, team_id: int) -> Locality | None:
        """The locality a team is in."""
        team = await self.session.get(Team, team_id)
        return await self.session.get(Locality, team.locality_id) if team is not None else None

    @staticmethod
    def _in_locality(locality: Locality) -> ColumnElement[bool]:
        team_ids = [t.id for t in locality.teams]
        return or_(Role.locality_id == locality.id, Role.team_id.in_(team_ids))

    async def members(self, locality: Locality) -> Sequence[Person]:
        """Staff of a locality: members, practice leaders and managers of it or its teams."""
        query = (
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role.in_(MEMBER_ROLES), self._in_locality(locality))
            .distinct()
            .order_by(Person.display_name, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def partner_contacts(self, locality: Locality) -> Sequence[Person]:
        """People of the locality's partner organisations."""
        query = (
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role == "partner", Role.locality_id == locality.id)
            .distinct()
            .order_by(Person.display_name, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def practice_leaders(self, locality: Locality) -> Sequence[Person]:
        """Practice leaders of the locality or its teams."""
        query = (
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role == "practice_leader", self._in_locality(locality))
            .distinct()
            .order_by(Person.display_name, Person.id)
        )
        return (await self.session.scalars(query)).all()

    async def localities_of(self, person_id: int) -> list[int]:
        """The localities a person belongs to (through a team or the locality itself), first role first."""
        query = (
            select(Role.locality_id, Team.locality_id)
            .outerjoin(Team, Team.id == Role.team_id)
            .where(Role.person_id == person_id)
            .order_by(Role.id)
        )
        found: list[int] = []
        for direct, through_team in (await self.session.execute(query)).all():
            locality_id = direct or through_team
            if locality_id is not None and locality_id not in found:
                found.append(locality_id)
        return found


class Events(_Repository):
    """The seminar area's reads of ``events`` (the table belongs to the nudges work)."""

    async def upcoming(
        self, *, locality_id: int, team_ids: Sequence[int], now: datetime, limit: int = 10
    ) -> Sequence[ScheduledEvent]:
        """Scheduled events of a locality, its teams or the county, soonest first."""
        query = (
            select(ScheduledEvent)
            .where(
                ScheduledEvent.status == "scheduled",
                ScheduledEvent.starts_at >= now,
                or_(
                    ScheduledEvent.locality_id == locality_id,
                    ScheduledEvent.team_id.in_(list(team_ids)),
                    ScheduledEvent.audience == "county",
                ),
            )
            .order_by(ScheduledEvent.starts_at, ScheduledEvent.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()


class SeminarStore:
    """The seminar area's repositories over one session (``uow.seminars``)."""

    def __init__(self, session: AsyncSession) -> None:
        self.topics = Topics(session)
        self.votes = Votes(session)
        self.programme = Programme(session)
        self.rsvps = Rsvps(session)
        self.maps = CaseMaps(session)
        self.briefings = Briefings(session)
        self.membership = Membership(session)
        self.events = Events(session)
