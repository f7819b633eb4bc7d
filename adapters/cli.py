"""``plbot``: the composition root. The only place that wires store, handler, senders and scheduler."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters import privacy_cli
from adapters.console.app import ConsoleSession, ConsoleState
from adapters.console.render import ButtonBoard
from adapters.console.sender import ConsoleSender
from adapters.http import build_app
from adapters.logs import configure_logging
from adapters.shutdown import drain_server, drain_worker, stop_requested
from adapters.slack import manifest as slack_manifest
from adapters.slack import wiring as slack_wiring
from adapters.teams import manifest as teams_manifest
from adapters.teams import wiring as teams_wiring
from adapters.teams.refs import ConversationRefs
from adapters.web import commands as web_commands
from adapters.web import wiring as web_wiring
from adapters.wiring import Wiring
from bot.config import Settings
from bot.domain.orgfile import OrgFileError, parse_org_file
from bot.handler import Handler
from bot.ports import Clock, Sender
from bot.privacy import GuardRules
from bot.services.guard_rules import load_guard_rules
from bot.store.audit_verify import verify_chain
from bot.store.db import is_sqlite, make_engine, new_revision, upgrade
from bot.store.erasure import erase_person
from bot.store.org_import import ImportSummary, import_org
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import SystemClock
from scheduler.lock import SchedulerAlreadyRunning
from scheduler.outbox import Deliverer
from scheduler.runner import Ticker
from scheduler.service import hold_scheduler_lock, make_planner, next_monday, preview_digest, simulation_report
from scheduler.simulate import simulate_org

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
            everyone = await uow.people.all(org.id)
            print(f"  {len(everyone)} people")
            missing = await ConversationRefs(runtime.engine).unreachable(everyone)
            if missing:
                names = ", ".join(p.display_name for p in missing)
                print(f"  Not reachable on Teams yet (install the app for them): {names}")
    finally:
        await runtime.close()
    return 0


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """Every configured secret, so the log redaction filter can mask it wherever it appears."""
    values = [settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token]
    values += [settings.teams_client_secret, settings.secret_key]
    return tuple(v.get_secret_value() for v in values if v.get_secret_value())


def install_platforms(app: web.Application, runtime: Runtime) -> None:
    """Mount each configured platform on the server and register its outbox sender."""
    wiring = Wiring(runtime.settings, runtime.handler, runtime.uow_factory, runtime.clock)
    for name, install in (("slack", slack_wiring.install), ("teams", teams_wiring.install)):
        sender = install(app, wiring)
        if sender is not None:
            runtime.deliverer.senders[name] = sender
    runtime.deliverer.senders.update(web_wiring.install(app, wiring))  # the web: dashboard, playground, intranet


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
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    runtime = await open_runtime(settings, clock=web_wiring.playground_clock(settings, SystemClock()))
    await ensure_org(runtime)
    planner = make_planner(runtime.uow_factory, runtime.clock, runtime.deliverer.senders) if scheduler else None
    ticker = Ticker(runtime.deliverer, planner=planner)
    runtime.handler.on_enqueued = ticker.wake
    if scheduler and not _scheduler_lock_or_explain(settings):
        await runtime.close()
        return 1
    app = build_app(handler=runtime.handler, uow_factory=runtime.uow_factory, deliverer=runtime.deliverer)
    install_platforms(app, runtime)
    stop = stop_requested()  # SIGTERM or SIGINT: drain (adapters/shutdown.py), then exit 0
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=settings.drain_seconds)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    if scheduler:
        ticker.start()
    log.info("listening on http://%s:%s", settings.host, settings.port)
    try:
        await stop.wait()
    finally:
        await drain_server(app, runner, ticker if scheduler else None, settings.drain_seconds)
        await runtime.close()
    return 0


def _scheduler_lock_or_explain(settings: Settings) -> bool:
    """Hold the one-scheduler lock (SQLite); print why not and return False when another holds it."""
    try:
        hold_scheduler_lock(settings.database_url)
    except SchedulerAlreadyRunning as error:
        print(error, file=sys.stderr)
        return False
    return True


async def cmd_worker(settings: Settings) -> int:
    """``plbot worker``: the scheduler alone (planner and deliverer), for a split web/worker deployment."""
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    runtime = await open_runtime(settings)
    await ensure_org(runtime)
    app = build_app(handler=runtime.handler, uow_factory=runtime.uow_factory, deliverer=runtime.deliverer)
    install_platforms(app, runtime)  # only for the senders: nothing is served by a worker
    if not _scheduler_lock_or_explain(settings):
        await runtime.close()
        return 1
    planner = make_planner(runtime.uow_factory, runtime.clock, runtime.deliverer.senders)
    ticker = Ticker(runtime.deliverer, planner=planner)
    stop = stop_requested()
    ticker.start()
    log.info("scheduler running", extra={"count": len(runtime.deliverer.senders)})
    try:
        await stop.wait()
    finally:
        await drain_worker(ticker, settings.drain_seconds)
        await runtime.close()
    return 0


async def cmd_simulate(settings: Settings, args: argparse.Namespace) -> int:
    """``plbot simulate --weeks N [--org FILE] [--json]``: the organisation's nudges on a fake clock."""
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
    nudges = await simulate_org(org_text, first, args.weeks, args.platform)
    print("\n".join(simulation_report(nudges, as_json=args.json)))
    return 0


