"""Teams turns under a burst: ``plbot serve`` against a bare Agents SDK echo bot, in the same run (issue 15).

Starts, each as its own process on loopback:

- the baseline, ``bench/teams_echo.py``: an anonymous Microsoft 365 Agents SDK ``AgentApplication``
  that answers a message by posting ``echo: …`` to the Bot Connector;
- ``plbot serve`` in Teams anonymous loopback mode (``PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1``,
  ``PLBOT_HOST=127.0.0.1``) with the demo organisation, on SQLite in a temporary folder, then on a
  PostgreSQL bench database created for the run and dropped after it;

and, in this process, a fake Bot Connector (aiohttp) that every activity's ``serviceUrl`` names and
one load generator. Each message is a personal (1:1) message from one of the demo organisation's
people, each in **its own personal conversation** (so the 5-answers-per-conversation budget of
``bot/intents/chat.py`` never silences one), with a free sentence that plbot answers with "I didn't
catch that…" (the echo bot echoes it). A message's latency runs from the moment it is sent to the
arrival, at the fake connector, of the first reply whose ``replyToId`` is the message's id; a round's
throughput is its messages over the time from its first send to its last reply. Rounds of 200 and
600 messages at 50 concurrent alternate between the two servers (after a warm-up); the medians are
printed with the ratio ours/baseline. plbot's resident memory (RSS) after the run is printed too.

PostgreSQL: ``PLBOT_TEST_POSTGRES_URL`` (a server URL; a database ``plbot_bench_<pid>`` is created on it
and dropped), else ``postgresql+asyncpg://postgres@127.0.0.1:5432``. When it cannot be reached, that is
printed with the reason, and the PostgreSQL half is skipped.

Default (``make bench``): rounds of 200 messages, 2 rounds, both databases: 1–3 minutes on a 2-core
machine (more when it is busy). ``PLBOT_BENCH_LONG=1`` runs rounds of 200 and 600 messages, 3 rounds
each (about 10 minutes). ``--tenants N`` spreads the messages over N tenants (plbot keeps to 45 replies
a second in each, as Teams allows 50; the echo bot keeps to nothing). ``PLBOT_BENCH_PYSPY=PREFIX``
records a py-spy profile of plbot serve during the measured rounds (folded stacks, ``PREFIX-SQLite.txt``…).
The CPU time each server process used per message (from ``/proc``) is printed too: it varies less than
the latencies on a shared machine.

Usage: ``.venv/bin/python bench/teams_turn.py [--sizes 200] [--concurrency 50] [--rounds 2] [--db both]``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
DEMO_ORG = ROOT / "examples" / "demo-org.yaml"
TENANT = "8f6c1f4e-5b1a-4c7d-9e2f-0a1b2c3d4e5f"
BOT = {"id": "28:3c1d2f7a-9b8e-4d6c-a5f4-0e1d2c3b4a59", "name": "Practice Leader Bot"}
PEOPLE = [f"29:demo-{name}" for name in ("jo.baker", "ruth.adeyemi", "sam.okafor", "ali.hassan", "priya.shah")] + [
    f"29:demo-{name}"
    for name in (
        "tom.wright",
        "grace.mensah",
        "dan.fletcher",
        "hannah.lowe",
        "leo.marsh",
        "aisha.begum",
        "ben.carter",
        "chloe.evans",
        "femi.ade",
        "gemma.hart",
        "isaac.kerr",
        "jade.moss",
        "kiran.patel",
    )
]
TEXT = "what is happening in the team this week"
WARM_UP = 60
REPLY_DEADLINE = 120.0
TENANTS = [1]
"""How many tenants the messages are spread over (``--tenants``; plbot keeps to 45 replies a second each)."""
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789"  # noqa: S105  # made up, loopback only


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) process ``pid`` has used so far (0 where /proc has none)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def rss_mb(pid: int) -> tuple[float, float]:
    """The resident set size and its peak (VmHWM) of process ``pid``, in MB (0 where /proc has none)."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


