"""Start-up time to ``/healthz`` and resident memory of ``plbot serve``, against a bare aiohttp server (issue 15).

Each run starts, as a fresh process on loopback (the same interpreter, compiled modules cached):

- the baseline: ``python -c`` importing aiohttp and serving ``GET /healthz``, nothing else;
- ``plbot serve`` in each configuration below, with the demo organisation on SQLite in a temporary
  folder (the first start creates and migrates the database; the figures are for the starts after it,
  as a restart or a new replica sees them):

  * ``no platform``: neither Slack nor Teams configured (``make run`` without tokens);
  * ``teams (anonymous)``: Teams in anonymous loopback mode, as ``bench/teams_turn.py`` runs it;
  * ``slack + teams``: a Slack signing secret and bot token (Web API on a dead loopback port: nothing
    is called at start) and Teams;

and measures the time from ``exec`` to the first 200 from ``/healthz``, and the process's resident
set size (RSS, from ``/proc``) two seconds after that, idle. The starts alternate; medians of
``--rounds`` (default 3) are printed with the ratio to the baseline.

Usage: ``.venv/bin/python bench/startup.py [--rounds 3]``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
DEMO_ORG = ROOT / "examples" / "demo-org.yaml"
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789"  # noqa: S105  # made up, loopback only
IDLE_SECONDS = 2.0

BARE = """
import sys
from aiohttp import web
async def healthz(_request): return web.json_response({"status": "ok"})
app = web.Application()
app.router.add_get("/healthz", healthz)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
"""

CONFIGURATIONS: dict[str, dict[str, str]] = {
    "no platform": {},
    "teams (anonymous)": {"PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1"},
    "slack + teams": {
        "PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1",
        "SLACK_SIGNING_SECRET": "bench-signing-secret-0123456789abcdef",
        "SLACK_BOT_TOKEN": "xoxb-bench-not-a-token",
        "PLBOT_SLACK_API_URL": "http://127.0.0.1:9/api/",
    },
}


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    """The resident set size of process ``pid`` in MB."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def plbot_env(folder: Path, port: int, extra: dict[str, str]) -> dict[str, str]:
    """The environment of ``plbot serve`` on SQLite in ``folder`` (nothing else from ours)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLBOT_", "SLACK_", "CONNECTIONS__"))}
    return env | {
        "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'plbot.db'}",
        "PLBOT_ORG_FILE": str(DEMO_ORG),
        "PLBOT_HOST": "127.0.0.1",
        "PLBOT_PORT": str(port),
        "PLBOT_SECRET_KEY": SECRET_KEY,
        "PLBOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


async def start_once(args: list[str], env: dict[str, str], port: int, folder: Path) -> tuple[float, float]:
    """Start a process; seconds to its first ``/healthz`` 200, and its RSS (MB) when idle after it."""
    log = folder / "startup.log"
    began = time.perf_counter()
    with log.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(*args, env=env, cwd=folder, stdout=sink, stderr=sink)
    try:
        async with aiohttp.ClientSession() as session:
            while True:
                if process.returncode is not None:
                    raise RuntimeError(f"{args[-1]} exited:\n{log.read_text()[-3000:]}")
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                if time.perf_counter() - began > 60:
                    raise RuntimeError(f"not ready after 60 s:\n{log.read_text()[-3000:]}")
                await asyncio.sleep(0.005)
        ready = time.perf_counter() - began
        await asyncio.sleep(IDLE_SECONDS)
        return ready, rss_mb(process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()


async def run(rounds: int) -> int:
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        port = free_port()  # the first start creates and migrates the database: not counted
        await start_once(PLBOT_ARGS, plbot_env(folder, port, {}), port, folder)
        for _ in range(rounds):
            port = free_port()
            bare = await start_once([sys.executable, "-c", BARE, str(port)], dict(os.environ), port, folder)
            results.setdefault("bare aiohttp", []).append(bare)
            for label, extra in CONFIGURATIONS.items():
                port = free_port()
                results.setdefault(label, []).append(
                    await start_once(PLBOT_ARGS, plbot_env(folder, port, extra), port, folder)
                )
    base_time = statistics.median(t for t, _ in results["bare aiohttp"])
    base_rss = statistics.median(r for _, r in results["bare aiohttp"])
    print(f"start-up to /healthz 200 and idle RSS, {rounds} alternating starts each (medians), SQLite, demo org")
    print(f"{'process':<28}{'start s':>9}{'ratio':>8}{'idle RSS MB':>13}{'ratio':>8}")
    for label, figures in results.items():
        start = statistics.median(t for t, _ in figures)
        rss = statistics.median(r for _, r in figures)
        name = label if label == "bare aiohttp" else f"plbot serve, {label}"
        print(f"{name:<28}{start:>9.2f}{start / base_time:>7.1f}x{rss:>13.0f}{rss / base_rss:>7.1f}x")
    return 0


PLBOT_ARGS = [sys.executable, "-c", "from adapters.cli import main; main()", "serve"]


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.exit(asyncio.run(run(args.rounds)))


if __name__ == "__main__":
    main()
