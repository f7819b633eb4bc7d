"""``plbot report locality NAME --from DATE --to DATE [--format html|csv|md]``: a review for County PL meetings."""

from __future__ import annotations

import argparse
import sys

from adapters.bootstrap import running
from adapters.html.exports import FORMATS, render_review
from adapters.html.templating import make_environment
from adapters.verbs import Verbs
from bot import texts
from bot.config import Settings
from bot.errors import UserError
from bot.services.review import parse_period, review_by_name


def add_parser(verbs: Verbs) -> None:
    """Declare ``report locality``."""
    report = verbs.add_parser("report", help="reports for County PL meetings")
    report_verbs = report.add_subparsers(dest="report_verb", required=True)
    locality = report_verbs.add_parser("locality", help="a locality's review: counts, trends, highlights, gaps")
    locality.add_argument("name", help="the locality's name or slug")
    locality.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    locality.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    locality.add_argument("--format", dest="fmt", choices=tuple(FORMATS), default="md")
    locality.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Print the review (exit 0), or what to fix on standard error (exit 2)."""
    code, out = await _report(settings, args)
    print(out, end="" if out.endswith("\n") else "\n", file=sys.stdout if code == 0 else sys.stderr)
    return code


async def _report(settings: Settings, args: argparse.Namespace) -> tuple[int, str]:
    period = parse_period(args.start, args.end)
    if period is None:
        return 2, texts.REPORT_BAD_DATES
    async with running(settings) as runtime, runtime.uow_factory() as uow:
        try:
            review = await review_by_name(uow, args.name, period, settings.timezone, runtime.clock.now())
        except UserError as error:
            return 2, str(error)
    return 0, render_review(make_environment(), review, FORMATS.get(args.fmt, "md"))