class FakeConnector:
    """A Bot Connector on loopback: records when each reply arrives, by the ``replyToId`` it answers."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.waiters: dict[str, asyncio.Future[float]] = {}
        self.posts = 0
        self.url = ""
        self._runner: web.AppRunner | None = None
        self._ids = itertools.count(1)

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.read()
        now = time.perf_counter()
        self.posts += 1
        reply_to = str(json.loads(body).get("replyToId") or request.match_info.get("reply_to", ""))
        if reply_to and reply_to not in self.arrived:
            self.arrived[reply_to] = now
            waiter = self.waiters.pop(reply_to, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(now)
        return web.json_response({"id": f"reply-{next(self._ids)}"}, status=201)

    def expect(self, activity_id: str) -> asyncio.Future[float]:
        """A future resolved with the arrival time of the first reply to ``activity_id``."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if activity_id in self.arrived:
            future.set_result(self.arrived[activity_id])
        else:
            self.waiters[activity_id] = future
        return future

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{reply_to}", self._activity)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def tenant(n: int, tenants: int) -> str:
    """The tenant of message ``n`` when the messages are spread over ``tenants`` tenants."""
    k = n % max(1, tenants)
    return TENANT if k == 0 else f"{TENANT[:-3]}{k:03d}"


def activity(connector_url: str, tag: str, n: int, tenants: int = 1) -> dict[str, Any]:
    """Personal message ``n`` of a round: its own 1:1 conversation, from one of the demo people."""
    user = PEOPLE[n % len(PEOPLE)]
    tenant_id = tenant(n, tenants)
    return {
        "type": "message",
        "id": f"{tag}-{n}",
        "timestamp": "2026-12-03T10:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": connector_url,
        "from": {"id": user, "name": user.split("-", 1)[1].replace(".", " ").title()},
        "conversation": {"conversationType": "personal", "tenantId": tenant_id, "id": f"a:bench-{tag}-{n}"},
        "recipient": BOT,
        "channelData": {"tenant": {"id": tenant_id}},
        "text": TEXT,
        "textFormat": "plain",
        "locale": "en-GB",
    }


@dataclass
class Round:
    """One round's figures."""

    size: int
    rps: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int] = field(default_factory=dict)
    missing: int = 0


@dataclass
class Server:
    """A server under test, as a process."""

    name: str
    url: str
    process: asyncio.subprocess.Process
    log: Path

    async def ready(self, session: aiohttp.ClientSession, deadline: float = 60.0) -> float:
        """Wait for ``/healthz`` to answer 200; the seconds it took."""
        began = time.perf_counter()
        while True:
            if self.process.returncode is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        return time.perf_counter() - began
            if time.perf_counter() - began > deadline:
                raise RuntimeError(f"{self.name} not ready after {deadline} s:\n{self.log.read_text()[-3000:]}")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


async def spawn(name: str, args: list[str], env: dict[str, str], folder: Path, port: int) -> Server:
    """Start a process with its output in ``folder/name.log``."""
    log = folder / f"{name.split(maxsplit=1)[0]}.log"
    with log.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(*args, env=env, cwd=folder, stdout=sink, stderr=sink)
    return Server(name, f"http://127.0.0.1:{port}", process, log)


async def start_echo(folder: Path, session: aiohttp.ClientSession) -> Server:
    """The Agents SDK echo bot."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLBOT_", "CONNECTIONS__"))}
    server = await spawn(
        "Agents SDK echo bot",
        [sys.executable, str(ROOT / "bench" / "teams_echo.py"), "--port", str(port)],
        env,
        folder,
        port,
    )
    await server.ready(session)
    return server


async def start_plbot(folder: Path, database_url: str, session: aiohttp.ClientSession) -> Server:
    """``plbot serve`` in Teams anonymous loopback mode with the demo organisation."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLBOT_", "SLACK_", "CONNECTIONS__"))}
    env |= {
        "PLBOT_DATABASE_URL": database_url,
        "PLBOT_ORG_FILE": str(DEMO_ORG),
        "PLBOT_HOST": "127.0.0.1",
        "PLBOT_PORT": str(port),
        "PLBOT_SECRET_KEY": SECRET_KEY,
        "PLBOT_LOG_LEVEL": "WARNING",
        "PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1",
        "PYTHONPATH": str(ROOT),
    }
    args = [sys.executable, "-c", "from adapters.cli import main; main()", "serve"]
    server = await spawn("plbot serve", args, env, folder, port)
    await server.ready(session)
    return server


