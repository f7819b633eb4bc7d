"""The learning record, 70:20:10 (issue 18): built from events attended and logs, private to its person."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot import texts
from bot.constants import LearningBand
from bot.domain.learning import parse_minutes
from bot.domain.quarters import MIN_GROUP, quarter_of
from bot.ids import ActionId, FormId
from bot.replies import buttons_of
from bot.services.learning import group_record, record_of, team_groups
from bot.store.models_learning import LearningLog
from bot.store.uow import session_of
from tests.bot.test_seminars import plain
from tests.bot.test_seminars_events import EVENT, create_event
from tests.conftest import Bot
from tests.factories import click, command, submit

AFTER_THE_EVENT = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
IDENTIFYING_NOTE = "read about Jayden Smith, 7, who lives with his nan at 12 Oak Road"


async def person_id(bot: Bot, handle: str) -> int:
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        person = await uow.people.by_handle(org.id, handle)
        assert person is not None
        return person.id


async def logs(bot: Bot) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count(LearningLog.id))) or 0)


def band_line(band: str, time: str, count: int) -> str:
    return texts.LEARNING_BAND_LINE.format(
        band=texts.LEARNING_BANDS[band], time=time, count=texts.LEARNING_THINGS.format(count=count)
    )


async def attended_group_supervision(bot: Bot) -> int:
    """Sam's group supervision (90 minutes) with Priya and Ali going; Sam marks Priya as attended."""
    event = await create_event(bot)
    for who in ("priya.shah", "ali.hassan"):
        await bot.handler.handle(click(ActionId.EVENT_RSVP, f"{event.id}:going", actor=who))
    bot.clock.set(AFTER_THE_EVENT)
    [listing] = await bot.handler.handle(command("seminar", "attendance", actor="sam.okafor"))
    assert texts.ATTENDANCE_TITLE.split("(")[0].format(title=EVENT["title"]) in listing.as_plain_text()
    priya = next(b for b in buttons_of(listing) if b.label == "Priya Shah")
    [marked] = await bot.handler.handle(click(ActionId.EVENT_ATTENDED, priya.value, actor="sam.okafor"))
    assert marked.replace_original
    assert texts.ATTENDANCE_MARKED.format(name="Priya Shah") in [b.label for b in buttons_of(marked)]
    return event.id


async def test_the_record_is_built_from_events_attended_celebrations_and_logs(any_bot: Bot) -> None:
    bot = any_bot
    await attended_group_supervision(bot)
    await bot.handler.handle(command("celebrate", "@priya.shah for the words and pictures", actor="ali.hassan"))
    added = plain(await bot.handler.handle(command("sofs", "learning add reading 45m", actor="priya.shah")))
    assert (
        texts.LEARNING_LOGGED.format(
            kind=texts.LEARNING_KINDS["reading"], time="45 min", day="Thu 3 Dec", band=texts.LEARNING_BANDS["10"]
        )
        in added
    )

    shown = plain(await bot.handler.handle(command("sofs", "learning", actor="priya.shah")))
    assert texts.LEARNING_TITLE.format(quarter="2026 Q4") in shown
    assert band_line("70", "1 h 30 min", 1) in shown  # the group supervision, once marked attended
    assert band_line("20", "0 min", 1) in shown  # the celebration received
    assert band_line("10", "45 min", 1) in shown
    assert texts.LEARNING_MIX.format(mix="67:0:33") in shown
    assert texts.LEARNING_PRIVATE in shown

    ali = plain(await bot.handler.handle(command("sofs", "learning", actor="ali.hassan")))
    assert band_line("70", "0 min", 0) in ali  # said going, but not marked as attended
    assert band_line("20", "0 min", 1) in ali  # the celebration given

    async with bot.uow_factory() as uow:
        record = await record_of(uow, await person_id(bot, "priya.shah"), date(2027, 1, 5), "Europe/London")
    assert record.quarter.label == "2027 Q1"
    assert record.totals.count == 0
    assert record.last_totals.bands[LearningBand.ON_THE_JOB].minutes == 90  # last quarter, from January


async def test_logging_checks_kind_minutes_and_the_note(bot: Bot) -> None:
    ask = "priya.shah"
    unknown = plain(await bot.handler.handle(command("sofs", "learning add knitting 30", actor=ask)))
    assert texts.LEARNING_UNKNOWN_KIND.split("“")[0] in unknown
    too_long = plain(await bot.handler.handle(command("sofs", "learning add mentoring 11h", actor=ask)))
    assert texts.LEARNING_BAD_MINUTES.format(low=1, high=600) in too_long
    refused = plain(await bot.handler.handle(command("sofs", f"learning add reading 30 {IDENTIFYING_NOTE}", actor=ask)))
    assert "Jayden" not in refused.replace(IDENTIFYING_NOTE, "")  # the guard explains without repeating it
    assert texts.LEARNING_LOGGED.split(":")[0] not in refused
    assert await logs(bot) == 0

    [form] = await bot.handler.handle(command("sofs", "learning add", actor=ask))
    assert form.form is not None
    assert form.form.form_id == FormId.LEARNING_LOG
    assert [o.value for o in form.form.fields[0].options] == [
        "mentoring", "shadowing", "training", "co-delivery", "supervision", "peer-support", "reading",
    ]  # fmt: skip
    fields = {"kind": "shadowing", "minutes": "2h", "day": "2026-12-31", "note": IDENTIFYING_NOTE}
    [bad] = await bot.handler.handle(submit(FormId.LEARNING_LOG, fields, actor=ask))
    assert bad.form is not None
    assert {f.name for f in bad.form.fields if f.error} == {"day", "note"}
    assert await logs(bot) == 0

    fields |= {"day": "2026-11-20", "note": "shadowed the two-day training in Norwich"}
    done = plain(await bot.handler.handle(submit(FormId.LEARNING_LOG, fields, actor=ask)))
    assert (
        texts.LEARNING_LOGGED.format(
            kind=texts.LEARNING_KINDS["shadowing"], time="2 h", day="Fri 20 Nov", band=texts.LEARNING_BANDS["10"]
        )
        in done
    )
    assert await logs(bot) == 1

    [opened] = await bot.handler.handle(click(ActionId.LEARNING_LOG, actor=ask))
    assert opened.form is not None
    assert opened.form.form_id == FormId.LEARNING_LOG


