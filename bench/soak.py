"""Memory soak: RSS of a real ``plbot serve`` (SQLite) against requests served, next to a bare aiohttp server.

Starts, as separate processes on loopback (so each RSS is the server's alone):

- ``plbot serve`` on a temporary SQLite database with the demo organisation, Slack on (its Web API a
  fake in this process), Teams in anonymous loopback mode (replies to a fake Bot Connector here), the
  scheduler running, ``/metrics`` behind a token;
- a bare aiohttp server answering the same paths with a fixed 200 (the baseline);

then sends the same mixed stream to each: signed Slack commands (``/celebrate``, ``/sofs help``,
``/idea``), a Slack message event, a badly signed Slack request, Teams messages, a malformed Teams
request, ``/healthz``, ``/readyz``, ``/metrics``, ``/``, ``/practice/`` and the Atom feed. Every
``--every`` requests it reads each server's RSS (``/proc/<pid>/status``), and at the end prints both
series, a text chart of ours, the growth per 1,000 requests in each quarter, where it levels off,
and the ratio to the baseline.

Usage: ``.venv/bin/python bench/soak.py [--requests 100000] [--every 5000] [--concurrency 20]``.
``make bench`` runs the default, ``PLBOT_SOAK_REQUESTS`` (20,000 unless set, about a minute); the
full soak is ``--requests 100000``. ``MALLOC_ARENA_MAX`` set in the environment is passed on to
``plbot serve`` (see docs/operations.md, *Memory*).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402

from tests.fakes_slack import TOKEN, FakeSlack  # noqa: E402
from tests.fakes_teams import FakeConnector  # noqa: E402

SECRET = "soak-signing-secret-0123456789abcdef"  # noqa: S105  # made up, loopback only
METRICS_TOKEN = "soak-metrics-token"  # noqa: S105
DEFAULT_REQUESTS = int(os.environ.get("PLBOT_SOAK_REQUESTS", "20000"))
PASSED_ON = ("MALLOC_ARENA_MAX", "PATH", "HOME")
CHART_WIDTH = 50
LEVEL_MB_PER_1000 = 0.1
"""Growth below this (MB per 1,000 requests) over the last quarter counts as level."""
LEVEL_BAND_MB = 1.0
"""How far above the level a later sample may still be (RSS is noisy by a few hundred KB)."""

Request = tuple[str, str, bytes, dict[str, str]]
"""Method, path, body, headers."""


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    """The resident set size of a process, in MB (from ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- the request mix ------------------------------------------------------------------------------


@dataclass
class Mix:
    """Builds the n-th request of the stream (the same stream for both servers)."""

    slack_response_url: str
    teams_service_url: str
    signer: SignatureVerifier = field(default_factory=lambda: SignatureVerifier(SECRET))
    teams_activity: dict[str, Any] = field(
        default_factory=lambda: json.loads((ROOT / "tests/payloads/teams/personal_message.json").read_text())
    )

    def _signed(self, body: bytes, content_type: str) -> dict[str, str]:
        ts = str(int(time.time()))
        signature = str(self.signer.generate_signature(timestamp=ts, body=body.decode()))
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}

    def _command(self, n: int, command: str, text: str, user: str = "U0DEMO004") -> Request:
        body = urlencode(
            {
                "team_id": "T0DEMO",
                "channel_id": "C0WES0TEAM",
                "user_id": user,
                "command": command,
                "text": text,
                "api_app_id": "A0PLBOT001",
                "response_url": self.slack_response_url,
                "trigger_id": f"soak.{n}.{time.time_ns()}",
            }
        ).encode()
        return "POST", "/slack/events", body, self._signed(body, "application/x-www-form-urlencoded")

    def _message(self, n: int) -> Request:
        event = {
            "type": "event_callback",
            "team_id": "T0DEMO",
            "api_app_id": "A0PLBOT001",
            "event_id": f"EvSOAK{n}",
            "event_time": int(time.time()),
            "event": {"type": "message", "text": f"morning all {n}", "user": "U0DEMO005", "channel": "C0WES0TEAM"},
        }
        body = json.dumps(event).encode()
        return "POST", "/slack/events", body, self._signed(body, "application/json")

    def _teams(self, n: int, *, malformed: bool = False) -> Request:
        activity = {**self.teams_activity, "id": f"soak-{n}", "serviceUrl": self.teams_service_url}
        activity["text"] = "help" if n % 2 else f"idea a soak idea number {n}"
        if malformed:
            activity["channelId"] = ""
        return "POST", "/api/messages", json.dumps(activity).encode(), {"Content-Type": "application/json"}

    def kinds(self) -> list[Callable[[int], Request]]:
        """One cycle of the mix (12 kinds, about half of them turns)."""
        bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        return [
            lambda n: self._command(n, "/celebrate", f"<@U0DEMO003|sam.okafor> for mapping number {n}"),
            lambda n: self._command(n, "/sofs", "help", user="U0DEMO003"),
            lambda n: self._command(n, "/idea", f"an appreciative inquiry every week ({n})", user="U0DEMO005"),
            self._message,
            lambda n: ("POST", "/slack/events", b"command=%2Fcelebrate", {"X-Slack-Signature": "v0=bad"}),
            self._teams,
            lambda n: self._teams(n, malformed=True),
            lambda n: ("GET", "/healthz", b"", {}),
            lambda n: ("GET", "/readyz", b"", {}),
            lambda n: ("GET", "/metrics", b"", bearer),
            lambda n: ("GET", "/", b"", {}),
            lambda n: ("GET", "/practice/feed.atom" if n % 2 else "/practice/", b"", {}),
        ]