async def profiler(server: Server, label: str) -> asyncio.subprocess.Process | None:
    """With ``PLBOT_BENCH_PYSPY=PREFIX``: py-spy samples ``server`` during the measured rounds, and writes
    folded stacks (``--format raw``) to ``PREFIX-<database>.txt``."""
    prefix = os.environ.get("PLBOT_BENCH_PYSPY")
    if not prefix:
        return None
    spy = str(Path(sys.executable).with_name("py-spy"))
    args = [spy, "record", "--format", "raw", "--rate", "100", "--nonblocking", "--idle", "--pid"]
    return await asyncio.create_subprocess_exec(
        *args, str(server.process.pid), "-o", f"{prefix}-{label}.txt", stdout=asyncio.subprocess.DEVNULL
    )


async def burst(  # noqa: PLR0917
    server: Server, connector: FakeConnector, session: aiohttp.ClientSession, tag: str, size: int, concurrency: int
) -> Round:
    """Send ``size`` personal messages, ``concurrency`` at a time; wait for every reply."""
    semaphore = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    missing = 0
    url = f"{server.url}/api/messages"
    began = time.perf_counter()
    last = began

    async def one(n: int) -> None:
        nonlocal missing, last
        body = activity(connector.url, tag, n, TENANTS[0])
        arrival = connector.expect(body["id"])
        async with semaphore:
            sent = time.perf_counter()
            async with session.post(url, json=body) as response:
                await response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status >= 300:
                arrival.cancel()
                connector.waiters.pop(body["id"], None)
                missing += 1
                return
            try:
                arrived = await asyncio.wait_for(arrival, REPLY_DEADLINE)
            except TimeoutError:
                missing += 1
                return
        latencies.append(arrived - sent)
        last = max(last, arrived)

    await asyncio.gather(*(one(n) for n in range(size)))
    elapsed = max(last - began, 1e-9)
    if not latencies:
        latencies = [float("nan")]
    return Round(
        size,
        (size - missing) / elapsed,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        statuses,
        missing,
    )


