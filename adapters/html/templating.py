"""The Jinja2 environment: autoescaping always on, a few filters for times and links."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot import texts

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


def local_time(moment: datetime | None, zone: str) -> str:
    """An instant as people read it in a time zone: ``Tue 24 Nov 2026, 10:00``."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def short_time(moment: datetime | None, zone: str) -> str:
    """A compact local time for tables: ``Fri 27 Nov 16:00``."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def local_date(moment: datetime | None, zone: str) -> str:
    """The local day of an instant: ``24 Nov 2026``."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {local:%b %Y}"


def iso_local(moment: datetime | None, zone: str) -> str:
    """A machine-readable local time for ``<time datetime>``."""
    return moment.astimezone(ZoneInfo(zone)).isoformat(timespec="minutes") if moment else ""


def safe_url(url: str) -> str:
    """A link target the bot built: only http(s) and same-site paths pass; anything else becomes ``#``."""
    return url if url.startswith(("https://", "http://", "/")) and not url.startswith("//") else "#"


def fresh_id() -> str:
    """A new event id for a button or form, so a double click is handled once."""
    return uuid.uuid4().hex


def make_environment() -> Environment:
    """The environment every page and export is rendered with."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        short_time=short_time, local_time=local_time, local_date=local_date, iso_local=iso_local, safe_url=safe_url
    )
    env.globals.update(fresh_id=fresh_id, texts=texts)
    return env
