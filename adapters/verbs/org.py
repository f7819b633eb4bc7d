"""``plbot org import FILE`` and ``plbot org show``."""

from __future__ import annotations

import argparse
import sys

from adapters.bootstrap import load_org_file, running
from adapters.teams.refs import ConversationRefs
from adapters.verbs import Verbs
from bot.config import Settings
from bot.domain.orgfile import OrgFileError
from bot.texts.plural import plural


def add_parser(verbs: Verbs) -> None:
    """Declare ``org import`` and ``org show``."""
    org = verbs.add_parser("org", help="the organisation")
    org_verbs = org.add_subparsers(dest="org_verb", required=True)
    load = org_verbs.add_parser("import", help="load an organisation file")
    load.add_argument("file")
    load.set_defaults(command=import_file)
    org_verbs.add_parser("show", help="show the organisation").set_defaults(command=show)


async def import_file(settings: Settings, args: argparse.Namespace) -> int:
    """``plbot org import FILE``: validate and load it in one transaction (nothing on a problem)."""
    path = args.file
    async with running(settings) as runtime:
        try:
            summary = await load_org_file(runtime, path)
        except OrgFileError as error:
            print(f"{path} is not valid; nothing was imported:", file=sys.stderr)
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)
            return 2
        except FileNotFoundError:
            print(f"There is no file {path}.", file=sys.stderr)
            return 2
    counts = (
        plural(summary.localities, "locality", "localities"),
        plural(summary.teams, "team", "teams"),
        plural(summary.people, "person", "people"),
        plural(summary.meetings, "meeting", "meetings"),
    )
    print(f"Imported {summary.organisation}: {', '.join(counts)}.")
    return 0


async def show(settings: Settings, _args: argparse.Namespace) -> int:
    """``plbot org show``: localities, teams, their practice leaders, and who Teams cannot reach yet."""
    async with running(settings) as runtime, runtime.uow_factory() as uow:
        org = await uow.orgs.first()
        if org is None:
            print("No organisation yet: run `plbot org import FILE`.")
            return 1
        print(org.name)
        for locality in await uow.orgs.localities():
            pls = await uow.people.with_role("practice_leader", locality_id=locality.id)
            print(f"  {locality.name} [{locality.slug}]  PL group: {', '.join(p.display_name for p in pls) or '-'}")
            for team in locality.teams:
                leaders = await uow.people.with_role("practice_leader", team_id=team.id)
                names = ", ".join(p.display_name for p in leaders) or "-"
                print(f"    {team.name} [{team.slug}]  PL: {names}")
        everyone = await uow.people.all(org.id)
        print(f"  {len(everyone)} people")
        missing = await ConversationRefs(runtime.engine).unreachable(everyone)
        if missing:
            names = ", ".join(p.display_name for p in missing)
            print(f"  Not reachable on Teams yet (install the app for them): {names}")
    return 0
