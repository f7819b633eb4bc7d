"""What the weekly digest says (issue 14): what people were thanked for, what is working well first, no
declined or withdrawn stories, Vote / Going buttons, and on Slack a long digest threaded under a headline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest

from adapters.slack.app import make_client
from adapters.slack.sender import ChannelLimiter, SlackSender
from bot import keys, texts
from bot.domain.digest import (
    LONG_LINES,
    CelebrationLine,
    DigestData,
    EventLine,
    VoteLine,
    build_digest,
    is_long,
    thread_headline,
)
from bot.ids import ActionId
from bot.replies import OutgoingMessage, Target, buttons_of, say
from bot.store.models import PracticeStory
from bot.store.models_nudges import ScheduledEvent
from bot.store.models_seminars import SeminarVote
from bot.store.uow import UnitOfWork, session_of
from tests.conftest import Bot
from tests.factories import command
from tests.fakes_slack import TOKEN, Call, FakeMonotonic, FakeSlack, Fault
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import World, at


def story(org_id: int, team_id: int, title: str, status: str, when: datetime) -> PracticeStory:
    """A story of the team created at ``when``."""
    return PracticeStory(
        organisation_id=org_id,
        team_id=team_id,
        title=title,
        situation="s",
        what_we_did="w",
        difference="d",
        tools=[],
        status=status,
        created_at=when,
        updated_at=when,
        decided_at=when if status in {"approved", "declined"} else None,
    )


async def posted(uow: UnitOfWork, story_id: int, when: datetime) -> None:
    """The story's post in the team channel (what makes it "shared")."""
    post = OutgoingMessage(
        target=Target(platform="console", kind="channel", address="north-team"),
        reply=say("story"),
        idempotency_key=keys.story_shared(story_id),
    )
    await uow.outbox.enqueue(post, due_at=when, now=when)


async def the_digest(world: World) -> str:
    await world.run_until(at("2026-12-04 16:00"))
    [digest] = world.sent("digest", address="north-team")
    return digest.message.reply.as_plain_text()


