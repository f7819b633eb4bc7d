"""Signed, well-formed Slack requests with random fields, commands and payload JSON (issue 19).

Where ``test_fuzz.py`` sends malformed requests, these pass the signature and the shape checks, so
they reach Bolt, the translation and the turn: slash commands with any command name and text, button
clicks and modal submissions with any values, and message events with any text. Whatever is sent:
no 5xx, no dropped connection, and nothing logged as an error or with a traceback.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import strategies as st

from tests.adapters.fuzzing import examples, form_safe, mutate, tracebacks, wild_text
from tests.adapters.slack.conftest import FORM, JSON, SlackHarness, payload
from tests.adapters.slack.test_fuzz import json_values

COMMANDS = ("/celebrate", "/goodpractice", "/agenda", "/seminar", "/map", "/idea", "/sofs")
WORDS = ("help", "setup", "dashboard", "vote", "propose", "event", "events", "topics", "swap", "worried", "scale")
USERS = ("U0DEMO003", "U0DEMO004", "U0DEMO005", "U0NOBODY1", "")
CHANNELS = ("C0WES0TEAM", "D0DEMO003", "C0UNKNOWN1", "")
INTERACTIONS = ("block_actions_approve", "view_submission_story", "view_submission_story_errors", "message_shortcut")
EVENTS = ("message_event", "app_home_opened", "message_changed_event", "message_deleted_event")

ids = st.sampled_from(USERS) | st.text(alphabet="UCDW0123456789ABZ", max_size=12)
command_text = st.lists(st.sampled_from(WORDS) | wild_text, max_size=4).map(" ".join)


@st.composite
def slash_commands(draw: st.DrawFn) -> tuple[bytes, str]:
    """A slash command: a known or made-up command, any text, known or unknown people and channels."""
    fields: dict[str, Any] = payload("command_celebrate")
    fields.pop("response_url")
    fields["command"] = draw(st.sampled_from(COMMANDS) | st.text(max_size=12).map(lambda t: "/" + t))
    fields["text"] = draw(command_text)
    fields["user_id"] = draw(ids)
    fields["channel_id"] = draw(st.sampled_from(CHANNELS) | ids)
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=2)):
        fields.pop(name, None)
    extra = draw(st.dictionaries(st.text(max_size=8), wild_text, max_size=2))
    return urlencode({form_safe(k): form_safe(str(v)) for k, v in (fields | extra).items()}).encode(), FORM


@st.composite
def interactions(draw: st.DrawFn) -> tuple[bytes, str]:
    """A button click, a modal submission or a shortcut with random values (``payload=<json>``)."""
    data = payload(draw(st.sampled_from(INTERACTIONS)))
    data.pop("response_url", None)
    for action in data.get("actions") or []:
        action["action_id"] = draw(st.sampled_from([action["action_id"], "story.approve", "x"]) | wild_text)
        action["value"] = draw(wild_text)
    view = data.get("view")
    if isinstance(view, dict):
        view["private_metadata"] = draw(st.sampled_from(["", "{}", "not json"]) | json_values.map(json.dumps))
        for block in view.get("state", {}).get("values", {}).values():
            for element in block.values():
                element["value"] = draw(wild_text | json_values)
    for _ in range(draw(st.integers(0, 2))):
        mutate(draw, data, json_values | wild_text)
    return urlencode({"payload": json.dumps(data)}).encode(), FORM


@st.composite
def events(draw: st.DrawFn) -> tuple[bytes, str]:
    """An Events API callback with any text, author, channel and subtype."""
    data = payload(draw(st.sampled_from(EVENTS)))
    data["event_id"] = "Ev" + draw(st.text(alphabet="ABCDEF0123456789", min_size=6, max_size=12))
    event = data["event"]
    event["text"] = draw(wild_text)
    event["user"] = draw(ids)
    event["channel"] = draw(st.sampled_from(CHANNELS) | ids)
    if draw(st.booleans()):
        event["subtype"] = draw(st.sampled_from(["bot_message", "message_changed", "file_share"]) | wild_text)
    if draw(st.booleans()):
        mutate(draw, data, json_values | wild_text)
    return json.dumps(data).encode(), JSON


def string_paths(data: Any, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Where ``data`` holds a string, as key paths."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in string_paths(v, (*at, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in string_paths(v, (*at, i))]
    return [at] if isinstance(data, str) else []


def with_unstorable(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    """A copy of ``data`` whose string at ``path`` is a lone surrogate and a NUL."""
    changed = copy.deepcopy(data)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = "\ud800\x00"
    return changed


async def test_a_lone_surrogate_or_nul_in_any_field_of_a_click_or_a_modal_is_no_error(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def respond_nowhere(url: str, body: dict[str, Any]) -> None:
        del url, body

    monkeypatch.setattr(slack.adapter.poster, "respond", respond_nowhere)
    caplog.set_level(logging.WARNING)
    bodies = []
    for name in ("block_actions_approve", "view_submission_story"):
        data = payload(name)
        data.pop("response_url", None)
        data.get("view", {}).pop("private_metadata", None)
        bodies += [urlencode({"payload": json.dumps(with_unstorable(data, p))}).encode() for p in string_paths(data)]
    semaphore = asyncio.Semaphore(8)

    async def send(body: bytes) -> int:
        async with semaphore:
            return (await slack.send(body, FORM)).status

    statuses = await asyncio.gather(*(send(body) for body in bodies))
    await slack.adapter.drain()
    assert len(bodies) > 40
    assert [s for s in statuses if s >= 500] == []
    assert tracebacks(caplog.records) == []


async def test_signed_requests_with_random_fields_never_get_a_5xx_or_a_traceback(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def respond_nowhere(url: str, body: dict[str, Any]) -> None:
        del url, body  # response_url calls would leave loopback

    monkeypatch.setattr(slack.adapter.poster, "respond", respond_nowhere)
    caplog.set_level(logging.WARNING)
    cases = examples(slash_commands()) + examples(interactions()) + examples(events())
    semaphore = asyncio.Semaphore(8)

    async def send(body: bytes, content_type: str) -> int:
        async with semaphore:
            answer = await slack.send(body, content_type)  # a dropped connection raises here
            return answer.status

    statuses = await asyncio.gather(*(send(body, kind) for body, kind in cases))
    await slack.adapter.drain()

    assert len(cases) >= 100
    assert [s for s in statuses if s >= 500] == []
    assert statuses.count(200) > len(cases) // 2  # most reach Bolt and the turn
    assert tracebacks(caplog.records) == []
    assert slack.adapter.background_failures == 0
    assert (slack.bot.handler.stats["failed"], slack.bot.handler.stats["errors"]) == (0, 0)
