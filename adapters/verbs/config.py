"""``plbot config check``: the effective settings, secrets masked, and a refusal for each unsafe combination."""

from __future__ import annotations

import argparse
import sys

from adapters.verbs import Verbs
from bot.config import Settings, effective, unsafe


def add_parser(verbs: Verbs) -> None:
    """Declare ``config check``."""
    config = verbs.add_parser("config", help="the configuration")
    config_verbs = config.add_subparsers(dest="config_verb", required=True)
    config_verbs.add_parser("check", help="print the effective settings and refuse unsafe ones").set_defaults(
        command=check
    )


async def check(settings: Settings, _args: argparse.Namespace) -> int:
    """Print every setting (secrets masked); exit 2 with one line per unsafe combination."""
    rows = effective(settings)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    problems = unsafe(settings)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    print("Configuration is safe to run.")
    return 0
