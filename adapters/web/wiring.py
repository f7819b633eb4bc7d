"""Mounting the web adapter on the server (called by ``adapters/cli.py``).

The dashboard, reviews, the intranet feed and the gathering are always mounted; the playground
only when it is on (by default when no platform credentials are set and the server listens on this
machine only). Returns the outbox senders to register: ``web`` for the playground and ``webhook``
when the intranet webhook is configured.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from adapters.http import DELIVERER_KEY, HANDLER_KEY, UOW_KEY
from adapters.web import auth, dashboard, gathering, playground, practice, review, sections
from adapters.web.clock import OffsetClock
from adapters.web.config import WebSettings, playground_enabled
from adapters.web.responses import page
from adapters.web.sender import WebSender
from adapters.web.state import WEB_KEY, Planner, WebState
from adapters.web.templating import STATIC, make_environment
from adapters.web.webhook import WebhookSender
from adapters.wiring import Wiring
from bot.config import Settings
from bot.domain.signin import configure_base_url
from bot.ports import Clock, Sender
from bot.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)
PLANNER_METHODS = ("tick", "plan_due", "run_once")


def playground_clock(settings: Settings, base: Clock, web_settings: WebSettings | None = None) -> Clock:
    """The clock to run the core on: movable when the playground is on, ``base`` otherwise."""
    return OffsetClock(base) if playground_enabled(settings, web_settings or WebSettings()) else base


def _as_planner(method: Callable[[], Any]) -> Planner:
    async def run() -> None:
        try:
            result = method()
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("planner run failed")

    return run


def find_planner(
    uow_factory: UnitOfWorkFactory, clock: Clock, platforms: Callable[[], Sequence[str]]
) -> Planner | None:
    """The scheduler's planner, ticked once per fast-forward, when ``scheduler.planner`` exists."""
    try:
        module = importlib.import_module("scheduler.planner")
    except ImportError:
        return None
    planner_type = getattr(module, "Planner", None)
    if planner_type is None:
        return None
    try:
        planner = planner_type(uow_factory, clock, platforms)
    except TypeError:
        log.warning("the planner could not be built for the playground")
        return None
    method = next((getattr(planner, n) for n in PLANNER_METHODS if callable(getattr(planner, n, None))), None)
    return _as_planner(method) if method is not None else None


async def home(request: web.Request) -> web.StreamResponse:
    """``/``: where to go."""
    return page(request, "index.html")


def install(app: web.Application, wiring: Wiring, web_settings: WebSettings | None = None) -> dict[str, Sender]:
    """Mount the web routes on ``app`` (after ``build_app``) and return the outbox senders to register."""
    web_settings = web_settings or WebSettings()
    settings = wiring.settings
    configure_base_url(settings.public_url)
    secret = settings.secret_key.get_secret_value()
    webhook = bool(web_settings.webhook_url and secret)
    if web_settings.webhook_url and not secret:
        log.warning("the intranet webhook is off: PLBOT_SECRET_KEY is empty")
    state = WebState(
        env=make_environment(),
        handler=app[HANDLER_KEY],
        uow_factory=app[UOW_KEY],
        deliverer=app[DELIVERER_KEY],
        clock=wiring.clock,
        timezone=settings.timezone,
        playground=playground_enabled(settings, web_settings),
        webhook=webhook,
        secure_cookies=settings.public_url.startswith("https://"),
        form_secret=secrets.token_urlsafe(32),
    )
    state.planner = find_planner(wiring.uow_factory, wiring.clock, lambda: tuple(state.deliverer.senders))
    app[WEB_KEY] = state
    app.router.add_get("/", home)
    app.router.add_static("/static/", STATIC, append_version=False)
    for module in (auth, dashboard, sections, review, gathering, practice):
        module.add_routes(app)
    senders: dict[str, Sender] = {}
    if state.playground:
        playground.add_routes(app)
        senders["web"] = WebSender(wiring.uow_factory, wiring.clock)
        log.info("web playground is on at /playground")
    else:
        log.info("web playground is off")
    if webhook:
        senders["webhook"] = WebhookSender(wiring.uow_factory, wiring.clock, web_settings.webhook_url, secret)
    return senders