def median_round(rounds: list[Round]) -> Round:
    """The median of each figure over the rounds (statuses and misses summed)."""
    statuses: dict[int, int] = {}
    for r in rounds:
        for status, count in r.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    return Round(
        rounds[0].size,
        statistics.median(r.rps for r in rounds),
        statistics.median(r.p50_ms for r in rounds),
        statistics.median(r.p99_ms for r in rounds),
        statuses,
        sum(r.missing for r in rounds),
    )


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A bench database on the PostgreSQL server (created now, dropped after); raises when unreachable."""
    import asyncpg  # only for the PostgreSQL half

    base = os.environ.get("PLBOT_TEST_POSTGRES_URL") or "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    server = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    plain = server.replace("+asyncpg", "")
    name = f"plbot_bench_{os.getpid()}"
    admin = await asyncio.wait_for(asyncpg.connect(f"{plain}/postgres"), 5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield f"{server}/{name}"
    finally:
        admin = await asyncpg.connect(f"{plain}/postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def compare(  # noqa: PLR0917
    label: str,
    database_url: str,
    folder: Path,
    connector: FakeConnector,
    session: aiohttp.ClientSession,
    sizes: list[int],
    concurrency: int,
    rounds: int,
) -> bool:
    """Run both servers on one database and print the comparison; True when nothing was lost."""
    echo = await start_echo(folder, session)
    plbot = await start_plbot(folder, database_url, session)
    try:
        await burst(echo, connector, session, f"{label}-we", WARM_UP, concurrency)
        await burst(plbot, connector, session, f"{label}-wp", WARM_UP, concurrency)
        idle_rss, _ = rss_mb(plbot.process.pid)
        spy = await profiler(plbot, label)
        results: dict[tuple[str, int], list[Round]] = {}
        cpu = {echo.name: 0.0, plbot.name: 0.0}
        for n, size in itertools.product(range(rounds), sizes):
            for server in (echo, plbot):
                tag = f"{label}-{server.name[:1]}{n}-{size}"
                used = cpu_seconds(server.process.pid)
                results.setdefault((server.name, size), []).append(
                    await burst(server, connector, session, tag, size, concurrency)
                )
                cpu[server.name] += cpu_seconds(server.process.pid) - used
        rss, peak = rss_mb(plbot.process.pid)
        if spy is not None:
            spy.send_signal(signal.SIGINT)  # py-spy writes its profile on SIGINT
            await spy.wait()
    finally:
        await echo.stop()
        await plbot.stop()
    print(
        f"-- {label}: personal messages, each in its own 1:1 chat, {concurrency} concurrent, {rounds} rounds (medians)"
    )
    print(f"{'server':<22}{'messages':>9}{'msg/s':>9}{'p50 ms':>9}{'p99 ms':>9}  statuses, no reply")
    ok = True
    for size in sizes:
        base, ours = median_round(results[(echo.name, size)]), median_round(results[(plbot.name, size)])
        for r, name in ((base, echo.name), (ours, plbot.name)):
            print(f"{name:<22}{size:>9}{r.rps:>9.0f}{r.p50_ms:>9.0f}{r.p99_ms:>9.0f}  {r.statuses}, {r.missing}")
            ok = ok and r.missing == 0
        print(
            f"{'ratio plbot/echo':<22}{size:>9}{ours.rps / base.rps:>8.2f}x{ours.p50_ms / base.p50_ms:>8.1f}x"
            f"{ours.p99_ms / base.p99_ms:>8.1f}x"
        )
    sent = rounds * sum(sizes)
    mine, bare = cpu[plbot.name] * 1000 / sent, cpu[echo.name] * 1000 / sent
    print(
        f"CPU per message (the server process, user + system): plbot {mine:.1f} ms, echo bot {bare:.1f} ms, "
        f"ratio {mine / bare if bare else float('nan'):.1f}x"
    )
    print(f"plbot serve RSS: {idle_rss:.0f} MB after warm-up, {rss:.0f} MB after the bench (peak {peak:.0f} MB)")
    return ok


async def run(sizes: list[int], concurrency: int, rounds: int, databases: str) -> int:
    connector = await FakeConnector().start()
    ok = True
    print(
        f"Teams turns: plbot serve vs a bare Agents SDK echo bot, {', '.join(map(str, sizes))} messages a round, "
        f"{TENANTS[0]} tenant(s): plbot keeps to 45 replies a second per tenant (Teams allows 50), the echo bot "
        "to nothing"
    )
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
            with tempfile.TemporaryDirectory() as folder:
                if databases in ("both", "sqlite"):
                    url = f"sqlite+aiosqlite:///{Path(folder) / 'plbot.db'}"
                    ok &= await compare("SQLite", url, Path(folder), connector, session, sizes, concurrency, rounds)
                if databases in ("both", "postgres"):
                    try:
                        async with postgres_database() as url:
                            ok &= await compare(
                                "PostgreSQL", url, Path(folder), connector, session, sizes, concurrency, rounds
                            )
                    except (OSError, TimeoutError, ImportError) as error:
                        print(f"-- PostgreSQL skipped: cannot reach the server ({type(error).__name__}: {error})")
                    except Exception as error:
                        if type(error).__module__.startswith("asyncpg"):
                            print(f"-- PostgreSQL skipped: {type(error).__name__}: {error}")
                        else:
                            raise
    finally:
        await connector.close()
    return 0 if ok else 1


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    long = bool(os.environ.get("PLBOT_BENCH_LONG"))
    parser.add_argument("--sizes", default="200,600" if long else "200", help="messages per round, comma-separated")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3 if long else 2)
    parser.add_argument("--db", choices=("both", "sqlite", "postgres"), default="both")
    parser.add_argument(
        "--tenants", type=int, default=1, help="spread the messages over this many tenants (each has its own limit)"
    )
    args = parser.parse_args()
    TENANTS[0] = args.tenants
    sizes = [int(s) for s in args.sizes.split(",") if s]
    sys.exit(asyncio.run(run(sizes, args.concurrency, args.rounds, args.db)))


if __name__ == "__main__":
    main()
