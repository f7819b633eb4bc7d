"""1,000 generated malformed requests (reliability A4, I5): never a 5xx, never a crashed listener.

Hypothesis generates the cases with a fixed seed (``derandomize``); they are then sent to the real
server, unsigned, signed, or with odd signature headers.
"""

from __future__ import annotations

import asyncio
import json
import string
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adapters.slack.conftest import FORM, JSON, SlackHarness, payload

CASES = 1000
RECORDED = (
    "command_celebrate",
    "command_goodpractice",
    "view_submission_story",
    "view_submission_story_errors",
    "block_actions_approve",
    "message_shortcut",
    "app_home_opened",
    "message_event",
    "url_verification",
)
SLACK_KEYS = (
    "type",
    "event",
    "user",
    "team",
    "channel",
    "actions",
    "view",
    "container",
    "command",
    "text",
    "trigger_id",
    "response_url",
    "callback_id",
    "message",
    "enterprise",
    "authorizations",
    "event_id",
    "challenge",
    "state",
    "private_metadata",
    "user_id",
    "channel_id",
    "ssl_check",
)
HEADER_TEXT = st.text(alphabet=string.printable.strip(), max_size=80)
leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
slack_like = st.dictionaries(st.sampled_from(SLACK_KEYS), json_values, max_size=8)


def _encode(data: Any, as_form: bool) -> tuple[bytes, str]:
    if as_form:
        return urlencode({"payload": json.dumps(data)}).encode(), FORM
    return json.dumps(data).encode(), JSON


@st.composite
def mutated_recorded(draw: st.DrawFn) -> tuple[bytes, str]:
    """A recorded payload with one field (top level or nested) replaced by any JSON value."""
    data = payload(draw(st.sampled_from(RECORDED)))
    data.pop("response_url", None)
    target = data
    nested = [k for k, v in data.items() if isinstance(v, dict)]
    if nested and bool(draw(st.booleans())):
        target = data[draw(st.sampled_from(nested))]
    keys = sorted(target) or ["type"]
    target[draw(st.sampled_from(keys))] = draw(json_values)
    if "command" in data and isinstance(data.get("command"), str):
        return urlencode({k: json.dumps(v) if not isinstance(v, str) else v for k, v in data.items()}).encode(), FORM
    return _encode(data, draw(st.booleans()))


bodies = st.one_of(
    st.binary(max_size=300).map(lambda b: (b, FORM)),
    st.text(max_size=300).map(lambda t: (t.encode("utf-8"), JSON)),
    json_values.map(lambda v: (json.dumps(v).encode(), JSON)),
    st.tuples(slack_like, st.booleans()).map(lambda t: _encode(t[0], t[1])),
    st.dictionaries(st.sampled_from(SLACK_KEYS), st.text(max_size=30), max_size=6).map(
        lambda d: (urlencode(d).encode(), FORM)
    ),
    st.text(max_size=100).map(lambda t: (urlencode({"payload": t}).encode(), FORM)),
    mutated_recorded(),
)
content_types = st.sampled_from(
    [None, FORM, JSON, "text/plain", "application/octet-stream", "multipart/form-data; boundary=x"]
)
modes = st.sampled_from(["signed", "signed", "signed", "unsigned", "odd-headers", "huge-header"])


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """One malformed request."""
    body, natural_type = draw(bodies)
    return {
        "body": body,
        "content_type": draw(content_types) or natural_type,
        "mode": draw(modes),
        "timestamp": draw(HEADER_TEXT | st.integers(-(10**20), 10**20).map(str)),
        "signature": draw(HEADER_TEXT),
    }


def generate() -> list[dict[str, Any]]:
    """The fixed set of fuzz cases."""
    found: list[dict[str, Any]] = []

    @settings(
        max_examples=CASES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(cases())
    def collect(case: dict[str, Any]) -> None:
        found.append(case)

    collect()
    return found


async def _send(slack: SlackHarness, case: dict[str, Any]) -> int:
    body, mode = case["body"], case["mode"]
    headers = {"Content-Type": case["content_type"]}
    if mode == "signed":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            mode = "odd-headers"
        else:
            headers.update(slack.signer.headers(body))
    if mode == "odd-headers":
        headers.update({"X-Slack-Request-Timestamp": case["timestamp"], "X-Slack-Signature": case["signature"]})
    if mode == "huge-header":
        headers.update({"X-Slack-Request-Timestamp": "1" * 8000, "X-Slack-Signature": "v0=" + "a" * 8000})
    async with slack.session.post(slack.url, data=body, headers=headers) as response:
        await response.read()
        return response.status


async def test_a_thousand_malformed_requests_never_get_a_5xx(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted: list[str] = []

    async def respond_only_to_the_fake(url: str, body: dict[str, Any]) -> None:
        del body
        posted.append(url)

    monkeypatch.setattr(slack.adapter.poster, "respond", respond_only_to_the_fake)
    generated = generate()
    semaphore = asyncio.Semaphore(20)

    async def one(case: dict[str, Any]) -> int:
        async with semaphore:
            return await _send(slack, case)

    statuses = await asyncio.gather(*(one(c) for c in generated))
    await slack.adapter.drain()

    assert len(generated) == CASES
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) <= {200, 400, 401, 413, 431}
    assert statuses.count(400) > 100
    assert statuses.count(401) > 100
    assert slack.adapter.background_failures == 0
    assert slack.bot.handler.stats["failed"] == 0
