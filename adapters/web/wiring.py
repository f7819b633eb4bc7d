"""Mounting the web adapter on the server (called by the composition root, ``adapters/bootstrap.py``).

The dashboard, reviews, the intranet feed and the gathering are always mounted; the playground
only when asked for (``PLBOT_PLAYGROUND=1``), never with any platform credential, and never on an
address other machines can reach (refused at start). Returns the outbox senders to register:
``web`` for the playground and ``webhook`` when the intranet webhook is configured.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from aiohttp import web

from adapters.html.templating import STATIC, make_environment
from adapters.http import DELIVERER_KEY, HANDLER_KEY, UOW_KEY
from adapters.web import (
    auth,
    dashboard,
    gathering,
    ideas,
    learning,
    notices,
    playground,
    practice,
    review,
    sections,
    tab,
)
from adapters.web.clock import Planner, PlaygroundCore, playground_core
from adapters.web.config import WebSettings, playground_enabled
from adapters.web.language import add_language
from adapters.web.origin import same_origin_only
from adapters.web.responses import page
from adapters.web.sender import WebSender
from adapters.web.state import WEB_KEY, WebState
from adapters.web.tab import tab_verifier
from adapters.web.webhook import WebhookSender
from adapters.wiring import Wiring
from bot.domain.signin import public_base
from bot.ports import Clock, Sender

log = logging.getLogger(__name__)


async def home(request: web.Request) -> web.StreamResponse:
    """``/``: where to go."""
    return page(request, "index.html")


def install(
    app: web.Application,
    wiring: Wiring,
    web_settings: WebSettings | None = None,
    *,
    planner: Callable[[Clock], Planner] | None = None,
) -> dict[str, Sender]:
    """Mount the web routes on ``app`` (after ``build_app``) and return the outbox senders to register.

    Args:
        app: The server's application, with the core's keys set (``adapters.http.build_app``).
        wiring: The wired core.
        web_settings: The web adapter's own settings (read from the environment when omitted).
        planner: Builds the scheduler's planner on a given clock: the playground's fast-forward runs
            one on the playground's own clock (the server's clock is never moved).
    """
    web_settings = web_settings or WebSettings()
    settings = wiring.settings
    base_url = public_base(settings.public_url)
    secret = settings.secret_key.get_secret_value()
    webhook = bool(web_settings.webhook_url and secret)
    if web_settings.webhook_url and not secret:
        log.warning("the intranet webhook is off: PLBOT_SECRET_KEY is empty")
    on = playground_enabled(settings, web_settings)
    play = playground_core(wiring.handler, app[DELIVERER_KEY], planner) if on else None
    state = WebState(
        env=make_environment(),
        handler=app[HANDLER_KEY],
        uow_factory=app[UOW_KEY],
        deliverer=app[DELIVERER_KEY],
        clock=wiring.clock,
        timezone=settings.timezone,
        base_url=base_url,
        playground=on,
        webhook=webhook,
        secure_cookies=settings.public_url.startswith("https://"),
        form_secret=secrets.token_urlsafe(32),
        play=play,
        tab_verifier=tab_verifier(settings),
    )
    app[WEB_KEY] = state
    app.middlewares.append(same_origin_only)
    add_language(app)
    app.router.add_get("/", home)
    app.router.add_static("/static/", STATIC, append_version=False)
    for module in (auth, dashboard, sections, review, gathering, practice, notices, tab, ideas, learning):
        module.add_routes(app)
    if state.playground:
        playground.add_routes(app)
        log.info("web playground is on at /playground")
    elif web_settings.playground_asked:
        log.warning("web playground is off: Slack or Teams credentials are set")
    else:
        log.info("web playground is off")
    found = senders(wiring, web_settings, play)
    if play is not None:
        play.deliverer.senders.update(found)
    return found


def senders(
    wiring: Wiring, web_settings: WebSettings | None = None, play: PlaygroundCore | None = None
) -> dict[str, Sender]:
    """The web's outbox senders: ``web`` when the playground is on, ``webhook`` when the intranet has one.

    The ``web`` sender stamps what it delivers with the playground's clock when it is given.
    """
    web_settings = web_settings or WebSettings()
    settings = wiring.settings
    secret = settings.secret_key.get_secret_value()
    found: dict[str, Sender] = {}
    if playground_enabled(settings, web_settings):
        found["web"] = WebSender(wiring.uow_factory, play.clock if play is not None else wiring.clock)
    if web_settings.webhook_url and secret:
        base_url = public_base(settings.public_url)
        found["webhook"] = WebhookSender(wiring.uow_factory, wiring.clock, web_settings.webhook_url, secret, base_url)
    return found