async def test_only_the_organiser_marks_attendance_after_the_start_and_a_click_undoes(bot: Bot) -> None:
    event = await create_event(bot)
    await bot.handler.handle(click(ActionId.EVENT_RSVP, f"{event.id}:going", actor="priya.shah"))
    priya = await person_id(bot, "priya.shah")
    value = f"{event.id}:{priya}"
    assert texts.ATTENDANCE_NOT_YET in plain(
        await bot.handler.handle(click(ActionId.EVENT_ATTENDED, value, actor="sam.okafor"))
    )
    bot.clock.set(AFTER_THE_EVENT)
    assert texts.ATTENDANCE_ONLY_ORGANISER in plain(
        await bot.handler.handle(click(ActionId.EVENT_ATTENDED, value, actor="priya.shah"))
    )
    await bot.handler.handle(click(ActionId.EVENT_ATTENDED, value, actor="sam.okafor"))
    [undone] = await bot.handler.handle(click(ActionId.EVENT_ATTENDED, value, actor="sam.okafor"))
    assert [b.label for b in buttons_of(undone)] == ["Priya Shah"]
    assert texts.ATTENDANCE_NONE.format(days=30) in plain(
        await bot.handler.handle(command("seminar", "attendance", actor="tom.wright"))
    )
    assert texts.EVENT_GONE in plain(await bot.handler.handle(click(ActionId.EVENT_ATTENDED, "x", actor="sam.okafor")))


async def test_a_mentoring_session_is_an_event_kind_and_counts_as_training(bot: Bot) -> None:
    [form] = await bot.handler.handle(command("seminar", "event", actor="sam.okafor"))
    assert form.form is not None
    kinds = {o.value: o.label for o in form.form.fields[0].options}
    assert kinds["mentoring"] == texts.EVENT_KINDS["mentoring"]
    event = await create_event(bot, kind="mentoring", title="Mentoring with Jo", minutes="60")
    await bot.handler.handle(click(ActionId.EVENT_RSVP, f"{event.id}:going", actor="priya.shah"))
    bot.clock.set(AFTER_THE_EVENT)
    priya = await person_id(bot, "priya.shah")
    await bot.handler.handle(click(ActionId.EVENT_ATTENDED, f"{event.id}:{priya}", actor="sam.okafor"))
    shown = plain(await bot.handler.handle(command("sofs", "learning", actor="priya.shah")))
    assert band_line("10", "1 h", 1) in shown


async def test_the_team_aggregate_has_no_names_and_small_groups_are_hidden(bot: Bot) -> None:
    await attended_group_supervision(bot)
    await bot.handler.handle(command("sofs", "learning add supervision 1h", actor="ali.hassan"))
    async with bot.uow_factory() as uow:
        teams = await team_groups(uow, [t.id for t in await uow.orgs.teams()])
        groups = await group_record(uow, teams, quarter_of(date(2026, 12, 3)), "Europe/London")
        tiny = await group_record(
            uow,
            {"Two of us": set(list(teams["Dereham Family Support"])[:2])},
            quarter_of(date(2026, 12, 3)),
            "Europe/London",
        )
    dereham = next(g for g in groups if g.name == "Dereham Family Support")
    assert (dereham.people, dereham.active) == (3, 2)
    assert dereham.totals is not None
    assert dereham.totals.bands[LearningBand.ON_THE_JOB].minutes == 150  # Priya's 90 and Ali's 60
    assert "Priya" not in repr(dereham)
    assert "Ali" not in repr(dereham)
    assert tiny[0].totals is None
    assert tiny[0].people < MIN_GROUP


async def test_forgetting_a_person_removes_what_they_logged(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "learning add reading 20", actor="priya.shah"))
    assert await logs(bot) == 1
    [confirm] = await bot.handler.handle(command("sofs", "forget-me", actor="priya.shah"))
    [button] = buttons_of(confirm)
    await bot.handler.handle(click(button.action_id, button.value, actor="priya.shah"))
    assert await logs(bot) == 0


def test_quarters_and_durations() -> None:
    q4 = quarter_of(date(2026, 12, 31))
    assert (q4.label, q4.start, q4.end) == ("2026 Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(date(2027, 2, 1)).previous() == q4
    assert [parse_minutes(v) for v in ("90", "45m", "1h", "1.5h", "1h30", "2 hours", "0", "601", "abc", "")] == [
        90, 45, 60, 90, 90, 120, None, None, None, None,
    ]  # fmt: skip


@given(st.integers(min_value=1, max_value=600))
def test_every_duration_reads_back_in_minutes_and_hours(minutes: int) -> None:
    hours, rest = divmod(minutes, 60)
    assert parse_minutes(str(minutes)) == minutes
    assert parse_minutes(f"{hours}h{rest}" if hours else f"{rest}m") == minutes


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_falls_in_its_quarter_and_quarters_meet(day: date) -> None:
    quarter = quarter_of(day)
    assert quarter.holds(day)
    assert quarter.previous().end + timedelta(days=1) == quarter.start
    assert quarter_of(quarter.end) == quarter
