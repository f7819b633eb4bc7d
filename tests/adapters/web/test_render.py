"""Pure pieces of the web adapter: rendering replies to HTML, translating posts into events."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.html.templating import make_environment, safe_url
from adapters.web.render import Controls, render_reply
from adapters.web.translate import action_event, form_event, line_event
from bot.events import ActionInvoked, CommandInvoked, FormSubmitted, MessagePosted
from bot.intents.stories import story_form
from bot.replies import Bold, Button, ButtonsBlock, FieldsBlock, Link, PersonRef, Plain, say, text

ENV = make_environment()
NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)
CONTROLS = Controls("/playground/action", "/playground/form", (("as", "ali.hassan"), ("in", "dereham-fs")))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=80))
def test_user_text_is_always_escaped(value: str) -> None:
    reply = say(text(Plain(text=value)), FieldsBlock(items=((value, value),)))
    html = render_reply(ENV, reply, dom_id="m1", controls=CONTROLS)
    assert "<script" not in html.replace("&lt;script", "")
    if "<" in value:
        assert "&lt;" in html


def test_parts_render_as_their_markup() -> None:
    reply = say(
        text(Bold(text="Hi"), " ", PersonRef(name="Sam <Okafor>"), " ", Link(url="javascript:alert(1)", label="x")),
        text(Link(url="https://example.org/a?b=1&c=2", label="ok")),
    )
    html = render_reply(ENV, reply, dom_id="m1")
    assert "<strong>Hi</strong>" in html
    assert '<span class="mention">@Sam &lt;Okafor&gt;</span>' in html
    assert 'href="#"' in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html


def test_buttons_and_forms_need_controls() -> None:
    reply = say(ButtonsBlock(buttons=(Button(label="Go", action_id="a.b", value="7"),)))
    assert "<button" not in render_reply(ENV, reply, dom_id="m1")
    html = render_reply(ENV, reply, dom_id="m1", message_id="web-3", controls=CONTROLS)
    assert '<input type="hidden" name="action_id" value="a.b">' in html
    assert '<input type="hidden" name="message_id" value="web-3">' in html
    assert '<input type="hidden" name="as" value="ali.hassan">' in html


def test_a_form_has_labels_errors_and_checkboxes() -> None:
    form = story_form({"title": 'A "quoted" title'}, {"situation": "Please fill this in."})
    html = render_reply(ENV, say(form), dom_id="m9", controls=CONTROLS)
    assert '<label for="m9-b1-title">' in html
    assert 'value="A &#34;quoted&#34; title"' in html
    assert 'aria-invalid="true" aria-describedby="m9-b1-situation-error"' in html
    assert '<p class="error" id="m9-b1-situation-error">Please fill this in.</p>' in html
    assert html.count('type="checkbox" name="field:tools"') > 5


def test_only_site_links_and_http_urls_pass() -> None:
    assert safe_url("/dashboard") == "/dashboard"
    assert safe_url("https://x.example") == "https://x.example"
    for bad in ("javascript:alert(1)", "//evil.example", "data:text/html,x", " https://x"):
        assert safe_url(bad) == "#"


def test_lines_become_commands_or_messages() -> None:
    event = line_event("/celebrate @sam.okafor for it", persona="ali.hassan", place="dereham-fs", event_id="e", now=NOW)
    assert isinstance(event, CommandInvoked)
    assert (event.platform, event.command, event.conversation.channel_id) == ("web", "celebrate", "dereham-fs")
    assert [m.user_id for m in event.mentions] == ["sam.okafor"]
    direct = line_event("hello there", persona="ali.hassan", place="dm", event_id="e", now=NOW)
    assert isinstance(direct, MessagePosted)
    assert direct.conversation.is_direct
    assert direct.conversation.channel_id == "dm:ali.hassan"
    assert line_event("   ", persona="ali.hassan", place="dm", event_id="e", now=NOW) is None


def test_clicks_and_forms_become_events() -> None:
    click = action_event(
        {"action_id": "story.approve", "value": "3", "message_id": "web-4"},
        persona="sam.okafor",
        place="dm",
        event_id="e",
        now=NOW,
    )
    assert isinstance(click, ActionInvoked)
    assert (click.action_id, click.value, click.message_id) == ("story.approve", "3", "web-4")
    assert action_event({}, persona="sam.okafor", place="dm", event_id="e", now=NOW) is None
    form = form_event(
        "story",
        "",
        [("field:title", "T"), ("field:tools", "mapping"), ("field:tools", "safety plan"), ("csrf", "x")],
        persona="ali.hassan",
        place="dereham-fs",
        event_id="e",
        now=NOW,
    )
    assert isinstance(form, FormSubmitted)
    assert dict(form.fields) == {"title": "T", "tools": "mapping,safety plan"}
