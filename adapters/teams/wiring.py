"""Mounting the Teams adapter on the server: ``install`` reads the settings, ``mount`` does the work.

Modes:

* **authenticated** — ``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID`` (+ ``TENANTID`` and
  ``CLIENTSECRET``, or another ``AUTHTYPE``) set: every request's token is verified, replies use
  MSAL tokens, and only Microsoft service URLs are called.
* **anonymous** — ``PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1`` and no client id, for the Agents
  Playground and local tests: accepted only when the server listens on loopback, and then only
  loopback service URLs are called; on any other address the process refuses to start.
* **off** — neither: one log line, no route.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

from adapters.wiring import Wiring
from bot.config import Settings
from bot.ports import Sender

if TYPE_CHECKING:
    from microsoft_agents.hosting.core import AgentAuthConfiguration, ConnectionManager

    from adapters.teams.app import TeamsRuntime
    from adapters.teams.auth import FetchJson
    from adapters.teams.connector import BotConnector, ServiceUrlPolicy
    from adapters.teams.limits import Monotonic, Sleep
    from adapters.teams.sender import TeamsSender

# The Agents SDK (and the rest of the Teams adapter) is imported only when Teams is on: it is the
# largest part of the start-up time (issue 15). ``adapters.web.tab`` imports ``fetch_json`` from here.

log = logging.getLogger(__name__)

SETTINGS_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"
EXTRA_CONNECTION_SETTINGS = ("AUTHTYPE", "CERTPFXFILE", "SENDX5C", "FEDERATEDCLIENTID", "FEDERATEDTOKENFILE")
ProviderFactory = Callable[["AgentAuthConfiguration"], Any]


async def fetch_json(url: str) -> Any:
    """GET a JSON document (OpenID metadata, signing keys) with a short timeout."""
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as response:
        response.raise_for_status()
        return await response.json(content_type=None)


def _msal_provider(config: AgentAuthConfiguration) -> Any:
    from microsoft_agents.authentication.msal import MsalAuth  # noqa: PLC0415  # only with credentials

    return MsalAuth(config)


@dataclass(frozen=True)
class TeamsOptions:
    """Everything the Teams adapter needs, with production defaults; tests override the seams."""

    anonymous: bool
    app_id: str = ""
    tenant_id: str = ""
    client_secret: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)
    issuers: Mapping[str, str] | None = None
    policy: ServiceUrlPolicy | None = None
    provider_factory: ProviderFactory | None = None
    fetch_json: FetchJson = fetch_json
    monotonic: Monotonic = time.monotonic
    sleep: Sleep = asyncio.sleep
    rng: random.Random | None = None

    def service_policy(self) -> ServiceUrlPolicy:
        """Which service URLs may be called: loopback in anonymous mode, Microsoft's hosts otherwise."""
        from adapters.teams.connector import LoopbackOnly, MicrosoftHosts  # noqa: PLC0415  # Teams on

        if self.policy is not None:
            return self.policy
        return LoopbackOnly() if self.anonymous else MicrosoftHosts()

    def connections(self) -> ConnectionManager:
        """The SDK connection manager: anonymous, or the service connection with our credentials."""
        from microsoft_agents.hosting.core import (  # noqa: PLC0415  # only with Teams on
            AgentAuthConfiguration,
            AnonymousTokenProvider,
            ConnectionManager,
        )

        if self.anonymous:
            config = AgentAuthConfiguration(anonymous_allowed=True)
            return ConnectionManager(
                provider_factory=lambda _c: AnonymousTokenProvider(),
                connections_configurations={"SERVICE_CONNECTION": config},
            )
        extra: dict[str, Any] = dict(self.extra)
        config = AgentAuthConfiguration(
            client_id=self.app_id,
            tenant_id=self.tenant_id,
            client_secret=self.client_secret or None,
            anonymous_allowed=False,
            validate_issuer=True,
            **extra,
        )
        return ConnectionManager(
            provider_factory=self.provider_factory or _msal_provider,
            connections_configurations={"SERVICE_CONNECTION": config},
        )


