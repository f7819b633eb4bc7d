"""The Slack app manifest, generated from the command catalogue (``plbot manifest slack``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from adapters.slack.app import PATH
from adapters.slack.translate import MANAGE_SHORTCUT, SHARE_SHORTCUT
from bot.commands import CATALOGUE, Command

MANIFEST_FILE = Path(__file__).with_name("slack_manifest.json")
EXAMPLE_PUBLIC_URL = "https://plbot.example.org"
"""The public URL the committed ``slack_manifest.json`` is generated with."""

APP_NAME = "Practice Leader Bot"
APP_DESCRIPTION = "Keeps Signs of Safety practice alive between trainings."
APP_LONG_DESCRIPTION = (
    "Practice Leader Bot helps children's social care teams keep Signs of Safety practice alive "
    "between trainings: celebrate colleagues' good practice, share good-practice stories for the "
    "intranet, get a prompt for the Signs of Safety item before team meetings, and vote on "
    "locality seminar topics. Never include names or details that could identify a child or family."
)
BOT_DISPLAY_NAME = "practice-leader-bot"
SHORTCUT_NAME = "Share as good practice"
SHORTCUT_DESCRIPTION = "Start a good-practice story from this message."
MANAGE_NAME = "Edit or withdraw"
MANAGE_DESCRIPTION = "Edit or withdraw your celebration or story that the bot posted."

BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "groups:history",
    "groups:read",
    "im:history",
    "im:write",
    "metadata.message:read",
    "users:read",
)
BOT_EVENTS = (
    "app_home_opened",
    "app_mention",
    "member_joined_channel",
    "message.channels",
    "message.groups",
    "message.im",
)
"""``member_joined_channel`` (with ``channels:read`` / ``groups:read``) tells the bot it was added to a
channel, for its one intro post; ``message.groups`` lets it see edits and deletions in private channels
as ``message.channels`` does in public ones (``groups:history`` is there for it)."""


def usage_hint(command: Command) -> str:
    """A command's usage without its own name (``/celebrate @who what`` → ``@who what``)."""
    return command.usage.removeprefix(command.slash).strip()


def _slash_command(command: Command, url: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"command": command.slash, "description": command.summary}
    if url:
        entry["url"] = url
    hint = usage_hint(command)
    if hint:
        entry["usage_hint"] = hint
    entry["should_escape"] = True
    return entry


def build_manifest(public_url: str, *, socket_mode: bool = False) -> dict[str, Any]:
    """The Slack app manifest (format version 2).

    Args:
        public_url: Where the server is reachable from Slack (``https://…``); request URLs are
            ``{public_url}/slack/events``.
        socket_mode: Build a Socket Mode app (no request URLs).

    Returns:
        The manifest as a dict, ready for JSON.
    """
    url = None if socket_mode else public_url.rstrip("/") + PATH
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if url:
        events = {"request_url": url, **events}
        interactivity["request_url"] = url
    return {
        "_metadata": {"major_version": 2, "minor_version": 1},
        "display_information": {
            "name": APP_NAME,
            "description": APP_DESCRIPTION,
            "long_description": APP_LONG_DESCRIPTION,
            "background_color": "#1d4d4f",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": BOT_DISPLAY_NAME, "always_online": True},
            "slash_commands": [_slash_command(c, url) for c in CATALOGUE],
            "shortcuts": [
                {
                    "name": SHORTCUT_NAME,
                    "type": "message",
                    "callback_id": SHARE_SHORTCUT,
                    "description": SHORTCUT_DESCRIPTION,
                },
                {
                    "name": MANAGE_NAME,
                    "type": "message",
                    "callback_id": MANAGE_SHORTCUT,
                    "description": MANAGE_DESCRIPTION,
                },
            ],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def manifest_json(public_url: str, *, socket_mode: bool = False) -> str:
    """The manifest as stable, indented JSON text (with a final newline)."""
    manifest = build_manifest(public_url, socket_mode=socket_mode)
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def main_manifest(public_url: str, output: Path = MANIFEST_FILE, *, socket_mode: bool = False) -> int:
    """``plbot manifest slack``: write the manifest file and say where it is.

    Args:
        public_url: The server's public URL (``PLBOT_PUBLIC_URL``).
        output: Where to write the JSON.
        socket_mode: Write a Socket Mode manifest (no request URLs).

    Returns:
        The exit code (0; 2 when the URL is not ``https`` in HTTP mode).
    """
    if not socket_mode and not public_url.startswith("https://"):
        sys.stderr.write(
            f"Slack needs an https:// public URL for its request URLs (got {public_url!r}). "
            "Set PLBOT_PUBLIC_URL, or use Socket Mode.\n"
        )
        return 2
    output.write_text(manifest_json(public_url, socket_mode=socket_mode), encoding="utf-8")
    sys.stdout.write(f"Wrote the Slack app manifest to {output}\n")
    return 0
