"""The composition root: the one place that builds the runtime (store, clock, calendars, handler, deliverer).

Every dependency can be handed in by keyword, as in cosmicpython's ``bootstrap.py``, so tests and
tools build the same runtime with fakes; what is not handed in is built from the settings. The
platform adapters are mounted on the server by :func:`install_platforms` (``plbot serve``), or only
their outbox senders are built by :func:`platform_senders` (``plbot worker``: nothing is served).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.calendar_source import IcsCalendars
from adapters.slack import wiring as slack_wiring
from adapters.teams import wiring as teams_wiring
from adapters.web import wiring as web_wiring
from adapters.wiring import Wiring
from bot.config import Settings
from bot.domain.orgfile import parse_org_file
from bot.handler import Handler
from bot.ports import CalendarSource, Clock, Sender
from bot.store.db import make_engine, upgrade
from bot.store.org_import import ImportSummary, import_org
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import SystemClock
from scheduler.outbox import Deliverer
from scheduler.planner import Planner
from scheduler.service import make_planner

log = logging.getLogger("plbot")


@dataclass
class Runtime:
    """The wired core: settings, store, clock, calendars, handler and deliverer."""

    settings: Settings
    engine: AsyncEngine
    uow_factory: UnitOfWorkFactory
    clock: Clock
    calendars: CalendarSource
    handler: Handler
    deliverer: Deliverer

    @property
    def wiring(self) -> Wiring:
        """What a platform adapter is given."""
        return Wiring(self.settings, self.handler, self.uow_factory, self.clock)

    def planner(self, clock: Clock | None = None) -> Planner:
        """A planner that follows the senders registered with this runtime's deliverer.

        Args:
            clock: The clock it plans on (default: the runtime's; the playground hands in its own).
        """
        return make_planner(self.uow_factory, clock or self.clock, self.deliverer.senders, self.calendars)

    async def close(self) -> None:
        """Release the database."""
        await self.engine.dispose()


async def bootstrap(
    settings: Settings,
    *,
    migrate: bool = True,
    engine: AsyncEngine | None = None,
    uow_factory: UnitOfWorkFactory | None = None,
    clock: Clock | None = None,
    calendars: CalendarSource | None = None,
    senders: dict[str, Sender] | None = None,
    handler: Handler | None = None,
    deliverer: Deliverer | None = None,
) -> Runtime:
    """Build the runtime; whatever is not handed in is built from ``settings``.

    Args:
        settings: The bot's settings.
        migrate: Bring the database up to date first (``upgrade``).
        engine: The database engine (default: ``PLBOT_DATABASE_URL``).
        uow_factory: Units of work (default: on ``engine``).
        clock: The clock (default: the system clock).
        calendars: Reads meetings kept in a calendar (default: files and http(s) URLs).
        senders: Outbox senders to start with (platforms add theirs when they are mounted).
        handler: The one handler (default: on the store, clock and calendars).
        deliverer: The outbox deliverer (default: on the store, clock and ``senders``).
    """
    if engine is None:
        engine = uow_factory.engine if uow_factory is not None else make_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    uow_factory = uow_factory or UnitOfWorkFactory(engine)
    clock = clock or SystemClock()
    calendars = calendars or IcsCalendars()
    secret = settings.secret_key.get_secret_value()
    handler = handler or Handler(
        uow_factory, clock, calendars=calendars, base_url=settings.public_url, link_secret=secret
    )
    deliverer = deliverer or Deliverer(uow_factory, clock, senders or {})
    return Runtime(settings, engine, uow_factory, clock, calendars, handler, deliverer)


@asynccontextmanager
async def running(settings: Settings, **overrides: Any) -> AsyncIterator[Runtime]:
    """:func:`bootstrap` for the length of a ``with`` block; the database is released after it.

    Args:
        settings: The bot's settings.
        overrides: Any keyword :func:`bootstrap` takes.
    """
    runtime = await bootstrap(settings, **overrides)
    try:
        yield runtime
    finally:
        await runtime.close()


async def load_org_file(runtime: Runtime, path: str) -> ImportSummary:
    """Validate and import an organisation file in one transaction.

    Raises:
        OrgFileError: The file is not a valid organisation file (nothing is imported).
        FileNotFoundError: There is no such file.
    """
    spec = parse_org_file(await asyncio.to_thread(Path(path).read_text, encoding="utf-8"))
    async with runtime.uow_factory() as uow:
        summary = await import_org(uow, spec, runtime.clock.now())
        await uow.commit()
    return summary


async def ensure_org(runtime: Runtime) -> None:
    """Load the configured organisation file on first run, when the database has none."""
    async with runtime.uow_factory() as uow:
        existing = await uow.orgs.first()
    if existing is None and await asyncio.to_thread(Path(runtime.settings.org_file).exists):
        summary = await load_org_file(runtime, runtime.settings.org_file)
        log.info("loaded organisation %s", summary.organisation, extra={"count": summary.people})


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """Every configured secret, so the log redaction filter can mask it wherever it appears."""
    values = [settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token]
    values += [settings.teams_client_secret, settings.secret_key]
    return tuple(v.get_secret_value() for v in values if v.get_secret_value())


def install_platforms(app: web.Application, runtime: Runtime) -> None:
    """Mount each configured platform and the web pages on the server and register their outbox senders.

    The playground's fast-forward gets a planner of its own, on the playground's own clock (on the
    same senders): the runtime's clock, which the scheduler, deliverer and retention purge use, never moves.
    """
    wiring = runtime.wiring
    for name, install in (("slack", slack_wiring.install), ("teams", teams_wiring.install)):
        sender = install(app, wiring)
        if sender is not None:
            runtime.deliverer.senders[name] = sender
    senders = web_wiring.install(app, wiring, planner=lambda clock: runtime.planner(clock).tick)
    runtime.deliverer.senders.update(senders)


@dataclass
class WorkerSenders:
    """The outbox senders of a process that serves nothing, and what to close when it stops."""

    senders: dict[str, Sender] = field(default_factory=dict)
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def close(self) -> None:
        """Close what the senders opened (HTTP sessions)."""
        for close in self.closers:
            await close()


def platform_senders(runtime: Runtime) -> WorkerSenders:
    """Every configured platform's outbox sender, built without a server (``plbot worker``)."""
    wiring = runtime.wiring
    built = WorkerSenders()
    slack = slack_wiring.sender(wiring)
    if slack is not None:
        built.senders["slack"] = slack
    teams = teams_wiring.sender(wiring)
    if teams is not None:
        built.senders["teams"] = teams
        built.closers.append(teams.connector.close)
    built.senders.update(web_wiring.senders(wiring))
    return built
