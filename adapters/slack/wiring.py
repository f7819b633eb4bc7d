"""Mounting the Slack adapter on the server and handing its outbox sender to the deliverer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web

from adapters.wiring import Wiring
from bot.config import Settings
from bot.ports import Sender

if TYPE_CHECKING:
    from adapters.slack.locale import SlackLocales
    from adapters.slack.sender import SlackSender

# Bolt and the Slack SDK are imported only when Slack is configured (start-up time, issue 15).

log = logging.getLogger(__name__)

MIN_SECRET = 32
OFF_MESSAGE = "slack is off: SLACK_BOT_TOKEN/SLACK_SIGNING_SECRET not set"


def check_settings(settings: Settings) -> bool:
    """Whether Slack is configured; refuses to start with a weak signing secret in HTTP mode.

    Args:
        settings: The bot's settings.

    Returns:
        True when Slack should be switched on.

    Raises:
        SystemExit: HTTP mode with a signing secret shorter than 32 characters.
    """
    token = settings.slack_bot_token.get_secret_value()
    secret = settings.slack_signing_secret.get_secret_value()
    socket_mode = bool(settings.slack_app_token.get_secret_value())
    if not token or not (secret or socket_mode):
        return False
    if not socket_mode and len(secret.strip()) < MIN_SECRET:
        msg = (
            "SLACK_SIGNING_SECRET is too short: Slack signing secrets are 32 characters or more. "
            "Copy it from the app's Basic Information page; refusing to start."
        )
        raise SystemExit(msg)
    return True


def install(app: web.Application, wiring: Wiring) -> Sender | None:
    """Mount the Slack routes on ``app`` when configured; return its outbox sender (None when off).

    Args:
        app: The shared aiohttp application.
        wiring: The wired core.

    Returns:
        The :class:`SlackSender`, or ``None`` when Slack is not configured.

    Raises:
        SystemExit: The signing secret is too short (HTTP mode).
    """
    settings = wiring.settings
    if not check_settings(settings):
        log.info(OFF_MESSAGE)
        return None
    from adapters.inbox import inbox_worker  # noqa: PLC0415  # only with Slack on
    from adapters.slack.app import PATH, SlackAdapter  # noqa: PLC0415  # only with Slack on

    worker = inbox_worker(app, wiring)
    adapter = SlackAdapter(wiring, worker=worker)
    worker.enrich_with("slack", _locales(wiring).enrich)
    adapter.mount(app)
    mode = "socket mode" if adapter.app_token else f"http on {PATH}"
    log.info("slack is on (%s)", mode, extra={"platform": "slack"})
    return _sender(wiring)


def sender(wiring: Wiring) -> SlackSender | None:
    """Slack's outbox sender alone, for a process that serves nothing (``plbot worker``); None when off.

    Raises:
        SystemExit: The signing secret is too short (HTTP mode).
    """
    if not check_settings(wiring.settings):
        log.info(OFF_MESSAGE)
        return None
    return _sender(wiring)


def _locales(wiring: Wiring) -> SlackLocales:
    """The people's Slack locales (``users.info``), for the inbox to add to their events."""
    from adapters.slack.app import make_client  # noqa: PLC0415  # only with Slack on
    from adapters.slack.locale import SlackLocales  # noqa: PLC0415  # only with Slack on

    settings = wiring.settings
    client = make_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url, retry_on_rate_limit=False)
    return SlackLocales(client, wiring.clock)


def _sender(wiring: Wiring) -> SlackSender:
    from adapters.slack.app import make_client  # noqa: PLC0415  # only with Slack on
    from adapters.slack.sender import SlackSender, channel_limiter  # noqa: PLC0415  # only with Slack on
    from bot.store.shared import shared_state  # noqa: PLC0415  # only with Slack on

    settings = wiring.settings
    client = make_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url, retry_on_rate_limit=False)
    return SlackSender(client, wiring.uow_factory, channel_limiter(shared_state(wiring.uow_factory)))
