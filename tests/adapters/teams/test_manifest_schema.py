"""The Teams manifest against Microsoft's own JSON schema for manifest version 1.29 (issue 12, item 6).

The schema comes from npm ``@microsoft/app-manifest`` (the version pinned in
``tests/app_manifest/package.json`` and its lock file), which ships the official Teams schemas as
``build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json``; it is installed once with
``npm ci`` into ``~/.cache/plbot-app-manifest/<version>`` (``$XDG_CACHE_HOME`` if set) and reused,
like the Agents Playground (:mod:`tests.adapters.npm_cache`). The ``jsonschema`` package validates
the committed ``manifest.json`` and the manifest inside the app package ``plbot manifest teams --zip``
builds, with the schema's own draft (draft-04) and its format checks. The same package ships the
localisation schema (``MicrosoftTeams.Localization.schema.json``) the Welsh ``cy.json`` is checked with.

Skipped, with the reason shown, when node or npm is missing or npm cannot install the pinned version
in time; never failed for those.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs in the dev extras
import pytest

from adapters.teams import manifest as teams_manifest
from tests.adapters.npm_cache import Pinned, install
from tests.adapters.teams.harness import APP_ID
from tests.conftest import ROOT

PINNED = Path(__file__).resolve().parents[2] / "app_manifest"
"""``package.json`` and ``package-lock.json`` naming the schema package's version."""
SCHEMA_PATH = f"build/json-schemas/teams/v{teams_manifest.MANIFEST_VERSION}/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA_PATH = SCHEMA_PATH.replace(".schema.json", ".Localization.schema.json")
APP_MANIFEST = Pinned(
    PINNED, "@microsoft/app-manifest", "plbot-app-manifest", SCHEMA_PATH, "Teams manifest schema test"
)
NPM_DEADLINE = 120.0  # the first install downloads ~2 MB; later runs reuse the cache
PUBLIC = "https://plbot.northshire.example"


@pytest.fixture
async def schema() -> dict[str, Any]:
    """Microsoft's Teams manifest schema for the version ``manifest.py`` writes (installed once, then read)."""
    package = await install(APP_MANIFEST, NPM_DEADLINE)
    loaded: dict[str, Any] = json.loads((package / SCHEMA_PATH).read_text(encoding="utf-8-sig"))
    return loaded


@pytest.fixture
async def localization_schema() -> dict[str, Any]:
    """Microsoft's schema of a Teams localisation file, for the same manifest version."""
    package = await install(APP_MANIFEST, NPM_DEADLINE)
    loaded: dict[str, Any] = json.loads((package / LOCALIZATION_SCHEMA_PATH).read_text(encoding="utf-8-sig"))
    return loaded


def problems(schema: dict[str, Any], manifest: dict[str, Any]) -> list[str]:
    """Every way ``manifest`` breaks ``schema`` (where, and what), with the schema's own draft."""
    validator = jsonschema.validators.validator_for(schema)
    # no check_schema: a few of the schema's patterns use ECMAScript's \p{L}, which Python's re lacks
    # (none of them on a part of the manifest plbot writes)
    checker = validator(schema, format_checker=validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}"
        for error in sorted(checker.iter_errors(manifest), key=lambda error: list(map(str, error.absolute_path)))
    ]


async def test_the_schema_is_the_one_the_manifest_names(schema: dict[str, Any]) -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["$schema"] == teams_manifest.SCHEMA
    assert manifest["manifestVersion"] == teams_manifest.MANIFEST_VERSION == "1.29"
    assert teams_manifest.MANIFEST_VERSION in str(schema["properties"]["manifestVersion"])


async def test_the_committed_manifest_is_valid(schema: dict[str, Any]) -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    assert problems(schema, manifest) == []
    for part in ("bots", "composeExtensions", "staticTabs", "webApplicationInfo"):
        assert manifest[part], f"the manifest has {part}"


async def test_the_app_package_manifest_is_valid(schema: dict[str, Any]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(teams_manifest.package(teams_manifest.build_manifest(APP_ID, APP_ID, PUBLIC))))
    manifest = json.loads(archive.read("manifest.json"))
    assert problems(schema, manifest) == []


async def test_the_localisation_schema_is_the_one_cy_json_names(localization_schema: dict[str, Any]) -> None:
    assert teams_manifest.LOCALIZATION_SCHEMA.endswith(
        f"/v{teams_manifest.MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json"
    )
    assert {"name.short", "description.short", "description.full"} <= set(localization_schema["required"])


async def test_the_committed_cy_json_is_valid(localization_schema: dict[str, Any]) -> None:
    welsh = json.loads((ROOT / "cy.json").read_text(encoding="utf-8"))
    assert welsh["$schema"] == teams_manifest.LOCALIZATION_SCHEMA
    assert problems(localization_schema, welsh) == []


async def test_the_app_package_cy_json_is_valid(localization_schema: dict[str, Any]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(teams_manifest.package(teams_manifest.build_manifest(APP_ID, APP_ID, PUBLIC))))
    welsh = json.loads(archive.read("cy.json"))
    assert problems(localization_schema, welsh) == []
    assert len(welsh) > 20, "the descriptions of both command lists, the actions, the tab, the name and description"
