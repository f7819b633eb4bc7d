"""Dashboard sign-in by a short-lived, single-use link, and the session that follows.

``GET /dashboard/signin?token=…`` only shows a "Continue" button (link previews in Slack and Teams
fetch URLs, and must not use the link up); the ``POST`` redeems the link once and sets an
HttpOnly, SameSite=Strict session cookie. Every later form carries a token derived from the
session, checked on each post.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import wraps

from aiohttp import web

from adapters.web.responses import message_page, page, redirect
from adapters.web.state import WEB_KEY
from bot import i18n, texts
from bot.domain.access import Scope, scope_for
from bot.domain.signin import SESSION_LIFETIME, derived_token, same_secret
from bot.services.language import person_locale
from bot.store.models import Locality, Organisation, Person
from bot.store.uow import UnitOfWork

COOKIE = "plbot_session"
CSRF_FIELD = "csrf"


@dataclass
class Viewer:
    """The signed-in person, what they may see, and their session."""

    person: Person
    scope: Scope
    org: Organisation
    token: str
    csrf: str
    flash: str = ""
    localities: list[Locality] = field(default_factory=list)

    @property
    def visible_localities(self) -> list[Locality]:
        """The localities this person may review."""
        return [loc for loc in self.localities if self.scope.sees_locality(loc.id)]


SignedInHandler = Callable[[web.Request, Viewer], Awaitable[web.StreamResponse]]


async def scope_of(uow: UnitOfWork, person: Person) -> Scope:
    """A person's dashboard scope from their roles."""
    return scope_for(person.id, await uow.web.activity.roles_of(person.id), await uow.web.activity.team_localities())


async def load_viewer(request: web.Request) -> Viewer | None:
    """The viewer behind the request's session cookie (the flash message is read once)."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        session = await uow.web.sessions.find(token, state.clock.now())
        person = await uow.people.get(session.person_id) if session else None
        org = await uow.orgs.first()
        if session is None or person is None or org is None:
            return None
        flash, session.flash = session.flash, ""
        i18n.activate(person_locale(person, org))  # the page is written in the reader's language
        scope = await scope_of(uow, person)
        localities = list(await uow.orgs.localities())
        await uow.commit()
    return Viewer(person, scope, org, token, derived_token(token, CSRF_FIELD), flash, localities)


def signed_in(handler: SignedInHandler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Route decorator: a page that needs a session (a kind refusal without one)."""

    @wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        viewer = await load_viewer(request)
        if viewer is None:
            return message_page(request, texts.WEB_SIGNIN_NEEDED_TITLE, texts.WEB_SIGNIN_NEEDED, status=401)
        return await handler(request, viewer)

    return wrapper


async def posted_form(request: web.Request, viewer: Viewer) -> dict[str, str]:
    """A posted form after checking its session token (a cross-site post is refused)."""
    data = await request.post()
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    if not same_secret(form.get(CSRF_FIELD, ""), viewer.csrf):
        raise web.HTTPForbidden(text=texts.WEB_FORM_EXPIRED)
    return form


async def set_flash(request: web.Request, viewer: Viewer, message: str) -> None:
    """Keep a one-line message to show on the next page."""
    state = request.app[WEB_KEY]
    async with state.uow_factory() as uow:
        session = await uow.web.sessions.find(viewer.token, state.clock.now())
        if session is not None:
            session.flash = message[:1000]
            await uow.commit()


async def signin_page(request: web.Request) -> web.StreamResponse:
    """Show the "Continue" button for a valid link (nothing is used up yet)."""
    state = request.app[WEB_KEY]
    token = request.query.get("token", "")
    async with state.uow_factory() as uow:
        valid = bool(token) and await uow.web.signins.is_valid(token, state.clock.now())
    if not valid:
        return message_page(request, texts.WEB_SIGNIN_REFUSED_TITLE, texts.WEB_SIGNIN_REFUSED, status=403)
    return page(request, "signin.html", token=token)


async def signin(request: web.Request) -> web.StreamResponse:
    """Redeem the link once, start a session and go to the dashboard."""
    state = request.app[WEB_KEY]
    data = await request.post()
    token = data.get("token", "")
    now = state.clock.now()
    async with state.uow_factory() as uow:
        person_id = await uow.web.signins.redeem(token, now) if isinstance(token, str) and token else None
        if person_id is None:
            await uow.rollback()
            return message_page(request, texts.WEB_SIGNIN_REFUSED_TITLE, texts.WEB_SIGNIN_REFUSED, status=403)
        session_token = await uow.web.sessions.start(person_id, now)
        await uow.audit.record(
            at=now, actor_id=person_id, action="dashboard.signed_in", object_type="person", object_id=person_id
        )
        await uow.commit()
    response = redirect("/dashboard")
    response.set_cookie(
        COOKIE,
        session_token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=state.secure_cookies,
    )
    return response


async def signout(request: web.Request) -> web.StreamResponse:
    """End the session."""
    viewer = await load_viewer(request)
    if viewer is not None:
        await posted_form(request, viewer)
        state = request.app[WEB_KEY]
        async with state.uow_factory() as uow:
            await uow.web.sessions.end(viewer.token, state.clock.now())
            await uow.commit()
    response = message_page(request, texts.WEB_SIGNED_OUT_TITLE, texts.WEB_SIGNED_OUT)
    response.del_cookie(COOKIE, path="/")
    return response


def add_routes(app: web.Application) -> None:
    """Mount sign-in and sign-out."""
    app.router.add_get("/dashboard/signin", signin_page)
    app.router.add_post("/dashboard/signin", signin)
    app.router.add_post("/dashboard/signout", signout)
