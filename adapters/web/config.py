"""Settings of the web adapter, read from the environment like the core's settings."""

from __future__ import annotations

import logging

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.startup import StartupRefused
from bot.config import Settings

log = logging.getLogger(__name__)

_ON = frozenset({"1", "on", "true", "yes"})


class PlaygroundExposedError(StartupRefused):
    """The playground was asked for on an address other machines can reach."""


class WebSettings(BaseSettings):
    """``PLBOT_PLAYGROUND`` (1/on to ask for it; off otherwise) and ``PLBOT_INTRANET_WEBHOOK_URL``."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    playground: str = Field("", alias="PLBOT_PLAYGROUND")
    webhook_url: str = Field("", alias="PLBOT_INTRANET_WEBHOOK_URL")

    @property
    def playground_asked(self) -> bool:
        """True when ``PLBOT_PLAYGROUND`` asks for the playground (1, on, true, yes)."""
        return self.playground.strip().lower() in _ON


def has_platform_credentials(settings: Settings) -> bool:
    """True when any Slack or Teams credential is set (any one of them, not only a complete set)."""
    slack = any(
        secret.get_secret_value()
        for secret in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
    )
    teams = bool(settings.teams_client_id) or settings.teams_allow_unauthenticated
    return slack or teams


def playground_enabled(settings: Settings, web: WebSettings) -> bool:
    """Whether the playground is on: only when asked for, and never with any platform credential.

    Anyone who can open the playground can act as anyone, so asking for it on an address other
    machines can reach is refused at start (:class:`PlaygroundExposedError`).
    """
    if not web.playground_asked or has_platform_credentials(settings):
        return False
    if not settings.host_is_loopback:
        raise PlaygroundExposedError(
            "PLBOT_PLAYGROUND is on but PLBOT_HOST is not a loopback address: the playground lets anyone"
            " act as anyone, so it only runs on 127.0.0.1 / ::1 / localhost"
        )
    return True
