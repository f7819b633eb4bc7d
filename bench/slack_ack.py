"""Ack latency of ``/celebrate`` on our Slack adapter against a bare Bolt app, in the same run.

Starts, in one process on loopback:

- the real server (``adapters.http.build_app`` + the Slack adapter) on a temporary SQLite database
  with the demo organisation, then on PostgreSQL (the local server, or ``PLBOT_TEST_POSTGRES_URL``;
  "PostgreSQL SKIPPED" when none answers), talking to a fake Slack Web API;
- a bare Bolt ``AsyncApp`` whose only listener acks ``/celebrate``, hosted by aiohttp the same way;

then sends N signed ``/celebrate`` requests (C at a time) to each and prints requests/s, p50 and
p99 acknowledgement latency for both, and our figures as a ratio of the bare ones. Each of our
acknowledgements waits until the event is stored in the durable inbox (issue 16: one insert, shared
by the requests that arrive together); the real work (de-duplication, the celebration row, the
outbox row, the ``response_url`` confirmation) goes on in the background while it acknowledges, and
the time to finish it is printed too.

Usage: ``.venv/bin/python bench/slack_ack.py [--requests 1000] [--concurrency 50]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request  # noqa: E402
from slack_bolt.async_app import AsyncApp  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from adapters.http import build_app  # noqa: E402
from adapters.logs import configure_logging  # noqa: E402
from adapters.slack.app import SLACK_ADAPTER_KEY  # noqa: E402
from adapters.slack.wiring import install  # noqa: E402
from adapters.wiring import Wiring  # noqa: E402
from bench.support.postgres import postgres_url, reachable, scratch_schema, skipped  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.orgfile import parse_org_file  # noqa: E402
from bot.handler import Handler  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.store.models import Celebration  # noqa: E402
from bot.store.org_import import import_org  # noqa: E402
from bot.store.uow import UnitOfWorkFactory, session_of  # noqa: E402
from scheduler.clock import SystemClock  # noqa: E402
from scheduler.outbox import Deliverer  # noqa: E402
from tests.fakes_slack import TOKEN, FakeSlack  # noqa: E402

SECRET = "bench-signing-secret-0123456789abcdef"  # noqa: S105  # a made-up secret for loopback
WARM_UP = 20


@dataclass
class Result:
    """One server's figures."""

    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]


def bodies(prefix: str, count: int, response_url: str) -> list[bytes]:
    """``count`` distinct /celebrate bodies (distinct trigger ids, so none is a duplicate), each with its
    own ``response_url`` (``….{prefix}.{n}``) so that its confirmation can be matched to it."""
    return [
        urlencode(
            {
                "token": "unused",
                "team_id": "T0DEMO",
                "team_domain": "northshire",
                "channel_id": "C0WES0TEAM",
                "channel_name": "dereham-fs",
                "user_id": "U0DEMO004",
                "user_name": "ali.hassan",
                "command": "/celebrate",
                "text": "<@U0DEMO003|sam.okafor> for the danger statement with the family",
                "api_app_id": "A0PLBOT001",
                "response_url": f"{response_url}.{prefix}.{n}",
                "trigger_id": f"{prefix}.{n}.{time.time_ns()}",
            }
        ).encode()
        for n in range(count)
    ]


async def hammer(
    name: str,
    url: str,
    payloads: list[bytes],
    concurrency: int,
    session: aiohttp.ClientSession,
    *,
    sent_at: dict[str, float] | None = None,
    rate: float = 0.0,
) -> Result:
    """Send every payload, ``concurrency`` at a time, or paced at ``rate`` a second (a steady stream);
    measure each ack, and note when each was sent, by its response_url's last segment, in ``sent_at``
    (on ``time.monotonic``, like the fake Slack)."""
    signer = SignatureVerifier(SECRET)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    semaphore = asyncio.Semaphore(concurrency)

    async def one(index: int, body: bytes) -> None:
        if rate:
            await asyncio.sleep(max(0.0, began + index / rate - time.perf_counter()))
        async with semaphore:
            if sent_at is not None:
                reply_to = parse_qs(body.decode())["response_url"][0]
                sent_at[reply_to.rsplit("/", 1)[-1]] = time.monotonic()
            ts = str(int(time.time()))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": str(signer.generate_signature(timestamp=ts, body=body.decode())),
            }
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
            latencies.append(time.perf_counter() - started)
            statuses[response.status] = statuses.get(response.status, 0) + 1

    began = time.perf_counter()
    await asyncio.gather(*(one(i, b) for i, b in enumerate(payloads)))
    elapsed = time.perf_counter() - began
    return Result(
        name,
        len(payloads) / elapsed,
        percentile(latencies, 0.50) * 1000,
        percentile(latencies, 0.99) * 1000,
        statuses,
    )


