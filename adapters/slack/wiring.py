"""Mounting the Slack adapter on the server (stub until the adapter lands)."""

from __future__ import annotations

import logging

from aiohttp import web

from adapters.wiring import Wiring
from bot.ports import Sender

log = logging.getLogger(__name__)


def install(app: web.Application, wiring: Wiring) -> Sender | None:
    """Mount the Slack routes on ``app`` when configured; return its outbox sender (None when off)."""
    del app, wiring
    log.info("slack is off: the adapter is not available yet")
    return None
