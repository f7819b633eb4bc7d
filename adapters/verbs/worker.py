"""``plbot worker``: the scheduler alone (planner and deliverer), for a split web/worker deployment.

It builds the platforms' outbox senders without a server: nothing is served by a worker.
"""

from __future__ import annotations

import argparse
import logging

from adapters.bootstrap import bootstrap, ensure_org, platform_senders, secrets_of
from adapters.logs import configure_logging
from adapters.shutdown import drain_worker, stop_requested
from adapters.verbs import Verbs, scheduler_lock_or_explain
from bot.config import Settings
from scheduler.runner import Ticker

log = logging.getLogger("plbot")


def add_parser(verbs: Verbs) -> None:
    """Declare ``worker``."""
    verbs.add_parser("worker", help="run the scheduler alone (planner and deliverer)").set_defaults(command=run)


async def run(settings: Settings, _args: argparse.Namespace) -> int:
    """Plan and deliver until SIGTERM or SIGINT, then drain and exit 0."""
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    runtime = await bootstrap(settings)
    await ensure_org(runtime)
    built = platform_senders(runtime)
    runtime.deliverer.senders.update(built.senders)
    if not scheduler_lock_or_explain(settings):
        await built.close()
        await runtime.close()
        return 1
    ticker = Ticker(runtime.deliverer, planner=runtime.planner())
    stop = stop_requested()
    ticker.start()
    log.info("scheduler running", extra={"count": len(runtime.deliverer.senders)})
    try:
        await stop.wait()
    finally:
        await drain_worker(ticker, settings.drain_seconds)
        await built.close()
        await runtime.close()
    return 0
