"""Rendering replies as Adaptive Cards: structure, and user text that stays inert (property tests)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.teams import render
from adapters.teams.translate import FIELD_PREFIX, TEMPLATE_GUARD, to_event, unguard
from bot.events import FormSubmitted
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    DividerBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Link,
    Option,
    PersonRef,
    Plain,
    Reply,
    SelectBlock,
    say,
    text,
)
from tests.adapters.teams.harness import payload

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SAM = PersonRef(name="Sam Okafor", user_id="29:demo-sam.okafor")
ALI = PersonRef(name="Ali Hassan", user_id="29:demo-ali.hassan")
NASTY = (
    "${'$'}{user.name} ${x} $${y} }\" [click](javascript:alert(1)) **bold** <at>Sam Okafor</at> "
    "https://evil.example www.evil.example a@b.example\n- list\n1. one # head > quote `code`"
)


def elements(card: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == kind:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


def celebration(what: str) -> Reply:
    return say(text("🎉 ", ALI, " thanked ", SAM, ": ", Plain(text=what)))


def story(title: str, body: str) -> Reply:
    return say(
        text(Bold(text=title)),
        FieldsBlock(items=(("The situation", body), ("What we did", body), ("The difference it made", body))),
        DividerBlock(),
        ButtonsBlock(buttons=(Button(label="Approve", action_id="story.approve", value=body[:50], style="primary"),)),
    )


def form(value: str) -> Reply:
    fields = tuple(
        FormField(name=f"f{i}", label=f"Field {i}", kind="multiline", max_length=3000, initial=value, error=value[:80])
        for i in range(5)
    )
    tools = FormField(
        name="tools", label="Tools", kind="multiselect", required=False, options=(Option(label=value[:30], value="x"),)
    )
    return Reply(blocks=(FormBlock(form_id="story", title="Share", fields=(*fields, tools), context=value[:40]),))


def test_mentions_become_at_tags_with_entities_and_user_text_goes_to_text_runs() -> None:
    card = render.card(celebration(NASTY))
    (block,) = elements(card, "TextBlock")
    assert block["text"] == "🎉 <at>Ali Hassan</at> thanked <at>Sam Okafor</at>: "
    assert card["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Ali Hassan</at>",
            "mentioned": {"id": "29:demo-ali.hassan", "name": "Ali Hassan"},
        },
        {
            "type": "mention",
            "text": "<at>Sam Okafor</at>",
            "mentioned": {"id": "29:demo-sam.okafor", "name": "Sam Okafor"},
        },
    ]
    runs = elements(card, "TextRun")
    assert runs[-1]["text"] == NASTY.replace("${", TEMPLATE_GUARD)
    assert "selectAction" not in runs[-1]


def test_user_text_between_mentions_is_escaped_markdown() -> None:
    reply = say(text(ALI, Plain(text=" [x](javascript:alert(1)) **b** https://e.example "), SAM))
    (block,) = elements(render.card(reply), "TextBlock")
    assert "\\[x\\]" in block["text"]
    assert "\\*\\*b\\*\\*" in block["text"]
    assert "https://e.example" not in block["text"]


def test_buttons_forms_and_selects() -> None:
    reply = Reply(
        blocks=(
            ButtonsBlock(buttons=(Button(label="Decline", action_id="story.decline", value="7", style="danger"),)),
            SelectBlock(action_id="pick", placeholder="Pick one", options=(Option(label="A", value="a"),)),
            FormBlock(
                form_id="story.decline",
                title="Decline this story",
                context="7",
                fields=(
                    FormField(
                        name="reason", label="Why?", kind="multiline", max_length=1000, error="Please fill this in."
                    ),
                    FormField(name="tools", label="Tools", kind="multiselect", options=(Option(label="A", value="a"),)),
                ),
            ),
        )
    )
    card = render.card(reply)
    submits = elements(card, "Action.Submit")
    assert submits[0] == {
        "type": "Action.Submit",
        "title": "Decline",
        "data": {"action_id": "story.decline", "value": "7"},
        "style": "destructive",
    }
    assert submits[1]["data"] == {"action_id": "pick", "value": "a"}
    assert submits[2]["data"] == {"form_id": "story.decline", "context": "7"}
    (reason,) = elements(card, "Input.Text")
    assert reason["id"] == f"{FIELD_PREFIX}reason"
    assert (reason["isMultiline"], reason["maxLength"], reason["isRequired"]) == (True, 1000, True)
    assert reason["errorMessage"] == "Please fill this in."
    red = [r for r in elements(card, "TextRun") if r.get("color") == "Attention"]
    assert [r["text"] for r in red] == ["Please fill this in."]
    (tools,) = elements(card, "Input.ChoiceSet")
    assert tools["isMultiSelect"] is True
    assert tools["choices"] == [{"title": "A", "value": "a"}]


def test_bot_links_are_links_and_user_links_are_text() -> None:
    card = render.card(say(text(Link(url="https://intranet.example/practice", label="the intranet"))))
    (run,) = elements(card, "TextRun")
    assert run["selectAction"] == {"type": "Action.OpenUrl", "url": "https://intranet.example/practice"}
    card = render.card(say(text(Link(url="javascript:alert(1)", label="x"))))
    assert elements(card, "Action.OpenUrl") == []


def test_a_submitted_card_round_trips_user_text_exactly() -> None:
    value = "Costs ${budget} and $${more}"
    card = render.card(form(value))
    data: dict[str, Any] = dict(elements(card, "Action.Submit")[0]["data"])
    for element in elements(card, "Input.Text"):
        data[element["id"]] = element["value"]
    event = to_event(payload("action_submit", value=data), NOW)
    assert isinstance(event, FormSubmitted)
    assert event.fields["f0"] == value
    assert unguard(render.guard(value)) == value


USER_TEXT = st.text(max_size=4000) | st.sampled_from([NASTY, "${" * 2000, "😀" * 3000, "\u202e" * 100])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(what=USER_TEXT, title=st.text(max_size=200))
def test_any_user_text_gives_a_valid_inert_card_under_28_kb(what: str, title: str) -> None:
    for reply in (celebration(what), story(title, what), form(what)):
        message = render.message(reply)
        encoded = json.dumps(message, ensure_ascii=False)
        assert json.loads(encoded) == message
        assert "${" not in encoded
        assert render.encoded_size(message) <= render.MAX_MESSAGE_BYTES
        card = message["attachments"][0]["content"]
        assert card["version"] == "1.5"
        assert elements(card, "Action.OpenUrl") == []
        for block in elements(card, "TextBlock"):
            assert "](" not in block["text"]
        assert len(card.get("msteams", {}).get("entities", [])) <= 2
