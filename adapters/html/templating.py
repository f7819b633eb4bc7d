"""The Jinja2 environment: autoescaping always on, a few filters for times and links.

Templates are translated with ``jinja2.ext.i18n`` (``{% trans %}`` and ``_()``), in the language of the
moment (:func:`bot.i18n.current`), which the web layer sets per request; dates are written by
:mod:`bot.i18n.formats` in the same language.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot import i18n, texts
from bot.i18n import formats

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


def local_time(moment: datetime | None, zone: str) -> str:
    """An instant as people read it in a time zone: ``Tue 24 Nov 2026, 10:00``."""
    if moment is None:
        return ""
    return formats.when_year(moment, zone)


def short_time(moment: datetime | None, zone: str) -> str:
    """A compact local time for tables: ``Fri 27 Nov 16:00``."""
    if moment is None:
        return ""
    local = formats.local(moment, zone)
    return f"{formats.day_month(local)} {local:%H:%M}"


def local_date(moment: datetime | None, zone: str) -> str:
    """The local day of an instant: ``24 Nov 2026``."""
    if moment is None:
        return ""
    return formats.day_month_year(formats.local(moment, zone))


def day_month_year(day: date | None) -> str:
    """A calendar day as people read it: ``24 Nov 2026``."""
    return formats.day_month_year(day) if day else ""


def short_day_month(day: date | None) -> str:
    """A calendar day within the year: ``24 Nov``."""
    return formats.short_day_month(day) if day else ""


def lang() -> str:
    """The current language as an HTML ``lang`` value: ``en-GB``, ``cy``."""
    return i18n.current().replace("_", "-")


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
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        short_time=short_time,
        local_time=local_time,
        local_date=local_date,
        day_month_year=day_month_year,
        short_day_month=short_day_month,
        iso_local=iso_local,
        safe_url=safe_url,
    )
    env.globals.update(fresh_id=fresh_id, texts=texts, i18n_lang=lang)
    return env
