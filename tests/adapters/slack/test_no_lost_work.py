"""Nothing Slack was told "200" about is lost: a normal stop, and ``kill -9`` mid-burst (issue 16).

A real ``plbot serve`` process on loopback (SQLite, the demo organisation, the scheduler on) gets
150 correctly signed ``/celebrate`` requests, each with its own text, from the test's event loop,
where the fake Slack Web API (and the ``response_url`` endpoint) also runs.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.adapters.serve_process import Peek, Serve, eventually, note, start_serve
from tests.adapters.slack.conftest import FORM, SECRET, Signer, form_body, payload
from tests.fakes_slack import TOKEN, FakeSlack

pytestmark = pytest.mark.slow

REQUESTS = 150


def slack_settings(fake: FakeSlack) -> dict[str, str]:
    """Slack on, in HTTP mode, against the fake Web API."""
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "PLBOT_SLACK_API_URL": fake.base_url}


def celebration(index: int, fake: FakeSlack) -> tuple[str, bytes]:
    """The text and signed-to-be body of request ``index``."""
    what = f"for the danger statement with the family, {note(index)}"
    fields: dict[str, Any] = payload("command_celebrate") | {
        "text": f"<@U0DEMO003|sam.okafor> {what}",
        "trigger_id": f"1764000000000.{index:010d}.inbox",
        "response_url": fake.response_url(f"r{index}"),
    }
    return what, form_body(fields)


async def burst(
    serve: Serve, fake: FakeSlack, *, concurrency: int, on_ack: Any = None
) -> tuple[set[str], list[BaseException]]:
    """Send every request; returns the texts acknowledged with 200 and the transport errors."""
    signer, gate = Signer(), asyncio.Semaphore(concurrency)
    acked: set[str] = set()
    errors: list[BaseException] = []

    async def one(index: int, session: aiohttp.ClientSession) -> None:
        what, body = celebration(index, fake)
        async with gate:
            headers = {"Content-Type": FORM, **signer.headers(body)}
            try:
                async with session.post(f"{serve.url}/slack/events", data=body, headers=headers) as response:
                    await response.read()
                    status = response.status
            except aiohttp.ClientError as error:
                errors.append(error)
                return
        if status == 200:
            acked.add(what)
            if on_ack is not None:
                on_ack(len(acked))

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(one(n, session) for n in range(REQUESTS)))
    return acked, errors


async def all_stored(peek: Peek, acked: set[str], deadline: float) -> list[str]:
    """Wait until every acknowledged text is stored and the inbox is empty; returns the texts."""

    async def done() -> bool:
        return acked <= set(await peek.celebration_texts()) and await peek.waiting() == 0

    await eventually(done, deadline, "every acknowledged celebration to be stored")
    return await peek.celebration_texts()


@pytest.fixture
async def fake() -> Any:
    """The fake Slack Web API, with no per-channel limit (the deliverer's sends are not the subject)."""
    fake = await FakeSlack(post_interval=0.0).start()
    yield fake
    await fake.close()


async def test_150_acknowledged_commands_then_sigterm_are_all_stored_and_exit_is_0(
    tmp_path: Path, fake: FakeSlack
) -> None:
    peek = Peek(tmp_path)
    serve = await start_serve(tmp_path, "first", slack_settings(fake))
    acked, errors = await burst(serve, fake, concurrency=25)
    assert (len(acked), errors) == (REQUESTS, [])

    code, took = await serve.stop(signal.SIGTERM)
    assert code == 0, serve.log.read_text()
    assert took < 25 + 10
    stored_at_stop = await peek.celebration_texts()
    assert len(stored_at_stop) + await peek.waiting() == REQUESTS  # done, or kept for the next start

    again = await start_serve(tmp_path, "second", slack_settings(fake))
    texts = await all_stored(peek, acked, deadline=120)
    assert (await again.stop(signal.SIGINT))[0] == 0
    await peek.close()
    assert Counter(texts) == Counter(acked)  # each once


async def test_kill_9_mid_burst_then_restart_stores_every_acknowledged_command(tmp_path: Path, fake: FakeSlack) -> None:
    peek = Peek(tmp_path)
    serve = await start_serve(tmp_path, "killed", slack_settings(fake))

    def kill_at_half(acks: int) -> None:
        if acks == REQUESTS // 2:
            serve.process.kill()

    acked, _ = await burst(serve, fake, concurrency=10, on_ack=kill_at_half)
    assert await serve.process.wait() == -signal.SIGKILL
    assert REQUESTS // 2 <= len(acked) < REQUESTS
    waiting_after_kill = await peek.waiting()
    assert waiting_after_kill > 0  # acknowledged, not yet handled: only the inbox still has them

    again = await start_serve(tmp_path, "restarted", slack_settings(fake))
    texts = await all_stored(peek, acked, deadline=120)
    assert (await again.stop())[0] == 0
    await peek.close()
    counts = Counter(texts)
    assert set(counts) >= acked
    assert max(counts.values()) == 1  # nothing handled twice
