"""The Teams manifest and app package, and how ``install`` reads the settings."""

from __future__ import annotations

import io
import json
import logging
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from aiohttp import web

from adapters.http import build_app
from adapters.teams import manifest as teams_manifest
from adapters.teams.icons import color_icon, outline_icon
from adapters.teams.sender import TeamsSender
from adapters.teams.wiring import install, options_from
from adapters.wiring import Wiring
from bot.commands import CATALOGUE
from tests.adapters.teams.harness import APP_ID, TENANT, settings
from tests.conftest import ROOT, Bot

PUBLIC = "https://plbot.northshire.example"


def png_size(data: bytes) -> tuple[int, int, int]:
    """Width, height and colour type of a PNG, checking its signature and CRCs."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, header = 8, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body)
        header = body if kind == b"IHDR" else header
        offset += 12 + length
    width, height, _depth, colour = struct.unpack(">IIBB", header[:10])
    return width, height, colour


def test_manifest_follows_schema_1_29_with_commands_from_the_catalogue() -> None:
    manifest = teams_manifest.build_manifest(APP_ID, APP_ID, PUBLIC)
    assert manifest["$schema"] == "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json"
    assert manifest["manifestVersion"] == "1.29"
    assert manifest["id"] == APP_ID
    assert len(manifest["name"]["short"]) <= 30
    assert len(manifest["description"]["short"]) <= 80
    assert manifest["validDomains"] == ["plbot.northshire.example"]
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert len(bot["commandLists"]) <= 3
    names = {c.name for c in CATALOGUE}
    for command_list in bot["commandLists"]:
        titles = [c["title"] for c in command_list["commands"]]
        assert len(titles) <= 12
        assert names <= set(titles)
        assert all(len(c["title"]) <= 128 and len(c["description"]) <= 128 for c in command_list["commands"])
    team_titles = [c["title"] for c in bot["commandLists"][1]["commands"]]
    assert "sofs setup" in team_titles


def test_icons_are_the_sizes_teams_requires() -> None:
    assert png_size(color_icon()) == (192, 192, 6)
    assert png_size(outline_icon()) == (32, 32, 6)
    assert (ROOT / "appPackage" / "color.png").read_bytes() == color_icon()
    assert (ROOT / "appPackage" / "outline.png").read_bytes() == outline_icon()


def test_the_committed_manifest_is_current() -> None:
    committed = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    rebuilt = teams_manifest.build_manifest(
        committed["id"], committed["bots"][0]["botId"], committed["developer"]["websiteUrl"]
    )
    assert committed == rebuilt


def test_main_manifest_writes_the_manifest_and_the_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configured = settings(CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID=APP_ID, PLBOT_PUBLIC_URL=PUBLIC)
    assert teams_manifest.main_manifest(True, configured, tmp_path) == 0
    written = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert written["bots"][0]["botId"] == APP_ID
    with zipfile.ZipFile(io.BytesIO((tmp_path / "appPackage" / "practice-leader-bot.zip").read_bytes())) as archive:
        assert sorted(archive.namelist()) == ["color.png", "cy.json", "manifest.json", "outline.png"]
        assert json.loads(archive.read("manifest.json")) == written
        assert json.loads(archive.read("cy.json")) == json.loads((tmp_path / "cy.json").read_text(encoding="utf-8"))
    assert "Wrote" in capsys.readouterr().out
    assert teams_manifest.main_manifest(False, settings(), tmp_path) == 2


def wiring_for(bot: Bot, **values: object) -> Wiring:
    return Wiring(settings(**values), bot.handler, bot.uow_factory, bot.clock)


def test_off_without_credentials_with_one_log_line(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    with caplog.at_level(logging.INFO, logger="adapters.teams"):
        assert install(app, wiring_for(bot)) is None
    (line,) = [r.getMessage() for r in caplog.records if r.name.startswith("adapters.teams")]
    assert line.startswith("teams is off")
    assert not any(r.resource and str(r.resource.canonical).startswith("/api") for r in app.router.routes())


def test_unauthenticated_mode_is_refused_beyond_loopback(bot: Bot) -> None:
    app = web.Application()
    with pytest.raises(SystemExit, match="loopback"):
        install(app, wiring_for(bot, PLBOT_HOST="0.0.0.0", PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=True))  # noqa: S104


def test_unauthenticated_mode_on_loopback_mounts_the_route(bot: Bot) -> None:
    app = build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)
    sender = install(app, wiring_for(bot, PLBOT_HOST="127.0.0.1", PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=True))
    assert isinstance(sender, TeamsSender)
    assert any(str(r.resource.canonical) == "/api/messages" for r in app.router.routes() if r.resource)


def test_credentials_need_a_tenant_and_win_over_the_flag() -> None:
    assert options_from(settings(CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID=APP_ID)) is None
    options = options_from(
        settings(
            CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID=APP_ID,
            CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID=TENANT,
            CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET="s3cret",
            PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=True,
        ),
        environ={"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__AUTHTYPE": "ClientSecret"},
    )
    assert options is not None
    assert not options.anonymous
    assert (options.app_id, options.tenant_id, dict(options.extra)) == (APP_ID, TENANT, {"AUTHTYPE": "ClientSecret"})
    config = options.connections().get_default_connection_configuration()
    assert config.ANONYMOUS_ALLOWED is False
    assert config.CLIENT_ID == APP_ID
