"""``plbot erase PERSON``: erase a person (by handle) and what names them; print what was done."""

from __future__ import annotations

import argparse
import sys

from adapters.bootstrap import running
from adapters.verbs import Verbs
from bot.config import Settings
from bot.store.erasure import erase_person


def add_parser(verbs: Verbs) -> None:
    """Declare ``erase``."""
    erase = verbs.add_parser("erase", help="erase a person and what names them")
    erase.add_argument("person", help="their handle")
    erase.set_defaults(command=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Erase ``PERSON`` in one transaction (exit 2 when there is no such person).

    The deletions of posted copies wait in the outbox for ``plbot serve`` or ``plbot worker`` to send.
    """
    handle: str = args.person
    async with running(settings) as runtime, runtime.uow_factory() as uow:
        org = await uow.orgs.first()
        person = await uow.people.by_handle(org.id, handle.lstrip("@")) if org else None
        if person is None:
            print(f"There is no person with handle {handle!r}.", file=sys.stderr)
            return 2
        report = await erase_person(uow, person, runtime.clock.now())
        await uow.commit()
    print("\n".join(report.lines()))
    return 0
