"""Which language the bot speaks, and the catalogues that hold its sentences in each.

The sentences themselves live in :mod:`bot.texts` as English constants. Each constant is a message in
the gettext catalogues under ``bot/locale`` whose context (``msgctxt``) is the constant's name, so two
identical English sentences may be translated differently. ``make catalogues`` extracts, updates and
compiles them with Babel (see the README, "Languages").

The language of the moment is a context variable: a turn sets the actor's language, a delivery the
recipient's, a web request the reader's (:func:`use`). Reading ``texts.SOMETHING`` then gives the
sentence in that language. Source English (``en_GB``) needs no lookup at all.

Command names and their sub-command words (``/celebrate``, ``/sofs settings``, ``on``/``off``) stay
English in every language, as Slack's and Teams' own slash commands do.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LANGUAGE_NAMES",
    "SHIPPED",
    "SOURCE_LOCALE",
    "activate",
    "current",
    "gettext",
    "negotiate",
    "ngettext",
    "pgettext",
    "translations",
    "use",
]

SOURCE_LOCALE = "en_GB"
"""The language the texts are written in; its catalogue is empty by design (the source is the text)."""

SHIPPED = ("en_GB", "cy")
"""The languages with a complete catalogue, in the order the settings form offers them."""

LANGUAGE_NAMES = {"en_GB": "English", "cy": "Cymraeg"}
"""Each shipped language named in itself, as language pickers show them (never translated)."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("plbot_locale", default=SOURCE_LOCALE)


def current() -> str:
    """The language sentences are being written in now (``en_GB`` unless someone chose otherwise)."""
    return _current.get()


def activate(locale: str) -> None:
    """Write in ``locale`` from now on in this task (a turn sets its reader's language this way, so the
    adapter that renders the turn's replies, awaiting it in the same task, writes in it too)."""
    _current.set(negotiate(locale) or SOURCE_LOCALE)


@contextmanager
def use(locale: str | None) -> Iterator[str]:
    """Write sentences in ``locale`` inside the block; ``None`` or an unshipped language keeps the current one."""
    chosen = negotiate(locale) or current()
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def negotiate(*candidates: str | None) -> str | None:
    """The first candidate that names a shipped language, as its catalogue's code, else None.

    Platform and file spellings are accepted: ``cy``, ``cy-GB``, ``cy_GB`` and ``CY`` are Welsh;
    ``en``, ``en-GB``, ``en-US`` and ``en_IE`` are the source English. Empty candidates are skipped.
    """
    for candidate in candidates:
        if not candidate:
            continue
        language = candidate.replace("-", "_").split("_")[0].lower()
        for shipped in SHIPPED:
            if shipped.split("_")[0].lower() == language:
                return shipped
    return None


@lru_cache(maxsize=8)
def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``locale`` (a missing one reads as the source English)."""
    if locale == SOURCE_LOCALE:
        return _gettext.NullTranslations()
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


def pgettext(context: str, message: str) -> str:
    """``message`` (whose context is ``context``) in the current language."""
    locale = _current.get()
    if locale == SOURCE_LOCALE:
        return message
    return translations(locale).pgettext(context, message)


def gettext(message: str) -> str:
    """``message`` in the current language (the web templates' ``_()`` and ``{% trans %}``)."""
    locale = _current.get()
    if locale == SOURCE_LOCALE:
        return message
    return translations(locale).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that agrees with ``count`` in the current language."""
    locale = _current.get()
    if locale == SOURCE_LOCALE:
        return singular if count == 1 else plural
    return translations(locale).ngettext(singular, plural, count)
