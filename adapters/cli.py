"""``plbot``: the command line. Each verb lives in its own module under :mod:`adapters.verbs`.

The runtime every verb uses is built by the composition root, :mod:`adapters.bootstrap`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from adapters.startup import StartupRefused, one_line
from adapters.verbs import (
    Command,
    audit,
    config,
    console,
    db,
    digest,
    erase,
    manifest,
    org,
    privacy,
    publish,
    report,
    serve,
    simulate,
    worker,
)
from bot.config import Settings, settings_errors
from bot.domain.orgfile import OrgFileError
from bot.store.errors import StoreError

VERBS = (serve, console, config, db, org, report, publish, manifest, privacy, audit, worker, simulate, digest, erase)
"""The verbs in the order ``plbot --help`` lists them."""


REFUSALS = (StartupRefused, OrgFileError, StoreError, SQLAlchemyError, OSError)
"""What stops a verb before it can do its work: bad settings met at start, a database that cannot be
reached, an address already in use, an invalid organisation file."""


def parser() -> argparse.ArgumentParser:
    """The command line: one sub-command per verb module."""
    root = argparse.ArgumentParser(prog="plbot", description="Practice Leader Bot")
    verbs = root.add_subparsers(dest="verb", required=True)
    for verb in VERBS:
        verb.add_parser(verbs)
    return root


def run(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run a verb; returns the exit code."""
    args = parser().parse_args(argv)
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