async def test_the_digest_says_what_people_were_thanked_for(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    await world.handle(
        command(
            "celebrate",
            "@max.member @mo.manager for the danger statement with the family",
            actor="pat.lead",
            channel="north-team",
        )
    )
    text = await the_digest(world)
    thanked = f"Pat Lead{texts.DIGEST_THANKED}Max Member{texts.DIGEST_AND}Mo Manager"
    assert f"{thanked} for the danger statement with the family" in text


async def test_the_digest_opens_with_what_is_working_well_and_leaves_out_declined_and_withdrawn_stories(
    make_world: MakeWorld,
) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    await world.handle(command("celebrate", "@max.member great safety plan", actor="pat.lead", channel="north-team"))
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        team = (await uow.orgs.teams())[0]
        assert org is not None
        when = at("2026-12-01 10:00")
        shown = (("Shared one", "shared"), ("Declined one", "declined"), ("Withdrawn one", "withdrawn"))
        stories = [story(org.id, team.id, t, status, when) for t, status in (*shown, ("PL first", "submitted"))]
        session_of(uow).add_all(stories)
        await session_of(uow).flush()
        for each in stories[: len(shown)]:  # posted in the channel; the one sent to the PL first never was
            await posted(uow, each.id, when)
        await uow.commit()
    text = await the_digest(world)
    lines = text.splitlines()
    assert lines[1] == texts.DIGEST_WORKING_WELL
    working = text.index(texts.DIGEST_WORKING_WELL)
    shared = f"“Shared one” {texts.DIGEST_STORY_SHARED}"
    assert working < text.index(f"Pat Lead{texts.DIGEST_THANKED}Max Member") < text.index(shared)
    assert text.index(shared) < text.index(texts.DIGEST_MEETINGS)
    assert "Declined one" not in text
    assert "Withdrawn one" not in text
    assert "PL first" not in text  # the author chose not to share it with the team


async def test_the_digest_has_going_and_vote_buttons_where_it_lists_events_and_votes(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        team = (await uow.orgs.teams())[0]
        assert org is not None
        event = ScheduledEvent(
            organisation_id=org.id,
            locality_id=team.locality_id,
            kind="seminar",
            title="The child's view",
            starts_at=at("2026-12-10 13:00"),
            timezone="Europe/London",
            created_at=world.clock.now(),
        )
        await uow.events.add(event)
        vote = SeminarVote(
            organisation_id=org.id,
            locality_id=team.locality_id,
            title="Spring seminar topics",
            platform="console",
            opened_at=world.clock.now(),
            closes_at=at("2026-12-09 17:00"),
        )
        session_of(uow).add(vote)
        await uow.commit()
        event_id, vote_id = event.id, vote.id
    await world.run_until(at("2026-12-04 16:00"))
    [digest] = world.sent("digest", address="north-team")
    buttons = {(b.action_id, b.value): b.label for b in buttons_of(digest.message.reply)}
    assert buttons[(ActionId.EVENT_RSVP, f"{event_id}:going")] == f"{texts.DIGEST_GOING}: The child's view"
    assert buttons[(ActionId.SEMINAR_BALLOT, str(vote_id))] == f"{texts.DIGEST_VOTE}: Spring seminar topics"


def long_digest() -> DigestData:
    thanks = [CelebrationLine(f"Person {n}", ("Max",), (), f"for help number {n}") for n in range(8)]
    return DigestData(
        unit="North Team",
        celebrations=thanks,
        celebrations_total=len(thanks),
        stories_shared=("A", "B", "C"),
        events=(EventLine("Seminar", "Safety plans", "Thu 10 Dec, 13:00", 7),),
        votes=(VoteLine("Topics", "Wed 9 Dec, 17:00", 3),),
    )


def test_a_digest_of_more_than_a_dozen_lines_is_long_and_a_short_one_is_not() -> None:
    long_reply = build_digest(long_digest())
    short_reply = build_digest(DigestData(unit="North Team", stories_shared=("A",)))
    assert long_reply is not None
    assert short_reply is not None
    assert len(long_reply.as_plain_text().splitlines()) > LONG_LINES
    assert is_long(long_reply)
    assert not is_long(short_reply)
    headline = texts.DIGEST_HEADER.format(unit="North Team")
    assert thread_headline(long_reply) == texts.DIGEST_THREAD_HEADLINE.format(headline=headline)


async def test_render_asks_for_a_thread_only_for_a_long_digest(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    for n in range(14):
        await world.handle(command("celebrate", f"@max.member for help {n}", actor="pat.lead", channel="north-team"))
    await world.run_until(at("2026-12-04 16:00"))
    [team] = world.sent("digest", address="north-team")
    assert team.message.headline == thread_headline(team.message.reply)
    assert team.message.headline.startswith(texts.DIGEST_HEADER.format(unit="North Team"))


async def test_render_leaves_a_short_digest_unthreaded(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    await world.handle(command("celebrate", "@max.member for the safety plan", actor="pat.lead", channel="north-team"))
    await world.run_until(at("2026-12-04 16:00"))
    [team] = world.sent("digest", address="north-team")
    assert not is_long(team.message.reply)
    assert team.message.headline == ""


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack(clock=FakeMonotonic()).start()
    yield fake
    await fake.close()


def slack_sender(fake: FakeSlack, bot: Bot) -> SlackSender:
    monotonic = fake.clock
    assert isinstance(monotonic, FakeMonotonic)
    limiter = ChannelLimiter(1.0, monotonic, monotonic.sleep)
    return SlackSender(make_client(TOKEN, fake.base_url, retry_on_rate_limit=False), bot.uow_factory, limiter)


async def test_slack_posts_a_long_digest_in_a_thread_under_a_short_headline(bot: Bot, slack: FakeSlack) -> None:
    reply = build_digest(long_digest())
    assert reply is not None
    message = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C0NORTH"),
        reply=reply,
        idempotency_key="digest:slack:C0NORTH:2026-W49",
        purpose="digest",
        headline=thread_headline(reply),
    )
    result = await slack_sender(slack, bot).send(message)
    assert result.status == "sent"
    headline, thread = slack.calls_to("chat.postMessage")
    assert "thread_ts" not in headline.params
    assert headline.params["text"] == thread_headline(reply)
    [posted] = [m for m in slack.messages["C0NORTH"] if "thread_ts" not in m]
    assert thread.params["thread_ts"] == posted["ts"]
    assert f"Person 7{texts.DIGEST_THANKED}Max for help number 7" in thread.params["text"]
    assert result.message_id == f"C0NORTH:{posted['ts']}"


async def test_slack_posts_a_digest_without_a_headline_as_one_message(bot: Bot, slack: FakeSlack) -> None:
    reply = build_digest(DigestData(unit="North Team", stories_shared=("A",)))
    assert reply is not None
    message = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C0NORTH"),
        reply=reply,
        idempotency_key="digest:slack:C0NORTH:2026-W49",
    )
    assert (await slack_sender(slack, bot).send(message)).status == "sent"
    [post] = slack.calls_to("chat.postMessage")
    assert "thread_ts" not in post.params


async def test_a_headline_whose_thread_reply_failed_is_not_posted_twice(bot: Bot, slack: FakeSlack) -> None:
    reply = build_digest(long_digest())
    assert reply is not None
    message = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C0NORTH"),
        reply=reply,
        idempotency_key="digest:slack:C0NORTH:2026-W49",
        purpose="digest",
        headline=thread_headline(reply),
    )

    def fail_the_thread_reply(_call: Call, _message: dict[str, Any]) -> None:
        slack.on_post = None
        slack.fail_next("chat.postMessage", Fault(status=500, body={"ok": False, "error": "internal_error"}))

    slack.on_post = fail_the_thread_reply  # the headline goes out; the thread reply's outcome is unknown
    first = await slack_sender(slack, bot).send(message)
    assert first.status == "unknown"

    later = slack_sender(slack, bot)  # another process reconciles the row
    assert await later.find_sent(message) is None  # the headline alone is not the digest
    assert (await later.send(message)).status == "sent"
    tops = [m for m in slack.messages["C0NORTH"] if "thread_ts" not in m]
    assert len(tops) == 1
    assert [m["thread_ts"] for m in slack.messages["C0NORTH"] if "thread_ts" in m] == [tops[0]["ts"]]
    assert await later.find_sent(message) == f"C0NORTH:{tops[0]['ts']}"
