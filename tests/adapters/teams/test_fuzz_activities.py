"""Random Teams activity shapes in loopback anonymous mode (issue 19).

Recorded activities with their type, text, value, ids and any field (at the top or one level down)
replaced by random values, and made-up activities that only keep what the endpoint checks first.
Whatever is sent: no 5xx, no dropped connection, and nothing logged as an error or with a traceback,
also by the turns and replies that run after the answer.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import string
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.adapters.fuzzing import examples, mutate, tracebacks, wild_text
from tests.adapters.slack.test_fuzz import json_values
from tests.adapters.teams.harness import Harness, payload

RECORDED = (
    "personal_message",
    "channel_message_mention",
    "action_submit",
    "invoke_adaptive_card_action",
    "conversation_update_members_added",
    "installation_update",
)
TYPES = ("message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "typing", "event")
INVOKES = ("adaptiveCard/action", "task/fetch", "task/submit", "composeExtension/query", "signin/verifyState")
TEAMS_KEYS = (
    "type",
    "name",
    "text",
    "value",
    "id",
    "replyToId",
    "from",
    "recipient",
    "conversation",
    "channelData",
    "entities",
    "attachments",
    "membersAdded",
    "membersRemoved",
    "action",
    "deliveryMode",
    "locale",
    "timestamp",
    "textFormat",
)
recorded = {name: payload(name) for name in RECORDED}
teams_ids = st.text(alphabet=string.ascii_letters + string.digits + ":-_.@", min_size=1, max_size=30) | wild_text
card_values = st.fixed_dictionaries(
    {"action_id": st.sampled_from(["settings.snooze", "story.approve", "x"]) | wild_text, "value": wild_text}
) | st.fixed_dictionaries(
    {"action": st.fixed_dictionaries({"type": st.just("Action.Execute"), "verb": wild_text, "data": json_values})}
)


@st.composite
def activities(draw: st.DrawFn) -> dict[str, Any]:
    """A recorded activity with random changes (``serviceUrl`` is set to the fake connector later)."""
    data = copy.deepcopy(recorded[draw(st.sampled_from(RECORDED))])
    data["id"] = draw(teams_ids)
    if draw(st.booleans()):
        data["type"] = draw(st.sampled_from(TYPES) | st.text(min_size=1, max_size=12))
    if data["type"] == "invoke" or draw(st.booleans()):
        data["name"] = draw(st.sampled_from(INVOKES) | wild_text)
    data["text"] = draw(wild_text)
    if draw(st.booleans()):
        data["value"] = draw(card_values | json_values)
    if draw(st.booleans()):
        data["deliveryMode"] = draw(st.sampled_from(["expectReplies", "normal"]))
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        mutate(draw, data, json_values | wild_text, TEAMS_KEYS)
    return data


made_up = st.fixed_dictionaries(
    {
        "type": st.sampled_from(TYPES) | st.text(min_size=1, max_size=12),
        "channelId": st.just("msteams"),
        "conversation": st.fixed_dictionaries({"id": teams_ids}, optional={"conversationType": wild_text}),
        "from": st.fixed_dictionaries({"id": teams_ids}, optional={"name": wild_text}),
        "recipient": st.fixed_dictionaries({"id": teams_ids}),
    },
    optional=dict.fromkeys(
        [k for k in TEAMS_KEYS if k not in ("type", "conversation", "from", "recipient")], json_values | wild_text
    ),
)


async def test_random_activity_shapes_never_get_a_5xx_or_a_traceback(
    teams: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    cases = examples(activities()) + examples(made_up)
    semaphore = asyncio.Semaphore(8)

    async def send(activity: dict[str, Any]) -> int:
        if "serviceUrl" not in activity or activity["serviceUrl"] == recorded["personal_message"]["serviceUrl"]:
            activity["serviceUrl"] = teams.connector.url  # replies stay on loopback
        async with semaphore:
            status, _ = await teams.post(activity)  # a dropped connection raises here
            return status

    statuses = await asyncio.gather(*(send(a) for a in cases))
    await teams.settle()

    assert len(cases) >= 100
    assert [s for s in statuses if s >= 500] == []
    assert len([s for s in statuses if s < 300]) > len(cases) // 4  # many reach the SDK and the turn
    assert tracebacks(caplog.records) == []
    assert (teams.bot.handler.stats["failed"], teams.bot.handler.stats["errors"]) == (0, 0)
