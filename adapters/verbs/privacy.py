"""``plbot privacy check [--org FILE]``: lines or JSON Lines on stdin → one JSON result per line on stdout."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from adapters import privacy_cli
from adapters.bootstrap import running
from adapters.verbs import Verbs
from bot.config import Settings
from bot.privacy import GuardRules
from bot.services.guard_rules import load_guard_rules
from bot.store.db import is_sqlite


def add_parser(verbs: Verbs) -> None:
    """Declare ``privacy check``."""
    privacy = verbs.add_parser("privacy", help="the identifier guard")
    check = privacy.add_subparsers(dest="privacy_verb", required=True).add_parser(
        "check", help="read lines or JSONL on stdin, print one JSON result per line"
    )
    check.add_argument(
        "--org", type=Path, default=None, help="apply this organisation file's rules (default: the database's)"
    )
    check.set_defaults(command=run)


async def _database_guard_rules(settings: Settings) -> GuardRules | None:
    """The guard rules of the organisation in the database, if there is one."""
    database_file = Path(settings.database_url.split("///")[-1])
    if is_sqlite(settings.database_url) and not await asyncio.to_thread(database_file.exists):
        return None
    async with running(settings) as runtime, runtime.uow_factory() as uow:
        org = await uow.orgs.first()
        return await load_guard_rules(uow, org) if org else None


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Check each line with the organisation's rules.

    Bad input (an unreadable or invalid organisation file, a line that is not JSON in JSON Lines
    input) is one line on standard error and exit code 2.
    """
    org_file: Path | None = args.org
    try:
        rules = privacy_cli.rules_from_org_file(org_file) if org_file else await _database_guard_rules(settings)
        for result in privacy_cli.check_lines(sys.stdin, rules):
            print(result)
    except privacy_cli.PrivacyInputError as error:
        print(f"plbot privacy check: {error}", file=sys.stderr)
        return 2
    return 0
