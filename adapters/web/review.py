"""The locality review: gathering its facts from the store and showing it (page, HTML, CSV, Markdown)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from aiohttp import web
from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import select

from adapters.web.auth import Viewer, posted_form, set_flash, signed_in
from adapters.web.responses import SECURITY_HEADERS, message_page, page, redirect
from adapters.web.state import WEB_KEY
from adapters.web.templating import STATIC
from bot import texts
from bot.domain.reports import (
    CelebrationFact,
    LocalityReview,
    Period,
    ReviewInput,
    SeminarFact,
    StoryFact,
    TeamRef,
    activity_chart,
    build_review,
    review_post,
    to_csv,
    to_markdown,
)
from bot.domain.signin import base_url
from bot.replies import OutgoingMessage, Target
from bot.store.models import Locality, Partner
from bot.store.uow import UnitOfWork

Format = Literal["html", "csv", "md"]
FORMATS: dict[str, Format] = {"html": "html", "csv": "csv", "md": "md"}
DEFAULT_WEEKS = 12


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


def find_locality(localities: list[Locality], name: str) -> Locality | None:
    """A locality by slug or by name, ignoring case."""
    wanted = name.strip().lower()
    return next((loc for loc in localities if wanted in {loc.slug.lower(), loc.name.lower()}), None)


async def load_review(
    uow: UnitOfWork, locality: Locality, period: Period, timezone: str, now: datetime
) -> LocalityReview:
    """Read the facts of a locality for a period (and the one before it) and build its review."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(period.previous().start, time(0), tzinfo=zone)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=zone)
    team_ids = [t.id for t in locality.teams]
    activity, optional = uow.web.activity, uow.web.optional
    celebrations = await activity.celebrations_of_teams(team_ids, locality.id, start, end)
    stories = await activity.stories_of_teams(team_ids, start)
    held_until = min(end, now)
    meetings = await optional.meetings(team_ids, locality.id, start, held_until)
    events = await optional.events(locality.id, start, held_until)
    seminars = None
    if events is not None:
        seminars = tuple(
            SeminarFact(e.at, e.title, sum(n for answer, n in e.answers if answer in {"going", "yes", "attended"}))
            for e in events
            if "seminar" in e.kind.lower()
        )
    briefings = await optional.briefings(locality.id, start, held_until)
    partners = (await uow.session.scalars(select(Partner.name).where(Partner.locality_id == locality.id))).all()
    data = ReviewInput(
        locality=locality.name,
        teams=tuple(TeamRef(t.id, t.name) for t in locality.teams),
        period=period,
        timezone=timezone,
        celebrations=tuple(CelebrationFact(c.created_at, c.team_id) for c in celebrations),
        stories=tuple(StoryFact(s.id, s.title, s.team_id, s.status, s.created_at, s.decided_at) for s in stories),
        meetings=tuple(meetings) if meetings is not None else None,
        seminars=seminars,
        briefings=tuple(briefings) if briefings is not None else None,
        partners=tuple(partners),
    )
    return build_review(data)


def review_html(env: Environment, review: LocalityReview, *, standalone: bool) -> str:
    """The review as HTML: a dashboard page fragment's context, or a standalone file with its styles."""
    css = Markup((STATIC / "style.css").read_text(encoding="utf-8")) if standalone else Markup("")  # noqa: S704
    return env.get_template("review_standalone.html").render(
        review=review,
        chart=Markup(activity_chart(review)),  # noqa: S704 - built with escaping
        css=css,
    )


def render_review(env: Environment, review: LocalityReview, fmt: Format) -> str:
    """The review in one of the export formats."""
    if fmt == "csv":
        return to_csv(review)
    if fmt == "md":
        return to_markdown(review)
    return review_html(env, review, standalone=True)


@signed_in
async def review_index(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Pick a locality and a period."""
    state = request.app[WEB_KEY]
    period = default_period(state.clock.now().astimezone(ZoneInfo(state.timezone)).date())
    return page(request, "dashboard/review_index.html", viewer=viewer, period=period, section="review")


@signed_in
async def review_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """A locality's review, as a page or a download (``?format=csv|md|html``)."""
    state = request.app[WEB_KEY]
    locality = find_locality(viewer.localities, request.match_info["slug"])
    if locality is None or not viewer.scope.sees_locality(locality.id):
        return message_page(request, texts.WEB_NOT_YOURS_TITLE, texts.WEB_NOT_YOURS, status=403)
    today = state.clock.now().astimezone(ZoneInfo(state.timezone)).date()
    period = default_period(today)
    if "from" in request.query or "to" in request.query:
        parsed = parse_period(request.query.get("from", ""), request.query.get("to", ""))
        if parsed is None:
            return message_page(request, texts.WEB_BAD_REQUEST_TITLE, texts.REPORT_BAD_DATES, status=400)
        period = parsed
    async with state.uow_factory() as uow:
        review = await load_review(uow, locality, period, state.timezone, state.clock.now())
    fmt = FORMATS.get(request.query.get("format", ""))
    if fmt is not None:
        body = render_review(state.env, review, fmt)
        types = {"csv": "text/csv", "md": "text/markdown", "html": "text/html"}
        name = f"review-{locality.slug}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
        headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
        return web.Response(text=body, content_type=types[fmt], charset="utf-8", headers=headers)
    return page(
        request,
        "dashboard/review.html",
        viewer=viewer,
        review=review,
        locality=locality,
        chart=Markup(activity_chart(review)),  # noqa: S704 - built with escaping
        section="review",
    )


@signed_in
async def post_review(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Post the review's summary (figures, a text chart, a link) to the locality's channels, via the outbox."""
    state = request.app[WEB_KEY]
    form = await posted_form(request, viewer)
    locality = find_locality(viewer.localities, request.match_info["slug"])
    if locality is None or not viewer.scope.sees_locality(locality.id):
        return message_page(request, texts.WEB_NOT_YOURS_TITLE, texts.WEB_NOT_YOURS, status=403)
    period = parse_period(form.get("from", ""), form.get("to", "")) or default_period(
        state.clock.now().astimezone(ZoneInfo(state.timezone)).date()
    )
    now = state.clock.now()
    async with state.uow_factory() as uow:
        review = await load_review(uow, locality, period, state.timezone, now)
        url = f"{base_url()}/dashboard/review/{locality.slug}?from={period.start}&to={period.end}"
        post = review_post(review, url)
        channels = [
            b for b in await uow.orgs.bindings_of_locality(locality.id) if b.platform in state.deliverer.senders
        ]
        for binding in channels:
            target = Target(platform=binding.platform, kind="channel", address=binding.channel_id)
            # one post per channel and minute: a double click does not post twice
            key = f"review:{locality.id}:{period.start}:{period.end}:{binding.platform}:{binding.channel_id}"
            key += f":{now:%Y%m%d%H%M}"
            await uow.outbox.enqueue(
                OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="review"), due_at=now, now=now
            )
        await uow.audit.record(
            at=now, actor_id=viewer.person.id, action="review.posted", object_type="locality", object_id=locality.id
        )
        await uow.commit()
    await state.deliverer.deliver_due()
    message = texts.REVIEW_POSTED.format(count=len(channels)) if channels else texts.REVIEW_NO_CHANNEL
    await set_flash(request, viewer, message)
    return redirect(f"/dashboard/review/{locality.slug}?from={period.start}&to={period.end}")


def add_routes(app: web.Application) -> None:
    """Mount the review pages."""
    app.router.add_get("/dashboard/review", review_index)
    app.router.add_get("/dashboard/review/{slug}", review_page)
    app.router.add_post("/dashboard/review/{slug}/post", post_review)
