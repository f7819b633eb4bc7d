"""Stopping ``plbot serve`` and ``plbot worker`` on SIGTERM or SIGINT without losing work (issue 16).

The order: readiness (``/readyz``) answers 503 at once; the server stops accepting connections
and lets requests in flight finish (each stores its event before it is acknowledged); the inbox
worker claims nothing more and its turns in flight, and the outbox send in flight, get the grace
period (``PLBOT_DRAIN_SECONDS``, default 25 s); whatever is still running then is cancelled (a turn's
transaction rolls back) and its inbox row stays for the next start. The process exits with 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from adapters.http import LIFECYCLE_KEY
from adapters.inbox import INBOX_WORKER_KEY
from scheduler.runner import Ticker

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)
CLEANUP_MARGIN = 5.0
"""Seconds beyond the grace period for closing adapters and connections."""


def stop_requested() -> asyncio.Event:
    """An event set by the first SIGTERM or SIGINT (handlers on the running loop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            loop.add_signal_handler(number, stop.set)
    return stop


async def drain_server(app: web.Application, runner: web.AppRunner, ticker: Ticker | None, grace: float) -> None:
    """Stop serving without losing acknowledged work; returns within about ``grace`` seconds.

    Args:
        app: The server application (its readiness and inbox worker).
        runner: The running server.
        ticker: The scheduler's ticker, when this process runs one.
        grace: Seconds for turns and sends in flight.
    """
    app[LIFECYCLE_KEY].draining = True
    log.info("stopping: readiness is 503, finishing work in flight (at most %.0f s)", grace)
    worker = app.get(INBOX_WORKER_KEY)
    stopping = [asyncio.create_task(worker.stop(grace))] if worker is not None else []
    if ticker is not None:
        stopping.append(asyncio.create_task(ticker.drain(grace)))
    try:
        await asyncio.wait_for(runner.cleanup(), grace + CLEANUP_MARGIN)
    except TimeoutError:
        log.warning("stopping: the server did not close in time")
    await asyncio.gather(*stopping, return_exceptions=True)
    log.info("stopped")


async def drain_worker(ticker: Ticker, grace: float) -> None:
    """``plbot worker``: let the outbox send in flight finish (at most ``grace`` seconds)."""
    log.info("stopping: finishing the send in flight (at most %.0f s)", grace)
    await ticker.drain(grace)
