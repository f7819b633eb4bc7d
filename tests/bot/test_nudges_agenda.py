"""``/agenda`` on the demo organisation: the next meeting and its item, setting it, changing a meeting.

Demo cast: Sam Okafor is the PL of Dereham Family Support (Tuesday 10:00 team meeting, channel
``dereham-fs``), Ali Hassan its manager, Priya Shah a member. The clock stands on Tuesday 24 November
2026, 10:00 UTC (the meeting has just started), so the next meeting is Tuesday 1 December.
"""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.replies import Reply
from bot.store.models import Meeting, OutboxMessage
from bot.store.models_nudges import MeetingOccurrence
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import command


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def test_agenda_shows_the_next_meeting_and_the_gap(bot: Bot) -> None:
    shown = plain(await bot.handler.handle(command("agenda")))
    assert texts.AGENDA_NEXT.format(title="Team meeting", when="Tue 1 Dec, 10:00") in shown
    assert texts.AGENDA_ITEM_MISSING in shown


async def test_a_practice_leader_sets_the_item_and_it_is_posted_to_the_channel(bot: Bot) -> None:
    done = plain(await bot.handler.handle(command("agenda", "set practise a danger statement", actor="sam.okafor")))
    saved = texts.AGENDA_ITEM_SAVED.partition("{when}")[0].format(
        item="practise a danger statement", title="Team meeting"
    )
    assert saved in done
    shown = plain(await bot.handler.handle(command("agenda", actor="priya.shah")))
    assert f"{texts.AGENDA_ITEM}practise a danger statement" in shown
    await bot.deliverer.deliver_due()
    [post] = bot.senders["console"].sent
    assert post.target.address == "dereham-fs"
    assert post.purpose == "agenda_item"
    assert "practise a danger statement" in post.reply.as_plain_text()
    assert "Sam Okafor" in post.reply.as_plain_text()


async def test_only_leads_may_set_the_item(bot: Bot) -> None:
    refused = plain(await bot.handler.handle(command("agenda", "set anything", actor="priya.shah")))
    assert texts.AGENDA_ONLY_LEADS in refused
    allowed = plain(await bot.handler.handle(command("agenda", "set review a safety plan", actor="ali.hassan")))
    assert "review a safety plan" in allowed
    async with bot.uow_factory() as uow:
        items = (await session_of(uow).scalars(select(MeetingOccurrence.sofs_item))).all()
    assert items == ["review a safety plan"]


async def test_set_without_text_or_with_a_long_text_is_explained(bot: Bot) -> None:
    assert texts.AGENDA_USAGE in plain(await bot.handler.handle(command("agenda", "set", actor="sam.okafor")))
    too_long = plain(await bot.handler.handle(command("agenda", "set " + "x" * 301, actor="sam.okafor")))
    assert texts.AGENDA_ITEM_TOO_LONG.format(limit=300) in too_long
    assert texts.AGENDA_USAGE in plain(await bot.handler.handle(command("agenda", "dance", actor="sam.okafor")))


async def test_a_practice_leader_changes_the_team_meeting(bot: Bot) -> None:
    done = plain(await bot.handler.handle(command("agenda", "meeting Thu 14:00 fortnightly", actor="sam.okafor")))
    every = texts.AGENDA_EVERY["fortnightly"]
    saved = texts.AGENDA_MEETING_SAVED.format(
        title="Team meeting", every=every, day="Thu", at="14:00", when="Thu 26 Nov, 14:00"
    )
    assert saved in done
    shown = plain(await bot.handler.handle(command("agenda")))
    assert texts.AGENDA_NEXT.format(title="Team meeting", when="Thu 26 Nov, 14:00") in shown
    async with bot.uow_factory() as uow:
        [meeting] = (await session_of(uow).scalars(select(Meeting).where(Meeting.team_id.is_not(None)).limit(1))).all()
        assert meeting.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    added = plain(
        await bot.handler.handle(command("agenda", "meeting mon 09:30 monthly Case mapping", actor="sam.okafor"))
    )
    every = texts.AGENDA_EVERY["monthly"]
    assert (
        texts.AGENDA_MEETING_SAVED.partition("{when}")[0].format(
            title="Case mapping", every=every, day="Mon", at="09:30"
        )
        in added
    )
    refused = plain(await bot.handler.handle(command("agenda", "meeting Fri 10:00", actor="priya.shah")))
    assert texts.AGENDA_MEETING_ONLY_LEADS in refused
    assert texts.AGENDA_USAGE in plain(
        await bot.handler.handle(command("agenda", "meeting someday 25:00", actor="sam.okafor"))
    )


async def test_cancel_marks_the_next_meeting_as_not_happening(bot: Bot) -> None:
    done = plain(await bot.handler.handle(command("agenda", "cancel", actor="sam.okafor")))
    assert texts.AGENDA_CANCEL_DONE.format(title="Team meeting", when="Tue 1 Dec, 10:00") in done
    shown = plain(await bot.handler.handle(command("agenda")))
    assert texts.AGENDA_NEXT.format(title="Team meeting", when="Tue 8 Dec, 10:00") in shown


async def test_a_locality_channel_shows_its_management_meeting(bot: Bot) -> None:
    shown = plain(await bot.handler.handle(command("agenda", channel="west")))
    assert texts.AGENDA_NEXT.format(title="West management team meeting", when="Wed 2 Dec, 14:00") in shown
    done = plain(await bot.handler.handle(command("agenda", "set map a case", actor="ali.hassan", channel="west")))
    assert "map a case" in done
    async with bot.uow_factory() as uow:
        keys = (await session_of(uow).scalars(select(OutboxMessage.target_address))).all()
    assert keys == ["west"]
