"""The Teams personal tab "My practice": what needs me, my celebrations, my settings.

Inside Teams, the page (``/teams/tab``) asks the Teams JavaScript client for an SSO token
(``authentication.getAuthToken``) and fetches ``/teams/tab/me`` with it. The server validates the
token as it validates connector tokens (:class:`adapters.teams.auth.TokenVerifier`): an issuer of our
own Entra tenant, the audience ``api://<host>/<client id>`` (or the client id), the tenant, the
signature from the tenant's published keys, and expiry. The token's ``oid`` (the person's Entra
object id) finds the person: the Teams adapter links it to them the first time they message the bot
(:data:`~adapters.teams.auth.ENTRA_IDENTITY`).

Outside Teams, the same page works with the dashboard's signed sign-in link: a signed-in session
shows the summary at once.

Teams may frame this page (``frame-ancestors``); the rest of the site refuses to be framed.
"""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

from aiohttp import web
from markupsafe import Markup

from adapters.teams.auth import ENTRA_IDENTITY, AuthConfig, AuthError, TokenVerifier, default_issuers, sso_resource
from adapters.teams.wiring import fetch_json
from adapters.web.auth import load_viewer
from adapters.web.render import render_reply
from adapters.web.responses import CSP, SECURITY_HEADERS, page
from adapters.web.state import WEB_KEY, WebState
from bot import i18n, texts
from bot.config import Settings
from bot.replies import Bold, DividerBlock, Reply, text
from bot.services.home import HomeSummary, summary_of
from bot.services.language import person_locale
from bot.services.needs_me import needs_me_blocks

TEAMS_JS = "https://res.cdn.office.net/teams-js/2.34.0/js/MicrosoftTeams.min.js"
TEAMS_FRAMES = (
    "https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com"
)
TAB_HEADERS = {
    **{k: v for k, v in SECURITY_HEADERS.items() if k != "X-Frame-Options"},
    "Content-Security-Policy": CSP.replace("script-src 'self'", f"script-src 'self' {TEAMS_JS}").replace(
        "frame-ancestors 'none'", f"frame-ancestors 'self' {TEAMS_FRAMES}"
    ),
}


def tab_verifier(settings: Settings) -> TokenVerifier | None:
    """The verifier of the tab's SSO tokens; None unless Teams has a client id and a tenant."""
    if not settings.teams_client_id or not settings.teams_tenant_id:
        return None
    issuers = default_issuers(settings.teams_tenant_id)
    config = AuthConfig(
        app_id=sso_resource(settings.public_url, settings.teams_client_id),
        tenant_id=settings.teams_tenant_id,
        issuers={issuer: url for issuer, url in issuers.items() if settings.teams_tenant_id in issuer},
        audiences=(settings.teams_client_id,),
    )
    return TokenVerifier(config, fetch_json=fetch_json, monotonic=time.monotonic)


def _summary_html(state: WebState, summary: HomeSummary) -> Markup:
    needs = needs_me_blocks(summary.needs, ZoneInfo(summary.person.timezone))
    celebrations = summary.celebrations or (text(texts.HOME_NO_CELEBRATIONS),)
    mine = Reply(blocks=(*needs, DividerBlock(), text(Bold(text=texts.HOME_CELEBRATIONS)), *celebrations))
    return Markup("").join(
        [
            render_reply(state.env, mine, dom_id="needs"),
            render_reply(state.env, summary.settings, dom_id="settings"),
        ]
    )


async def tab_page(request: web.Request) -> web.StreamResponse:
    """``/teams/tab``: the tab's page; with a dashboard session, the summary is in it already."""
    state = request.app[WEB_KEY]
    viewer = await load_viewer(request)
    summary = None
    if viewer is not None:
        async with state.uow_factory() as uow:
            summary = await summary_of(uow, viewer.person, "web", state.clock.now())
    html = _summary_html(state, summary) if summary is not None else None
    return page(request, "tab.html", headers=TAB_HEADERS, summary=html, teams_js=TEAMS_JS)


async def tab_me(request: web.Request) -> web.StreamResponse:
    """``/teams/tab/me``: the summary (an HTML fragment) for the bearer of a valid Teams SSO token."""
    state = request.app[WEB_KEY]
    if state.tab_verifier is None:
        return web.Response(status=404, text="Teams single sign-on is not configured.", headers=TAB_HEADERS)
    try:
        verified = await state.tab_verifier.verify(request.headers.get("Authorization"))
    except AuthError as error:
        status = error.status if error.status in (401, 403) else 503
        return web.Response(status=status, text="Not signed in.", headers=TAB_HEADERS)
    oid = str(verified.claims.get("oid") or "")
    async with state.uow_factory() as uow:
        person = await uow.people.by_identity(ENTRA_IDENTITY, oid) if oid else None
        if person is not None:
            i18n.activate(person_locale(person, await uow.orgs.first()))
        summary = await summary_of(uow, person, "web", state.clock.now()) if person is not None else None
    if summary is None:
        return page(request, "tab_unknown.html", status=404, headers=TAB_HEADERS)
    return web.Response(
        text=str(_summary_html(state, summary)), content_type="text/html", charset="utf-8", headers=TAB_HEADERS
    )


def add_routes(app: web.Application) -> None:
    """Mount the tab's page and its data."""
    app.router.add_get("/teams/tab", tab_page)
    app.router.add_get("/teams/tab/me", tab_me)
