"""The one aiohttp server: health, readiness, metrics; platform endpoints are added by their adapters."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.handler import Handler
from bot.store.uow import UnitOfWorkFactory
from scheduler.outbox import Deliverer

MAX_BODY = 1024 * 1024

HANDLER_KEY: web.AppKey[Handler] = web.AppKey("handler", Handler)
UOW_KEY: web.AppKey[UnitOfWorkFactory] = web.AppKey("uow_factory", UnitOfWorkFactory)
DELIVERER_KEY: web.AppKey[Deliverer] = web.AppKey("deliverer", Deliverer)


@dataclass
class Lifecycle:
    """Where the server is in its life: ``draining`` from the stop signal on (readiness answers 503),
    and what it still waits for: ``waiting_for`` maps a name (``"slack socket mode"``) to a check
    that is true while that part is not ready yet (readiness answers 503 and names it)."""

    draining: bool = False
    waiting_for: dict[str, Callable[[], bool]] = field(default_factory=dict)

    def waiting(self) -> list[str]:
        """The names of the parts not ready yet."""
        return sorted(name for name, still in self.waiting_for.items() if still())


LIFECYCLE_KEY: web.AppKey[Lifecycle] = web.AppKey("lifecycle", Lifecycle)
METRICS_TOKEN_KEY: web.AppKey[str] = web.AppKey("metrics_token", str)


class HttpSettings(BaseSettings):
    """``PLBOT_METRICS_TOKEN``: the bearer token ``/metrics`` asks for (empty: ``/metrics`` is not served)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    metrics_token: SecretStr = Field(SecretStr(""), alias="PLBOT_METRICS_TOKEN")


def _bearer_matches(request: web.Request, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


async def healthz(_request: web.Request) -> web.Response:
    """The process is up."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """The database answers, every part has started, and the server is not stopping (a load balancer
    sends no more work); ``/healthz`` answers meanwhile."""
    lifecycle = request.app[LIFECYCLE_KEY]
    if lifecycle.draining:
        return web.json_response({"status": "draining"}, status=503)
    if waiting := lifecycle.waiting():
        return web.json_response({"status": "waiting", "waiting": waiting}, status=503)
    try:
        async with request.app[UOW_KEY]() as uow:
            await uow.ping()
    except Exception:
        return web.json_response({"status": "unavailable", "database": "down"}, status=503)
    return web.json_response({"status": "ready", "database": "ok"})


async def metrics(request: web.Request) -> web.Response:
    """Counters in the Prometheus text format, only with ``Authorization: Bearer <PLBOT_METRICS_TOKEN>``."""
    token = request.app[METRICS_TOKEN_KEY]
    if not token:
        raise web.HTTPNotFound
    if not _bearer_matches(request, token):
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
    handler, deliverer = request.app[HANDLER_KEY], request.app[DELIVERER_KEY]
    async with request.app[UOW_KEY]() as uow:
        pending = await uow.outbox.pending_count()
        waiting, oldest = await uow.inbox.waiting(), await uow.inbox.oldest()
    age = max(0.0, (handler.clock.now() - oldest).total_seconds()) if oldest else 0.0
    lines = [
        "# HELP plbot_turns_total Inbound events handled, by outcome.",
        "# TYPE plbot_turns_total counter",
        *(f'plbot_turns_total{{outcome="{k}"}} {v}' for k, v in handler.stats.items()),
        "# HELP plbot_outbox_deliveries_total Outbox deliveries, by outcome.",
        "# TYPE plbot_outbox_deliveries_total counter",
        f'plbot_outbox_deliveries_total{{outcome="sent"}} {deliverer.stats.sent}',
        f'plbot_outbox_deliveries_total{{outcome="retried"}} {deliverer.stats.retried}',
        f'plbot_outbox_deliveries_total{{outcome="failed"}} {deliverer.stats.failed}',
        f'plbot_outbox_deliveries_total{{outcome="unknown"}} {deliverer.stats.unknown}',
        "# HELP plbot_outbox_pending Outbox rows waiting to be sent.",
        "# TYPE plbot_outbox_pending gauge",
        f"plbot_outbox_pending {pending}",
        "# HELP plbot_inbox_waiting Acknowledged inbound events whose turn has not finished.",
        "# TYPE plbot_inbox_waiting gauge",
        f"plbot_inbox_waiting {waiting}",
        "# HELP plbot_inbox_oldest_age_seconds Age of the oldest waiting inbound event (0 when none).",
        "# TYPE plbot_inbox_oldest_age_seconds gauge",
        f"plbot_inbox_oldest_age_seconds {age:.0f}",
    ]
    return web.Response(text="\n".join(lines) + "\n", content_type="text/plain", charset="utf-8")


def build_app(
    *,
    handler: Handler,
    uow_factory: UnitOfWorkFactory,
    deliverer: Deliverer,
    extensions: tuple[Callable[[web.Application], None], ...] = (),
    metrics_token: str | None = None,
) -> web.Application:
    """The server with its core routes; each extension adds a platform's routes.

    ``metrics_token`` (read from ``PLBOT_METRICS_TOKEN`` when omitted) guards ``/metrics``; empty
    means ``/metrics`` answers 404.
    """
    app = web.Application(client_max_size=MAX_BODY)
    app[HANDLER_KEY], app[UOW_KEY], app[DELIVERER_KEY] = handler, uow_factory, deliverer
    app[LIFECYCLE_KEY] = Lifecycle()
    if metrics_token is None:
        metrics_token = HttpSettings().metrics_token.get_secret_value()
    app[METRICS_TOKEN_KEY] = metrics_token
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    for extend in extensions:
        extend(app)
    return app
