"""``plbot manifest slack|teams``: write a platform's app manifest."""

from __future__ import annotations

import argparse

from adapters.slack import manifest as slack_manifest
from adapters.teams import manifest as teams_manifest
from adapters.verbs import Verbs
from bot.config import Settings


def add_parser(verbs: Verbs) -> None:
    """Declare ``manifest slack`` and ``manifest teams``."""
    manifest = verbs.add_parser("manifest", help="write a platform's app manifest")
    manifest_verbs = manifest.add_subparsers(dest="manifest_verb", required=True)
    slack = manifest_verbs.add_parser("slack", help="write adapters/slack/slack_manifest.json")
    slack.add_argument("--socket-mode", action="store_true", help="no request URLs (Socket Mode)")
    slack.set_defaults(command=slack_verb)
    teams = manifest_verbs.add_parser("teams", help="write manifest.json")
    teams.add_argument("--zip", action="store_true", help="also build the uploadable app package")
    teams.set_defaults(command=teams_verb)


async def slack_verb(settings: Settings, args: argparse.Namespace) -> int:
    """``plbot manifest slack [--socket-mode]``."""
    return slack_manifest.main_manifest(settings.public_url, socket_mode=args.socket_mode)


async def teams_verb(_settings: Settings, args: argparse.Namespace) -> int:
    """``plbot manifest teams [--zip]``."""
    return teams_manifest.main_manifest(args.zip)
