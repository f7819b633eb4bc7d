"""``plbot console``: chat with the bot in this terminal (or pipe lines in)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from adapters.bootstrap import ensure_org, running
from adapters.console.app import ConsoleSession, ConsoleState
from adapters.console.render import ButtonBoard
from adapters.console.sender import ConsoleSender
from adapters.logs import configure_logging
from adapters.verbs import Verbs
from bot.config import Settings


def add_parser(verbs: Verbs) -> None:
    """Declare ``console``."""
    console = verbs.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument("--as", dest="persona", default="ali.hassan", help="the person you act as (a handle)")
    console.add_argument("--channel", default="dereham-fs", help="the team or locality channel (a slug)")
    console.set_defaults(command=run)


def _read(interactive: bool) -> Callable[[str], str]:
    def read(prompt: str) -> str:
        if interactive:
            return input(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        print(f"{prompt}{line.rstrip()}")
        return line.rstrip("\n")

    return read


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run a console session as ``--as`` in ``--channel`` until end of input."""
    configure_logging("WARNING")
    async with running(settings) as runtime:
        await ensure_org(runtime)
        board = ButtonBoard()
        runtime.deliverer.senders["console"] = ConsoleSender(runtime.uow_factory, board, print)
        session = ConsoleSession(
            handler=runtime.handler,
            deliverer=runtime.deliverer,
            uow_factory=runtime.uow_factory,
            clock=runtime.clock,
            board=board,
            state=ConsoleState(args.persona, args.channel),
            read=_read(sys.stdin.isatty()),
            write=print,
        )
        await session.run()
    return 0
