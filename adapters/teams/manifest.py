"""The Teams app manifest (schema 1.29) and the uploadable app package.

The bot's command menu is generated from :data:`bot.commands.CATALOGUE`, the same source as the
help text and the Slack manifest. ``plbot manifest teams`` writes ``manifest.json``; with ``--zip``
it also writes ``appPackage/practice-leader-bot.zip`` (manifest + the two icons) for upload.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from adapters.teams.auth import sso_resource
from adapters.teams.icons import color_icon, outline_icon
from adapters.teams.translate import MANAGE_COMMAND, SHARE_COMMAND
from bot.commands import CATALOGUE
from bot.config import Settings

SCHEMA = "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json"
MANIFEST_VERSION = "1.29"
APP_VERSION = "1.0.0"
MAX_COMMANDS = 12
TAB_ENTITY, TAB_NAME = "mypractice", "My practice"
"""The personal tab: what needs me, my celebrations, my settings (:mod:`adapters.web.tab`)."""
MANAGE_TITLE = "Edit or withdraw"
MANAGE_DESCRIPTION = "Edit or withdraw your celebration or story that the bot posted."
SHARE_TITLE = "Share as good practice"
SHARE_DESCRIPTION = "Start a good-practice story from this message."
"""The message action "Share as good practice": a dialog with the story form, pre-filled from the message
(Slack's message shortcut does the same)."""
ACCENT_COLOR = "#1F6F8B"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
PACKAGE_DIR = Path("appPackage")
PACKAGE_NAME = "practice-leader-bot.zip"
PERSONAL_ONLY = {"settings"}
CHANNEL_ONLY = {"setup"}
SKIPPED = {"help"}
"""``sofs help`` is what ``sofs`` alone does, and plain ``help`` heads the list: left out to keep each
list within 12 entries."""

Json = dict[str, Any]

HELP_ENTRY: Json = {"title": "help", "description": "What I can do, with buttons for the three things people use most."}
"""Plain ``help`` heads every list: in a 1:1 chat or as an @mention it gets the short help."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def commands_for(scope: str) -> list[Json]:
    """At most 12 menu entries for a scope: ``help``, every command, then subcommands (``/sofs`` first) while
    there is room."""
    entries = [HELP_ENTRY, *({"title": c.name, "description": _clip(c.summary, 128)} for c in CATALOGUE)]
    # /sofs verbs first: "sofs setup" and "sofs settings" are what people look for in the menu
    for command in sorted(CATALOGUE, key=lambda c: c.name != "sofs"):
        for sub in command.subcommands:
            if sub.name in SKIPPED or sub.name in (CHANNEL_ONLY if scope == "personal" else PERSONAL_ONLY):
                continue
            entries.append({"title": f"{command.name} {sub.name}", "description": _clip(sub.summary, 128)})
    return entries[:MAX_COMMANDS]


def build_manifest(app_id: str, bot_id: str, public_url: str) -> Json:
    """The Teams app manifest for this bot.

    Args:
        app_id: The Teams app id (a GUID; usually the bot's Entra app id).
        bot_id: The bot's Entra app (client) id.
        public_url: Where the bot is reachable (https), used for the developer links and valid domains.
    """
    base = public_url.rstrip("/")
    host = urlsplit(base).hostname or "localhost"
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": APP_VERSION,
        "id": app_id,
        "developer": {
            "name": "Practice Leader Bot",
            "websiteUrl": base,
            "privacyUrl": f"{base}/privacy",
            "termsOfUseUrl": f"{base}/terms",
        },
        "name": {"short": "Practice Leader Bot", "full": "Practice Leader Bot for Signs of Safety"},
        "description": {
            "short": "Keeps Signs of Safety practice alive between trainings.",
            "full": (
                "Celebrate colleagues' good Signs of Safety practice, share good-practice stories, get the "
                "Signs of Safety item before team meetings, vote on locality seminar topics and receive "
                "reminders and a weekly digest. Never include names or details that could identify a "
                "child or family."
            ),
        },
        "icons": {"outline": OUTLINE_ICON, "color": COLOR_ICON},
        "accentColor": ACCENT_COLOR,
        "bots": [
            {
                "botId": bot_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": commands_for("personal")},
                    {"scopes": ["team", "groupChat"], "commands": commands_for("team")},
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": bot_id,
                "commands": [
                    {
                        "id": SHARE_COMMAND,
                        "type": "action",
                        "title": SHARE_TITLE,
                        "description": SHARE_DESCRIPTION,
                        "context": ["message"],
                        "fetchTask": True,
                    },
                    {
                        "id": MANAGE_COMMAND,
                        "type": "action",
                        "title": MANAGE_TITLE,
                        "description": MANAGE_DESCRIPTION,
                        "context": ["message"],
                        "fetchTask": True,
                    },
                ],
            }
        ],
        "staticTabs": [
            {
                "entityId": TAB_ENTITY,
                "name": TAB_NAME,
                "contentUrl": f"{base}/teams/tab",
                "websiteUrl": f"{base}/teams/tab",
                "scopes": ["personal"],
            }
        ],
        "webApplicationInfo": {"id": bot_id, "resource": sso_resource(base, bot_id)},
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def package(manifest: Json) -> bytes:
    """The uploadable app package: a zip with ``manifest.json`` and both icons at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        archive.writestr(COLOR_ICON, color_icon())
        archive.writestr(OUTLINE_ICON, outline_icon())
    return buffer.getvalue()


def write_icons(directory: Path = PACKAGE_DIR) -> None:
    """Write both icons to ``directory`` (they are committed under ``appPackage/``)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / COLOR_ICON).write_bytes(color_icon())
    (directory / OUTLINE_ICON).write_bytes(outline_icon())


def main_manifest(zip_: bool, settings: Settings | None = None, root: Path | None = None) -> int:
    """``plbot manifest teams [--zip]``: write ``manifest.json`` (and the package); returns the exit code."""
    settings = settings or Settings()
    root = root or Path.cwd()
    bot_id = settings.teams_client_id
    if not bot_id:
        print(  # noqa: T201
            "Set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID to the bot's Entra app id first.",
            file=sys.stderr,
        )
        return 2
    if not settings.public_url.startswith("https://"):
        print(  # noqa: T201
            f"Warning: PLBOT_PUBLIC_URL is {settings.public_url!r}; Teams needs an https address.",
            file=sys.stderr,
        )
    manifest = build_manifest(bot_id, bot_id, settings.public_url)
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"Wrote {root / 'manifest.json'}")  # noqa: T201
    if zip_:
        write_icons(root / PACKAGE_DIR)
        target = root / PACKAGE_DIR / PACKAGE_NAME
        target.write_bytes(package(manifest))
        print(f"Wrote {target}: upload it in Teams (Apps → Manage your apps → Upload an app).")  # noqa: T201
    return 0