async def start(app: web.Application) -> tuple[web.AppRunner, str]:
    """Serve ``app`` on a random loopback port."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"


def bare_bolt(api_url: str) -> web.Application:
    """A Bolt app that only acks /celebrate, on aiohttp via Bolt's own request adapter."""
    bolt = AsyncApp(
        name="bare",
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
        signing_secret=SECRET,
        process_before_response=True,
    )

    async def ack_only(ack: object) -> None:
        await ack()  # type: ignore[operator]

    bolt.command("/celebrate")(ack_only)

    async def route(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", route)
    return app


def median_result(results: list[Result]) -> Result:
    """The round with the median throughput (its latencies come with it)."""
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


async def steady_stream(
    urls: tuple[str, str],
    count: int,
    rate: float,
    session: aiohttp.ClientSession,
    *,
    fake: FakeSlack,
    drain: Callable[[], Awaitable[None]],
) -> tuple[Result, Result, list[float]]:
    """``count`` requests paced at ``rate`` a second to the bare app, then to ours; our turn latencies."""
    bare_url, ours_url = urls
    response_url = fake.response_url("steady")
    bare = await hammer("bare Bolt, steady", bare_url, bodies("sb-", count, response_url), count, session, rate=rate)
    sent: dict[str, float] = {}
    ours = await hammer(
        "plbot, steady", ours_url, bodies("so-", count, response_url), count, session, sent_at=sent, rate=rate
    )
    await drain()
    return bare, ours, [c.at - sent[c.method] for c in fake.responses if c.method in sent]


async def run(  # noqa: PLR0917 - the command line's options
    total: int,
    concurrency: int,
    api_latency: float,
    rounds: int = 3,
    steady_rate: float = 20.0,
    steady_seconds: float = 10.0,
) -> int:
    """Run both servers on SQLite, then on PostgreSQL (or say it is skipped), and print the comparisons."""
    configure_logging("WARNING")
    options = (total, concurrency, api_latency, rounds, steady_rate, steady_seconds)
    with tempfile.TemporaryDirectory() as folder:
        print("-- SQLite")
        status = await run_on(make_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"), *options)
    url = postgres_url()
    if not await reachable(url):
        print(skipped(url))
        return status
    async with scratch_schema(url) as (engine, _schema):
        print("-- PostgreSQL")
        return status | await run_on(engine, *options)


async def run_on(  # noqa: PLR0917 - one run from start to report, with the command line's options
    engine: AsyncEngine,
    total: int,
    concurrency: int,
    api_latency: float,
    rounds: int,
    steady_rate: float,
    steady_seconds: float,
) -> int:
    """Run both servers, ours on ``engine``, and print the comparison."""
    fake = await FakeSlack(post_interval=0.0, latency=api_latency).start()
    await upgrade(engine)
    uow_factory, clock = UnitOfWorkFactory(engine), SystemClock()
    spec = parse_org_file((ROOT / "examples" / "demo-org.yaml").read_text(encoding="utf-8"))
    async with uow_factory() as uow:
        await import_org(uow, spec, clock.now())
        await uow.commit()
    handler = Handler(uow_factory, clock)
    ours = build_app(handler=handler, uow_factory=uow_factory, deliverer=Deliverer(uow_factory, clock, {}))
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=fake.base_url,
        slack_app_token="",
    )
    install(ours, Wiring(settings, handler, uow_factory, clock))
    adapter = ours[SLACK_ADAPTER_KEY]
    ours_runner, ours_url = await start(ours)
    bare_runner, bare_url = await start(bare_bolt(fake.base_url))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        response_url = fake.response_url("bench")
        await hammer("warm-up", bare_url, bodies("wb", WARM_UP, response_url), concurrency, session)
        await hammer("warm-up", ours_url, bodies("wo", WARM_UP, response_url), concurrency, session)
        await adapter.drain()
        bare_rounds, mine_rounds, finished_rounds, turn_rounds = [], [], [], []
        for n in range(rounds):  # alternate, and let our background work finish before the next round
            bare_rounds.append(
                await hammer(
                    "bare Bolt (ack only)", bare_url, bodies(f"b{n}-", total, response_url), concurrency, session
                )
            )
            began, sent_at = time.perf_counter(), {}
            mine_rounds.append(
                await hammer(
                    "plbot Slack adapter",
                    ours_url,
                    bodies(f"o{n}-", total, response_url),
                    concurrency,
                    session,
                    sent_at=sent_at,
                )
            )
            await adapter.drain()
            finished_rounds.append(time.perf_counter() - began)
            turns = [c.at - sent_at[c.method] for c in fake.responses if c.method in sent_at]
            turn_rounds.append((percentile(turns, 0.5) * 1000, percentile(turns, 0.99) * 1000, len(turns)))
        bare, mine = median_result(bare_rounds), median_result(mine_rounds)
        turn_p50, turn_p99, _ = sorted(turn_rounds)[len(turn_rounds) // 2]
        finished = statistics.median(finished_rounds)
        steady_count = round(steady_rate * steady_seconds)
        bare_steady, steady, steady_turns = await steady_stream(
            (bare_url, ours_url), steady_count, steady_rate, session, fake=fake, drain=adapter.drain
        )
    async with uow_factory() as uow:
        rows = int(await session_of(uow).scalar(select(func.count(Celebration.id))) or 0)
    stored, transactions = (rounds * total + WARM_UP + steady_count), adapter.worker.inbox.writes.transactions
    await ours_runner.cleanup()
    await bare_runner.cleanup()
    await engine.dispose()
    await fake.close()

    print(
        f"{total} signed /celebrate requests per server and round, {concurrency} concurrent, "
        f"{rounds} alternating rounds (medians shown), one process on loopback"
    )
    print(f"{'server':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}  statuses")
    for result in (bare, mine):
        print(f"{result.name:<24}{result.rps:>10.0f}{result.p50_ms:>10.1f}{result.p99_ms:>10.1f}  {result.statuses}")
    print(
        f"ratio plbot/bare: req/s {mine.rps / bare.rps:.2f}x, p50 {mine.p50_ms / bare.p50_ms:.2f}x, "
        f"p99 {mine.p99_ms / bare.p99_ms:.2f}x"
    )
    print(
        f"plbot background work: {rows - WARM_UP} celebrations stored, "
        f"{len(fake.responses) - WARM_UP} confirmations, {handler.stats['failed']} failed turns, "
        f"a round's work all done {finished:.1f} s after its first request"
    )
    print(
        f"plbot turn latency (request sent → its confirmation at the response_url): "
        f"p50 {turn_p50:.0f} ms, p99 {turn_p99:.0f} ms, beside ack p50 {mine.p50_ms:.1f} ms, p99 {mine.p99_ms:.1f} ms"
    )
    print(f"inbox: {stored} events stored in {transactions} transactions")
    print(
        f"steady stream, {steady_rate:.0f} requests a second for {steady_seconds:.0f} s: ack p50/p99 "
        f"{steady.p50_ms:.1f}/{steady.p99_ms:.1f} ms (bare Bolt {bare_steady.p50_ms:.1f}/{bare_steady.p99_ms:.1f} ms); "
        f"turn p50/p99 {percentile(steady_turns, 0.5) * 1000:.0f}/{percentile(steady_turns, 0.99) * 1000:.0f} ms "
        f"({len(steady_turns)} confirmations)"
    )
    ok = mine.statuses.get(200, 0) == total and rows == rounds * total + WARM_UP + steady_count
    return 0 if ok else 1


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--api-latency", type=float, default=0.0, help="seconds the fake Web API waits")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    parser.add_argument("--steady-rate", type=float, default=20.0, help="requests a second in the steady stream")
    parser.add_argument("--steady-seconds", type=float, default=10.0, help="how long the steady stream runs")
    args = parser.parse_args()
    sys.exit(
        asyncio.run(
            run(args.requests, args.concurrency, args.api_latency, args.rounds, args.steady_rate, args.steady_seconds)
        )
    )


if __name__ == "__main__":
    main()
