"""Settings of the web adapter, read from the environment like the core's settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config import Settings


class WebSettings(BaseSettings):
    """``PLBOT_PLAYGROUND`` (auto | on | off) and ``PLBOT_INTRANET_WEBHOOK_URL`` (empty: no webhook)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    playground: Literal["auto", "on", "off"] = Field("auto", alias="PLBOT_PLAYGROUND")
    webhook_url: str = Field("", alias="PLBOT_INTRANET_WEBHOOK_URL")


def has_platform_credentials(settings: Settings) -> bool:
    """True when Slack or Teams is configured."""
    slack = bool(settings.slack_bot_token.get_secret_value() and settings.slack_signing_secret.get_secret_value())
    teams = bool(settings.teams_client_id) or settings.teams_allow_unauthenticated
    return slack or teams


def playground_enabled(settings: Settings, web: WebSettings) -> bool:
    """Whether the playground is on.

    ``auto`` (the default) turns it on when no platform credentials are set and the server only
    listens on this machine: anyone who can open the playground can act as anyone.
    """
    if web.playground != "auto":
        return web.playground == "on"
    return not has_platform_credentials(settings) and settings.host_is_loopback
