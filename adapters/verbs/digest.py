"""``plbot digest preview CHANNEL``: the digest a channel would get now."""

from __future__ import annotations

import argparse
import sys

from adapters.bootstrap import ensure_org, running
from adapters.verbs import Verbs
from bot.config import Settings
from scheduler.service import preview_digest


def add_parser(verbs: Verbs) -> None:
    """Declare ``digest preview``."""
    digest = verbs.add_parser("digest", help="the weekly digest")
    preview = digest.add_subparsers(dest="digest_verb", required=True).add_parser(
        "preview", help="print the digest a channel would get now"
    )
    preview.add_argument("channel", help="a channel id, or a team's or locality's slug")
    preview.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest (exit 0), or why there is none for that channel (exit 2)."""
    async with running(settings) as runtime:
        await ensure_org(runtime)
        code, out = await preview_digest(runtime.uow_factory, runtime.clock, args.channel, runtime.calendars)
    print(out, file=sys.stdout if code == 0 else sys.stderr)
    return code
