"""Typed settings, read once from the environment or ``.env`` (pydantic-settings)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Every setting the bot reads. Names are the contract in DESIGN.md."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field("sqlite+aiosqlite:///./data/plbot.db", alias="PLBOT_DATABASE_URL")
    org_file: str = Field("examples/demo-org.yaml", alias="PLBOT_ORG_FILE")
    host: str = Field("127.0.0.1", alias="PLBOT_HOST")
    port: int = Field(3978, ge=0, le=65535, alias="PLBOT_PORT")
    timezone: str = Field("Europe/London", alias="PLBOT_TIMEZONE")
    public_url: str = Field("http://localhost:3978", alias="PLBOT_PUBLIC_URL")
    """Where people and platforms reach the server. Unset, it is the address the server listens on
    (``http://localhost:<PLBOT_PORT>`` on loopback or all interfaces), so sign-in links work locally."""
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

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        try:
            backend = make_url(value).get_backend_name()
        except ArgumentError:
            raise ValueError("not a database URL (sqlite+aiosqlite:///path or postgresql+asyncpg://…)") from None
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError(f"{backend} is not supported; use SQLite or PostgreSQL")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone (e.g. Europe/London)") from None
        return value

    @model_validator(mode="after")
    def _links_follow_the_listening_address(self) -> Settings:
        if "public_url" not in self.model_fields_set:
            host = self.host.strip("[]")
            shown = "localhost" if host in {"", "0.0.0.0", "::"} or self.host_is_loopback else self.host  # noqa: S104
            self.public_url = f"http://{shown}:{self.port}"
        return self

    @property
    def host_is_loopback(self) -> bool:
        """True when the server only listens on this machine: ``localhost`` or a loopback IP address.

        The address is parsed, so a name such as ``127.0.0.1.nip.io`` (which resolves anywhere) is not loopback.
        """
        host = self.host.strip("[]")
        if host.lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


def settings_errors(error: ValidationError) -> list[str]:
    """One line per bad setting, naming its environment variable, for a settings load that failed."""
    lines = []
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"]) or "settings"
        message = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return lines


def unsafe(settings: Settings) -> list[str]:
    """The unsafe combinations in ``settings``, one clear line each (none: safe to run)."""
    problems = []
    local = settings.host_is_loopback
    if settings.teams_allow_unauthenticated and not local:
        problems.append(
            f"PLBOT_TEAMS_ALLOW_UNAUTHENTICATED is on while PLBOT_HOST={settings.host} is not loopback: "
            "anyone could post as Teams; turn it off or listen on 127.0.0.1."
        )
    if not settings.secret_key.get_secret_value() and not local:
        problems.append(
            f"PLBOT_SECRET_KEY is not set and PLBOT_HOST={settings.host} is not loopback (local mode only)."
        )
    if not local and not settings.public_url.lower().startswith("https://"):
        problems.append(
            f"PLBOT_PUBLIC_URL={settings.public_url} is not https while PLBOT_HOST={settings.host} is not loopback."
        )
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in {None, "", ":memory:"}:
        folder = Path(str(url.database)).parent
        if not folder.is_dir():
            problems.append(
                f"PLBOT_DATABASE_URL: the folder {folder} does not exist (create it first; it is not created)."
            )
    return problems


def effective(settings: Settings) -> list[tuple[str, str]]:
    """Every setting as (environment variable, value), secrets and database passwords masked."""
    rows = []
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            shown = "****** (set)" if value.get_secret_value() else "(not set)"
        elif name == "database_url":
            shown = make_url(value).render_as_string(hide_password=True)
        else:
            shown = str(value)
        rows.append((info.alias or name, shown))
    return rows
