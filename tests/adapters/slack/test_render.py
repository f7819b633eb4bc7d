"""Block Kit rendering: escaping, limits, modals (reliability I1, C7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.metadata import FormMeta, decode_meta
from adapters.slack.render import (
    MAX_BLOCKS,
    MAX_TEXT,
    escape,
    form_errors,
    modal_view,
    pack,
    render_message,
)
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
    TextBlock,
    say,
    text,
)

ALLOWED_TOKENS = re.compile(r"<@[UW][A-Z0-9]{2,30}>|<https?://[^\s<>|\"']+\|[^<>&]*>")
ENTITIES = re.compile(r"&(?:amp|lt|gt);")


def mrkdwn_texts(value: Any) -> Iterator[str]:
    """Every mrkdwn string inside rendered blocks."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            yield value["text"]
        for item in value.values():
            yield from mrkdwn_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from mrkdwn_texts(item)


def all_texts(value: Any) -> Iterator[str]:
    """Every ``text`` string inside rendered blocks."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from all_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_texts(item)


def unescaped(mrkdwn: str) -> str:
    """The ``<``, ``>`` and ``&`` left once entities and allowed tokens are removed."""
    stripped = ALLOWED_TOKENS.sub("", ENTITIES.sub("", mrkdwn))
    return "".join(c for c in stripped if c in "<>&")


def test_plain_user_text_is_escaped_and_verbatim() -> None:
    message = render_message(say(text("Thanks ", Plain(text="<!channel> & <@U123> <https://x|y>"))))

    [section] = message.blocks
    assert section["text"] == {
        "type": "mrkdwn",
        "text": "Thanks &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;",
        "verbatim": True,
    }
    assert message.text == "Thanks &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;"


def test_person_refs_become_mentions_only_with_a_real_id() -> None:
    message = render_message(
        say(text(PersonRef(name="Sam", user_id="U0DEMO003"), " ", PersonRef(name="<b>Ann</b>", user_id="x>")))
    )

    assert message.blocks[0]["text"]["text"] == "<@U0DEMO003> &lt;b&gt;Ann&lt;/b&gt;"


def test_links_and_bold() -> None:
    message = render_message(
        say(
            text(
                Bold(text="Hello *you*"),
                " ",
                Link(url="https://intranet.example/a?b=1&c=2", label="a & b"),
                " ",
                Link(url="javascript:alert(1)", label="x"),
            )
        )
    )

    assert message.blocks[0]["text"]["text"] == (
        "*Hello you* <https://intranet.example/a?b=1&c=2|a &amp; b> x (javascript:alert(1))"
    )


def test_long_text_is_split_into_sections_without_breaking_entities() -> None:
    long_text = ("word & " * 800).strip()

    message = render_message(say(text(Plain(text=long_text))))

    assert len(message.blocks) > 1
    for section in message.blocks:
        body = section["text"]["text"]
        assert len(body) <= MAX_TEXT
        assert unescaped(body) == ""
    assert "".join(b["text"]["text"] for b in message.blocks).count("&amp;") == 800
    assert len(message.text) <= MAX_TEXT
    assert message.text.endswith("…")


def test_pack_prefers_whitespace() -> None:
    pieces = pack(list("aaaa bbbb cccc"), limit=10)

    assert pieces == ["aaaa bbbb", "cccc"]


def test_too_many_blocks_are_cut_with_a_note() -> None:
    reply = say(*[text(f"line {n}") for n in range(80)])

    message = render_message(reply)

    assert len(message.blocks) == MAX_BLOCKS
    assert message.blocks[-1]["type"] == "context"
    assert "31 more" in message.blocks[-1]["elements"][0]["text"]


def test_fields_buttons_selects_and_dividers() -> None:
    reply = say(
        FieldsBlock(items=(("Situation", "a <b> c"), ("Tools", "mapping"))),
        ButtonsBlock(
            buttons=(
                Button(label="Approve", action_id="story.approve", value="1", style="primary"),
                Button(label="Approve other", action_id="story.approve", value="2"),
            )
        ),
        SelectBlock(action_id="seminar.vote", placeholder="Pick", options=(Option(label="A", value="a"),)),
        DividerBlock(),
    )

    fields, buttons, select, divider = render_message(reply).blocks

    assert [f["text"] for f in fields["fields"]] == ["*Situation*\na &lt;b&gt; c", "*Tools*\nmapping"]
    assert [(b["action_id"], b.get("style")) for b in buttons["elements"]] == [
        ("story.approve", "primary"),
        ("story.approve#2", None),
    ]
    assert select["elements"][0]["options"] == [
        {"text": {"type": "plain_text", "text": "A", "emoji": True}, "value": "a"}
    ]
    assert divider == {"type": "divider"}


def test_a_form_is_not_rendered_in_the_message() -> None:
    form = FormBlock(form_id="story", title="T", fields=(FormField(name="a", label="A"),))

    assert render_message(Reply(blocks=(form,))).blocks == []


def _form(**field: Any) -> FormBlock:
    return FormBlock(
        form_id="story",
        title="Share good practice with your team",
        submit_label="Share",
        context="12",
        fields=(
            FormField(name="title", label="Title", kind="text", max_length=120, initial="<x>"),
            FormField(name="situation", label="Situation", kind="multiline", hint="No names", **field),
            FormField(
                name="tools",
                label="Tools",
                kind="multiselect",
                required=False,
                options=(Option(label="Mapping", value="mapping"), Option(label="Scaling", value="scaling")),
                initial="scaling",
            ),
            FormField(
                name="one",
                label="One",
                kind="select",
                options=(Option(label="A", value="a"),),
                initial="a",
            ),
        ),
    )


def test_modal_view_shape() -> None:
    view = modal_view(_form(), FormMeta(channel_id="C1", response_url="https://hooks/x"))

    assert view["type"] == "modal"
    assert view["callback_id"] == "story"
    assert len(view["title"]["text"]) <= 24
    assert decode_meta(view["private_metadata"]) == FormMeta(
        context="12", channel_id="C1", response_url="https://hooks/x"
    )
    title, situation, tools, one = view["blocks"]
    assert title["element"] == {
        "type": "plain_text_input",
        "action_id": "title",
        "multiline": False,
        "max_length": 120,
        "initial_value": "<x>",
    }
    assert situation["element"]["multiline"] is True
    assert situation["hint"]["text"] == "No names"
    assert tools["optional"] is True
    assert tools["element"]["type"] == "multi_static_select"
    assert [o["value"] for o in tools["element"]["initial_options"]] == ["scaling"]
    assert one["element"]["initial_option"]["value"] == "a"


def test_form_errors_are_keyed_by_block_id() -> None:
    assert form_errors(_form()) == {}
    assert form_errors(_form(error="Please fill this in.")) == {"situation": "Please fill this in."}


def test_escape() -> None:
    assert escape("a & <b> &amp;") == "a &amp; &lt;b&gt; &amp;amp;"


# --- properties --------------------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<!subteam^S123|@team>",
        "<@U0DEMO003>",
        "<https://evil.example|click>",
        "&lt;",
        "&amp;lt;",
        "&",
        "<",
        ">",
        "\u202e",
        "\u200b",
        "*bold*",
        "`code`",
        "\n",
    ]
)
USER_TEXT = st.lists(st.text(max_size=60) | NASTY, max_size=10).map("".join)


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    """Replies whose every user-controlled string comes from USER_TEXT."""
    blocks: list[Any] = []
    pool = draw(st.lists(USER_TEXT, min_size=1, max_size=4))
    for _ in range(draw(st.integers(1, 55))):
        user = draw(st.sampled_from(pool))
        kind = draw(st.sampled_from(["text", "fields", "buttons", "select", "ref"]))
        if kind == "text":
            blocks.append(text("Said: ", Plain(text=user * draw(st.sampled_from([1, 1, 8]))), Bold(text="ok")))
        elif kind == "fields":
            blocks.append(FieldsBlock(items=((user[:50], user), ("Tools", user))))
        elif kind == "buttons":
            blocks.append(ButtonsBlock(buttons=(Button(label=user or "x", action_id="a", value=user),)))
        elif kind == "select":
            option = Option(label=user or "x", value=user or "v")
            blocks.append(SelectBlock(action_id="s", placeholder=user or "p", options=(option,)))
        else:
            blocks.append(
                TextBlock(parts=(PersonRef(name=user, user_id=""), PersonRef(name=user, user_id="U0DEMO003")))
            )
    return Reply(blocks=tuple(blocks))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(replies())
def test_any_user_text_renders_safely_within_limits(reply: Reply) -> None:
    message = render_message(reply)

    assert len(message.blocks) <= MAX_BLOCKS
    assert unescaped(message.text) == ""
    assert len(message.text) <= MAX_TEXT
    for body in mrkdwn_texts(message.blocks):
        assert unescaped(body) == "", body
    for value in all_texts(message.blocks):
        assert 0 < len(value) <= MAX_TEXT
    assert sum(len(t) for t in all_texts(message.blocks)) <= 12000


@settings(max_examples=200, derandomize=True, deadline=None)
@given(USER_TEXT, USER_TEXT)
def test_any_user_text_in_a_form_stays_plain_text(initial: str, label: str) -> None:
    form = FormBlock(
        form_id="story",
        title=label or "t",
        fields=(FormField(name="a", label=label or "l", kind="multiline", initial=initial, max_length=3000),),
    )

    view = modal_view(form, FormMeta(channel_id="C1"))

    assert list(mrkdwn_texts(view)) == []
    assert view["blocks"][0]["element"]["initial_value"] == initial[:3000] if initial else True
    assert len(view["private_metadata"]) <= 3000
