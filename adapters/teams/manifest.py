"""The Teams app manifest (schema 1.29), its Welsh localisation file and the uploadable app package.

The bot's command menu is generated from :data:`bot.commands.CATALOGUE`, the same source as the
help text and the Slack manifest; the other words come from :mod:`bot.texts.manifest`. The manifest is
written in English (``en-gb``); each other shipped language gets a localisation file (``cy.json``)
holding the same words in that language, built from the same code inside :func:`bot.i18n.use`. The
app's name and the command words stay English in every language.

``plbot manifest teams`` writes ``manifest.json`` and ``cy.json``; with ``--zip`` it also writes
``appPackage/practice-leader-bot.zip`` (both files + the two icons) for upload.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from adapters.teams.auth import sso_resource
from adapters.teams.icons import color_icon, outline_icon
from adapters.teams.translate import MANAGE_COMMAND, SHARE_COMMAND
from bot import i18n, texts
from bot.commands import CATALOGUE
from bot.config import Settings

SCHEMA = "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA = "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.Localization.schema.json"
MANIFEST_VERSION = "1.29"
APP_VERSION = "1.0.0"
APP_NAME = "Practice Leader Bot"
"""The app's short name and its developer's name: a name, the same in every language."""
DEFAULT_LANGUAGE = "en-gb"
"""The language tag of the manifest's own words (the source English)."""
LANGUAGE_FILES = {"cy": "cy.json"}
"""Each other shipped language's tag in the manifest, and its localisation file beside ``manifest.json``."""
MAX_COMMANDS = 12
TAB_ENTITY = "mypractice"
"""The personal tab: what needs me, my celebrations, my settings (:mod:`adapters.web.tab`)."""
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

