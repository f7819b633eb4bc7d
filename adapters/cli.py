"""``plbot``: the command line. Each verb lives in its own module under :mod:`adapters.verbs`.

The runtime every verb uses is built by the composition root, :mod:`adapters.bootstrap`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from types import ModuleType

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from adapters.startup import StartupRefused, one_line
from adapters.verbs import Command
from bot.config import Settings, settings_errors
from bot.domain.orgfile import OrgFileError
from bot.store.errors import StoreError

VERB_NAMES = (
    "serve",
    "console",
    "config",
    "db",
    "org",
    "report",
    "publish",
    "manifest",
    "privacy",
    "audit",
    "worker",
    "simulate",
    "digest",
    "erase",
)
"""The verbs in the order ``plbot --help`` lists them; each is the module of that name in ``adapters.verbs``."""


def verb_module(name: str) -> ModuleType:  # noqa: PLR0912  # one import per verb
    """The module of verb ``name``, imported now: a verb's imports (Bolt, the Agents SDK, Alembic…) are
    paid only by the command that runs it (start-up time, issue 15)."""
    match name:
        case "serve":
            from adapters.verbs import serve  # noqa: PLC0415

            return serve
        case "console":
            from adapters.verbs import console  # noqa: PLC0415

            return console
        case "config":
            from adapters.verbs import config  # noqa: PLC0415

            return config
        case "db":
            from adapters.verbs import db  # noqa: PLC0415

            return db
        case "org":
            from adapters.verbs import org  # noqa: PLC0415

            return org
        case "report":
            from adapters.verbs import report  # noqa: PLC0415

            return report
        case "publish":
            from adapters.verbs import publish  # noqa: PLC0415

            return publish
        case "manifest":
            from adapters.verbs import manifest  # noqa: PLC0415

            return manifest
        case "privacy":
            from adapters.verbs import privacy  # noqa: PLC0415

            return privacy
        case "audit":
            from adapters.verbs import audit  # noqa: PLC0415

            return audit
        case "worker":
            from adapters.verbs import worker  # noqa: PLC0415

            return worker
        case "simulate":
            from adapters.verbs import simulate  # noqa: PLC0415

            return simulate
        case "digest":
            from adapters.verbs import digest  # noqa: PLC0415

            return digest
        case "erase":
            from adapters.verbs import erase  # noqa: PLC0415

            return erase
    raise KeyError(name)


REFUSALS = (StartupRefused, OrgFileError, StoreError, SQLAlchemyError, OSError)
"""What stops a verb before it can do its work: bad settings met at start, a database that cannot be
reached, an address already in use, an invalid organisation file."""


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line: one sub-command per verb module (with ``only``, that verb's alone: the one about
    to run, so no other verb's module is imported)."""
    root = argparse.ArgumentParser(prog="plbot", description="Practice Leader Bot")
    verbs = root.add_subparsers(dest="verb", required=True)
    for name in (only,) if only in VERB_NAMES else VERB_NAMES:
        verb_module(name).add_parser(verbs)
    return root


def run(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run a verb; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser(argv[0] if argv else None).parse_args(argv)
    command: Command = args.command
    try:
        settings = Settings()
    except ValidationError as error:
        sys.stderr.write("".join(f"{line}\n" for line in settings_errors(error)))
        return 2
    try:
        return asyncio.run(command(settings, args))
    except REFUSALS as error:  # a start-up refusal is one line, never a traceback
        sys.stderr.write(f"plbot {args.verb}: {one_line(error)}\n")
        return 1


def main() -> None:
    """Console-script entry point."""
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
