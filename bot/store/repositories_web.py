"""Repositories for the web area: sign-in links, sessions, publications, nominations, playground messages.

Also the read queries behind the dashboard and the locality review: activity filtered by a
:class:`Scope`, and the facts (meetings, events, votes, briefings, pulse) a review is built from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.constants import StoryStatus
from bot.domain.access import RoleFact, Scope
from bot.domain.reports import BriefingFact, MeetingFact
from bot.domain.signin import LINK_LIFETIME, SESSION_LIFETIME, hash_token, new_token
from bot.store.models import (
    Celebration,
    CelebrationRecipient,
    Partner,
    Person,
    PracticeStory,
    Role,
    Team,
)
from bot.store.models_nudges import MeetingOccurrence, PulseAnswer, ScheduledEvent
from bot.store.models_seminars import EventRsvp, PartnerBriefing, SeminarVote
from bot.store.models_web import (
    GatheringNomination,
    Publication,
    SignInLink,
    WebhookDelivery,
    WebMessage,
    WebSession,
)
from bot.store.repositories import _Repository

HELD_NOT = ("cancelled", "holiday")


class SignIns(_Repository):
    """Single-use dashboard sign-in links."""

    async def issue(self, person_id: int, now: datetime) -> str:
        """Create a link for a person; returns the token (only its hash is stored)."""
        token = new_token()
        self.session.add(
            SignInLink(
                token_hash=hash_token(token), person_id=person_id, created_at=now, expires_at=now + LINK_LIFETIME
            )
        )
        await self.session.flush()
        return token

    async def is_valid(self, token: str, now: datetime) -> bool:
        """True when the token belongs to an unused, unexpired link (nothing changes)."""
        query = select(SignInLink.id).where(
            SignInLink.token_hash == hash_token(token), SignInLink.used_at.is_(None), SignInLink.expires_at > now
        )
        return (await self.session.scalar(query)) is not None

    async def redeem(self, token: str, now: datetime) -> int | None:
        """Use a link: the person it signs in, or None when it is unknown, expired or used.

        One conditional update, so two concurrent uses cannot both succeed.
        """
        result = await self.session.execute(
            update(SignInLink)
            .where(
                SignInLink.token_hash == hash_token(token), SignInLink.used_at.is_(None), SignInLink.expires_at > now
            )
            .values(used_at=now)
            .returning(SignInLink.person_id)
        )
        row = result.first()
        return int(row[0]) if row else None


class Sessions(_Repository):
    """Signed-in dashboard sessions."""

    async def start(self, person_id: int, now: datetime) -> str:
        """Open a session; returns its token for the cookie."""
        token = new_token()
        self.session.add(
            WebSession(
                token_hash=hash_token(token),
                person_id=person_id,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
                flash="",
            )
        )
        await self.session.flush()
        return token

    async def find(self, token: str, now: datetime) -> WebSession | None:
        """The live session for a cookie token."""
        query = select(WebSession).where(
            WebSession.token_hash == hash_token(token), WebSession.ended_at.is_(None), WebSession.expires_at > now
        )
        return (await self.session.scalars(query)).first()

    async def end(self, token: str, now: datetime) -> None:
        """Sign out."""
        await self.session.execute(
            update(WebSession).where(WebSession.token_hash == hash_token(token)).values(ended_at=now)
        )


class Publications(_Repository):
    """Stories on the intranet, and the log of take-downs."""

    async def active(self, story_id: int) -> Publication | None:
        """The current publication of a story, if it is published."""
        query = select(Publication).where(Publication.story_id == story_id, Publication.unpublished_at.is_(None))
        return (await self.session.scalars(query)).first()

    async def get(self, publication_id: int) -> Publication | None:
        """One publication by id."""
        return await self.session.get(Publication, publication_id)

    async def add(self, story_id: int, by: int | None, now: datetime) -> Publication:
        """Record a publication."""
        publication = Publication(story_id=story_id, published_at=now, published_by_id=by)
        self.session.add(publication)
        await self.session.flush()
        return publication

    async def published(self, organisation_id: int) -> Sequence[tuple[PracticeStory, Publication]]:
        """Every published story with its publication, newest first."""
        query = (
            select(PracticeStory, Publication)
            .join(Publication, Publication.story_id == PracticeStory.id)
            .where(
                PracticeStory.organisation_id == organisation_id,
                PracticeStory.status == StoryStatus.PUBLISHED,
                Publication.unpublished_at.is_(None),
            )
            .order_by(Publication.published_at.desc(), PracticeStory.id.desc())
        )
        return [(story, publication) for story, publication in (await self.session.execute(query)).all()]


class Nominations(_Repository):
    """Nominations for the annual gathering."""

    async def add(self, organisation_id: int, object_type: str, object_id: int, by: int, now: datetime) -> bool:
        """Nominate; False when this person already nominated it."""
        statement = (
            self._insert(GatheringNomination)
            .values(
                organisation_id=organisation_id,
                object_type=object_type,
                object_id=object_id,
                nominated_by_id=by,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["object_type", "object_id", "nominated_by_id"])
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def listing(self, organisation_id: int) -> Sequence[GatheringNomination]:
        """Every nomination, oldest first."""
        query = (
            select(GatheringNomination)
            .where(GatheringNomination.organisation_id == organisation_id)
            .order_by(GatheringNomination.created_at, GatheringNomination.id)
        )
        return (await self.session.scalars(query)).all()

    async def mine(self, person_id: int) -> set[tuple[str, int]]:
        """What a person has nominated, as (object type, id) pairs."""
        query = select(GatheringNomination.object_type, GatheringNomination.object_id).where(
            GatheringNomination.nominated_by_id == person_id
        )
        return {(kind, int(object_id)) for kind, object_id in (await self.session.execute(query)).all()}


class WebhookLog(_Repository):
    """Attempts to call the intranet's webhook."""

    async def record(
        self, *, story_id: int, action: str, key: str, outcome: str, http_status: int, at: datetime
    ) -> None:
        """Record one attempt (never its body)."""
        self.session.add(
            WebhookDelivery(
                story_id=story_id, action=action, idempotency_key=key, outcome=outcome, http_status=http_status, at=at
            )
        )
        await self.session.flush()

    async def listing(self, limit: int = 50) -> Sequence[WebhookDelivery]:
        """The latest attempts, newest first."""
        query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()


