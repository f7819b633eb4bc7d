"""``plbot audit verify``: check the audit log's hash chain."""

from __future__ import annotations

import argparse
import sys

from adapters.bootstrap import running
from adapters.verbs import Verbs
from bot.config import Settings
from bot.store.audit_verify import verify_chain


def add_parser(verbs: Verbs) -> None:
    """Declare ``audit verify``."""
    audit = verbs.add_parser("audit", help="the audit log")
    audit.add_subparsers(dest="audit_verb", required=True).add_parser(
        "verify", help="check the hash chain"
    ).set_defaults(command=run)


async def run(settings: Settings, _args: argparse.Namespace) -> int:
    """Print each break in the chain; exit 1 when there is one."""
    async with running(settings) as runtime, runtime.uow_factory() as uow:
        entries = await uow.audit.entries()
    problems = verify_chain(entries)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(entries)} audit entries checked: " + ("the chain is intact." if not problems else "BROKEN."))
    return 1 if problems else 0