LOCALISABLE = re.compile(
    r"name\.(short|full)|description\.(short|full)|staticTabs\[\d+\]\.name"
    r"|bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.description"
    r"|composeExtensions\[0\]\.commands\[\d+\]\.(title|description)"
)
"""The manifest's words a localisation file carries: every part of ``manifest.json`` that has words,
except the bot commands' titles (the command words people type, English in every language)."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def commands_for(scope: str) -> list[Json]:
    """At most 12 menu entries for a scope: ``help``, every command, then subcommands (``/sofs`` first) while
    there is room."""
    help_entry = {"title": "help", "description": _clip(texts.TEAMS_APP_HELP_DESCRIPTION, 128)}
    entries = [help_entry, *({"title": c.name, "description": _clip(c.summary_text, 128)} for c in CATALOGUE)]
    # /sofs verbs first: "sofs setup" and "sofs settings" are what people look for in the menu
    for command in sorted(CATALOGUE, key=lambda c: c.name != "sofs"):
        for sub in command.subcommands:
            if sub.name in SKIPPED or sub.name in (CHANNEL_ONLY if scope == "personal" else PERSONAL_ONLY):
                continue
            description = _clip(sub.summary_in(command.name), 128)
            entries.append({"title": f"{command.name} {sub.name}", "description": description})
    return entries[:MAX_COMMANDS]


def build_manifest(app_id: str, bot_id: str, public_url: str) -> Json:
    """The Teams app manifest for this bot, in English, naming a localisation file for each other language.

    Args:
        app_id: The Teams app id (a GUID; usually the bot's Entra app id).
        bot_id: The bot's Entra app (client) id.
        public_url: Where the bot is reachable (https), used for the developer links and valid domains.
    """
    with i18n.use(i18n.SOURCE_LOCALE):
        return _manifest(app_id, bot_id, public_url)


def _manifest(app_id: str, bot_id: str, public_url: str) -> Json:
    """The manifest with its words in the current language."""
    base = public_url.rstrip("/")
    host = urlsplit(base).hostname or "localhost"
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": APP_VERSION,
        "id": app_id,
        "localizationInfo": {
            "defaultLanguageTag": DEFAULT_LANGUAGE,
            "additionalLanguages": [{"languageTag": tag, "file": file} for tag, file in LANGUAGE_FILES.items()],
        },
        "developer": {
            "name": APP_NAME,
            "websiteUrl": base,
            "privacyUrl": f"{base}/privacy",
            "termsOfUseUrl": f"{base}/terms",
        },
        "name": {"short": APP_NAME, "full": _clip(texts.TEAMS_APP_FULL_NAME, 100)},
        "description": {
            "short": _clip(texts.TEAMS_APP_SHORT_DESCRIPTION, 80),
            "full": _clip(texts.TEAMS_APP_FULL_DESCRIPTION, 4000),
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
                        "title": _clip(texts.TEAMS_APP_SHARE_TITLE, 32),
                        "description": _clip(texts.TEAMS_APP_SHARE_DESCRIPTION, 128),
                        "context": ["message"],
                        "fetchTask": True,
                    },
                    {
                        "id": MANAGE_COMMAND,
                        "type": "action",
                        "title": _clip(texts.TEAMS_APP_MANAGE_TITLE, 32),
                        "description": _clip(texts.TEAMS_APP_MANAGE_DESCRIPTION, 128),
                        "context": ["message"],
                        "fetchTask": True,
                    },
                ],
            }
        ],
        "staticTabs": [
            {
                "entityId": TAB_ENTITY,
                "name": _clip(texts.TEAMS_APP_TAB_NAME, 128),
                "contentUrl": f"{base}/teams/tab",
                "websiteUrl": f"{base}/teams/tab",
                "scopes": ["personal"],
            }
        ],
        "webApplicationInfo": {"id": bot_id, "resource": sso_resource(base, bot_id)},
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def localisable(manifest: Json) -> dict[str, str]:
    """The words of ``manifest`` a localisation file may carry, by their path (``bots[0].commandLists[1]…``)."""
    found: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        elif isinstance(value, str) and LOCALISABLE.fullmatch(path):
            found[path] = value

    walk(manifest, "")
    return found


def localization(manifest: Json, language: str) -> Json:
    """The localisation file of ``language`` (a tag of :data:`LANGUAGE_FILES`) for ``manifest``: the same
    manifest built again with its words in that language, keeping only its words."""
    with i18n.use(language):
        translated = _manifest(manifest["id"], manifest["bots"][0]["botId"], manifest["developer"]["websiteUrl"])
    return {"$schema": LOCALIZATION_SCHEMA, **localisable(translated)}


def files(manifest: Json) -> dict[str, str]:
    """``manifest.json`` and each localisation file it names, as stable, indented JSON text."""
    found = {"manifest.json": _json(manifest)}
    for language in manifest["localizationInfo"]["additionalLanguages"]:
        found[language["file"]] = _json(localization(manifest, language["languageTag"]))
    return found


def _json(value: Json) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def package(manifest: Json) -> bytes:
    """The uploadable app package: a zip with ``manifest.json``, its localisation files and both icons at
    its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files(manifest).items():
            archive.writestr(name, text)
        archive.writestr(COLOR_ICON, color_icon())
        archive.writestr(OUTLINE_ICON, outline_icon())
    return buffer.getvalue()


def write_icons(directory: Path = PACKAGE_DIR) -> None:
    """Write both icons to ``directory`` (they are committed under ``appPackage/``)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / COLOR_ICON).write_bytes(color_icon())
    (directory / OUTLINE_ICON).write_bytes(outline_icon())


def main_manifest(zip_: bool, settings: Settings | None = None, root: Path | None = None) -> int:
    """``plbot manifest teams [--zip]``: write ``manifest.json`` and its localisation files (and the package);
    returns the exit code."""
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
    for name, text in files(manifest).items():
        (root / name).write_text(text, "utf-8")
        print(f"Wrote {root / name}")  # noqa: T201
    if zip_:
        write_icons(root / PACKAGE_DIR)
        target = root / PACKAGE_DIR / PACKAGE_NAME
        target.write_bytes(package(manifest))
        print(f"Wrote {target}: upload it in Teams (Apps → Manage your apps → Upload an app).")  # noqa: T201
    return 0
