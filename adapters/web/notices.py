"""The staff privacy notice (``/privacy``) and terms of use (``/terms``): public, plain-language pages.

The Teams manifest's ``privacyUrl`` and ``termsOfUseUrl`` point here. The privacy notice is built
from what this deployment actually does: the retention periods come from
:data:`bot.store.retention.DEFAULT_RULES` (what the nightly purge applies), the organisation's name
and its privacy contact (``organisation.privacy_contact`` in the organisation file) from the store.
"""

from __future__ import annotations

from aiohttp import web

from adapters.web.responses import page
from adapters.web.state import WEB_KEY
from bot import texts
from bot.store.retention import DEFAULT_RULES


def _period(days: int) -> str:
    """A retention period in words: "1 day", "30 days", "2 years"."""
    if days >= 365:
        return texts.RETENTION_YEARS.format(count=round(days / 365.25))
    return texts.RETENTION_DAYS.format(count=days)


async def privacy(request: web.Request) -> web.StreamResponse:
    """``/privacy``: what is stored, for how long, who sees it, how to be forgotten, whom to ask."""
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        org = await uow.orgs.first()
    retention = [(rule.description, _period(rule.keep_for.days)) for rule in DEFAULT_RULES]
    return page(
        request,
        "privacy.html",
        organisation=org.name if org else "",
        contact=org.privacy_contact if org else "",
        retention=retention,
    )


async def terms(request: web.Request) -> web.StreamResponse:
    """``/terms``: the terms of use, in a few sentences."""
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        org = await uow.orgs.first()
    return page(request, "terms.html", organisation=org.name if org else "")


def add_routes(app: web.Application) -> None:
    """Mount the two public notices."""
    app.router.add_get("/privacy", privacy)
    app.router.add_get("/terms", terms)
