"""The message catalogues (issue 17): complete, in step with the code, and safe to format.

Every sentence the code says (the text constants, the command catalogue, the web templates) is a
message of both shipped catalogues; none is missing, fuzzy or untranslated in Welsh; a Welsh
message has exactly the placeholders of its English one (``{field}`` and ``%(name)s``), its counted
words name real plural categories, and the compiled ``.mo`` files say what the ``.po`` files say.
``make catalogues`` brings them up to date after a change of wording.
"""

from __future__ import annotations

import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot import i18n, texts
from bot.texts.catalogue import ENGLISH, messages

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "bot" / "locale"
CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
PERCENT_FIELD = re.compile(r"%\((\w+)\)s")


def _catalogue(locale: str) -> Catalog:
    with (LOCALES / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


@pytest.fixture(scope="module")
def in_code() -> set[tuple[str | None, str]]:
    """Every message the code holds, extracted as ``make catalogues`` does."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]  # Babel has no hints here
    found = set()
    for _file, _line, msgid, _comments, context in extract_from_dir(str(ROOT), method_map, options_map):
        found.add((context, msgid if isinstance(msgid, str) else msgid[0]))
    return found


@pytest.mark.parametrize("locale", i18n.SHIPPED)
def test_every_message_in_the_code_is_in_each_catalogue_and_nothing_else(
    locale: str, in_code: set[tuple[str | None, str]]
) -> None:
    catalogue = {_key(m) for m in _catalogue(locale) if m.id}
    assert in_code - catalogue == set(), "run `make catalogues` and translate the new messages"
    assert catalogue - in_code == set(), "run `make catalogues` to drop messages the code no longer says"


def test_every_text_constant_is_extracted(in_code: set[tuple[str | None, str]]) -> None:
    assert {(context, english) for _name, context, english in messages()} <= in_code


@pytest.mark.parametrize("locale", i18n.SHIPPED)
def test_no_message_is_untranslated_or_fuzzy(locale: str) -> None:
    problems = []
    for message in _catalogue(locale):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            problems.append(_key(message))
    assert problems == []


def _fields(text: str) -> list[str]:
    names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
    return sorted(names)


def _counted_specs(text: str) -> list[str]:
    return [
        spec for _lit, name, spec, _conv in string.Formatter().parse(text) if name is not None and spec and "|" in spec
    ]


def _forms(value: object) -> tuple[str, ...]:
    return tuple(str(form) for form in value) if isinstance(value, tuple | list) else (str(value or ""),)


def test_welsh_messages_have_the_placeholders_of_their_english() -> None:
    problems: list[tuple[object, ...]] = []
    for message in _catalogue("cy"):
        if not message.id:
            continue
        english, welsh = _forms(message.id), _forms(message.string)
        if "python-brace-format" in message.flags and _fields(english[0]) != _fields(welsh[0]):
            problems.append((message.context, "fields", _fields(english[0]), _fields(welsh[0])))
        wanted = sorted(set(PERCENT_FIELD.findall(english[-1])))
        problems += [
            (message.id, "%-fields", wanted) for form in welsh if sorted(set(PERCENT_FIELD.findall(form))) != wanted
        ]
    assert problems == []


def test_welsh_counted_words_name_plural_categories() -> None:
    problems = []
    for message in _catalogue("cy"):
        if not isinstance(message.string, str) or "|" not in message.string:
            continue
        for spec in _counted_specs(message.string):
            parts = spec.split("|")
            if any("=" in part for part in parts):
                keys = {part.split("=", 1)[0] for part in parts}
                if not all("=" in part for part in parts) or not keys <= CATEGORIES or "other" not in keys:
                    problems.append((message.context, spec))
            elif len(parts) != 2:
                problems.append((message.context, spec))
    assert problems == []


@pytest.mark.parametrize("locale", i18n.SHIPPED)
def test_the_compiled_catalogue_says_what_the_po_says(locale: str) -> None:
    with (LOCALES / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalogue(locale):
        if not message.id or message.fuzzy or not message.string:
            continue
        if isinstance(message.id, tuple):
            assert compiled.npgettext(message.context, message.id[0], message.id[1], 5) if message.context else True
            continue
        msgid = str(message.id)
        found = compiled.pgettext(message.context, msgid) if message.context else compiled.gettext(msgid)
        assert found == message.string, f"run `make catalogues` ({message.context or message.id})"


def test_every_welsh_sentence_formats_like_its_english() -> None:
    """Each text constant formats in Welsh with the values its English takes (no KeyError, no stray brace)."""
    with i18n.use("cy"):
        for name, english in ENGLISH.items():
            welsh = getattr(texts, name)
            pairs = (
                zip(english.values(), welsh.values(), strict=True) if isinstance(english, dict) else [(english, welsh)]
            )
            for source, translated in pairs:
                if not isinstance(source, str) or "{" not in source:
                    continue
                values = dict.fromkeys(_fields(source), 2)
                assert isinstance(translated.format(**values), str), name


def test_a_welsh_reader_gets_welsh_and_an_english_one_english() -> None:
    assert texts.HELP_HEADER.startswith("Practice Leader Bot keeps")
    with i18n.use("cy"):
        assert ENGLISH["HELP_HEADER"] != texts.HELP_HEADER
        assert "Signs of Safety" in texts.HELP_HEADER
        assert texts.EVENT_ANSWERS.keys() == ENGLISH["EVENT_ANSWERS"].keys()
    assert ENGLISH["HELP_HEADER"] == texts.HELP_HEADER
