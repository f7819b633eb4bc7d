"""A Slack person's language from ``users.info``: looked up once a day, added before the turn, never in the way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.slack.app import make_client
from adapters.slack.locale import SlackLocales
from bot.events import Actor, CommandInvoked, Conversation, Event, FormSubmitted
from scheduler.clock import FakeClock
from tests.adapters.slack.conftest import SlackHarness, payload, with_response_url
from tests.fakes_slack import TOKEN, FakeSlack, Fault

USER = "U0DEMO004"  # the person of the recorded /sofs help command


async def sofs_help(slack: SlackHarness, trigger: str) -> str:
    """Send ``/sofs help`` (a new request each ``trigger``) and return the text it answered."""
    fields = with_response_url(payload("command_sofs"), slack.fake.response_url(trigger))
    fields["trigger_id"] = f"1764000000000.0000000004.{trigger}"
    answer = await slack.command(fields)
    await slack.adapter.drain()
    assert answer.status == 200
    [response] = [r for r in slack.fake.responses if r.method == trigger]
    return str(response.params["text"])


async def platform_locale(slack: SlackHarness, user_id: str = USER) -> str:
    """The locale stored for the person as their platform last reported it."""
    async with slack.bot.uow_factory() as uow:
        person = await uow.people.by_identity("slack", user_id)
        assert person is not None
        return person.platform_locale


async def test_the_locale_slack_reports_is_stored_and_asked_once(slack: SlackHarness) -> None:
    slack.fake.locales[USER] = "cy-GB"

    first = await sofs_help(slack, "first")
    second = await sofs_help(slack, "second")

    assert first.strip()
    assert second.strip()
    assert await platform_locale(slack) == "cy-GB"
    [asked] = slack.fake.calls_to("users.info", ok_only=False)
    assert asked.params["user"] == USER
    assert asked.params["include_locale"] in {"1", "true"}


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=500),
        Fault(status=200, body={"ok": False, "error": "user_not_found"}),
        Fault(status=429, headers={"Retry-After": "30"}, body={"ok": False, "error": "ratelimited"}),
    ],
    ids=["server-error", "not-ok", "rate-limited"],
)
async def test_a_failed_lookup_leaves_the_turn_alone_and_is_not_retried_soon(slack: SlackHarness, fault: Fault) -> None:
    slack.fake.locales[USER] = "cy-GB"
    slack.fake.fail_next("users.info", fault)

    first = await sofs_help(slack, "first")
    second = await sofs_help(slack, "second")

    assert first.strip()
    assert second == first
    assert await platform_locale(slack) == ""
    assert len(slack.fake.calls_to("users.info", ok_only=False)) == 1
    assert slack.adapter.background_failures == 0


async def test_a_failing_enrichment_never_fails_the_turn(slack: SlackHarness) -> None:
    async def broken(_event: Event) -> Event:
        raise RuntimeError("boom")

    slack.adapter.worker.enrich_with("slack", broken)

    assert (await sofs_help(slack, "only")).strip()
    assert slack.adapter.background_failures == 0
    assert await slack.processed() == 1


# --- the cache, on the injected clock ----------------------------------------------------------


@pytest.fixture
def locales(fake_slack: FakeSlack) -> tuple[SlackLocales, FakeSlack, FakeClock]:
    """A :class:`SlackLocales` asking the fake Web API, on a fake clock."""
    clock = FakeClock(datetime(2026, 12, 1, 9, tzinfo=UTC))
    client = make_client(TOKEN, fake_slack.base_url, retry_on_rate_limit=False)
    return SlackLocales(client, clock, max_people=2), fake_slack, clock


def command(user_id: str = USER, *, is_bot: bool = False, locale: str = "") -> CommandInvoked:
    """A Slack command event from ``user_id``."""
    return CommandInvoked(
        platform="slack",
        event_id=f"cmd-{user_id}",
        received_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        actor=Actor(platform="slack", user_id=user_id, is_bot=is_bot, locale=locale),
        conversation=Conversation(platform="slack", channel_id="D0DEMO004", is_direct=True),
        command="sofs",
        text="help",
    )


def asked(fake: FakeSlack) -> list[str]:
    """The users asked about, in order."""
    return [str(c.params["user"]) for c in fake.calls_to("users.info", ok_only=False)]


Locales = tuple[SlackLocales, FakeSlack, FakeClock]


async def test_an_answer_lasts_a_day(locales: Locales) -> None:
    subject, fake, clock = locales
    fake.locales[USER] = "cy-GB"

    assert (await subject.enrich(command())).actor.locale == "cy-GB"
    clock.advance(timedelta(hours=23, minutes=59))
    fake.locales[USER] = "en-GB"
    assert (await subject.enrich(command())).actor.locale == "cy-GB"
    clock.advance(timedelta(minutes=2))
    assert (await subject.enrich(command())).actor.locale == "en-GB"
    assert asked(fake) == [USER, USER]


async def test_a_failure_is_remembered_for_an_hour(locales: Locales) -> None:
    subject, fake, clock = locales
    fake.fail_next("users.info", Fault(status=500))
    event = command()

    assert await subject.enrich(event) is event
    clock.advance(timedelta(minutes=59))
    assert await subject.enrich(event) is event
    clock.advance(timedelta(minutes=2))
    assert (await subject.enrich(event)).actor.locale == "en-US"
    assert asked(fake) == [USER, USER]


@pytest.mark.parametrize(
    "event",
    [command(is_bot=True), command(""), command(locale="fr-FR")],
    ids=["bot", "no-user", "already-known"],
)
async def test_bots_empty_ids_and_known_locales_are_not_looked_up(locales: Locales, event: Event) -> None:
    subject, fake, _ = locales

    assert await subject.enrich(event) is event
    assert asked(fake) == []


async def test_a_modal_submission_takes_only_what_is_known(locales: Locales) -> None:
    subject, fake, _ = locales
    base: dict[str, Any] = {
        "platform": "slack",
        "event_id": "view-1",
        "received_at": datetime(2026, 12, 1, 9, tzinfo=UTC),
        "actor": Actor(platform="slack", user_id=USER),
        "conversation": Conversation(platform="slack", channel_id="D0DEMO004", is_direct=True),
        "form_id": "story",
    }
    submitted = FormSubmitted(**base)
    fake.locales[USER] = "cy-GB"

    assert await subject.enrich(submitted) is submitted
    assert asked(fake) == []
    await subject.enrich(command())
    assert (await subject.enrich(submitted)).actor.locale == "cy-GB"
    assert asked(fake) == [USER]


async def test_the_cache_is_bounded(locales: Locales) -> None:
    subject, fake, _ = locales

    for user in ("U1", "U2", "U3", "U1"):
        await subject.enrich(command(user))

    assert asked(fake) == ["U1", "U2", "U3", "U1"]
    assert subject.cached("U2") is None
