"""Repositories for the web area: sign-in links, sessions, publications, nominations, playground messages.

Also the read queries behind the dashboard and the locality review, filtered by a :class:`Scope`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    FromClause,
    String,
    Table,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.access import RoleFact, Scope
from bot.domain.reports import BriefingFact, MeetingFact
from bot.domain.signin import LINK_LIFETIME, SESSION_LIFETIME, hash_token, new_token
from bot.store.all_models import metadata
from bot.store.models import (
    Celebration,
    CelebrationRecipient,
    Meeting,
    Partner,
    Person,
    PracticeStory,
    Role,
    Team,
)
from bot.store.models_web import (
    GatheringNomination,
    Publication,
    SignInLink,
    WebhookDelivery,
    WebMessage,
    WebSession,
)
from bot.store.repositories import _Repository

log = logging.getLogger(__name__)
LIBRARY_STATUSES = ("approved", "published")
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
                PracticeStory.status == "published",
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
            PracticeStory.organisation_id == organisation_id, PracticeStory.status == "submitted"
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


def _table(*names: str) -> Table | None:
    return next((metadata.tables[n] for n in names if n in metadata.tables), None)


def _column(table: Table, *names: str) -> ColumnElement[Any] | None:
    return next((table.c[n] for n in names if n in table.c), None)


def _instant(column: ColumnElement[Any], moment: datetime) -> Any:
    """A bound value that compares with ``column`` (a day for date columns)."""
    return moment.date() if isinstance(column.type, Date) and not isinstance(column.type, DateTime) else moment


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12, 0), tzinfo=UTC)
    return None


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


class OptionalFacts(_Repository):
    """Facts from areas built by other work (nudges, seminars); ``None`` while their tables are absent.

    The dashboard and the reviews ask here, so they show data as soon as those tables exist and a
    calm "not yet available" note before. Tables and columns are found by name in the metadata.
    """

    async def _rows(self, query: Any) -> list[Any] | None:
        try:
            async with self.session.begin_nested():
                return list((await self.session.execute(query)).all())
        except SQLAlchemyError:
            log.warning("optional facts unavailable", extra={"event_type": "optional-facts"})
            return None

    async def meetings(
        self, team_ids: Sequence[int], locality_id: int | None, start: datetime, end: datetime
    ) -> list[MeetingFact] | None:
        """Meetings held between two instants in some teams (and the locality's management meetings)."""
        occurrences = _table("meeting_occurrences", "occurrences")
        if occurrences is None:
            return None
        at = _column(occurrences, "starts_at", "start_at", "occurs_at", "scheduled_at", "at")
        item = _column(occurrences, "sofs_item", "agenda_item", "item", "item_text")
        if at is None or item is None:
            return None
        has_item = item.is_not(None) & (func.length(cast(item, String)) > 0)
        team: ColumnElement[Any]
        source: FromClause
        if "team_id" in occurrences.c:
            team, source = occurrences.c.team_id, occurrences
            unit: ColumnElement[bool] = team.in_(team_ids)
            if locality_id is not None and "locality_id" in occurrences.c:
                unit = or_(unit, occurrences.c.locality_id == locality_id)
        elif "meeting_id" in occurrences.c:
            team, source = (
                Meeting.__table__.c.team_id,
                occurrences.join(Meeting, Meeting.id == occurrences.c.meeting_id),
            )
            unit = Meeting.team_id.in_(team_ids)
            if locality_id is not None:
                unit = or_(unit, Meeting.locality_id == locality_id)
        else:
            return None
        query = (
            select(team, at, has_item)
            .select_from(source)
            .where(unit, at >= _instant(at, start), at < _instant(at, end))
        )
        if "status" in occurrences.c:
            query = query.where(occurrences.c.status.not_in(HELD_NOT))
        rows = await self._rows(query)
        if rows is None:
            return None
        return [MeetingFact(t, moment, bool(flag)) for t, raw, flag in rows if (moment := _as_datetime(raw))]

    async def events(self, locality_id: int | None, start: datetime, end: datetime) -> list[EventFact] | None:
        """Events between two instants (a locality's, or all of them), with RSVP counts."""
        events = _table("events", "locality_events")
        if events is None:
            return None
        at = _column(events, "starts_at", "start_at", "at")
        title = _column(events, "title", "topic", "name")
        kind = _column(events, "kind", "type")
        if at is None or title is None:
            return None
        query = select(events.c.id, title, kind if kind is not None else literal(""), at).where(
            at >= _instant(at, start), at < _instant(at, end)
        )
        if "status" in events.c:
            query = query.where(events.c.status.not_in(HELD_NOT))
        if locality_id is not None and "locality_id" in events.c:
            query = query.where(events.c.locality_id == locality_id)
        rows = await self._rows(query.order_by(at))
        if rows is None:
            return None
        answers = await self._answers([r[0] for r in rows])
        return [
            EventFact(str(name), str(kind_value or ""), moment, answers.get(event_id, ()))
            for event_id, name, kind_value, raw in rows
            if (moment := _as_datetime(raw))
        ]

    async def _answers(self, event_ids: list[int]) -> dict[int, tuple[tuple[str, int], ...]]:
        rsvps = _table("event_rsvps", "rsvps")
        answer = _column(rsvps, "answer", "response", "status", "choice") if rsvps is not None else None
        if rsvps is None or answer is None or "event_id" not in rsvps.c or not event_ids:
            return {}
        query = (
            select(rsvps.c.event_id, answer, func.count())
            .where(rsvps.c.event_id.in_(event_ids))
            .group_by(rsvps.c.event_id, answer)
        )
        counts: dict[int, list[tuple[str, int]]] = {}
        for event_id, value, count in await self._rows(query) or []:
            counts.setdefault(int(event_id), []).append((str(value), int(count)))
        return {k: tuple(sorted(v)) for k, v in counts.items()}

    async def votes(self, locality_id: int | None) -> list[VoteFact] | None:
        """Seminar votes (a locality's, or all of them), newest first."""
        votes = _table("seminar_votes", "votes")
        if votes is None:
            return None
        title = _column(votes, "title", "question", "name")
        status = _column(votes, "status", "state")
        closes = _column(votes, "closes_at", "close_at", "deadline")
        query = select(
            title if title is not None else literal(""),
            status if status is not None else literal(""),
            closes if closes is not None else literal(None),
        )
        if locality_id is not None and "locality_id" in votes.c:
            query = query.where(votes.c.locality_id == locality_id)
        rows = await self._rows(query.order_by(votes.c.id.desc()).limit(50))
        if rows is None:
            return None
        return [VoteFact(str(t or ""), str(s or ""), _as_datetime(c)) for t, s, c in rows]

    async def briefings(self, locality_id: int | None, start: datetime, end: datetime) -> list[BriefingFact] | None:
        """Partner groups briefed between two instants."""
        briefings = _table("partner_briefings", "briefings")
        if briefings is None:
            return None
        at = _column(briefings, "briefed_at", "held_at", "starts_at", "at", "briefed_on", "date")
        if at is None:
            return None
        if "partner_id" in briefings.c:
            query = select(Partner.name, at).select_from(briefings.join(Partner, Partner.id == briefings.c.partner_id))
            if locality_id is not None:
                query = query.where(Partner.locality_id == locality_id)
        else:
            name = _column(briefings, "partner", "partner_name", "group", "audience")
            if name is None:
                return None
            query = select(name, at)
            if locality_id is not None and "locality_id" in briefings.c:
                query = query.where(briefings.c.locality_id == locality_id)
        rows = await self._rows(query.where(at >= _instant(at, start), at < _instant(at, end)))
        if rows is None:
            return None
        return [BriefingFact(str(n), moment) for n, raw in rows if (moment := _as_datetime(raw))]

    async def pulse(self, team_ids: Sequence[int] | None, start: datetime, end: datetime) -> list[PulseFact] | None:
        """Implementation-pulse answers between two instants (some teams, or all)."""
        answers = _table("pulse_answers", "pulse_responses")
        if answers is None:
            return None
        score = _column(answers, "score", "value", "answer")
        at = _column(answers, "answered_at", "created_at", "at")
        team = _column(answers, "team_id")
        if score is None or at is None:
            return None
        query = select(team if team is not None else literal(None), score, at).where(
            at >= _instant(at, start), at < _instant(at, end)
        )
        if team_ids is not None and team is not None:
            query = query.where(team.in_(team_ids))
        rows = await self._rows(query)
        if rows is None:
            return None
        return [PulseFact(t, moment, float(v)) for t, v, raw in rows if v is not None and (moment := _as_datetime(raw))]


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
        self.optional = OptionalFacts(session)
