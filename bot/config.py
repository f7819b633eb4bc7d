"""Typed settings, read once from the environment or ``.env`` (pydantic-settings)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the bot reads. Names are the contract in DESIGN.md."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field("sqlite+aiosqlite:///./data/plbot.db", alias="PLBOT_DATABASE_URL")
    org_file: str = Field("examples/demo-org.yaml", alias="PLBOT_ORG_FILE")
    host: str = Field("127.0.0.1", alias="PLBOT_HOST")
    port: int = Field(3978, alias="PLBOT_PORT")
    timezone: str = Field("Europe/London", alias="PLBOT_TIMEZONE")
    public_url: str = Field("http://localhost:3978", alias="PLBOT_PUBLIC_URL")
    secret_key: SecretStr = Field(SecretStr(""), alias="PLBOT_SECRET_KEY")
    log_level: str = Field("INFO", alias="PLBOT_LOG_LEVEL")
    drain_seconds: float = Field(25.0, ge=0, alias="PLBOT_DRAIN_SECONDS")
    """On SIGTERM or SIGINT: how long turns and sends in flight may take to finish before the process exits."""
    slack_bot_token: SecretStr = Field(SecretStr(""), alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr = Field(SecretStr(""), alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr = Field(SecretStr(""), alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="PLBOT_SLACK_API_URL")
    teams_client_id: str = Field("", alias="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID")
    teams_client_secret: SecretStr = Field(
        SecretStr(""), alias="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET"
    )
    teams_tenant_id: str = Field("", alias="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID")
    teams_allow_unauthenticated: bool = Field(False, alias="PLBOT_TEAMS_ALLOW_UNAUTHENTICATED")

    @property
    def host_is_loopback(self) -> bool:
        """True when the server only listens on this machine."""
        return self.host in {"127.0.0.1", "localhost", "::1"} or self.host.startswith("127.")