async def cmd_nudges(settings: Settings, args: argparse.Namespace) -> int:
    """The nudge verbs: ``worker``, ``simulate``, ``digest preview``."""
    if args.verb == "worker":
        return await cmd_worker(settings)
    if args.verb == "simulate":
        return await cmd_simulate(settings, args)
    return await cmd_digest_preview(settings, args.channel)


async def cmd_digest_preview(settings: Settings, channel: str) -> int:
    """``plbot digest preview CHANNEL``: the digest a channel would get now."""
    runtime = await open_runtime(settings)
    try:
        await ensure_org(runtime)
        code, out = await preview_digest(runtime.uow_factory, runtime.clock, channel)
    finally:
        await runtime.close()
    print(out, file=sys.stdout if code == 0 else sys.stderr)
    return code


async def cmd_report_locality(settings: Settings, name: str, start: str, end: str, fmt: str) -> int:
    """``plbot report locality NAME --from DATE --to DATE [--format html|csv|md]``."""
    runtime = await open_runtime(settings)
    try:
        code, out = await web_commands.locality_report(
            runtime.uow_factory, runtime.clock, timezone=settings.timezone, name=name, start=start, end=end, fmt=fmt
        )
    finally:
        await runtime.close()
    print(out, end="" if out.endswith("\n") else "\n", file=sys.stdout if code == 0 else sys.stderr)
    return code


async def cmd_publish(settings: Settings, out: str) -> int:
    """``plbot publish --out DIR``: the static export of the published stories."""
    runtime = await open_runtime(settings)
    try:
        code, message = await web_commands.publish_site(runtime.uow_factory, runtime.clock, settings.public_url, out)
    finally:
        await runtime.close()
    print(message)
    return code


async def _database_guard_rules(settings: Settings) -> GuardRules | None:
    """The guard rules of the organisation in the database, if there is one."""
    database_file = Path(settings.database_url.split("///")[-1])
    if is_sqlite(settings.database_url) and not await asyncio.to_thread(database_file.exists):
        return None
    runtime = await open_runtime(settings)
    try:
        async with runtime.uow_factory() as uow:
            org = await uow.orgs.first()
            return await load_guard_rules(uow, org) if org else None
    finally:
        await runtime.close()


async def cmd_privacy_check(settings: Settings, org_file: Path | None) -> int:
    """``plbot privacy check [--org FILE]``: lines or JSONL on stdin → one JSON result per line on stdout.

    Bad input (an unreadable or invalid organisation file, a line that is not JSON in JSON Lines
    input) is one line on standard error and exit code 2.
    """
    try:
        rules = privacy_cli.rules_from_org_file(org_file) if org_file else await _database_guard_rules(settings)
        for result in privacy_cli.check_lines(sys.stdin, rules):
            print(result)
    except privacy_cli.PrivacyInputError as error:
        print(f"plbot privacy check: {error}", file=sys.stderr)
        return 2
    return 0


async def cmd_audit_verify(settings: Settings) -> int:
    """``plbot audit verify``: check the audit log's hash chain."""
    runtime = await open_runtime(settings)
    try:
        async with runtime.uow_factory() as uow:
            entries = await uow.audit.entries()
    finally:
        await runtime.close()
    problems = verify_chain(entries)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(entries)} audit entries checked: " + ("the chain is intact." if not problems else "BROKEN."))
    return 1 if problems else 0


