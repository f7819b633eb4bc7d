"""The locality review for County PL meetings: load a locality's facts for a period, build the review, post it.

The dashboard's review pages and ``plbot report locality`` both call :func:`load_review`; rendering
(HTML, CSV, Markdown) is theirs and :mod:`bot.domain.reports`'.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import keys, texts
from bot.domain.reports import (
    CelebrationFact,
    LocalityReview,
    Period,
    ReviewInput,
    SeminarFact,
    StoryFact,
    TeamRef,
    build_review,
    review_post,
)
from bot.errors import UserError
from bot.replies import OutgoingMessage, Target
from bot.services.leadership import load_spread
from bot.store.models import Locality
from bot.store.uow import UnitOfWork

DEFAULT_WEEKS = 12
SEMINAR_KIND = "seminar"
ATTENDING = "going"


def parse_period(start: str, end: str) -> Period | None:
    """A period from two ISO dates (None when either is malformed or they are the wrong way round)."""
    try:
        period = Period(date.fromisoformat(start), date.fromisoformat(end))
    except ValueError:
        return None
    return period if period.start <= period.end else None


def default_period(today: date) -> Period:
    """The last twelve weeks up to today."""
    return Period(today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today)


def find_locality(localities: Sequence[Locality], name: str) -> Locality | None:
    """A locality by slug or by name, ignoring case."""
    wanted = name.strip().lower()
    return next((loc for loc in localities if wanted in {loc.slug.lower(), loc.name.lower()}), None)


async def load_review(
    uow: UnitOfWork, locality: Locality, period: Period, timezone: str, now: datetime
) -> LocalityReview:
    """Read the facts of a locality for a period (and the one before it) and build its review.

    The locality's facts are its own and its teams': a meeting, an event or a celebration of one
    of its teams counts for the locality. The leadership spread is the quarter of the period's last
    day (today's quarter when the period runs to today) and the quarter before it.

    Args:
        uow: An open unit of work.
        locality: The locality (with its teams).
        period: The days reviewed; the period of equal length before it gives the trends.
        timezone: The zone the days are counted in.
        now: The current instant (meetings and events after it have not happened yet).
    """
    zone = ZoneInfo(timezone)
    start = datetime.combine(period.previous().start, time(0), tzinfo=zone)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=zone)
    held_until = min(end, now)
    team_ids = [t.id for t in locality.teams]
    activity, facts = uow.web.activity, uow.web.facts
    celebrations = await activity.celebrations_of_teams(team_ids, locality.id, start, end)
    stories = await activity.stories_of_teams(team_ids, start)
    events = await facts.events(locality.id, start, held_until)
    data = ReviewInput(
        locality=locality.name,
        teams=tuple(TeamRef(t.id, t.name) for t in locality.teams),
        period=period,
        timezone=timezone,
        celebrations=tuple(CelebrationFact(c.created_at, c.team_id) for c in celebrations),
        stories=tuple(StoryFact(s.id, s.title, s.team_id, s.status, s.created_at, s.decided_at) for s in stories),
        meetings=tuple(await facts.meetings(team_ids, locality.id, start, held_until)),
        seminars=tuple(
            SeminarFact(e.at, e.title, sum(n for answer, n in e.answers if answer == ATTENDING))
            for e in events
            if e.kind == SEMINAR_KIND
        ),
        briefings=tuple(await facts.briefings(locality.id, start, held_until)),
        partners=tuple(await facts.partners(locality.id)),
    )
    spread = await load_spread(uow, locality.organisation_id, [locality.id], timezone, now, day=period.end)
    return replace(build_review(data), leadership=spread)


async def review_by_name(uow: UnitOfWork, name: str, period: Period, timezone: str, now: datetime) -> LocalityReview:
    """The review of the locality called ``name`` (its name or slug, any case).

    Raises:
        UserError: There is no such locality (the message names the ones there are).
    """
    localities = list(await uow.orgs.localities())
    locality = find_locality(localities, name)
    if locality is None:
        known = ", ".join(f"{loc.name} ({loc.slug})" for loc in localities) or "-"
        raise UserError(texts.REPORT_UNKNOWN_LOCALITY.format(name=name, known=known))
    return await load_review(uow, locality, period, timezone, now)


async def post_review(
    uow: UnitOfWork,
    locality: Locality,
    review: LocalityReview,
    *,
    url: str,
    platforms: Collection[str],
    actor_id: int,
    now: datetime,
) -> int:
    """Queue the review's summary (figures, a text chart, a link) for the locality's channels.

    One post per channel and minute, so a double click does not post twice. The caller commits.

    Args:
        uow: An open unit of work.
        locality: The locality reviewed.
        review: Its review.
        url: Where the full review is.
        platforms: The platforms that can be posted to (channels elsewhere are left out).
        actor_id: Who posted it (audited).
        now: The current instant.

    Returns:
        How many channels the summary was queued for.
    """
    post = review_post(review, url)
    period = review.period
    channels = [b for b in await uow.orgs.bindings_of_locality(locality.id) if b.platform in platforms]
    for binding in channels:
        target = Target(platform=binding.platform, kind="channel", address=binding.channel_id)
        key = keys.review(locality.id, (period.start, period.end), binding.platform, binding.channel_id, now)
        message = OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="review")
        await uow.outbox.enqueue(message, due_at=now, now=now)
    await uow.audit.record(
        at=now, actor_id=actor_id, action="review.posted", object_type="locality", object_id=locality.id
    )
    return len(channels)
