"""``plbot``: the composition root. The only place that wires store, handler, senders and scheduler."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.console.app import ConsoleSession, ConsoleState
from adapters.console.render import ButtonBoard
from adapters.console.sender import ConsoleSender
from adapters.http import build_app
from adapters.logs import configure_logging
from adapters.slack import wiring as slack_wiring
from adapters.teams import wiring as teams_wiring
from adapters.wiring import Wiring
from bot.config import Settings
from bot.domain.orgfile import OrgFileError, parse_org_file
from bot.handler import Handler
from bot.ports import Clock, Sender
from bot.store.db import make_engine, new_revision, upgrade
from bot.store.org_import import ImportSummary, import_org
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import SystemClock
from scheduler.outbox import Deliverer
from scheduler.runner import Ticker

log = logging.getLogger("plbot")


@dataclass
class Runtime:
    """The wired core: store, handler and deliverer."""

    settings: Settings
    engine: AsyncEngine
    uow_factory: UnitOfWorkFactory
    clock: Clock
    handler: Handler
    deliverer: Deliverer

    async def close(self) -> None:
        """Release the database."""
        await self.engine.dispose()


async def open_runtime(
    settings: Settings, clock: Clock | None = None, senders: dict[str, Sender] | None = None
) -> Runtime:
    """Connect, migrate, and build the handler and deliverer."""
    engine = make_engine(settings.database_url)
    await upgrade(engine)
    uow_factory = UnitOfWorkFactory(engine)
    clock = clock or SystemClock()
    deliverer = Deliverer(uow_factory, clock, senders or {})
    handler = Handler(uow_factory, clock)
    return Runtime(settings, engine, uow_factory, clock, handler, deliverer)


async def load_org_file(runtime: Runtime, path: str) -> ImportSummary:
    """Validate and import an organisation file in one transaction."""
    spec = parse_org_file(await asyncio.to_thread(Path(path).read_text, encoding="utf-8"))
    async with runtime.uow_factory() as uow:
        summary = await import_org(uow, spec, runtime.clock.now())
        await uow.commit()
    return summary


async def ensure_org(runtime: Runtime) -> None:
    """Load the configured organisation file on first run, when the database has none."""
    async with runtime.uow_factory() as uow:
        existing = await uow.orgs.first()
    if existing is None and await asyncio.to_thread(Path(runtime.settings.org_file).exists):
        summary = await load_org_file(runtime, runtime.settings.org_file)
        log.info("loaded organisation %s", summary.organisation, extra={"count": summary.people})


# --- verbs -------------------------------------------------------------------------------------


async def cmd_db_upgrade(settings: Settings) -> int:
    """``plbot db upgrade``."""
    runtime = await open_runtime(settings)
    await runtime.close()
    print("Database is up to date.")
    return 0


async def cmd_db_revision(message: str, rev_id: str | None) -> int:
    """``plbot db revision MESSAGE``: autogenerate a migration against a scratch SQLite database."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite+aiosqlite:///{scratch}/scratch.db")
        await new_revision(engine, message, rev_id)
        await engine.dispose()
    print("Review the new file under bot/store/migrations/versions/ (portable types, no UTCDateTime).")
    return 0


async def cmd_org_import(settings: Settings, path: str) -> int:
    """``plbot org import FILE``."""
    runtime = await open_runtime(settings)
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
    finally:
        await runtime.close()
    print(
        f"Imported {summary.organisation}: {summary.localities} localities, {summary.teams} teams, "
        f"{summary.people} people, {summary.meetings} meetings."
    )
    return 0


async def cmd_org_show(settings: Settings) -> int:
    """``plbot org show``."""
    runtime = await open_runtime(settings)
    try:
        async with runtime.uow_factory() as uow:
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
            print(f"  {len(await uow.people.all(org.id))} people")
    finally:
        await runtime.close()
    return 0


