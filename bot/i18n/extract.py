"""Babel extractors for the sentences that are not ``_()`` calls: the text constants and the commands.

``babel.cfg`` names them (``bot.i18n.extract.texts`` and ``bot.i18n.extract.commands``), so
``pybabel extract -F babel.cfg`` lists every sentence with its constant's name as its context. Both
read the values the bot itself reads at run time, so the catalogue cannot disagree with the code.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from bot.commands import CATALOGUE
from bot.texts.catalogue import MODULES, messages
from bot.texts.plural import Counted

Extracted = tuple[int, str, tuple[str, str], list[str]]

COUNTED_NOTE = (
    "Translators: counted words: {n:one|other} picks a form by the count. Welsh may list its forms by name: "
    "{n:zero=…|one=…|two=…|few=…|many=…|other=…}; a missing form falls back to other."
)
FIELDS_NOTE = "Translators: keep each {field} as it is: the bot fills it in."


def _lines(source: str) -> dict[str, int]:
    """The line each top-level constant is assigned on."""
    found: dict[str, int] = {}
    for node in ast.parse(source).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name):
                found[target.id] = node.lineno
    return found


def _notes(english: Any, sentence: str) -> list[str]:
    notes = [COUNTED_NOTE] if isinstance(english, Counted) else []
    if "{" in sentence:
        notes.append(FIELDS_NOTE)
    return notes


def texts(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Every sentence of one ``bot/texts`` module, as ``pgettext(constant name, English)``."""
    del keywords, comment_tags, options
    path = Path(str(getattr(fileobj, "name", ""))).resolve()
    module = next((m for m in MODULES if Path(str(m.__file__)).resolve() == path), None)
    if module is None:
        return
    lines = _lines(fileobj.read().decode("utf-8"))
    for name, context, sentence in messages(module):
        yield lines.get(name, 1), "pgettext", (context, sentence), _notes(getattr(module, name), sentence)


def commands(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """The usage lines, one-line help and examples of the command catalogue."""
    del keywords, comment_tags, options
    source = fileobj.read().decode("utf-8")
    for command in CATALOGUE:
        line = next((n for n, text in enumerate(source.splitlines(), 1) if f'name="{command.name}"' in text), 1)
        for context, sentence in command.messages():
            notes = ["Translators: command names and their words (/sofs, settings, on|off) stay as they are."]
            yield line, "pgettext", (context, sentence), notes
