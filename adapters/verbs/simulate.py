"""``plbot simulate --weeks N [--org FILE] [--json]``: the organisation's nudges on a fake clock."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.calendar_source import IcsCalendars
from adapters.verbs import Verbs
from bot.config import Settings
from bot.domain.orgfile import OrgFileError, parse_org_file
from scheduler.clock import SystemClock
from scheduler.service import next_monday, simulation_report
from scheduler.simulate import simulate_org, summary


def add_parser(verbs: Verbs) -> None:
    """Declare ``simulate``."""
    simulate = verbs.add_parser("simulate", help="run the organisation's nudges on a fake clock and print them")
    simulate.add_argument("--weeks", type=int, default=4, help="how many weeks to simulate")
    simulate.add_argument("--org", default="", help="the organisation file (default: PLBOT_ORG_FILE)")
    simulate.add_argument("--json", action="store_true", help="one JSON object per line")
    simulate.add_argument("--summary", action="store_true", help="only the figures, in one paragraph (as the README)")
    simulate.add_argument("--start", default="", help="first day, YYYY-MM-DD (default: next Monday)")
    simulate.add_argument("--platform", default="console", help="where the nudges go (console names channels by slug)")
    simulate.add_argument(
        "--rotation", action="store_true", help="every team takes turns bringing the Signs of Safety item"
    )
    simulate.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Print every nudge the organisation would get, then the totals (exit 2 for a bad file)."""
    path = Path(args.org or settings.org_file)
    try:
        org_text = await asyncio.to_thread(path.read_text, encoding="utf-8")
        spec = parse_org_file(org_text)
    except (OSError, OrgFileError) as error:
        print(f"Cannot simulate {path}: {error}", file=sys.stderr)
        return 2
    zone = spec.organisation.timezone
    first = next_monday(SystemClock().now(), zone)
    if args.start:
        first = datetime.fromisoformat(args.start).replace(tzinfo=ZoneInfo(zone))
    nudges = await simulate_org(
        org_text, first, args.weeks, args.platform, calendars=IcsCalendars(), rotation=args.rotation
    )
    if args.summary:
        print(summary(nudges, args.weeks, f"{first:%-d %B %Y}"))
        return 0
    print("\n".join(simulation_report(nudges, as_json=args.json)))
    return 0
