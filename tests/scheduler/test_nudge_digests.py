"""Weekly digests on a fake clock: 15:00 local across both DST changes, content, nothing-to-say,
and missed ticks (caught up once, or skipped past the grace — never sent late)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from bot import keys, texts
from bot.replies import OutgoingMessage, Target, say
from bot.store.models import PracticeStory
from bot.store.models_nudges import DigestSetting, ScheduledEvent
from bot.store.uow import session_of
from tests.factories import command
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import World, at, local, tiny_org

CHANNELS = ("north-team", "north")


def weeks_of(world: World, address: str) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for record in world.sent("digest", address=address):
        week = record.message.idempotency_key.rsplit(":", 1)[1]
        assert week not in found, f"two digests in {week}"
        found[week] = local(record)
    return found


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param("2026-03-01 00:00", "2026-04-06 00:00", id="march-clocks-go-forward"),
        pytest.param("2026-10-01 00:00", "2026-11-02 00:00", id="october-clocks-go-back"),
    ],
)
async def test_the_friday_digest_fires_once_at_1500_local_every_week_across_dst(
    make_world: MakeWorld, start: str, end: str
) -> None:
    quiet = tiny_org(team={"practice_leaders": []}, locality={"practice_leaders": []})
    quiet["localities"][0]["teams"][0]["meetings"][0]["chair"] = None
    world = await make_world(at(start), quiet)
    await world.run_until(at(end), step=timedelta(hours=24))
    assert world.sent() == world.sent("digest")
    for channel in CHANNELS:
        weeks = weeks_of(world, channel)
        assert len(weeks) == 5, weeks
        for moment in weeks.values():
            assert (moment.hour, moment.minute) == (15, 0)
            good_friday = moment.date().isoformat() == "2026-04-02"  # Friday 3 April 2026 is Good Friday
            assert moment.weekday() == (3 if good_friday else 4)
        key = next(iter(world.sent("digest", address=channel))).message.idempotency_key
        assert key.startswith(f"digest:console:{channel}:2026-W")


async def test_the_digest_tells_what_happened_and_what_is_coming(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    await world.handle(
        command("celebrate", "@max.member brilliant danger statement", actor="pat.lead", channel="north-team")
    )
    await world.handle(command("agenda", "set map a stuck case", actor="pat.lead", channel="north-team"))
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        team = (await uow.orgs.teams())[0]
        assert org is not None
        story = PracticeStory(
            organisation_id=org.id,
            team_id=team.id,
            title="Words and pictures helped",
            situation="s",
            what_we_did="w",
            difference="d",
            tools=[],
            status="approved",
            created_at=at("2026-12-01 10:00"),
            updated_at=at("2026-12-02 10:00"),
            decided_at=at("2026-12-02 10:00"),
        )
        session_of(uow).add(story)
        await session_of(uow).flush()
        shared_post = OutgoingMessage(  # its post in the team channel, which makes it "shared"
            target=Target(platform="console", kind="channel", address="north-team"),
            reply=say("story"),
            idempotency_key=keys.story_shared(story.id),
        )
        await uow.outbox.enqueue(shared_post, due_at=story.created_at, now=story.created_at)
        await uow.events.add(
            ScheduledEvent(
                organisation_id=org.id,
                locality_id=team.locality_id,
                kind="seminar",
                title="The child's view from non-verbal children",
                starts_at=at("2026-12-10 13:00"),
                timezone="Europe/London",
                created_at=world.clock.now(),
            )
        )
        await uow.commit()
    await world.run_until(at("2026-12-04 16:00"))
    [digest] = world.sent("digest", address="north-team")
    text = digest.message.reply.as_plain_text()
    assert texts.DIGEST_HEADER.format(unit="North Team") in text
    assert f"Pat Lead{texts.DIGEST_THANKED}Max Member{texts.DIGEST_FOR}brilliant danger statement" in text
    assert f"“Words and pictures helped” {texts.DIGEST_STORY_SHARED}" in text
    assert f"“Words and pictures helped” {texts.DIGEST_STORY_APPROVED}" in text
    assert f"Team meeting, Tue 8 Dec, 10:00: {texts.DIGEST_GAP}" in text
    seminar = texts.EVENT_KINDS["seminar"]
    assert f"{seminar}: The child's view from non-verbal children — Thu 10 Dec, 13:00" in text
    assert texts.DIGEST_COVERAGE.format(with_item=1, held=1) in text
    [locality] = world.sent("digest", address="north")
    assert texts.DIGEST_HEADER.format(unit="North") in locality.message.reply.as_plain_text()
    assert len(digest.message.reply.blocks) <= 50


async def test_a_channel_with_nothing_to_say_gets_no_digest(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"), tiny_org(meetings=[]))
    await world.run_until(at("2026-12-12 00:00"))
    assert world.sent("digest") == []
    reasons = {n.skip_reason for n in await world.nudges("digest") if n.status == "skipped"}
    assert reasons == {"nothing to say"}


async def test_a_channel_can_choose_its_own_digest_day(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    async with world.uow_factory() as uow:
        session_of(uow).add(
            DigestSetting(platform="console", channel_id="north", weekday=0, at_time=at("2026-01-01 09:30").time())
        )
        await uow.commit()
    await world.run_until(at("2026-12-15 00:00"))
    assert [local(r).strftime("%a %H:%M") for r in world.sent("digest", address="north")] == ["Mon 09:30"] * 3


@pytest.mark.parametrize(
    ("down_until", "sent_at"),
    [
        pytest.param("2026-12-04 15:01", "2026-12-04 15:01", id="down-1-minute"),
        pytest.param("2026-12-04 16:00", "2026-12-04 16:00", id="down-1-hour"),
        pytest.param("2026-12-04 20:00", None, id="down-5-hours-past-working-hours"),
        pytest.param("2026-12-05 16:00", None, id="down-25-hours"),
    ],
)
async def test_missed_ticks_are_caught_up_once_or_skipped_never_late(
    make_world: MakeWorld, down_until: str, sent_at: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    world = await make_world(at("2026-12-04 14:00"))
    await world.tick()
    world.clock.set(at(down_until))
    with caplog.at_level(logging.WARNING):
        await world.run_until(at("2026-12-08 00:00"))
    digests = [r for r in world.sent("digest", address="north-team") if "W49" in r.message.idempotency_key]
    if sent_at is None:
        assert digests == []
        assert "a digest was skipped rather than sent late" in caplog.text
    else:
        assert [local(r) for r in digests] == [at(sent_at)]


async def test_a_thursday_digest_missed_in_the_evening_goes_next_morning(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-12-03 14:00"))
    async with world.uow_factory() as uow:
        session_of(uow).add(
            DigestSetting(platform="console", channel_id="north-team", weekday=3, at_time=at("2026-01-01 15:00").time())
        )
        await uow.commit()
    await world.tick()
    world.clock.set(at("2026-12-03 20:00"))
    await world.run_until(at("2026-12-04 12:00"))
    assert [local(r) for r in world.sent("digest", address="north-team")] == [at("2026-12-04 09:00")]


async def test_events_are_reminded_a_week_and_a_day_before_in_the_channel(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        locality = (await uow.orgs.localities())[0]
        assert org is not None
        event = await uow.events.add(
            ScheduledEvent(
                organisation_id=org.id,
                locality_id=locality.id,
                kind="group_supervision",
                title="Group supervision on a stuck case",
                starts_at=at("2026-12-08 13:00"),
                place="Room 2, County Hall",
                link="https://meet.example/gs",
                capacity=12,
                audience="locality",
                timezone="Europe/London",
                created_at=world.clock.now(),
            )
        )
        await uow.commit()
    await world.run_until(at("2026-12-09 00:00"))
    reminders = world.sent("event_reminder")
    assert [(r.message.target.address, local(r)) for r in reminders] == [
        ("north", at("2026-12-01 13:00")),
        ("north", at("2026-12-07 13:00")),
    ]
    assert reminders[0].message.idempotency_key == f"event-reminder:{event.id}:10080:console:north"
    text = reminders[1].message.reply.as_plain_text()
    reminder = texts.EVENT_REMINDER.format(kind=texts.EVENT_KINDS["group_supervision"])
    assert f"{reminder}Group supervision on a stuck case ({texts.EVENT_TOMORROW})" in text
    assert "Room 2, County Hall" in text
    assert texts.EVENT_CAPACITY.format(capacity=12) in text


async def test_a_cancelled_event_is_not_reminded(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"))
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        event = await uow.events.add(
            ScheduledEvent(
                organisation_id=org.id,
                kind="gathering",
                title="Annual gathering",
                starts_at=at("2026-12-10 10:00"),
                audience="county",
                created_at=world.clock.now(),
            )
        )
        await uow.commit()
    await world.run_until(at("2026-12-05 00:00"))
    async with world.uow_factory() as uow:
        await uow.events.cancel(event.id)
        await uow.commit()
    await world.run_until(at("2026-12-11 00:00"))
    assert [local(r) for r in world.sent("event_reminder")] == [at("2026-12-03 10:00")]
    assert world.sent("event_reminder")[0].message.target.address == "north"


async def test_digests_go_only_to_platforms_with_a_sender(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"), platform="slack")
    await world.run_until(at("2026-12-05 00:00"))
    assert {r.message.target.address for r in world.sent("digest")} == {"CTEAM", "CNORTH"}
    assert all(r.message.target.platform == "slack" for r in world.sent())
    assert timedelta(0) < world.sent("digest")[0].at - at("2026-12-04 14:59")
