"""SQL statements and commits per Teams turn, counted with SQLAlchemy event listeners (issue 15).

Runs the real server (``adapters.http.build_app`` with the Teams adapter in anonymous mode, the
durable inbox and its worker) in this process on a temporary SQLite database with the demo
organisation, sends personal messages one at a time (each in its own 1:1 chat, as
``bench/teams_turn.py`` does, after a warm-up that welcomes every demo person), waits for each reply
at a fake Bot Connector, and prints what one message costs the database: statements by kind,
transactions (commits and rollbacks) and connection checkouts. Its baseline is the least a durable
turn can do: one insert into the inbox and one transaction that answers and deletes it.

Usage: ``.venv/bin/python bench/turn_statements.py [--messages 50] [--verbose]``
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from sqlalchemy import event  # noqa: E402

from adapters.http import build_app  # noqa: E402
from adapters.logs import configure_logging  # noqa: E402
from adapters.teams.wiring import TeamsOptions, mount  # noqa: E402
from adapters.wiring import Wiring  # noqa: E402
from bench.teams_turn import PEOPLE, FakeConnector, activity  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.orgfile import parse_org_file  # noqa: E402
from bot.handler import Handler  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.store.org_import import import_org  # noqa: E402
from bot.store.uow import UnitOfWorkFactory  # noqa: E402
from scheduler.clock import SystemClock  # noqa: E402
from scheduler.outbox import Deliverer  # noqa: E402

BASELINE = {"statements": 3, "transactions": 2}
"""The least for a durable turn: insert the inbox row (one transaction); then one transaction that
deletes it (the turn's own reads and writes come on top: at least a de-duplication mark)."""


class Counter:
    """Counts statements (by their first words and table), transactions and checkouts."""

    def __init__(self) -> None:
        self.statements: collections.Counter[str] = collections.Counter()
        self.commits = 0
        self.rollbacks = 0
        self.checkouts = 0
        self.connects = 0
        self.on = False

    def attach(self, engine: Any) -> None:
        sync = engine.sync_engine

        @event.listens_for(sync, "before_cursor_execute")
        def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if self.on:
                self.statements[kind(statement)] += 1

        @event.listens_for(sync, "commit")
        def _commit(_conn: Any) -> None:
            self.commits += self.on

        @event.listens_for(sync, "rollback")
        def _rollback(_conn: Any) -> None:
            self.rollbacks += self.on

        @event.listens_for(sync.pool, "checkout")
        def _checkout(*_args: Any) -> None:
            self.checkouts += self.on

        @event.listens_for(sync.pool, "connect")
        def _connect(*_args: Any) -> None:
            self.connects += self.on


def kind(statement: str) -> str:
    """``SELECT people``, ``INSERT inbox``…: the verb and the first table named."""
    words = statement.split()
    verb = words[0].upper() if words else "?"
    table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", statement, re.IGNORECASE)
    return f"{verb} {table.group(1) if table else ''}".strip()


async def run(messages: int, verbose: bool, concurrency: int, database_url: str) -> int:
    configure_logging("WARNING")
    fake = await FakeConnector().start()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await upgrade(engine)
        uow_factory, clock = UnitOfWorkFactory(engine), SystemClock()
        spec = parse_org_file((ROOT / "examples" / "demo-org.yaml").read_text(encoding="utf-8"))
        async with uow_factory() as uow:
            await import_org(uow, spec, clock.now())
            await uow.commit()
        handler = Handler(uow_factory, clock)
        app = build_app(handler=handler, uow_factory=uow_factory, deliverer=Deliverer(uow_factory, clock, {}))
        settings = Settings(_env_file=None, PLBOT_HOST="127.0.0.1")  # type: ignore[call-arg]
        mount(app, Wiring(settings, handler, uow_factory, clock), TeamsOptions(anonymous=True))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
        counter = Counter()
        counter.attach(engine)
        async with aiohttp.ClientSession() as session:

            async def send(tag: str, n: int) -> None:
                body = activity(fake.url, tag, n)
                arrival = fake.expect(body["id"])
                async with session.post(url, json=body) as response:
                    assert response.status < 300, response.status
                await asyncio.wait_for(arrival, 30)

            for n in range(len(PEOPLE)):  # every demo person welcomed: later messages are ordinary
                await send("warm", n)
            await asyncio.sleep(0.2)
            counter.on = True
            semaphore = asyncio.Semaphore(concurrency)

            async def one(n: int) -> None:
                async with semaphore:
                    await send("m", n)

            await asyncio.gather(*(one(n) for n in range(messages)))
            await asyncio.sleep(0.2)
            counter.on = False
        await runner.cleanup()
        await engine.dispose()
    await fake.close()
    total = sum(counter.statements.values())
    transactions = counter.commits + counter.rollbacks
    print(
        f"per personal message (a free sentence in its own 1:1 chat), over {messages} messages "
        f"{concurrency} at a time, {engine.dialect.name}:"
    )
    print(
        f"{'':<14}{'statements':>12}{'transactions':>14}{'commits':>9}{'rollbacks':>10}{'checkouts':>10}"
        f"{'new connections':>17}"
    )
    print(
        f"{'plbot':<14}{total / messages:>12.1f}{transactions / messages:>14.1f}{counter.commits / messages:>9.1f}"
        f"{counter.rollbacks / messages:>10.1f}{counter.checkouts / messages:>10.1f}"
        f"{counter.connects / messages:>17.2f}"
    )
    print(f"{'least durable':<14}{BASELINE['statements']:>12}{BASELINE['transactions']:>14}")
    print(
        f"ratio: statements {total / messages / BASELINE['statements']:.1f}x, "
        f"transactions {transactions / messages / BASELINE['transactions']:.1f}x"
    )
    if verbose:
        for statement, count in counter.statements.most_common():
            print(f"  {count / messages:6.2f}  {statement}")
    return 0


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=1, help="messages in flight at once")
    parser.add_argument("--verbose", action="store_true", help="list the statements by kind")
    parser.add_argument("--database-url", default="", help="an empty database (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    sys.exit(asyncio.run(run(args.messages, args.verbose, args.concurrency, args.database_url)))


if __name__ == "__main__":
    main()
