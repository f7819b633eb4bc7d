"""The playground over HTTP: commands, buttons, forms, deliveries and fast-forward, with escaping."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import aiohttp
import pytest

from adapters.web.playground import next_friday_afternoon
from bot import texts
from tests.adapters.web.conftest import FORM_SECRET, Site, client
from tests.conftest import START

BUTTON = re.compile(r'<form method="post" action="/playground/action">(.*?)</form>', re.DOTALL)


def hidden(form_html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form_html))


async def page(session: aiohttp.ClientSession, site: Site, persona: str, place: str) -> str:
    async with session.get(f"{site.url}/playground", params={"as": persona, "in": place}) as response:
        assert response.status == 200
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        return await response.text()


async def say(session: aiohttp.ClientSession, site: Site, persona: str, place: str, line: str) -> str:
    secret = FORM_SECRET.search(await page(session, site, persona, place))
    assert secret
    data = {"as": persona, "in": place, "pg": secret.group(1), "line": line}
    async with session.post(f"{site.url}/playground/say", data=data) as response:
        assert response.status == 200
        return await response.text()


async def test_a_celebration_reaches_the_channel_escaped(site: Site) -> None:
    async with client() as session:
        text = await say(
            session, site, "ali.hassan", "dereham-fs", "/celebrate @sam.okafor for <script>alert(1)</script> mapping"
        )
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "only visible to you" in text
    assert texts.CELEBRATE_POSTED in html.unescape(text)
    assert '<span class="mention">@Sam Okafor</span>' in text


async def test_sharing_a_story_with_the_form_and_approving_it_by_button(site: Site) -> None:
    async with client() as session:
        text = await say(session, site, "ali.hassan", "dereham-fs", "/goodpractice")
        assert '<form method="post" action="/playground/form"' in text
        form = re.search(r'<form method="post" action="/playground/form".*?</form>', text, re.DOTALL)
        assert form
        fields = hidden(form.group(0))
        data = [
            *fields.items(),
            ("field:title", "Mapping helped"),
            ("field:situation", "A case had drifted."),
            ("field:what_we_did", "We mapped it together."),
            ("field:difference", "The network wrote a plan."),
            ("field:tools", "mapping"),
            ("field:tools", "safety plan"),
            ("field:share", "team"),
        ]
        async with session.post(f"{site.url}/playground/form", data=data) as response:
            text = await response.text()
        assert texts.STORY_SAVED.format(title="Mapping helped") in html.unescape(text)
        assert 'action="/playground/form"' not in text  # the form closed, like a modal
        submit = next(b for b in BUTTON.findall(text) if texts.STORY_SUBMIT_BUTTON in b)
        async with session.post(f"{site.url}/playground/action", data=hidden(submit)) as response:
            text = await response.text()
        assert texts.STORY_SUBMITTED.format(who="Sam Okafor") in html.unescape(text)
        text = await page(session, site, "sam.okafor", "dereham-fs")
        approve = next(b for b in BUTTON.findall(text) if f">{texts.STORY_APPROVE}<" in b)
        fields = hidden(approve)
        fields["as"] = "sam.okafor"
        async with session.post(f"{site.url}/playground/action", data=fields) as response:
            text = await response.text()
        assert texts.STORY_APPROVED_BY.format(who="Sam Okafor") in html.unescape(text)
        text = await page(session, site, "ali.hassan", "dereham-fs")
    assert texts.STORY_APPROVED_FOR_AUTHOR.format(title="Mapping helped", who="Sam Okafor") in html.unescape(text)
    async with site.bot.uow_factory() as uow:
        story = await uow.stories.get(1)
    assert story is not None
    assert story.tools == ["mapping", "safety plan"]
    assert story.status == "approved"


async def test_a_form_with_errors_comes_back_in_place(site: Site) -> None:
    async with client() as session:
        text = await say(session, site, "ali.hassan", "dereham-fs", "/goodpractice")
        form = re.search(r'<form method="post" action="/playground/form".*?</form>', text, re.DOTALL)
        assert form
        data = [*hidden(form.group(0)).items(), ("field:title", "Only a <title>")]
        async with session.post(f"{site.url}/playground/form", data=data) as response:
            text = await response.text()
    assert text.count('action="/playground/form"') == 1
    assert text.count(texts.STORY_FIELD_REQUIRED) == 3
    assert 'value="Only a &lt;title&gt;"' in text


async def test_a_double_click_is_handled_once(site: Site) -> None:
    async with client() as session:
        text = await page(session, site, "ali.hassan", "dereham-fs")
        secret = FORM_SECRET.search(text)
        assert secret
        data = {
            "as": "ali.hassan",
            "in": "dereham-fs",
            "pg": secret.group(1),
            "event_id": "ab" * 16,
            "line": "/celebrate @priya.shah for the words and pictures",
        }
        for _ in range(2):
            async with session.post(f"{site.url}/playground/say", data=data) as response:
                assert response.status == 200
    async with site.bot.uow_factory() as uow:
        assert await uow.celebrations.count() == 1


async def test_posts_from_elsewhere_are_refused(site: Site) -> None:
    async with client() as session:
        data = {"as": "ali.hassan", "in": "dereham-fs", "pg": "guess", "line": "/celebrate @sam.okafor hi"}
        async with session.post(f"{site.url}/playground/say", data=data) as response:
            assert response.status == 403
    async with site.bot.uow_factory() as uow:
        assert await uow.celebrations.count() == 0


async def test_fast_forward_moves_the_clock_and_delivers(site: Site) -> None:
    async with client() as session:
        text = await page(session, site, "sam.okafor", "dereham-fs")
        secret = FORM_SECRET.search(text)
        assert secret
        data = {"as": "sam.okafor", "in": "dereham-fs", "pg": secret.group(1), "step": "week"}
        async with session.post(f"{site.url}/playground/clock", data=data) as response:
            text = await response.text()
    assert site.state.play is not None
    assert site.state.play.clock.now() == START + timedelta(weeks=1)
    assert site.bot.clock.now() == START  # the server's clock never moves
    assert "Time moved forward" in text
    assert "Tue 1 Dec 2026, 10:00" in text


def test_friday_afternoon_is_always_ahead() -> None:
    for hours in range(0, 24 * 8, 5):
        now = START + timedelta(hours=hours)
        step = next_friday_afternoon(now, "Europe/London")
        assert timedelta(0) < step <= timedelta(weeks=1)
        assert (now + step).weekday() == 4


def test_the_playground_is_off_unless_enabled() -> None:
    from adapters.web.config import WebSettings, playground_enabled
    from bot.config import Settings

    local = Settings(PLBOT_HOST="127.0.0.1")
    assert not playground_enabled(local, WebSettings())
    assert playground_enabled(local, WebSettings(PLBOT_PLAYGROUND="1"))
    assert playground_enabled(local, WebSettings(PLBOT_PLAYGROUND="on"))
    slack = Settings(PLBOT_HOST="127.0.0.1", SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    assert not playground_enabled(slack, WebSettings(PLBOT_PLAYGROUND="on"))


@pytest.mark.parametrize(
    "credential",
    [
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},  # Socket Mode: no signing secret
        {"SLACK_BOT_TOKEN": "xoxb-1"},  # a forgotten signing secret
        {"SLACK_SIGNING_SECRET": "s"},
        {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "app-id"},
        {"PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "true"},
    ],
)
def test_any_platform_credential_keeps_the_playground_off(credential: dict[str, str]) -> None:
    from adapters.web.config import WebSettings, playground_enabled
    from bot.config import Settings

    settings = Settings.model_validate({"PLBOT_HOST": "127.0.0.1", **credential})
    assert not playground_enabled(settings, WebSettings(PLBOT_PLAYGROUND="1"))
    assert not playground_enabled(settings, WebSettings())


def test_the_playground_is_refused_on_a_non_loopback_address() -> None:
    from adapters.web.config import PlaygroundExposedError, WebSettings, playground_enabled
    from bot.config import Settings

    exposed = Settings(PLBOT_HOST="0.0.0.0")  # noqa: S104
    assert not playground_enabled(exposed, WebSettings())
    with pytest.raises(PlaygroundExposedError):
        playground_enabled(exposed, WebSettings(PLBOT_PLAYGROUND="1"))


STORY_FORM = re.compile(r'<form method="post" action="/playground/form".*?</form>', re.DOTALL)


async def _share(
    session: aiohttp.ClientSession, site: Site, form_html: str, situation: str, *extra: tuple[str, str]
) -> str:
    data = [
        *hidden(form_html).items(),
        ("field:title", "Mapping helped"),
        ("field:situation", situation),
        ("field:what_we_did", "We mapped it together."),
        ("field:difference", "The network wrote a plan."),
        ("field:share", "team"),
        *extra,
    ]
    async with session.post(f"{site.url}/playground/form", data=data) as response:
        assert response.status == 200
        return await response.text()


async def test_a_named_child_in_a_story_is_never_shared_however_often_the_form_is_sent(site: Site) -> None:
    child = "Kayden (6) and his mum were worried"
    async with client() as session:
        text = await say(session, site, "ali.hassan", "dereham-fs", "/goodpractice")
        for _ in range(2):  # the same form, sent again
            form = STORY_FORM.search(text)
            assert form
            assert 'name="field:anonymised"' not in form.group(0)  # a named child: nothing to confirm
            text = await _share(session, site, form.group(0), child, ("field:anonymised", "yes"))
            assert texts.GUARD_FIELD_BLOCKED.partition("{what}")[2] in html.unescape(text)
        channel = await page(session, site, "sam.okafor", "dereham-fs")
    assert "Kayden" not in channel
    async with site.bot.uow_factory() as uow:
        assert await uow.stories.get(1) is None


async def test_a_weak_warning_offers_an_unticked_statement_and_marks_the_story(site: Site) -> None:
    weak = "Imogen had been stuck for months before the network meeting"
    async with client() as session:
        text = await say(session, site, "ali.hassan", "dereham-fs", "/goodpractice")
        form = STORY_FORM.search(text)
        assert form
        text = await _share(session, site, form.group(0), weak)
        form = STORY_FORM.search(text)
        assert form
        statement = re.search(r'<input type="checkbox"[^>]*name="field:anonymised"[^>]*>', form.group(0))
        assert statement
        assert "checked" not in statement.group(0)
        again = await _share(session, site, form.group(0), weak)  # sent again without ticking it
        assert STORY_FORM.search(again)
        form = STORY_FORM.search(again)
        assert form
        await _share(session, site, form.group(0), weak, ("field:anonymised", "yes"))
    async with site.bot.uow_factory() as uow:
        story = await uow.stories.get(1)
    assert story is not None
    assert story.privacy_warning
