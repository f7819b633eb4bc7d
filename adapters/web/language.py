"""The language of each web request: the organisation's, then the signed-in reader's own.

The middleware starts every request in the organisation's language (read at most once a minute);
:func:`adapters.web.auth.load_viewer` then switches to the signed-in person's (their choice in
``/sofs settings``, their ``people[].locale``, what their platform reported). Templates and
``texts.X`` read it through :mod:`bot.i18n`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web

from adapters.web.state import WEB_KEY
from bot import i18n
from bot.services.language import person_locale

REFRESH = timedelta(minutes=1)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class OrganisationLocale:
    """The organisation's language as last read, and when (one per application)."""

    locale: str = i18n.SOURCE_LOCALE
    read_at: datetime | None = None


LOCALE_KEY = web.AppKey("organisation_locale", OrganisationLocale)


def add_language(app: web.Application) -> None:
    """Serve every request in the organisation's language (call while wiring, before the app starts)."""
    app[LOCALE_KEY] = OrganisationLocale()
    app.middlewares.append(organisation_language)


@web.middleware
async def organisation_language(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Serve the request in the organisation's language unless a reader's own replaces it."""
    state, cached = request.app[WEB_KEY], request.app[LOCALE_KEY]
    now = state.clock.now()
    if cached.read_at is None or not timedelta(0) <= now - cached.read_at <= REFRESH:
        async with state.uow_factory() as uow:
            cached.locale = person_locale(None, await uow.orgs.first())
        cached.read_at = now
    i18n.activate(cached.locale)
    return await handler(request)
