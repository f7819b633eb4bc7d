"""``plbot publish --out DIR``: the static export of the published stories, for an intranet to host."""

from __future__ import annotations

import argparse
from pathlib import Path

from adapters.bootstrap import running
from adapters.html.exports import EXPORT_PREFIX, export_site
from adapters.html.templating import make_environment
from adapters.verbs import Verbs
from bot.config import Settings
from bot.domain.signin import public_base
from bot.texts.plural import plural


def add_parser(verbs: Verbs) -> None:
    """Declare ``publish``."""
    publish = verbs.add_parser("publish", help="write the static intranet export of the published stories")
    publish.add_argument("--out", required=True, help="the folder to write (stale story pages are removed)")
    publish.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Write the export to ``--out``; the feed's links are built on ``PLBOT_PUBLIC_URL``."""
    base_url = public_base(settings.public_url)
    async with running(settings) as runtime:
        written = await export_site(
            make_environment(), runtime.uow_factory, Path(args.out), runtime.clock.now(), base_url
        )
    stories = sum(1 for path in written if path.name.startswith(EXPORT_PREFIX))
    files, published = plural(len(written), "file", "files"), plural(stories, "published story", "published stories")
    print(f"Wrote {files} to {args.out} ({published}).")
    return 0