def options_from(settings: Settings, environ: Mapping[str, str] | None = None) -> TeamsOptions | None:
    """The options the settings ask for; None when Teams is off. Raises SystemExit when unsafe."""
    if settings.teams_allow_unauthenticated and not settings.host_is_loopback:
        msg = (
            "PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1 is only allowed when the server listens on loopback "
            f"(PLBOT_HOST=127.0.0.1), not on {settings.host!r}. Refusing to start: unset it and configure "
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, TENANTID and CLIENTSECRET."
        )
        raise SystemExit(msg)
    if settings.teams_client_id:
        if not settings.teams_tenant_id:
            log.warning(
                "teams is off: set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID "
                "(the bot must be a single-tenant Entra app)"
            )
            return None
        if settings.teams_allow_unauthenticated:
            log.warning("PLBOT_TEAMS_ALLOW_UNAUTHENTICATED is ignored: credentials are configured")
        env = os.environ if environ is None else environ
        extra = {k: env[SETTINGS_PREFIX + k] for k in EXTRA_CONNECTION_SETTINGS if env.get(SETTINGS_PREFIX + k)}
        return TeamsOptions(
            anonymous=False,
            app_id=settings.teams_client_id,
            tenant_id=settings.teams_tenant_id,
            client_secret=settings.teams_client_secret.get_secret_value(),
            extra=extra,
        )
    if settings.teams_allow_unauthenticated:
        log.warning(
            "TEAMS RUNS WITHOUT AUTHENTICATION (PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1): any local process can "
            "post activities to /api/messages. Use this only with the Agents Playground or tests."
        )
        return TeamsOptions(anonymous=True)
    log.info(
        "teams is off: set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, TENANTID and CLIENTSECRET "
        "(or PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1 on loopback for local testing)"
    )
    return None


def _connector(options: TeamsOptions, connections: ConnectionManager, wiring: Wiring) -> BotConnector:
    from adapters.teams.connector import BotConnector, no_token, token_source_from  # noqa: PLC0415  # Teams on
    from adapters.teams.limits import tenant_limiter  # noqa: PLC0415  # only with Teams on
    from bot.store.shared import shared_state  # noqa: PLC0415  # only with Teams on

    token = no_token if options.anonymous else token_source_from(connections)
    shared = shared_state(wiring.uow_factory)  # the tenant limit is shared by replicas on PostgreSQL
    return BotConnector(
        token=token,
        policy=options.service_policy(),
        monotonic=options.monotonic,
        sleep=options.sleep,
        rng=options.rng,
        tenants=tenant_limiter(shared, monotonic=options.monotonic, sleep=options.sleep),
    )


def mount(app: web.Application, wiring: Wiring, options: TeamsOptions) -> TeamsRuntime:
    """Add ``POST /api/messages`` to ``app`` and build the sender; returns the running parts."""
    from adapters.inbox import inbox_worker  # noqa: PLC0415  # only with Teams on
    from adapters.teams.app import TeamsRuntime, api_app  # noqa: PLC0415  # only with Teams on
    from adapters.teams.auth import AuthConfig, TokenVerifier, default_issuers  # noqa: PLC0415  # Teams on
    from adapters.teams.inbox import TeamsTurns  # noqa: PLC0415  # only with Teams on
    from adapters.teams.refs import ConversationRefs  # noqa: PLC0415  # only with Teams on

    connections = options.connections()
    policy = options.service_policy()
    connector = _connector(options, connections, wiring)
    verifier = None
    if not options.anonymous:
        issuers = options.issuers if options.issuers is not None else default_issuers(options.tenant_id)
        config = AuthConfig(app_id=options.app_id, tenant_id=options.tenant_id, issuers=issuers)
        verifier = TokenVerifier(config, fetch_json=options.fetch_json, monotonic=options.monotonic)
    runtime = TeamsRuntime(
        wiring=wiring,
        connections=connections,
        connector=connector,
        refs=ConversationRefs(wiring.uow_factory.engine),
        verifier=verifier,
        policy=policy,
        tenant_id=options.tenant_id,
    )
    runtime.inbox = TeamsTurns(runtime, inbox_worker(app, wiring))
    app.add_subapp("/api", api_app(runtime))
    app.on_cleanup.append(runtime.close)
    return runtime


def sender(wiring: Wiring) -> TeamsSender | None:
    """Teams' outbox sender alone, for a process that serves nothing (``plbot worker``); None when off.

    Close its connector (``sender.connector.close()``) when the process stops.

    Raises:
        SystemExit: ``PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1`` while listening beyond loopback.
    """
    options = options_from(wiring.settings)
    if options is None:
        return None
    from adapters.teams.refs import ConversationRefs  # noqa: PLC0415  # only with Teams on
    from adapters.teams.sender import TeamsSender  # noqa: PLC0415  # only with Teams on

    connector = _connector(options, options.connections(), wiring)
    refs = ConversationRefs(wiring.uow_factory.engine)
    return TeamsSender(uow_factory=wiring.uow_factory, refs=refs, connector=connector)


def install(app: web.Application, wiring: Wiring) -> Sender | None:
    """Mount the Teams routes on ``app`` when configured; return its outbox sender (None when off).

    Raises:
        SystemExit: ``PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1`` while listening beyond loopback.
    """
    options = options_from(wiring.settings)
    if options is None:
        return None
    runtime = mount(app, wiring, options)
    mode = "anonymous (loopback only)" if options.anonymous else "authenticated"
    log.info("teams is on: POST /api/messages, %s", mode)
    return runtime.sender
