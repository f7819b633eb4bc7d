"""``plbot serve``: the one HTTP server, and the scheduler in the same process unless ``--no-scheduler``."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from adapters.bootstrap import bootstrap, ensure_org, install_platforms, secrets_of
from adapters.http import build_app
from adapters.logs import configure_logging
from adapters.shutdown import drain_server, stop_requested
from adapters.verbs import Verbs, scheduler_lock_or_explain
from bot.config import Settings
from scheduler.runner import Ticker

log = logging.getLogger("plbot")


def add_parser(verbs: Verbs) -> None:
    """Declare ``serve``."""
    serve = verbs.add_parser("serve", help="run the HTTP server (and the scheduler)")
    serve.add_argument("--no-scheduler", action="store_true", help="do not run the scheduler in this process")
    serve.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Serve until SIGTERM or SIGINT, then drain (``adapters/shutdown.py``) and exit 0."""
    scheduler = not args.no_scheduler
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    runtime = await bootstrap(settings)
    await ensure_org(runtime)
    ticker = Ticker(runtime.deliverer, planner=runtime.planner() if scheduler else None)
    runtime.handler.on_enqueued = ticker.wake
    if scheduler and not scheduler_lock_or_explain(settings):
        await runtime.close()
        return 1
    app = build_app(handler=runtime.handler, uow_factory=runtime.uow_factory, deliverer=runtime.deliverer)
    install_platforms(app, runtime)
    stop = stop_requested()
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=settings.drain_seconds)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    if scheduler:
        ticker.start()
    log.info("listening on http://%s:%s", settings.host, settings.port)
    try:
        await stop.wait()
    finally:
        await drain_server(app, runner, ticker if scheduler else None, settings.drain_seconds)
        await runtime.close()
    return 0
