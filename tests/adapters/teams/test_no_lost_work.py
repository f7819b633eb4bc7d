"""Nothing Teams got a 202 for is lost: a normal stop, and ``kill -9`` mid-burst (issue 16).

A real ``plbot serve`` process on loopback in anonymous mode (``PLBOT_TEAMS_ALLOW_UNAUTHENTICATED=1``,
Slack off) gets 150 channel messages "@Practice Leader Bot celebrate @Sam Okafor …", each with its
own id and text, from the test's event loop, where the fake Bot Connector (the activities'
``serviceUrl``) also runs. Replies to one channel are throttled as Teams throttles them (60 in 30 s),
so the stop test uses a 3 s grace period: the replies still queued then are cut, and the events whose
turns were cut or never started are run by the next process.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.adapters.serve_process import Peek, Serve, eventually, note, start_serve
from tests.adapters.teams.harness import payload
from tests.fakes_teams import FakeConnector

pytestmark = pytest.mark.slow

REQUESTS = 150
MENTION = '<span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="{n}">{name}</span>'


def teams_settings(**more: str) -> dict[str, str]:
    """Teams on, anonymous on loopback; Slack off."""
    return {"PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1", **more}


def celebration(index: int, connector: FakeConnector) -> tuple[str, dict[str, Any]]:
    """The celebrated text and the activity of message ``index``."""
    what = f"great danger statement with the family, {note(index)}"
    bot, sam = MENTION.format(n=0, name="Practice Leader Bot"), MENTION.format(n=1, name="Sam Okafor")
    activity = payload(
        "channel_message_mention",
        connector.url,
        id=f"burst-{index}",
        text=f"<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> {what}\n",
        attachments=[{"contentType": "text/html", "content": f"<div><div>{bot} celebrate {sam} {what}</div></div>"}],
    )
    return what, activity


async def burst(
    serve: Serve, connector: FakeConnector, *, concurrency: int, on_ack: Callable[[int], None] | None = None
) -> set[str]:
    """Post every activity; returns the texts acknowledged (200/202)."""
    gate, acked = asyncio.Semaphore(concurrency), set[str]()

    async def one(index: int, session: aiohttp.ClientSession) -> None:
        what, activity = celebration(index, connector)
        async with gate:
            try:
                async with session.post(
                    f"{serve.url}/api/messages",
                    data=json.dumps(activity),
                    headers={"Content-Type": "application/json"},
                ) as response:
                    await response.read()
                    status = response.status
            except aiohttp.ClientError:
                return
        if status in {200, 202}:
            acked.add(what)
            if on_ack is not None:
                on_ack(len(acked))

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(one(n, session) for n in range(REQUESTS)))
    return acked


def stored_texts(texts: list[str]) -> Counter[str]:
    """The celebrated notes, without the mention the core keeps in front of them."""
    return Counter(text[text.index("great danger") :] for text in texts if "great danger" in text)


async def all_stored(peek: Peek, acked: set[str], deadline: float) -> Counter[str]:
    """Wait until every acknowledged text is stored and the inbox is empty."""

    async def done() -> bool:
        return acked <= set(stored_texts(await peek.celebration_texts())) and await peek.waiting() == 0

    await eventually(done, deadline, "every acknowledged celebration to be stored")
    return stored_texts(await peek.celebration_texts())


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """The fake Bot Connector on loopback."""
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.stop()


async def test_150_acknowledged_messages_then_sigterm_are_all_stored_and_exit_is_0(
    tmp_path: Path, connector: FakeConnector
) -> None:
    peek = Peek(tmp_path)
    serve = await start_serve(tmp_path, "first", teams_settings(PLBOT_DRAIN_SECONDS="3"))
    acked = await burst(serve, connector, concurrency=25)
    assert len(acked) == REQUESTS

    code, took = await serve.stop(signal.SIGTERM)
    assert code == 0, serve.log.read_text()
    assert took < 3 + 10
    assert len(await peek.celebration_texts()) + await peek.waiting() == REQUESTS

    again = await start_serve(tmp_path, "second", teams_settings(PLBOT_DRAIN_SECONDS="3"))
    counts = await all_stored(peek, acked, deadline=120)
    assert (await again.stop())[0] == 0
    await peek.close()
    assert counts == Counter(acked)  # each once


async def test_kill_9_mid_burst_then_restart_stores_every_acknowledged_message(
    tmp_path: Path, connector: FakeConnector
) -> None:
    peek = Peek(tmp_path)
    serve = await start_serve(tmp_path, "killed", teams_settings())

    def kill_at_half(acks: int) -> None:
        if acks == REQUESTS // 2:
            serve.process.kill()

    acked = await burst(serve, connector, concurrency=10, on_ack=kill_at_half)
    assert await serve.process.wait() == -signal.SIGKILL
    assert REQUESTS // 2 <= len(acked) < REQUESTS
    assert await peek.waiting() > 0  # acknowledged, not yet handled: only the inbox still has them

    again = await start_serve(tmp_path, "restarted", teams_settings(PLBOT_DRAIN_SECONDS="3"))
    counts = await all_stored(peek, acked, deadline=120)
    assert (await again.stop())[0] == 0
    await peek.close()
    assert set(counts) >= acked
    assert max(counts.values()) == 1  # nothing handled twice
