"""Seminar jobs: votes close at their deadline (also after downtime), non-voters are reminded once, humanely."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from bot import texts
from bot.store.models import Leave, OutboxMessage, Person
from bot.store.models_nudges import Nudge
from bot.store.models_seminars import CaseMap, ProgrammeSlot, SeminarVote
from bot.store.uow import session_of
from scheduler.seminar_jobs import open_vote_lines, plan_seminars
from tests.bot.test_seminars import ballot, open_vote, propose_all
from tests.conftest import Bot
from tests.factories import command

CLOSES = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # Tuesday 17:00 London (the form's default: a week ahead)


async def plan(bot: Bot) -> int:
    async with bot.uow_factory() as uow:
        done = await plan_seminars(uow, bot.clock.now())
        await uow.commit()
    return done


async def outbox(bot: Bot, purpose: str) -> list[OutboxMessage]:
    async with bot.uow_factory() as uow:
        query = select(OutboxMessage).where(OutboxMessage.purpose == purpose).order_by(OutboxMessage.id)
        return list((await session_of(uow).scalars(query)).all())


async def vote_row(bot: Bot, vote_id: int) -> SeminarVote:
    async with bot.uow_factory() as uow:
        vote = await uow.seminars.votes.get(vote_id)
        assert vote is not None
        return vote


async def person_ids(bot: Bot, *handles: str) -> dict[str, int]:
    async with bot.uow_factory() as uow:
        rows = (await session_of(uow).execute(select(Person.handle, Person.id).where(Person.handle.in_(handles)))).all()
        return {str(h): int(i) for h, i in rows}


async def test_a_vote_closes_after_downtime_and_posts_once_in_working_hours(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    await ballot(bot, vote_id, "priya.shah", [2, 3])
    bot.clock.set(datetime(2026, 12, 5, 3, 0, tzinfo=UTC))  # nothing ran from Tuesday to Saturday night
    assert await plan(bot) >= 1
    vote = await vote_row(bot, vote_id)
    assert (vote.status, vote.closed_at) == ("closed", bot.clock.now())
    assert vote.result["order"] == [2, 3]
    [result] = await outbox(bot, "seminar_result")
    assert result.due_at == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday morning, not Saturday 03:00
    assert await plan(bot) == 0
    assert len(await outbox(bot, "seminar_result")) == 1
    await bot.deliverer.deliver_due()
    assert [m for m in bot.senders["console"].sent if m.purpose == "seminar_result"] == []
    bot.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    await bot.deliverer.deliver_due()
    [post] = [m for m in bot.senders["console"].sent if m.purpose == "seminar_result"]
    assert post.target.address == "west"
    assert texts.RESULT_TURNOUT.format(voted=1, eligible=9) in post.reply.as_plain_text()
    async with bot.uow_factory() as uow:
        slots = (await session_of(uow).scalars(select(ProgrammeSlot).order_by(ProgrammeSlot.starts_at))).all()
    assert [s.title for s in slots if s.title] == [
        "The child's view from non-verbal children",
        "Safety planning with networks",
    ]
    assert slots[0].starts_at == datetime(2027, 1, 14, 13, 0, tzinfo=UTC)  # 10 Dec was under a week away


async def test_non_voters_get_one_reminder_a_day_before_the_close_within_their_working_time(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    await ballot(bot, vote_id, "priya.shah", [1])
    ids = await person_ids(bot, "tom.wright", "hannah.lowe", "grace.mensah", "ali.hassan", "priya.shah")
    async with bot.uow_factory() as uow:
        session_of(uow).add(Leave(person_id=ids["tom.wright"], starts_on=date(2026, 11, 30), ends_on=date(2026, 12, 2)))
        await session_of(uow).execute(update(Person).where(Person.id == ids["hannah.lowe"]).values(nudges_stopped=True))
        await uow.commit()

    bot.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # a day and 8 hours before the close
    await plan(bot)
    assert await outbox(bot, "vote_reminder") == []

    bot.clock.set(datetime(2026, 11, 30, 16, 30, tzinfo=UTC))  # 24 h before, moved back into working time
    await plan(bot)
    first = {int(r.target_address) for r in await outbox(bot, "vote_reminder")}
    assert ids["priya.shah"] not in first  # she voted
    assert ids["grace.mensah"] not in first  # her day ended at 14:30: she is reminded tomorrow morning
    assert ids["ali.hassan"] in first
    assert len(first) == 5  # Sam, Ali, Dan, Leo, Aisha
    async with bot.uow_factory() as uow:
        skipped = {
            n.person_id: n.skip_reason
            for n in (await session_of(uow).scalars(select(Nudge))).all()
            if n.status == "skipped"
        }
    assert skipped == {ids["tom.wright"]: "no allowed time before the deadline", ids["hannah.lowe"]: "stopped"}

    await plan(bot)  # a second planner tick (or a second planner) changes nothing
    assert len(await outbox(bot, "vote_reminder")) == 5

    async with bot.uow_factory() as uow:  # Ali snoozes before the deliverer gets to his reminder
        await session_of(uow).execute(
            update(Person).where(Person.id == ids["ali.hassan"]).values(snoozed_until=CLOSES + timedelta(days=1))
        )
        await uow.commit()
    await bot.deliverer.deliver_due()
    sent = [m for m in bot.senders["console"].sent if m.purpose == "vote_reminder"]
    assert len(sent) == 4
    assert ids["ali.hassan"] not in {int(m.target.address) for m in sent}
    text = sent[0].reply.as_plain_text()
    assert texts.VOTE_REMINDER.format(title=texts.VOTE_TITLE.format(locality="West"), when="Tue 1 Dec, 17:00") in text
    assert f"[1] {texts.SEMINAR_VOTE_BUTTON}" in text
    assert texts.NUDGE_SNOOZE in text

    bot.clock.set(datetime(2026, 12, 1, 8, 45, tzinfo=UTC))
    await plan(bot)
    await bot.deliverer.deliver_due()
    grace = [m for m in bot.senders["console"].sent if m.target.address == str(ids["grace.mensah"])]
    assert [m.purpose for m in grace] == ["vote_reminder"]


async def test_a_short_vote_has_no_reminder(bot: Bot) -> None:
    await propose_all(bot)
    await open_vote(bot, closes="2026-11-25 17:00")
    bot.clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    await plan(bot)
    assert await outbox(bot, "vote_reminder") == []


async def test_case_maps_are_deleted_after_their_retention(bot: Bot) -> None:
    await bot.handler.handle(command("map", "Family C — a stuck case", actor="sam.okafor"))
    await bot.handler.handle(command("map", "worried the plan is not working", actor="priya.shah"))
    bot.clock.advance(timedelta(days=29))
    await plan(bot)
    async with bot.uow_factory() as uow:
        assert len((await session_of(uow).scalars(select(CaseMap))).all()) == 1
    bot.clock.advance(timedelta(days=2))
    assert await plan(bot) == 1
    async with bot.uow_factory() as uow:
        assert (await session_of(uow).scalars(select(CaseMap))).all() == []


async def test_open_votes_are_listed_for_the_weekly_digest(bot: Bot) -> None:
    await propose_all(bot)
    await open_vote(bot)
    async with bot.uow_factory() as uow:
        lines = await open_vote_lines(uow, [1], bot.clock.now(), "Europe/London")
        assert await open_vote_lines(uow, [2], bot.clock.now(), "Europe/London") == []
    assert [(v.title, v.closes) for v in lines] == [(texts.VOTE_TITLE.format(locality="West"), "Tue 1 Dec, 17:00")]
