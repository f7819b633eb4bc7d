"""``plbot serve``: the one HTTP server, and the scheduler in the same process unless ``--no-scheduler``."""

from __future__ import annotations

import argparse
import logging
import sys

from aiohttp import web
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from adapters.bootstrap import bootstrap, ensure_org, install_platforms, secrets_of
from adapters.http import build_app
from adapters.logs import configure_logging
from adapters.shutdown import drain_server, stop_requested
from adapters.startup import StartupRefused, one_line
from adapters.verbs import Verbs, scheduler_lock_or_explain
from bot.config import Settings, unsafe
from bot.domain.orgfile import OrgFileError
from bot.store.errors import StoreError
from scheduler.runner import Ticker

log = logging.getLogger("plbot")


def add_parser(verbs: Verbs) -> None:
    """Declare ``serve``."""
    serve = verbs.add_parser("serve", help="run the HTTP server (and the scheduler)")
    serve.add_argument("--no-scheduler", action="store_true", help="do not run the scheduler in this process")
    serve.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Serve until SIGTERM or SIGINT, then drain (``adapters/shutdown.py``) and exit 0.

    Refuses to start, with one line on stderr and no traceback, on unsafe settings (exit 2, as
    ``plbot config check``), a database it cannot open, an invalid organisation file or an address
    it cannot listen on (exit 1, :class:`~adapters.verbs.StartupRefused`).
    """
    problems = unsafe(settings)
    for problem in problems:
        print(f"plbot serve: {problem}", file=sys.stderr)
    if problems:
        return 2
    scheduler = not args.no_scheduler
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    database = make_url(settings.database_url).render_as_string(hide_password=True)
    try:
        runtime = await bootstrap(settings)
    except (OSError, SQLAlchemyError, StoreError) as error:
        raise StartupRefused(f"cannot open the database {database}: {one_line(error)}") from error
    try:
        await ensure_org(runtime)
    except (OSError, OrgFileError) as error:
        await runtime.close()
        raise StartupRefused(f"the organisation file {settings.org_file}: {one_line(error)}") from error
    ticker = Ticker(runtime.deliverer, planner=runtime.planner() if scheduler else None)
    runtime.handler.on_enqueued = ticker.wake
    if scheduler and not scheduler_lock_or_explain(settings):
        await runtime.close()
        return 1
    app = build_app(handler=runtime.handler, uow_factory=runtime.uow_factory, deliverer=runtime.deliverer)
    try:
        install_platforms(app, runtime)
    except StartupRefused:  # the playground asked for on an address other machines can reach
        await runtime.close()
        raise
    stop = stop_requested()
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=settings.drain_seconds)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        await runtime.close()
        reason = error.strerror or one_line(error)
        raise StartupRefused(f"cannot listen on {settings.host}:{settings.port}: {reason}") from error
    if scheduler:
        ticker.start()
    log.info("listening on http://%s:%s", settings.host, settings.port)
    try:
        await stop.wait()
    finally:
        await drain_server(app, runner, ticker if scheduler else None, settings.drain_seconds)
        await runtime.close()
    return 0