class WebMessages(_Repository):
    """What the web playground shows: delivered posts and DMs, and replies only the actor saw."""

    async def add(
        self,
        *,
        kind: str,
        payload: str,
        now: datetime,
        address: str = "",
        person_id: int | None = None,
        thread_id: str = "",
        key: str = "",
    ) -> WebMessage:
        """Store a message."""
        message = WebMessage(
            kind=kind,
            address=address,
            person_id=person_id,
            thread_id=thread_id,
            payload=payload,
            idempotency_key=key,
            created_at=now,
        )
        self.session.add(message)
        await self.session.flush()
        return message

    async def get(self, message_id: int) -> WebMessage | None:
        """One message."""
        return await self.session.get(WebMessage, message_id)

    async def delete(self, message: WebMessage) -> None:
        """Remove a message (a form answered by a plain reply)."""
        await self.session.delete(message)

    async def conversation(self, address: str, person_id: int | None, limit: int = 60) -> Sequence[WebMessage]:
        """A channel's posts plus the replies only this person saw there, oldest first."""
        mine = WebMessage.person_id == person_id if person_id is not None else false()
        query = (
            select(WebMessage)
            .where(
                WebMessage.address == address,
                or_(WebMessage.kind == "channel", (WebMessage.kind == "ephemeral") & mine),
            )
            .order_by(WebMessage.id.desc())
            .limit(limit)
        )
        return list(reversed((await self.session.scalars(query)).all()))

    async def direct(self, person_id: int, limit: int = 40) -> Sequence[WebMessage]:
        """Direct messages the bot sent a person, oldest first."""
        query = (
            select(WebMessage)
            .where(WebMessage.kind == "dm", WebMessage.person_id == person_id)
            .order_by(WebMessage.id.desc())
            .limit(limit)
        )
        return list(reversed((await self.session.scalars(query)).all()))


def _celebration_filter(scope: Scope) -> ColumnElement[bool]:
    if scope.is_county:
        return Celebration.id.is_not(None)
    mine = or_(
        Celebration.author_id == scope.person_id,
        Celebration.id.in_(
            select(CelebrationRecipient.celebration_id).where(CelebrationRecipient.person_id == scope.person_id)
        ),
    )
    if scope.level == "own":
        return mine
    return or_(
        mine, Celebration.team_id.in_(sorted(scope.team_ids)), Celebration.locality_id.in_(sorted(scope.locality_ids))
    )


def _story_filter(scope: Scope) -> ColumnElement[bool]:
    if scope.is_county:
        return PracticeStory.id.is_not(None)
    mine = PracticeStory.author_id == scope.person_id
    return mine if scope.level == "own" else or_(mine, PracticeStory.team_id.in_(sorted(scope.team_ids)))


