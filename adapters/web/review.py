"""The locality review pages: pick a locality and a period, see its review, download it, post its summary."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from aiohttp import web
from markupsafe import Markup

from adapters.html.exports import FORMATS, render_review
from adapters.web.auth import Viewer, posted_form, set_flash, signed_in
from adapters.web.responses import SECURITY_HEADERS, message_page, page, redirect
from adapters.web.state import WEB_KEY
from bot import texts
from bot.domain.reports import Period, activity_chart
from bot.services import review as reviews
from bot.services.review import default_period, find_locality, load_review, parse_period

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)  # a review outside these is a typo, or a probe


def bounded_period(start: str, end: str) -> Period | None:
    """``parse_period`` within 2000..2099 (None otherwise): the previous period of an extreme one overflows."""
    period = parse_period(start, end)
    if period is None or period.start < EARLIEST or period.end > LATEST:
        return None
    return period


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
        parsed = bounded_period(request.query.get("from", ""), request.query.get("to", ""))
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
async def post_summary(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    """Post the review's summary (figures, a text chart, a link) to the locality's channels, via the outbox."""
    state = request.app[WEB_KEY]
    form = await posted_form(request, viewer)
    locality = find_locality(viewer.localities, request.match_info["slug"])
    if locality is None or not viewer.scope.sees_locality(locality.id):
        return message_page(request, texts.WEB_NOT_YOURS_TITLE, texts.WEB_NOT_YOURS, status=403)
    period = bounded_period(form.get("from", ""), form.get("to", "")) or default_period(
        state.clock.now().astimezone(ZoneInfo(state.timezone)).date()
    )
    now = state.clock.now()
    url = f"{state.base_url}/dashboard/review/{locality.slug}?from={period.start}&to={period.end}"
    async with state.uow_factory() as uow:
        review = await load_review(uow, locality, period, state.timezone, now)
        channels = await reviews.post_review(
            uow, locality, review, url=url, platforms=state.deliverer.senders, actor_id=viewer.person.id, now=now
        )
        await uow.commit()
    await state.deliverer.deliver_due()
    message = texts.REVIEW_POSTED.format(count=channels) if channels else texts.REVIEW_NO_CHANNEL
    await set_flash(request, viewer, message)
    return redirect(f"/dashboard/review/{locality.slug}?from={period.start}&to={period.end}")


def add_routes(app: web.Application) -> None:
    """Mount the review pages."""
    app.router.add_get("/dashboard/review", review_index)
    app.router.add_get("/dashboard/review/{slug}", review_page)
    app.router.add_post("/dashboard/review/{slug}/post", post_summary)
