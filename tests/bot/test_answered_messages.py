"""Answered messages update themselves (issue 14), and the reminder says "one click is enough" once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from adapters.slack.app import make_client
from adapters.slack.sender import SlackSender
from bot import keys, texts
from bot.constants import Role as RoleName
from bot.domain.nudge_messages import prompt_reply
from bot.events import ActionInvoked
from bot.ids import ActionId
from bot.replies import OutgoingMessage, Target, buttons_of, say
from bot.store.models import PracticeStory, Role
from bot.store.uow import session_of
from scheduler.outbox import Deliverer
from scheduler.recording import RecordingSender
from scheduler.seminar_jobs import plan_seminars
from tests.adapters.teams import test_sender as teams_sender
from tests.adapters.teams.harness import Harness
from tests.bot.test_seminars import ballot, open_vote, propose_all
from tests.conftest import Bot
from tests.factories import click, command
from tests.fakes_slack import TOKEN, FakeMonotonic, FakeSlack
from tests.fakes_teams import FakeTime
from tests.scheduler.harness import World, at


def test_the_reminder_says_one_click_is_enough_once() -> None:
    reminder = prompt_reply(
        title="Team meeting", when="Tue 10:00", occurrence_id=1, suggestions=("celebrate",), reminder=True
    )
    text = reminder.as_plain_text().casefold()
    assert text.count(texts.PROMPT_HINT.casefold()) == 1, text


# --- answered messages: the clicked one is replaced, every other copy is updated through the outbox ------


def from_message(event: ActionInvoked, message_id: str) -> ActionInvoked:
    """The click as it arrives from a posted message (the platform names the message)."""
    return dataclasses.replace(event, message_id=message_id)


def posted_id(sender: RecordingSender, key: str) -> str:
    """The message id the recording sender gave the post with ``key``."""
    for number, recorded in enumerate(sender.sent, start=1):
        if recorded.message.idempotency_key == key and not recorded.message.update_of:
            return f"{sender.platform}-{number}"
    raise AssertionError(key)


def updates(sender: RecordingSender, purpose: str) -> list[OutgoingMessage]:
    return [r.message for r in sender.sent if r.message.update_of and r.message.purpose == purpose]


async def test_an_answered_prompt_replaces_itself_and_its_reminder_is_updated_without_buttons(bot: Bot) -> None:
    world = World(bot.uow_factory.engine, at("2026-11-30 00:00"))
    await world.run_until(at("2026-12-01 09:30"))
    sam = await world.person("sam.okafor")
    [prompt] = [p.message for p in world.sent("agenda_prompt") if p.message.target.address == str(sam.id)]
    [reminder] = [r.message for r in world.sent("agenda_reminder") if r.message.target.address == str(sam.id)]
    [pick] = [b for b in buttons_of(prompt.reply) if b.action_id == ActionId.AGENDA_PICK][:1]
    clicked = from_message(
        click(ActionId.AGENDA_PICK, pick.value, actor="sam.okafor", channel="dm:sam.okafor"),
        posted_id(world.sender, prompt.idempotency_key),
    )

    [reply] = await world.handle(clicked)
    await world.tick()

    assert reply.replace_original
    assert buttons_of(reply) == []
    [update] = updates(world.sender, "agenda_answered")
    assert update.update_of == reminder.idempotency_key
    assert update.updates == posted_id(world.sender, reminder.idempotency_key)
    assert buttons_of(update.reply) == []
    assert texts.PROMPT_ANSWERED.partition("{item}")[2].format(who="Sam Okafor") in update.reply.as_plain_text()
    assert (
        texts.MEETING_LABEL.format(unit="Dereham Family Support", title="Team meeting") in update.reply.as_plain_text()
    )


async def test_an_item_set_elsewhere_updates_the_prompt_and_the_reminder(bot: Bot) -> None:
    world = World(bot.uow_factory.engine, at("2026-11-30 00:00"))
    await world.run_until(at("2026-12-01 09:30"))
    sam = await world.person("sam.okafor")
    sent = {r.message.idempotency_key for r in world.sent() if r.message.target.address == str(sam.id)}

    await world.handle(command("agenda", "set map a stuck case", actor="sam.okafor", channel="dereham-fs"))
    await world.tick()

    answered = updates(world.sender, "agenda_answered")
    assert {u.update_of for u in answered} == {k for k in sent if k.startswith("agenda-")}
    assert len(answered) == 2
    item_set = texts.PROMPT_ANSWERED.partition("{when}")[2].partition("{who}")[0].format(item="map a stuck case")
    assert all(item_set in u.reply.as_plain_text() for u in answered)


async def test_a_decided_story_updates_the_other_practice_leaders_approval_message(bot: Bot) -> None:
    world = World(bot.uow_factory.engine, bot.clock.now())
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        dereham = next(t for t in await uow.orgs.teams() if t.name == "Dereham Family Support")
        priya = await world.person("priya.shah")
        assert org is not None
        session_of(uow).add(Role(person_id=priya.id, role=RoleName.PRACTICE_LEADER, team_id=dereham.id))
        story = PracticeStory(
            organisation_id=org.id,
            team_id=dereham.id,
            author_id=(await world.person("dan.fletcher")).id,
            title="Words and pictures helped",
            situation="s",
            what_we_did="w",
            difference="d",
            tools=[],
            status="shared",
            created_at=world.clock.now(),
            updated_at=world.clock.now(),
        )
        session_of(uow).add(story)
        await uow.commit()
        story_id = story.id
    await world.handle(click(ActionId.STORY_SUBMIT, str(story_id), actor="dan.fletcher"))
    await world.tick()
    reviews = {r.message.target.address: r.message for r in world.sent("story-review")}
    sam = await world.person("sam.okafor")
    assert set(reviews) == {str(sam.id), str(priya.id)}

    sams = posted_id(world.sender, reviews[str(sam.id)].idempotency_key)
    [reply] = await world.handle(
        from_message(click(ActionId.STORY_APPROVE, str(story_id), actor="sam.okafor", channel="dm:sam.okafor"), sams)
    )
    await world.tick()

    assert reply.replace_original
    assert buttons_of(reply) == []
    [update] = updates(world.sender, "story_decided")
    assert update.target.address == str(priya.id)
    assert update.updates == posted_id(world.sender, reviews[str(priya.id)].idempotency_key)
    assert buttons_of(update.reply) == []
    assert "Words and pictures helped" in update.reply.as_plain_text()
    assert texts.STORY_APPROVED_BY.format(who="Sam Okafor") in update.reply.as_plain_text()


async def test_the_vote_post_keeps_its_turnout_current_at_most_every_ten_seconds_and_says_when_it_closed(
    bot: Bot,
) -> None:
    sender = RecordingSender("console", bot.clock)
    deliverer = Deliverer(bot.uow_factory, bot.clock, {"console": sender})
    await propose_all(bot)
    vote_id = await open_vote(bot)
    await deliverer.deliver_due()
    post_key = keys.per_target(keys.vote_opened(vote_id), "console", "west")
    post = posted_id(sender, post_key)
    async with bot.uow_factory() as uow:
        vote = await uow.seminars.votes.get(vote_id)
        assert vote is not None
        first = vote.topic_ids[0]

    await ballot(bot, vote_id, "priya.shah", [first])
    await ballot(bot, vote_id, "dan.fletcher", [first])
    await deliverer.deliver_due()
    assert updates(sender, "vote_count") == []  # waits for the end of its 10-second slot
    bot.clock.advance(timedelta(seconds=10))
    await deliverer.deliver_due()
    [count] = updates(sender, "vote_count")  # two ballots, one update (coalesced)
    assert count.updates == post
    assert texts.VOTE_TURNOUT.partition("{eligible}")[0].format(voted=2) in count.reply.as_plain_text()
    assert [b.action_id for b in buttons_of(count.reply)] == [ActionId.SEMINAR_BALLOT]

    await ballot(bot, vote_id, "aisha.begum", [first])
    closed = await bot.handler.handle(click(ActionId.SEMINAR_CLOSE, str(vote_id), actor="sam.okafor", channel="west"))
    assert closed[0].replace_original
    bot.clock.advance(timedelta(seconds=10))
    await deliverer.deliver_due()
    assert len(updates(sender, "vote_count")) == 1  # the turnout update queued before the close was dropped
    [closing] = updates(sender, "vote_closed")
    assert closing.updates == post
    assert buttons_of(closing.reply) == []
    assert texts.VOTE_POST_CLOSED.split(":")[0] in closing.reply.as_plain_text()
    assert texts.VOTE_POST_CLOSED.partition("{eligible}")[0].format(voted=3) in closing.reply.as_plain_text()


# --- the platforms: an update replaces the stored post in place -----------------------------------------

CHANNEL = teams_sender.CHANNEL
timed = teams_sender.timed
"""Teams on fake time (the sender's limiter and the fake connector share one clock)."""


CLOSED = texts.VOTE_POST_CLOSED.format(voted=3, eligible=11)


def an_update(platform: str, address: str, post_id: str) -> OutgoingMessage:
    """A vote post's update as the deliverer hands it to a sender (``updates`` filled in)."""
    return OutgoingMessage(
        target=Target(platform=platform, kind="channel", address=address),
        reply=say(CLOSED),
        idempotency_key="seminar-vote:1:closed-post",
        purpose="vote_closed",
        update_of="seminar-vote:1:opened",
        updates=post_id,
    )


async def test_slack_updates_the_stored_post_with_chat_update(bot: Bot) -> None:
    fake = await FakeSlack(clock=FakeMonotonic()).start()
    try:
        sender = SlackSender(make_client(TOKEN, fake.base_url, retry_on_rate_limit=False), bot.uow_factory)
        result = await sender.send(an_update("slack", "C0WEST", "C0WEST:1764000000.000007"))
    finally:
        await fake.close()
    assert (result.status, result.message_id) == ("sent", "C0WEST:1764000000.000007")
    assert fake.calls_to("chat.postMessage") == []
    [update] = fake.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == ("C0WEST", "1764000000.000007")
    assert CLOSED in str(update.params["text"])


async def test_teams_updates_the_stored_activity_in_place(timed: tuple[Harness, FakeTime]) -> None:
    harness, _ = timed
    result = await harness.runtime.sender.send(an_update("teams", CHANNEL, "msg-9"))
    assert (result.status, result.message_id) == ("sent", "msg-9")
    [put] = harness.connector.calls
    assert (put.method, put.conversation_id, put.activity_id) == ("PUT", CHANNEL, "msg-9")
    assert CLOSED in put.texts()


async def test_an_update_waits_for_its_post_and_is_dropped_when_the_post_never_went(bot: Bot) -> None:
    sender = RecordingSender("console", bot.clock)
    deliverer = Deliverer(bot.uow_factory, bot.clock, {"console": sender})
    target = Target(platform="console", kind="channel", address="west")
    post = OutgoingMessage(target=target, reply=say("vote"), idempotency_key="post:1")
    update = OutgoingMessage(
        target=target, reply=say("closed"), idempotency_key="post:1:answered:x", update_of="post:1"
    )
    orphan = OutgoingMessage(
        target=target, reply=say("closed"), idempotency_key="post:2:answered:x", update_of="post:2"
    )
    now = bot.clock.now()
    async with bot.uow_factory() as uow:
        await uow.outbox.enqueue(post, due_at=now + timedelta(minutes=30), now=now)  # deferred (posting hours)
        await uow.outbox.enqueue(update, due_at=now, now=now)
        await uow.outbox.enqueue(orphan, due_at=now, now=now)
        await uow.commit()
    await deliverer.deliver_due()
    assert sender.sent == []  # the update waits for its post; nothing to update for the orphan
    async with bot.uow_factory() as uow:
        waiting = await uow.outbox.by_key("post:1:answered:x")
        assert waiting is not None
        assert (waiting.status, waiting.due_at.replace(tzinfo=None)) == (
            "pending",
            (now + timedelta(minutes=30)).replace(tzinfo=None),
        )
    bot.clock.advance(timedelta(minutes=30))
    await deliverer.deliver_due()
    assert [r.message.idempotency_key for r in sender.sent] == ["post:1", "post:1:answered:x"]
    assert sender.sent[1].message.updates == "console-1"
    async with bot.uow_factory() as uow:
        row = await uow.outbox.by_key("post:2:answered:x")
        assert row is not None
        assert row.status == "skipped"


async def test_the_reminders_to_vote_lose_their_button_when_the_vote_closes(bot: Bot) -> None:
    sender = RecordingSender("console", bot.clock)
    deliverer = Deliverer(bot.uow_factory, bot.clock, {"console": sender})
    await propose_all(bot)
    vote_id = await open_vote(bot)
    bot.clock.set(datetime(2026, 11, 30, 16, 30, tzinfo=UTC))  # 24 h before the close, in working time
    async with bot.uow_factory() as uow:
        await plan_seminars(uow, bot.clock.now())
        await uow.commit()
    await deliverer.deliver_due()
    reminders = [r.message for r in sender.sent if r.message.purpose == "vote_reminder"]
    assert reminders
    assert all(buttons_of(m.reply)[0].action_id == ActionId.SEMINAR_BALLOT for m in reminders)

    await bot.handler.handle(click(ActionId.SEMINAR_CLOSE, str(vote_id), actor="sam.okafor", channel="west"))
    await deliverer.deliver_due()

    closed = {m.update_of: m for m in updates(sender, "vote_closed") if m.target.kind == "person"}
    assert set(closed) == {m.idempotency_key for m in reminders}
    for reminder in reminders:
        update = closed[reminder.idempotency_key]
        assert update.updates == posted_id(sender, reminder.idempotency_key)
        assert buttons_of(update.reply) == []
        assert texts.VOTE_POST_CLOSED.partition("{voted}")[0] in update.reply.as_plain_text()