# --- the servers ------------------------------------------------------------------------------------


def bare_app() -> web.Application:
    """The baseline: the same paths, a fixed 200 after reading the body."""

    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="ok")

    app = web.Application()
    for path in ("/slack/events", "/api/messages"):
        app.router.add_post(path, answer)
    for path in ("/healthz", "/readyz", "/metrics", "/", "/practice/", "/practice/feed.atom"):
        app.router.add_get(path, answer)
    return app


@dataclass
class Server:
    """A server process and its URL."""

    name: str
    process: asyncio.subprocess.Process
    url: str

    async def ready(self, session: aiohttp.ClientSession, deadline: float = 120.0) -> None:
        """Wait until ``/readyz`` answers 200."""
        give_up = time.monotonic() + deadline
        while time.monotonic() < give_up:
            if self.process.returncode is not None:
                raise SystemExit(f"{self.name} exited with {self.process.returncode}")
            try:
                async with session.get(f"{self.url}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise SystemExit(f"{self.name} not ready after {deadline:.0f} s")

    async def stop(self) -> int:
        """SIGTERM, then wait for the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 60)


async def start_plbot(folder: Path, slack_api: str) -> Server:
    """``plbot serve`` on a new SQLite database in ``folder``."""
    port = free_port()
    env = {k: os.environ[k] for k in PASSED_ON if k in os.environ}
    env |= {
        "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'soak.db'}",
        "PLBOT_ORG_FILE": str(ROOT / "examples" / "demo-org.yaml"),
        "PLBOT_HOST": "127.0.0.1",
        "PLBOT_PORT": str(port),
        "PLBOT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PLBOT_SECRET_KEY": "soak-secret-key-0123456789abcdef0123456789",
        "PLBOT_LOG_LEVEL": "WARNING",
        "PLBOT_METRICS_TOKEN": METRICS_TOKEN,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "PLBOT_SLACK_API_URL": slack_api,
        "PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1",
    }
    plbot = Path(sys.executable).with_name("plbot")
    log = (folder / "plbot.log").open("wb")
    process = await asyncio.create_subprocess_exec(str(plbot), "serve", env=env, cwd=folder, stdout=log, stderr=log)
    return Server("plbot serve", process, f"http://127.0.0.1:{port}")


async def start_bare() -> Server:
    """The baseline server, this file run with ``--bare-port``."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(sys.executable, __file__, "--bare-port", str(port))
    return Server("bare aiohttp", process, f"http://127.0.0.1:{port}")


# --- the soak ----------------------------------------------------------------------------------------


@dataclass
class Series:
    """RSS (MB) after each sample point, and the statuses seen."""

    name: str
    points: list[tuple[int, float]] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


async def soak(server: Server, mix: Mix, session: Any, *, total: int, every: int, concurrency: int) -> Series:
    """Send ``total`` requests of the mix, sampling RSS every ``every``."""
    assert server.process.pid is not None
    series = Series(server.name, [(0, rss_mb(server.process.pid))])
    kinds = mix.kinds()
    counter = itertools.count()
    began = time.perf_counter()

    async def worker(limit: int) -> None:
        while (n := next(counter)) < limit:
            method, path, body, headers = kinds[n % len(kinds)](n)
            async with session.request(method, server.url + path, data=body or None, headers=headers) as response:
                await response.read()
                series.statuses[response.status] = series.statuses.get(response.status, 0) + 1

    for done in range(every, total + every, every):
        limit = min(done, total)
        await asyncio.gather(*(worker(limit) for _ in range(concurrency)))
        counter = itertools.count(limit)
        series.points.append((limit, rss_mb(server.process.pid)))
    series.seconds = time.perf_counter() - began
    return series


def quarter_growth(series: Series) -> list[float]:
    """MB per 1,000 requests in each quarter of the run."""
    points = series.points
    last = points[-1][0]
    marks = [points[min(range(len(points)), key=lambda i: abs(points[i][0] - last * q / 4))] for q in range(5)]
    return [(b[1] - a[1]) / max(1, b[0] - a[0]) * 1000 for a, b in itertools.pairwise(marks) if b[0] > a[0]]


def levels_off(series: Series) -> str:
    """Whether RSS levels off, and from where, in words.

    Level: the last quarter grows less than :data:`LEVEL_MB_PER_1000`, and from the point named on,
    no later sample is more than :data:`LEVEL_BAND_MB` above it.
    """
    points = series.points
    last_quarter = quarter_growth(series)[-1]
    if last_quarter >= LEVEL_MB_PER_1000:
        return f"still growing: {last_quarter:.2f} MB per 1,000 requests in the last quarter"
    start_n, start_mb = next(
        (n, mb) for i, (n, mb) in enumerate(points) if max(m for _, m in points[i:]) - mb <= LEVEL_BAND_MB
    )
    return f"levels off at about {start_mb:.0f} MB after {start_n:,} requests"


def chart(series: Series, baseline: Series) -> list[str]:
    """A text chart of RSS against requests: ``#`` ours, ``|`` the baseline's level."""
    top = max(mb for _, mb in series.points + baseline.points)
    lines = []
    for (n, mb), (_, base) in zip(series.points, baseline.points, strict=False):
        bar = ["#"] * round(mb / top * CHART_WIDTH)
        mark = min(CHART_WIDTH - 1, round(base / top * CHART_WIDTH))
        bar += [" "] * (CHART_WIDTH - len(bar))
        bar[mark] = "|" if bar[mark] == " " else bar[mark]
        lines.append(f"{n:>9,} {''.join(bar)} {mb:6.1f} MB (bare {base:5.1f})")
    return lines


async def run(total: int, every: int, concurrency: int) -> int:
    """Both soaks and the report."""
    fake_slack = await FakeSlack(post_interval=0.0).start()
    connector = FakeConnector(windows=())
    service_url = await connector.start()
    mix = Mix(fake_slack.response_url("soak"), service_url)
    with tempfile.TemporaryDirectory() as folder:
        plbot, bare = await start_plbot(Path(folder), fake_slack.base_url), await start_bare()
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency), timeout=timeout) as session:
            await plbot.ready(session)
            await bare.ready(session)
            sizes = {"total": total, "every": every, "concurrency": concurrency}
            base = await soak(bare, mix, session, **sizes)
            ours = await soak(plbot, mix, session, **sizes)
        ours_exit = await plbot.stop()
        await bare.stop()
        errors = (Path(folder) / "plbot.log").read_text(encoding="utf-8", errors="replace").count('"level": "error"')
    await fake_slack.close()
    await connector.stop()

    print(f"{total:,} mixed requests per server ({len(mix.kinds())} kinds in turn), {concurrency} concurrent")
    print(f"{'requests':>9} {'plbot serve MB':>15} {'bare aiohttp MB':>16}")
    for (n, mb), (_, base_mb) in zip(ours.points, base.points, strict=False):
        print(f"{n:>9,} {mb:>15.1f} {base_mb:>16.1f}")
    print()
    print("\n".join(chart(ours, base)))
    print()
    for series in (ours, base):
        growth = ", ".join(f"{g:.2f}" for g in quarter_growth(series))
        print(f"{series.name}: MB per 1,000 requests by quarter: {growth}; {levels_off(series)}")
        print(f"  {total / series.seconds:,.0f} req/s, statuses {dict(sorted(series.statuses.items()))}")
    final, base_final = ours.points[-1][1], base.points[-1][1]
    grown, base_grown = final - ours.points[1][1], base_final - base.points[1][1]
    print(
        f"ratio plbot/bare: RSS at the end {final / base_final:.2f}x ({final:.1f} / {base_final:.1f} MB); "
        f"growth after the first sample {grown:+.1f} MB vs {base_grown:+.1f} MB"
    )
    print(f"plbot serve: exit code {ours_exit} on SIGTERM, {errors} error lines in its log")
    server_errors = sum(count for status, count in ours.statuses.items() if status >= 500)
    return 0 if ours_exit == 0 and server_errors == 0 and errors == 0 else 1


def serve_bare(port: int) -> None:
    """The baseline server's process."""
    web.run_app(bare_app(), host="127.0.0.1", port=port, print=None, access_log=None)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--every", type=int, default=0, help="sample RSS every N requests (default: 20 samples)")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--bare-port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_port:
        serve_bare(args.bare_port)
        return
    every = args.every or max(1, args.requests // 20)
    sys.exit(asyncio.run(run(args.requests, every, args.concurrency)))


if __name__ == "__main__":
    main()
