"""Inbound authenticity and bad input (reliability A1–A5, I3): 401/400/413 and zero listener calls."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from tests.adapters.slack.conftest import (
    FORM,
    JSON,
    SlackHarness,
    form_body,
    freeze_guard,
    payload,
    with_response_url,
)


def _celebrate_body(slack: SlackHarness) -> bytes:
    return form_body(with_response_url(payload("command_celebrate"), slack.fake.response_url("c")))


async def _nothing_happened(slack: SlackHarness) -> None:
    await slack.adapter.drain()
    assert slack.adapter.listener_calls == 0
    assert await slack.celebrations() == 0
    assert slack.fake.responses == []


async def test_tampered_signature_is_refused(slack: SlackHarness) -> None:
    body = _celebrate_body(slack)
    headers = slack.signer.headers(body)
    signature = headers["X-Slack-Signature"]
    headers["X-Slack-Signature"] = signature[:-1] + ("0" if signature[-1] != "0" else "1")

    answer = await slack.send(body, FORM, headers=headers, signed=False)

    assert answer.status == 401
    await _nothing_happened(slack)


async def test_tampered_body_is_refused(slack: SlackHarness) -> None:
    body = _celebrate_body(slack)
    headers = slack.signer.headers(body)

    answer = await slack.send(body.replace(b"danger", b"DANGER"), FORM, headers=headers, signed=False)

    assert answer.status == 401
    await _nothing_happened(slack)


@pytest.mark.parametrize("missing", ["X-Slack-Signature", "X-Slack-Request-Timestamp", "both"])
async def test_missing_headers_are_refused(slack: SlackHarness, missing: str) -> None:
    body = _celebrate_body(slack)
    headers = slack.signer.headers(body)
    for name in ("X-Slack-Signature", "X-Slack-Request-Timestamp"):
        if missing in {name, "both"}:
            del headers[name]

    answer = await slack.send(body, FORM, headers=headers, signed=False)

    assert answer.status == 401
    await _nothing_happened(slack)


async def test_wrong_secret_is_refused(slack: SlackHarness) -> None:
    from tests.adapters.slack.conftest import Signer

    body = _celebrate_body(slack)

    answer = await slack.send(body, FORM, headers=Signer("x" * 40).headers(body), signed=False)

    assert answer.status == 401
    await _nothing_happened(slack)


@pytest.mark.parametrize("offset", [-301, 301])
async def test_timestamps_outside_300_seconds_are_refused(slack: SlackHarness, offset: int) -> None:
    now = int(time.time())
    freeze_guard(slack, now)

    answer = await slack.send(_celebrate_body(slack), FORM, timestamp=now + offset)

    assert answer.status == 401
    await _nothing_happened(slack)


@pytest.mark.parametrize("offset", [-299, 299])
async def test_timestamps_inside_300_seconds_are_accepted(slack: SlackHarness, offset: int) -> None:
    now = math.ceil(time.time())  # Bolt checks the window again on the real clock: never 300 s after truncation
    freeze_guard(slack, now)

    answer = await slack.send(_celebrate_body(slack), FORM, timestamp=now + offset)
    await slack.adapter.drain()

    assert answer.status == 200
    assert await slack.celebrations() == 1


@pytest.mark.parametrize("ssl_check", [b"ssl_check=1&token=abc", b"ssl_check=1"])
async def test_ssl_check_needs_a_signature_too(slack: SlackHarness, ssl_check: bytes) -> None:
    bad = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64}

    answer = await slack.send(ssl_check, FORM, headers=bad, signed=False)

    assert answer.status == 401
    await _nothing_happened(slack)


async def test_header_names_are_case_insensitive(slack: SlackHarness) -> None:
    body = _celebrate_body(slack)
    headers = {k.lower(): v for k, v in slack.signer.headers(body).items()}

    answer = await slack.send(body, FORM, headers=headers, signed=False)
    await slack.adapter.drain()

    assert answer.status == 200
    assert await slack.celebrations() == 1


async def test_a_thousand_replays_have_one_effect(slack: SlackHarness) -> None:
    body = _celebrate_body(slack)
    headers = slack.signer.headers(body)
    statuses: list[int] = []
    semaphore = asyncio.Semaphore(25)

    async def replay() -> None:
        async with semaphore:
            statuses.append((await slack.send(body, FORM, headers=headers, signed=False)).status)

    await asyncio.gather(*(replay() for _ in range(1000)))
    await slack.adapter.drain()
    await slack.bot.deliverer.deliver_due()

    assert sorted(set(statuses)) == [200, 401]
    assert statuses.count(200) == 1
    assert slack.adapter.listener_calls == 1
    assert await slack.celebrations() == 1
    assert len(slack.fake.responses) == 1
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_oversized_body_is_refused_with_413(slack: SlackHarness) -> None:
    body = b"text=" + b"a" * (1024 * 1024)

    answer = await slack.send(body, FORM)

    assert answer.status == 413
    await _nothing_happened(slack)


async def test_oversized_chunked_body_is_refused_with_413(slack: SlackHarness) -> None:
    async def chunks() -> object:
        for _ in range(80):
            yield b"x" * 16384

    headers = {"Content-Type": FORM, "X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=" + "0" * 64}
    async with slack.session.post(slack.url, data=chunks(), headers=headers) as response:
        assert response.status == 413
    await _nothing_happened(slack)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[1, 2, 3]", JSON),
        (b"{not json", JSON),
        (b"42", JSON),
        (b"payload=%7Bnot+json", FORM),
        (b"payload=%5B%5D", FORM),
        (b"", FORM),
        (b'{"type": "event_callback", "event": "oops", "event_id": "Ev1"}', JSON),
        (b'{"type": "event_callback", "event": {"no": "type"}}', JSON),
        (b'{"type": "block_actions", "user": 7, "actions": "x"}', JSON),
        (b'{"type": 5}', JSON),
    ],
)
async def test_signed_malformed_bodies_get_400(slack: SlackHarness, body: bytes, content_type: str) -> None:
    answer = await slack.send(body, content_type)

    assert answer.status == 400
    await _nothing_happened(slack)


async def test_non_numeric_timestamp_is_refused(slack: SlackHarness) -> None:
    body = _celebrate_body(slack)
    headers = {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64}

    answer = await slack.send(body, FORM, headers=headers, signed=False)

    assert answer.status == 401
    await _nothing_happened(slack)
