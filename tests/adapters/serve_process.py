"""``plbot serve`` as a real OS process on loopback, for the stop, kill and restart tests (issue 16).

The process gets its settings from the environment only (it runs in the test's temporary folder,
so no ``.env`` is read), logs to a file there, and is ready when ``/readyz`` answers 200. Waiting is
always for a condition (the port answering, the process exiting, rows appearing), with a deadline.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.db import make_engine
from bot.store.models import Celebration
from bot.store.models_inbox import InboxRow
from tests.conftest import DEMO_ORG

POLL = 0.05  # between two looks at another process's state
TEST_SECRET_KEY = "inbox-test-secret-key-0123456789abcdef"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def eventually(check: Callable[[], Awaitable[bool]], deadline: float, what: str) -> None:
    """Poll ``check`` until it is true; fail after ``deadline`` seconds."""
    give_up = time.monotonic() + deadline
    while not await check():
        assert time.monotonic() < give_up, f"gave up waiting for {what}"
        await asyncio.sleep(POLL)


@dataclass
class Serve:
    """One running ``plbot serve``."""

    process: asyncio.subprocess.Process
    url: str
    log: Path

    async def ready(self, deadline: float = 60.0) -> None:
        """Wait until ``/readyz`` answers 200 (the server listens, the database answers)."""

        async def answers() -> bool:
            assert self.process.returncode is None, f"plbot serve exited:\n{self.log.read_text()}"
            try:
                async with aiohttp.ClientSession() as session, session.get(f"{self.url}/readyz") as response:
                    return response.status == 200
            except aiohttp.ClientError:
                return False

        await eventually(answers, deadline, "plbot serve to be ready")

    async def stop(self, sig: signal.Signals = signal.SIGTERM, deadline: float = 60.0) -> tuple[int, float]:
        """Send ``sig``; returns the exit code and the seconds it took to exit."""
        began = time.monotonic()
        self.process.send_signal(sig)
        code = await asyncio.wait_for(self.process.wait(), deadline)
        return code, time.monotonic() - began


async def start_serve(folder: Path, name: str, settings: dict[str, str]) -> Serve:
    """Start ``plbot serve`` with the demo organisation on SQLite in ``folder`` plus ``settings``."""
    serve = await start_plbot(folder, name, settings, "serve")
    await serve.ready()
    return serve


PLBOT = (sys.executable, "-c", "from adapters.cli import main; main()")
"""``plbot`` from this checkout."""


async def start_plbot(
    folder: Path, name: str, settings: dict[str, str], *args: str, plbot: Sequence[str] = PLBOT
) -> Serve:
    """Start ``plbot ARGS…`` (not waiting for it) with the demo organisation on SQLite in ``folder``
    plus ``settings`` (which may name another database); ``plbot`` is the command (another install's)."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PLBOT_", "SLACK_", "CONNECTIONS__"))}
    environ |= {
        "PLBOT_DATABASE_URL": database_url(folder),
        "PLBOT_ORG_FILE": str(DEMO_ORG),
        "PLBOT_HOST": "127.0.0.1",
        "PLBOT_PORT": str(port),
        "PLBOT_SECRET_KEY": TEST_SECRET_KEY,
        "PLBOT_LOG_LEVEL": "WARNING",
        **settings,
    }
    log = folder / f"{name}.log"
    with log.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(
            *plbot,
            *args,
            env=environ,
            cwd=folder,
            stdout=sink,
            stderr=sink,
        )
    return Serve(process, f"http://127.0.0.1:{port}", log)


def database_url(folder: Path) -> str:
    """The SQLite database the processes in ``folder`` share."""
    return f"sqlite+aiosqlite:///{folder / 'plbot.db'}"


class Peek:
    """Reads the served database from the test (SQLite in WAL mode lets it read while the server writes;
    or the database at ``url``)."""

    def __init__(self, folder: Path, url: str = "") -> None:
        self.engine: AsyncEngine = make_engine(url or database_url(folder))

    async def celebration_texts(self) -> list[str]:
        """Every stored celebration's text."""
        async with self.engine.connect() as connection:
            return list((await connection.scalars(select(Celebration.text))).all())

    async def waiting(self) -> int:
        """Inbox rows (acknowledged events whose turn has not finished)."""
        async with self.engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(InboxRow)) or 0)

    async def close(self) -> None:
        """Release the database."""
        await self.engine.dispose()


def note(index: int) -> str:
    """A distinct, harmless word for request ``index`` (letters only: the identifier guard stays quiet)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "note" + letters[index // 26 % 26] + letters[index % 26]