async def cmd_erase(settings: Settings, handle: str) -> int:
    """``plbot erase PERSON``: erase a person (by handle) and print what was done."""
    runtime = await open_runtime(settings)
    try:
        async with runtime.uow_factory() as uow:
            org = await uow.orgs.first()
            person = await uow.people.by_handle(org.id, handle.lstrip("@")) if org else None
            if person is None:
                print(f"There is no person with handle {handle!r}.", file=sys.stderr)
                return 2
            report = await erase_person(uow, person, runtime.clock.now())
            await uow.commit()
        # the deletions of posted copies wait in the outbox for `plbot serve` or `plbot worker` to send
    finally:
        await runtime.close()
    print("\n".join(report.lines()))
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
    report = verbs.add_parser("report", help="reports for County PL meetings")
    report_verbs = report.add_subparsers(dest="report_verb", required=True)
    locality = report_verbs.add_parser("locality", help="a locality's review: counts, trends, highlights, gaps")
    locality.add_argument("name", help="the locality's name or slug")
    locality.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    locality.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    locality.add_argument("--format", dest="fmt", choices=("html", "csv", "md"), default="md")
    publish = verbs.add_parser("publish", help="write the static intranet export of the published stories")
    publish.add_argument("--out", required=True, help="the folder to write (stale story pages are removed)")
    manifest = verbs.add_parser("manifest", help="write a platform's app manifest")
    manifest_verbs = manifest.add_subparsers(dest="manifest_verb", required=True)
    slack_manifest = manifest_verbs.add_parser("slack", help="write adapters/slack/slack_manifest.json")
    slack_manifest.add_argument("--socket-mode", action="store_true", help="no request URLs (Socket Mode)")
    teams_manifest = manifest_verbs.add_parser("teams", help="write manifest.json")
    teams_manifest.add_argument("--zip", action="store_true", help="also build the uploadable app package")
    privacy = verbs.add_parser("privacy", help="the identifier guard")
    privacy_check = privacy.add_subparsers(dest="privacy_verb", required=True).add_parser(
        "check", help="read lines or JSONL on stdin, print one JSON result per line"
    )
    privacy_check.add_argument(
        "--org", type=Path, default=None, help="apply this organisation file's rules (default: the database's)"
    )
    audit = verbs.add_parser("audit", help="the audit log")
    audit.add_subparsers(dest="audit_verb", required=True).add_parser("verify", help="check the hash chain")
    verbs.add_parser("worker", help="run the scheduler alone (planner and deliverer)")
    simulate = verbs.add_parser("simulate", help="run the organisation's nudges on a fake clock and print them")
    simulate.add_argument("--weeks", type=int, default=4, help="how many weeks to simulate")
    simulate.add_argument("--org", default="", help="the organisation file (default: PLBOT_ORG_FILE)")
    simulate.add_argument("--json", action="store_true", help="one JSON object per line")
    simulate.add_argument("--start", default="", help="first day, YYYY-MM-DD (default: next Monday)")
    simulate.add_argument("--platform", default="console", help="where the nudges go (console names channels by slug)")
    digest = verbs.add_parser("digest", help="the weekly digest")
    digest.add_subparsers(dest="digest_verb", required=True).add_parser(
        "preview", help="print the digest a channel would get now"
    ).add_argument("channel", help="a channel id, or a team's or locality's slug")
    erase = verbs.add_parser("erase", help="erase a person and what names them")
    erase.add_argument("person", help="their handle")
    return root


def run(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0912 - one branch per verb
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
    if args.verb == "report":
        return asyncio.run(cmd_report_locality(settings, args.name, args.start, args.end, args.fmt))
    if args.verb == "publish":
        return asyncio.run(cmd_publish(settings, args.out))
    if args.verb == "manifest" and args.manifest_verb == "slack":
        return slack_manifest.main_manifest(settings.public_url, socket_mode=args.socket_mode)
    if args.verb == "manifest":
        return teams_manifest.main_manifest(args.zip)
    if args.verb == "privacy":
        return asyncio.run(cmd_privacy_check(settings, args.org))
    if args.verb == "audit":
        return asyncio.run(cmd_audit_verify(settings))
    if args.verb in {"worker", "simulate", "digest"}:
        return asyncio.run(cmd_nudges(settings, args))
    if args.verb == "erase":
        return asyncio.run(cmd_erase(settings, args.person))
    if args.verb == "org" and args.org_verb == "import":
        return asyncio.run(cmd_org_import(settings, args.file))
    return asyncio.run(cmd_org_show(settings))


def main() -> None:
    """Console-script entry point."""
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
