"""The Teams app package in Welsh: ``cy.json`` beside ``manifest.json``, built from the same code in Welsh.

The schema check of ``cy.json`` is in :mod:`tests.adapters.teams.test_manifest_schema`, with the
manifest's.
"""

from __future__ import annotations

import gettext
import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.teams import manifest as teams_manifest
from bot import i18n
from bot.texts import catalogue
from tests.adapters.teams.harness import APP_ID
from tests.conftest import ROOT

PUBLIC = "https://plbot.northshire.example"
WELSH_CATALOGUE = i18n.LOCALE_DIR / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
NAMES = {"name.short"}
"""The words that stay the same in every language: the app's name."""
LIMITS = {
    r"name\.short": 30,
    r"name\.full": 100,
    r"description\.short": 80,
    r"description\.full": 4000,
    r"staticTabs\[\d+\]\.name": 128,
    r"bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.description": 128,
    r"composeExtensions\[0\]\.commands\[\d+\]\.title": 32,
    r"composeExtensions\[0\]\.commands\[\d+\]\.description": 128,
}


def at(manifest: dict[str, Any], path: str) -> Any:
    """The part of ``manifest`` a localisation key names (``bots[0].commandLists[1].commands[2].title``)."""
    value: Any = manifest
    for index, name in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path):
        value = value[int(index)] if index else value[name]
    return value


class Marked(gettext.NullTranslations):
    """A stand-in Welsh catalogue that marks every sentence it translates."""

    def pgettext(self, context: str, message: str) -> str:
        """``message``, marked."""
        del context
        return f"CY {message}"


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every language but the source English reads from :class:`Marked` in this test."""
    monkeypatch.setattr(i18n, "translations", lambda locale: Marked())
    catalogue._in.cache_clear()
    yield
    catalogue._in.cache_clear()


def built() -> tuple[dict[str, Any], dict[str, Any]]:
    """The package's ``manifest.json`` and ``cy.json``."""
    archive = zipfile.ZipFile(io.BytesIO(teams_manifest.package(teams_manifest.build_manifest(APP_ID, APP_ID, PUBLIC))))
    return json.loads(archive.read("manifest.json")), json.loads(archive.read("cy.json"))


def test_the_package_holds_cy_json_and_the_manifest_names_it() -> None:
    archive = zipfile.ZipFile(io.BytesIO(teams_manifest.package(teams_manifest.build_manifest(APP_ID, APP_ID, PUBLIC))))
    assert sorted(archive.namelist()) == ["color.png", "cy.json", "manifest.json", "outline.png"]
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "en-gb",
        "additionalLanguages": [{"languageTag": "cy", "file": "cy.json"}],
    }
    assert i18n.negotiate(manifest["localizationInfo"]["defaultLanguageTag"]) == i18n.SOURCE_LOCALE
    assert i18n.negotiate("cy") == "cy"


def test_every_key_of_cy_json_is_a_localisable_part_of_the_manifest() -> None:
    manifest, welsh = built()
    assert welsh.pop("$schema") == teams_manifest.LOCALIZATION_SCHEMA
    assert set(welsh) == set(teams_manifest.localisable(manifest))
    assert {"name.short", "name.full", "description.short", "description.full", "staticTabs[0].name"} <= set(welsh)
    for key in welsh:
        assert isinstance(at(manifest, key), str), key
    assert not any(key.endswith(".title") and key.startswith("bots") for key in welsh), "command words stay English"
    assert sum(key.startswith("composeExtensions") for key in welsh) == 4


def test_the_english_manifest_stays_english_whatever_the_language_of_the_moment(marked: None) -> None:
    with i18n.use("cy"):
        manifest = teams_manifest.build_manifest(APP_ID, APP_ID, PUBLIC)
    assert not any(value.startswith("CY ") for value in teams_manifest.localisable(manifest).values())
    assert manifest["composeExtensions"][0]["commands"][0]["title"] == "Share as good practice"


def test_cy_json_carries_every_word_in_welsh_within_the_limits(marked: None) -> None:
    manifest, welsh = built()
    del welsh["$schema"]
    english = teams_manifest.localisable(manifest)
    for key, value in welsh.items():
        limit = next(limit for pattern, limit in LIMITS.items() if re.fullmatch(pattern, key))
        assert len(value) <= limit, key
        if key in NAMES:
            assert value == english[key] == "Practice Leader Bot"
        else:
            assert value != english[key], key
            assert value.startswith("CY "), key


def test_with_the_welsh_catalogue_the_words_are_welsh() -> None:
    if not WELSH_CATALOGUE.exists():
        pytest.skip(f"{WELSH_CATALOGUE.relative_to(ROOT)} is not compiled yet (make catalogues)")
    manifest, welsh = built()
    english = teams_manifest.localisable(manifest)
    same = [key for key, value in welsh.items() if key != "$schema" and key not in NAMES and value == english[key]]
    assert same == [], "these are not in the compiled Welsh catalogue: translate them and run make catalogues"


def test_the_committed_cy_json_is_current() -> None:
    committed = json.loads((ROOT / "cy.json").read_text(encoding="utf-8"))
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["localizationInfo"]["additionalLanguages"] == [{"languageTag": "cy", "file": "cy.json"}]
    assert set(committed) == set(teams_manifest.localization(manifest, "cy"))
    if not WELSH_CATALOGUE.exists():
        pytest.skip(f"{WELSH_CATALOGUE.relative_to(ROOT)} is not compiled yet (make catalogues)")
    assert committed == teams_manifest.localization(manifest, "cy"), "run plbot manifest teams, then commit cy.json"