class Activity(_Repository):
    """Read queries for the dashboard and the reviews, always within a scope."""

    async def roles_of(self, person_id: int) -> list[RoleFact]:
        """A person's roles as facts."""
        query = select(Role.role, Role.team_id, Role.locality_id).where(Role.person_id == person_id)
        return [RoleFact(role, team, loc) for role, team, loc in (await self.session.execute(query)).all()]

    async def team_localities(self) -> dict[int, int]:
        """Every team id mapped to its locality id."""
        return {int(t): int(loc) for t, loc in (await self.session.execute(select(Team.id, Team.locality_id))).all()}

    async def names(self, person_ids: set[int]) -> dict[int, str]:
        """Display names of people."""
        if not person_ids:
            return {}
        query = select(Person.id, Person.display_name).where(Person.id.in_(person_ids))
        return {int(pid): str(name) for pid, name in (await self.session.execute(query)).all()}

    async def celebrations(
        self, organisation_id: int, scope: Scope, *, since: datetime | None = None, limit: int = 100
    ) -> Sequence[Celebration]:
        """Celebrations the scope may see, newest first."""
        query = select(Celebration).where(Celebration.organisation_id == organisation_id, _celebration_filter(scope))
        if since is not None:
            query = query.where(Celebration.created_at >= since)
        query = query.order_by(Celebration.created_at.desc(), Celebration.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def stories(
        self, organisation_id: int, scope: Scope, statuses: Sequence[str] | None = None, limit: int = 200
    ) -> Sequence[PracticeStory]:
        """Stories the scope may see (optionally only some statuses), newest first."""
        query = select(PracticeStory).where(PracticeStory.organisation_id == organisation_id, _story_filter(scope))
        if statuses is not None:
            query = query.where(PracticeStory.status.in_(statuses))
        query = query.order_by(PracticeStory.updated_at.desc(), PracticeStory.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def queue(self, organisation_id: int, scope: Scope) -> Sequence[PracticeStory]:
        """Stories waiting for this person's approval (all of them for the county roles)."""
        query = select(PracticeStory).where(
            PracticeStory.organisation_id == organisation_id, PracticeStory.status == StoryStatus.SUBMITTED
        )
        if not scope.is_county:
            query = query.where(PracticeStory.team_id.in_(sorted(scope.led_team_ids)))
        return (await self.session.scalars(query.order_by(PracticeStory.submitted_at, PracticeStory.id))).all()

    async def celebrations_of_teams(
        self, team_ids: Sequence[int], locality_id: int, start: datetime, end: datetime
    ) -> Sequence[Celebration]:
        """Celebrations in a locality's teams or channel between two instants."""
        query = select(Celebration).where(
            or_(Celebration.team_id.in_(team_ids), Celebration.locality_id == locality_id),
            Celebration.created_at >= start,
            Celebration.created_at < end,
        )
        return (await self.session.scalars(query)).all()

    async def stories_of_teams(self, team_ids: Sequence[int], start: datetime) -> Sequence[PracticeStory]:
        """Stories of some teams changed since an instant."""
        query = select(PracticeStory).where(PracticeStory.team_id.in_(team_ids), PracticeStory.updated_at >= start)
        return (await self.session.scalars(query)).all()


@dataclass(frozen=True, slots=True)
class EventFact:
    """An event (seminar, group supervision, briefing…) with its RSVP counts."""

    title: str
    kind: str
    at: datetime
    answers: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class VoteFact:
    """A seminar vote: its title, state and closing time."""

    title: str
    status: str
    closes_at: datetime | None


@dataclass(frozen=True, slots=True)
class PulseFact:
    """One implementation-pulse answer (0–10)."""

    team_id: int | None
    at: datetime
    score: float


class Facts(_Repository):
    """Meetings, events, votes, briefings and pulse answers, as the dashboard and the reviews read them."""

    async def meetings(
        self, team_ids: Sequence[int], locality_id: int | None, start: datetime, end: datetime
    ) -> list[MeetingFact]:
        """Meetings held in ``[start, end)`` in some teams (and the locality's own meetings)."""
        unit: ColumnElement[bool] = MeetingOccurrence.team_id.in_(team_ids)
        if locality_id is not None:
            unit = or_(unit, MeetingOccurrence.locality_id == locality_id)
        query = select(MeetingOccurrence.team_id, MeetingOccurrence.starts_at, MeetingOccurrence.sofs_item).where(
            unit,
            MeetingOccurrence.starts_at >= start,
            MeetingOccurrence.starts_at < end,
            MeetingOccurrence.status.not_in(HELD_NOT),
        )
        rows = (await self.session.execute(query)).all()
        return [MeetingFact(team, at, bool(item)) for team, at, item in rows]

    async def events(self, locality_id: int | None, start: datetime, end: datetime) -> list[EventFact]:
        """Events in ``[start, end)`` that are not cancelled, with their RSVP counts, soonest first.

        A locality's events are those for the locality and those for any of its teams (a team
        audience, the default from a team channel, stores only the team).
        """
        query = select(ScheduledEvent).where(
            ScheduledEvent.starts_at >= start,
            ScheduledEvent.starts_at < end,
            ScheduledEvent.status.not_in(HELD_NOT),
        )
        if locality_id is not None:
            teams = select(Team.id).where(Team.locality_id == locality_id)
            query = query.where(or_(ScheduledEvent.locality_id == locality_id, ScheduledEvent.team_id.in_(teams)))
        events = (await self.session.scalars(query.order_by(ScheduledEvent.starts_at, ScheduledEvent.id))).all()
        answers = await self._answers([e.id for e in events])
        return [EventFact(e.title, e.kind, e.starts_at, answers.get(e.id, ())) for e in events]

    async def _answers(self, event_ids: list[int]) -> dict[int, tuple[tuple[str, int], ...]]:
        if not event_ids:
            return {}
        query = (
            select(EventRsvp.event_id, EventRsvp.answer, func.count())
            .where(EventRsvp.event_id.in_(event_ids))
            .group_by(EventRsvp.event_id, EventRsvp.answer)
        )
        counts: dict[int, list[tuple[str, int]]] = {}
        for event_id, answer, count in (await self.session.execute(query)).all():
            counts.setdefault(int(event_id), []).append((str(answer), int(count)))
        return {k: tuple(sorted(v)) for k, v in counts.items()}

    async def votes(self, locality_id: int | None, limit: int = 50) -> list[VoteFact]:
        """Seminar votes (a locality's, or all of them), newest first."""
        query = select(SeminarVote.title, SeminarVote.status, SeminarVote.closes_at)
        if locality_id is not None:
            query = query.where(SeminarVote.locality_id == locality_id)
        rows = (await self.session.execute(query.order_by(SeminarVote.id.desc()).limit(limit))).all()
        return [VoteFact(title, status, closes) for title, status, closes in rows]

    async def briefings(self, locality_id: int | None, start: datetime, end: datetime) -> list[BriefingFact]:
        """Partner groups briefed in ``[start, end)`` (a locality's, or all of them)."""
        query = select(PartnerBriefing.partner_name, PartnerBriefing.briefed_at).where(
            PartnerBriefing.briefed_at >= start, PartnerBriefing.briefed_at < end
        )
        if locality_id is not None:
            query = query.where(PartnerBriefing.locality_id == locality_id)
        rows = (await self.session.execute(query.order_by(PartnerBriefing.briefed_at))).all()
        return [BriefingFact(name, at) for name, at in rows]

    async def partners(self, locality_id: int) -> list[str]:
        """The names of a locality's partner groups."""
        query = select(Partner.name).where(Partner.locality_id == locality_id).order_by(Partner.id)
        return list((await self.session.scalars(query)).all())

    async def pulse(self, team_ids: Sequence[int] | None, start: datetime, end: datetime) -> list[PulseFact]:
        """Implementation-pulse answers in ``[start, end)`` (some teams, or all)."""
        query = select(PulseAnswer.team_id, PulseAnswer.answered_at, PulseAnswer.score).where(
            PulseAnswer.answered_at >= start, PulseAnswer.answered_at < end
        )
        if team_ids is not None:
            query = query.where(PulseAnswer.team_id.in_(team_ids))
        rows = (await self.session.execute(query)).all()
        return [PulseFact(team, at, float(score)) for team, at, score in rows]


class WebStore:
    """The web area's repositories over one session (``uow.web``)."""

    def __init__(self, session: AsyncSession) -> None:
        self.signins = SignIns(session)
        self.sessions = Sessions(session)
        self.publications = Publications(session)
        self.nominations = Nominations(session)
        self.webhooks = WebhookLog(session)
        self.messages = WebMessages(session)
        self.activity = Activity(session)
        self.facts = Facts(session)
