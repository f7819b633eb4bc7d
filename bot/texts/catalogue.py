"""The English sentences by name, and their translation into the language of the moment.

A constant's name is its message context in the catalogues. Tables are flattened with a dot
(``EVENT_ANSWERS.going``) and tuples with their index (``SUGGESTIONS.celebrate.1``), so every sentence
has a context of its own. :func:`messages` lists them all; the Babel extractor
(:mod:`bot.i18n.extract`) and the completeness tests read the same list.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot import i18n
from bot.texts import general, guard, learning, manifest, nudges, pathway, pl_space, rotation, seminars, web
from bot.texts.plural import Counted

if TYPE_CHECKING:
    from bot.commands import Command

MODULES: tuple[ModuleType, ...] = (
    general,
    guard,
    learning,
    manifest,
    nudges,
    pathway,
    pl_space,
    rotation,
    seminars,
    web,
)

ENGLISH: dict[str, Any] = {
    name: value
    for module in MODULES
    for name, value in vars(module).items()
    if name.isupper() and not name.startswith("_")
}
"""Every constant, by name, as written in English."""


def translated(name: str) -> Any:
    """The constant ``name`` in the current language; AttributeError for a name no text module defines."""
    if name not in ENGLISH:
        raise AttributeError(f"bot.texts has no {name}")
    locale = i18n.current()
    return ENGLISH[name] if locale == i18n.SOURCE_LOCALE else _in(locale, name)


@lru_cache(maxsize=4096)
def _in(locale: str, name: str) -> Any:
    """``name`` translated into ``locale`` once (catalogues do not change while the bot runs)."""
    return _translate(name, ENGLISH[name])


def _translate(context: str, value: Any) -> Any:
    if isinstance(value, Counted):
        return Counted(i18n.pgettext(context, str(value))) if value else value
    if isinstance(value, str):
        return i18n.pgettext(context, value) if value else value
    if isinstance(value, dict):
        return {key: _translate(f"{context}.{key}", item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_translate(f"{context}.{index}", item) for index, item in enumerate(value))
    return value


def flatten(context: str, value: Any) -> Iterator[tuple[str, str]]:
    """``(context, English sentence)`` for a constant and each sentence inside it."""
    if isinstance(value, str):
        if value:
            yield context, str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(f"{context}.{key}", item)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from flatten(f"{context}.{index}", item)


def messages(module: ModuleType | None = None) -> Iterator[tuple[str, str, str]]:
    """``(constant name, context, English sentence)`` for every sentence, or those of one module."""
    for source in MODULES if module is None else (module,):
        for name, value in vars(source).items():
            if name in ENGLISH and ENGLISH[name] is value:
                for context, sentence in flatten(name, value):
                    yield name, context, sentence


def usage_of(command: Command) -> str:
    """The usage line of a command, for hints."""
    return str(translated("USAGE")).format(usage=command.usage_text)


def guard_kind(kind: str) -> str:
    """How a kind of identifier is named to users."""
    kinds: dict[str, str] = translated("GUARD_KINDS")
    return kinds.get(kind, kind.replace("_", " "))
