"""What the web routes share: the wired core, the templates and the web adapter's own settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web
from jinja2 import Environment

from adapters.web.clock import PlaygroundCore
from bot.domain.signin import DEFAULT_BASE_URL
from bot.handler import Handler
from bot.ports import Clock
from bot.store.uow import UnitOfWorkFactory
from scheduler.outbox import Deliverer

if TYPE_CHECKING:  # the verifier (and PyJWT with it) is built only when the Teams tab is served
    from adapters.teams.auth import TokenVerifier

CHAT_PLATFORMS = ("slack", "teams", "web")


@dataclass
class WebState:
    """The web adapter's wiring, stored on the application under :data:`WEB_KEY`.

    Attributes:
        env: the Jinja2 environment.
        handler: the one handler (playground turns and dashboard actions go through it).
        uow_factory: units of work.
        deliverer: the outbox deliverer (run after each playground turn and fast-forward).
        clock: the server's clock (the playground has its own, in ``play``).
        timezone: the organisation's default time zone for showing times.
        base_url: the public base URL links are built on (``PLBOT_PUBLIC_URL``).
        playground: whether the playground routes are mounted.
        webhook: whether publications are also sent to the intranet's webhook.
        secure_cookies: whether cookies are marked ``Secure`` (the public URL is https).
        form_secret: protects the playground's forms from cross-site posts.
        play: the playground's own clock, handler, deliverer and planner, when the playground is on.
        chat_platforms: the order in which a dashboard action picks the person's chat platform.
        tab_verifier: validates the Teams tab's single sign-on tokens (None when not configured).
    """

    env: Environment
    handler: Handler
    uow_factory: UnitOfWorkFactory
    deliverer: Deliverer
    clock: Clock
    timezone: str = "Europe/London"
    base_url: str = DEFAULT_BASE_URL
    playground: bool = False
    webhook: bool = False
    secure_cookies: bool = False
    form_secret: str = ""
    play: PlaygroundCore | None = None
    tab_verifier: TokenVerifier | None = None
    chat_platforms: tuple[str, ...] = field(default=CHAT_PLATFORMS)


WEB_KEY: web.AppKey[WebState] = web.AppKey("web_state", WebState)
