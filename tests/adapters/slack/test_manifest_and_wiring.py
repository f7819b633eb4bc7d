"""The Slack app manifest and switching the adapter on and off."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from aiohttp import web

from adapters.http import build_app
from adapters.slack.app import SLACK_ADAPTER_KEY
from adapters.slack.manifest import (
    BOT_SCOPES,
    EXAMPLE_PUBLIC_URL,
    MANIFEST_FILE,
    build_manifest,
    main_manifest,
    manifest_json,
)
from adapters.slack.translate import SHARE_SHORTCUT
from adapters.slack.wiring import OFF_MESSAGE, install
from adapters.wiring import Wiring
from bot.commands import CATALOGUE
from tests.adapters.slack.conftest import slack_settings
from tests.conftest import Bot

# Bot scopes that exist in Slack's scope reference (https://docs.slack.dev/reference/scopes).
KNOWN_SCOPES = {
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "chat:write.customize",
    "chat:write.public",
    "commands",
    "groups:history",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "metadata.message:read",
    "users:read",
}


def test_manifest_lists_every_catalogue_command() -> None:
    manifest = build_manifest("https://bot.example.org/")
    commands = manifest["features"]["slash_commands"]

    assert [c["command"] for c in commands] == [c.slash for c in CATALOGUE]
    assert all(c["url"] == "https://bot.example.org/slack/events" for c in commands)
    assert all(c["should_escape"] is True for c in commands)
    assert {c["command"]: c.get("usage_hint") for c in commands}["/celebrate"] == "@who what they did"
    assert all(len(c["description"]) <= 140 for c in commands)


def test_manifest_urls_scopes_events_and_shortcut() -> None:
    manifest = build_manifest("https://bot.example.org")
    settings = manifest["settings"]

    assert settings["event_subscriptions"]["request_url"] == "https://bot.example.org/slack/events"
    assert settings["interactivity"] == {"is_enabled": True, "request_url": "https://bot.example.org/slack/events"}
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "message.channels",
        "message.groups",
        "member_joined_channel",
        "app_mention",
        "message.im",
    }
    assert set(BOT_SCOPES) <= KNOWN_SCOPES
    assert {"commands", "chat:write", "im:write", "users:read", "channels:history", "groups:history"} <= set(BOT_SCOPES)
    assert manifest["features"]["shortcuts"][0]["callback_id"] == SHARE_SHORTCUT
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert 175 <= len(manifest["display_information"]["long_description"]) <= 4000


def test_socket_mode_manifest_has_no_request_urls() -> None:
    manifest = build_manifest("https://ignored", socket_mode=True)

    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert all("url" not in c for c in manifest["features"]["slash_commands"])


def test_the_committed_manifest_is_up_to_date() -> None:
    assert MANIFEST_FILE.read_text(encoding="utf-8") == manifest_json(EXAMPLE_PUBLIC_URL), (
        "adapters/slack/slack_manifest.json is stale: regenerate it with "
        "`plbot manifest slack` (PLBOT_PUBLIC_URL=https://plbot.example.org)"
    )


def test_main_manifest_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "slack_manifest.json"

    assert main_manifest("https://bot.example.org", output) == 0

    assert json.loads(output.read_text(encoding="utf-8")) == build_manifest("https://bot.example.org")
    assert str(output) in capsys.readouterr().out
    assert main_manifest("http://localhost:3978", tmp_path / "no.json") == 2
    assert not (tmp_path / "no.json").exists()


def _app(bot: Bot) -> web.Application:
    return build_app(handler=bot.handler, uow_factory=bot.uow_factory, deliverer=bot.deliverer)


def test_slack_is_off_without_credentials(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    app = _app(bot)
    settings = slack_settings("http://127.0.0.1:9/api/", slack_bot_token="", slack_signing_secret="")

    with caplog.at_level(logging.INFO):
        sender = install(app, Wiring(settings, bot.handler, bot.uow_factory, bot.clock))

    assert sender is None
    assert OFF_MESSAGE in caplog.text
    assert SLACK_ADAPTER_KEY not in app
    assert all(r.resource is None or r.resource.canonical != "/slack/events" for r in app.router.routes())


@pytest.mark.parametrize("secret", ["short", "x" * 31, " " * 40])
def test_a_short_signing_secret_refuses_to_start(bot: Bot, secret: str) -> None:
    settings = slack_settings("http://127.0.0.1:9/api/", slack_signing_secret=secret)

    with pytest.raises(SystemExit, match="SLACK_SIGNING_SECRET"):
        install(_app(bot), Wiring(settings, bot.handler, bot.uow_factory, bot.clock))


def test_http_mode_mounts_the_route(bot: Bot) -> None:
    app = _app(bot)

    sender = install(app, Wiring(slack_settings("http://127.0.0.1:9/api/"), bot.handler, bot.uow_factory, bot.clock))

    assert sender is not None
    assert sender.platform == "slack"
    assert any(r.resource is not None and r.resource.canonical == "/slack/events" for r in app.router.routes())


def test_socket_mode_uses_the_app_token_instead_of_a_route(bot: Bot) -> None:
    app = _app(bot)
    settings = slack_settings("http://127.0.0.1:9/api/", slack_signing_secret="", slack_app_token="xapp-1-A0-0-notreal")

    sender = install(app, Wiring(settings, bot.handler, bot.uow_factory, bot.clock))

    assert sender is not None
    adapter = app[SLACK_ADAPTER_KEY]
    assert adapter.app_token
    assert adapter.guard is None
    assert app.on_startup[-1] == adapter._start_socket_mode
    assert all(r.resource is None or r.resource.canonical != "/slack/events" for r in app.router.routes())