def install_platforms(app: web.Application, runtime: Runtime) -> None:
    """Mount each configured platform on the server and register its outbox sender."""
    wiring = Wiring(runtime.settings, runtime.handler, runtime.uow_factory, runtime.clock)
    for name, install in (("slack", slack_wiring.install), ("teams", teams_wiring.install)):
        sender = install(app, wiring)
        if sender is not None:
            runtime.deliverer.senders[name] = sender


def _console_senders(runtime: Runtime, board: ButtonBoard) -> None:
    runtime.deliverer.senders["console"] = ConsoleSender(runtime.uow_factory, board, print)


async def cmd_console(settings: Settings, persona: str, channel: str) -> int:
    """``plbot console``."""
    configure_logging("WARNING")
    runtime = await open_runtime(settings)
    try:
        await ensure_org(runtime)
        board = ButtonBoard()
        _console_senders(runtime, board)
        interactive = sys.stdin.isatty()

        def read(prompt: str) -> str:
            if interactive:
                return input(prompt)
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            print(f"{prompt}{line.rstrip()}")
            return line.rstrip("\n")

        session = ConsoleSession(
            handler=runtime.handler,
            deliverer=runtime.deliverer,
            uow_factory=runtime.uow_factory,
            clock=runtime.clock,
            board=board,
            state=ConsoleState(persona, channel),
            read=read,
            write=print,
        )
        await session.run()
    finally:
        await runtime.close()
    return 0


async def cmd_serve(settings: Settings, *, scheduler: bool) -> int:
    """``plbot serve``: the HTTP server (and the scheduler unless ``--no-scheduler``)."""
    configure_logging(settings.log_level)
    runtime = await open_runtime(settings)
    await ensure_org(runtime)
    ticker = Ticker(runtime.deliverer)
    runtime.handler.on_enqueued = ticker.wake
    app = build_app(handler=runtime.handler, uow_factory=runtime.uow_factory, deliverer=runtime.deliverer)
    install_platforms(app, runtime)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    if scheduler:
        ticker.start()
    log.info("listening on http://%s:%s", settings.host, settings.port)
    try:
        await asyncio.Event().wait()
    finally:
        ticker.stop()
        await runner.cleanup()
        await runtime.close()
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    root = argparse.ArgumentParser(prog="plbot", description="Practice Leader Bot")
    verbs = root.add_subparsers(dest="verb", required=True)
    serve = verbs.add_parser("serve", help="run the HTTP server (and the scheduler)")
    serve.add_argument("--no-scheduler", action="store_true", help="do not run the scheduler in this process")
    console = verbs.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument("--as", dest="persona", default="ali.hassan", help="the person you act as (a handle)")
    console.add_argument("--channel", default="dereham-fs", help="the team or locality channel (a slug)")
    db = verbs.add_parser("db", help="database maintenance")
    db_verbs = db.add_subparsers(dest="db_verb", required=True)
    db_verbs.add_parser("upgrade", help="apply migrations")
    revision = db_verbs.add_parser("revision", help="(development) write a migration for model changes")
    revision.add_argument("message")
    revision.add_argument("--rev-id", default=None)
    org = verbs.add_parser("org", help="the organisation")
    org_verbs = org.add_subparsers(dest="org_verb", required=True)
    org_verbs.add_parser("import", help="load an organisation file").add_argument("file")
    org_verbs.add_parser("show", help="show the organisation")
    return root


def run(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run a verb; returns the exit code."""
    args = parser().parse_args(argv)
    settings = Settings()
    if args.verb == "serve":
        return asyncio.run(cmd_serve(settings, scheduler=not args.no_scheduler))
    if args.verb == "console":
        return asyncio.run(cmd_console(settings, args.persona, args.channel))
    if args.verb == "db" and args.db_verb == "revision":
        return asyncio.run(cmd_db_revision(args.message, args.rev_id))
    if args.verb == "db":
        return asyncio.run(cmd_db_upgrade(settings))
    if args.verb == "org" and args.org_verb == "import":
        return asyncio.run(cmd_org_import(settings, args.file))
    return asyncio.run(cmd_org_show(settings))


def main() -> None:
    """Console-script entry point."""
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
