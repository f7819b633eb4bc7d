"""The seminar programme, events and RSVPs, case maps and partners, through the one handler."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
from sqlalchemy import select, update

from bot import texts
from bot.replies import buttons_of
from bot.services.calendars import calendar_for
from bot.store.models import Locality
from bot.store.models_nudges import ScheduledEvent
from bot.store.models_seminars import CaseMap, CaseMapEntry, PartnerBriefing, ProgrammeSlot
from bot.store.uow import session_of
from tests.bot.test_seminars import ballot, close, open_vote, plain, propose_all, topic_ids
from tests.conftest import Bot
from tests.factories import click, command, submit

# --- the programme -----------------------------------------------------------------------------


async def slots(bot: Bot) -> list[ProgrammeSlot]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(ProgrammeSlot).order_by(ProgrammeSlot.starts_at))).all())


async def events(bot: Bot) -> list[ScheduledEvent]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(ScheduledEvent).order_by(ScheduledEvent.id))).all())


async def test_the_winners_fill_monthly_slots_avoiding_bank_holidays(bot: Bot) -> None:
    async with bot.uow_factory() as uow:
        await session_of(uow).execute(
            update(Locality).where(Locality.slug == "west").values(seminar_rule="first Monday 13:00-15:00")
        )
        await uow.commit()
    bot.clock.set(datetime(2027, 3, 20, 10, 0, tzinfo=UTC))
    topics = (
        "Danger statements",
        "Safety goals",
        "Words and pictures",
        "Scaling questions",
        "Appreciative inquiry",
        "Family network meetings",
        "Child's voice",
    )
    await propose_all(bot, topics)
    vote_id = await open_vote(bot)
    ids = await topic_ids(bot)
    await ballot(bot, vote_id, "priya.shah", ids)
    await ballot(bot, vote_id, "dan.fletcher", ids[:3])
    result = await close(bot, vote_id)
    planned = await slots(bot)
    assert [s.month for s in planned] == [f"2027-{m:02d}" for m in range(4, 11)]
    assert [s.title for s in planned] == list(topics)
    may = planned[1]
    assert may.moved_from == date(2027, 5, 3)  # the early May bank holiday
    assert may.starts_at == datetime(2027, 5, 10, 12, 0, tzinfo=UTC)
    assert f"Mon 10 May, 13:00{texts.PROGRAMME_MOVED.format(day='Mon 3 May')} — Safety goals" in result
    seminars = await events(bot)
    assert [(e.kind, e.title, e.starts_at) for e in seminars][:2] == [
        ("seminar", "Danger statements", planned[0].starts_at),
        ("seminar", "Safety goals", planned[1].starts_at),
    ]
    assert all(e.audience == "locality" and e.duration_minutes == 120 for e in seminars)


async def closed_programme(bot: Bot) -> list[ProgrammeSlot]:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    ids = await topic_ids(bot)
    await ballot(bot, vote_id, "priya.shah", ids)
    await ballot(bot, vote_id, "dan.fletcher", ids[:2])
    await ballot(bot, vote_id, "aisha.begum", ids[:1])
    await close(bot, vote_id)
    return await slots(bot)


async def test_a_practice_leader_reorders_swaps_and_cancels(bot: Bot) -> None:
    before = await closed_programme(bot)
    assert [s.title for s in before][:3] == [
        "Creating danger statements",
        "The child's view from non-verbal children",
        "Safety planning with networks",
    ]
    assert len(before) == 6  # six months even with three winners
    shown = plain(await bot.handler.handle(command("seminar", "programme", actor="priya.shah", channel="west")))
    assert "1. Thu 10 Dec, 13:00 — Creating danger statements" in shown
    assert f"4. Thu 11 Mar, 13:00 — {texts.PROGRAMME_OPEN_SLOT}" in shown
    assert texts.PROGRAMME_UP.partition("{n}")[0] not in shown
    assert texts.VOTE_ONLY_PL.format(locality="West") in plain(
        await bot.handler.handle(command("seminar", "swap 1 2", actor="priya.shah", channel="west"))
    )

    swapped = plain(await bot.handler.handle(command("seminar", "swap 1 3", actor="sam.okafor", channel="west")))
    assert texts.PROGRAMME_SWAPPED.format(first=1, second=3) in swapped
    assert "1. Thu 10 Dec, 13:00 — Safety planning with networks" in swapped
    moved = plain(await bot.handler.handle(command("seminar", "move 1 3", actor="sam.okafor", channel="west")))
    assert texts.PROGRAMME_REORDERED.format(first=1, second=3) in moved
    after = await slots(bot)
    assert [s.title for s in after][:3] == [
        "The child's view from non-verbal children",
        "Creating danger statements",
        "Safety planning with networks",
    ]
    titles = {e.id: e.title for e in await events(bot)}
    assert [titles[s.event_id] for s in after[:3] if s.event_id] == [s.title for s in after[:3]]
    assert texts.PROGRAMME_BAD_NUMBER.format(n=9, count=6) in plain(
        await bot.handler.handle(command("seminar", "cancel 9", actor="sam.okafor", channel="west"))
    )

    first = after[0]
    assert first.event_id is not None
    await bot.handler.handle(click("event.rsvp", f"{first.event_id}:going", actor="priya.shah", channel="west"))
    [up] = [
        b
        for b in buttons_of(
            (await bot.handler.handle(command("seminar", "programme", actor="sam.okafor", channel="west")))[0]
        )
        if b.label == texts.PROGRAMME_UP.format(n=2)
    ]
    assert texts.PROGRAMME_SWAPPED.format(first=1, second=2) in plain(
        await bot.handler.handle(click(up.action_id, up.value, actor="sam.okafor", channel="west"))
    )
    # an answer belongs to the date: Priya is going on 10 Dec, whose topic is now the danger statements
    cancelled = plain(await bot.handler.handle(command("seminar", "cancel 1", actor="sam.okafor", channel="west")))
    assert texts.PROGRAMME_CANCELLED.format(when="Thu 10 Dec, 13:00", count=1) in cancelled
    assert texts.PROGRAMME_TOPIC_BACK.format(title="Creating danger statements") in cancelled
    assert "1. Thu 14 Jan, 13:00 — The child's view from non-verbal children" in cancelled
    await bot.deliverer.deliver_due()
    [notice] = [m for m in bot.senders["console"].sent if m.purpose == "event_cancelled"]
    assert notice.target.kind == "person"
    assert (
        texts.EVENT_CANCELLED_NOTICE.format(
            kind=texts.EVENT_KINDS["seminar"], title="Creating danger statements", when="Thu 10 Dec, 13:00"
        )
        in notice.reply.as_plain_text()
    )
    gone = await bot.handler.handle(
        click("event.rsvp", f"{first.event_id}:going", actor="dan.fletcher", channel="west")
    )
    assert texts.EVENT_GONE in plain(gone)


# --- events and RSVPs --------------------------------------------------------------------------

EVENT = {
    "kind": "group_supervision",
    "title": "Group supervision: stuck cases",
    "date": "2026-12-03",
    "time": "13:00",
    "minutes": "",
    "place": "Dereham office, room 2",
    "link": "https://meet.example/gs",
    "audience": "team",
    "capacity": "2",
}


def rsvp_counts(going: int, maybe: int, cant: int, left: int | None = None) -> str:
    """The counts line of an event with two places (``left`` of them left, when given)."""
    line = texts.EVENT_COUNTS.format(going=going, maybe=maybe, cant=cant)
    return line if left is None else line + texts.EVENT_PLACES_LEFT.format(left=left, capacity=2)


async def create_event(bot: Bot, **changes: str) -> ScheduledEvent:
    replies = await bot.handler.handle(submit("event.new", EVENT | changes, actor="sam.okafor", channel="dereham-fs"))
    title = (EVENT | changes)["title"]
    assert texts.EVENT_CREATED.partition("{when}")[0].format(title=title) in plain(replies), plain(replies)
    return (await events(bot))[-1]


async def test_an_event_is_posted_with_rsvp_buttons_a_calendar_link_and_bring_a_case(bot: Bot) -> None:
    [form] = await bot.handler.handle(command("seminar", "event", actor="sam.okafor", channel="dereham-fs"))
    assert form.form is not None
    assert form.form.form_id == "event.new"
    assert texts.EVENT_ONLY_LEADS in plain(await bot.handler.handle(command("seminar", "event", actor="priya.shah")))
    [bad] = await bot.handler.handle(
        submit("event.new", EVENT | {"date": "2026-11-01", "link": "javascript:x"}, actor="sam.okafor")
    )
    assert bad.form is not None
    assert {f.name for f in bad.form.fields if f.error} == {"date", "link"}

    event = await create_event(bot)
    assert (event.team_id, event.locality_id, event.duration_minutes, event.capacity) == (1, None, 90, 2)
    await bot.deliverer.deliver_due()
    [post] = [m for m in bot.senders["console"].sent if m.purpose == "event"]
    shown = post.reply.as_plain_text()
    assert post.target.address == "dereham-fs"
    assert texts.EVENT_POST_HEADER.format(kind=texts.EVENT_KINDS["group_supervision"]) + EVENT["title"] in shown
    assert texts.EVENT_POST_WHEN.format(when="Thu 3 Dec, 13:00") in shown
    assert rsvp_counts(0, 0, 0, left=2) in shown
    assert f"/events/{event.id}.ics" in shown
    assert texts.EVENT_BRING_A_CASE in shown
    assert [b.label for b in buttons_of(post.reply)] == list(texts.EVENT_ANSWERS.values())


async def test_rsvps_change_and_a_full_event_refuses_going(bot: Bot) -> None:
    event = await create_event(bot)
    going_to_it = texts.EVENT_RSVP_SAVED["going"].format(title=EVENT["title"])
    going = plain(await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="priya.shah")))
    assert going_to_it in going
    assert texts.EVENT_BRING_A_CASE in going
    await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="ali.hassan"))
    full = plain(await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="dan.fletcher")))
    assert texts.EVENT_FULL.format(title=EVENT["title"], capacity=2) in full
    maybe = plain(await bot.handler.handle(click("event.rsvp", f"{event.id}:maybe", actor="dan.fletcher")))
    assert rsvp_counts(2, 1, 0, left=0) in maybe
    assert going_to_it in plain(await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="priya.shah")))
    changed = plain(await bot.handler.handle(click("event.rsvp", f"{event.id}:cant", actor="priya.shah")))
    assert rsvp_counts(1, 1, 1) in changed
    assert going_to_it in plain(
        await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="dan.fletcher"))
    )
    listing = plain(await bot.handler.handle(command("seminar", "events", actor="sam.okafor", channel="dereham-fs")))
    assert rsvp_counts(2, 0, 1, left=0) in listing
    assert texts.EVENT_CANCEL in listing

    refused = plain(await bot.handler.handle(click("event.cancel", str(event.id), actor="priya.shah")))
    assert texts.EVENT_ONLY_ORGANISER in refused
    done = plain(await bot.handler.handle(click("event.cancel", str(event.id), actor="sam.okafor")))
    assert texts.EVENT_CANCELLED.format(title=EVENT["title"], count=2) in done
    await bot.deliverer.deliver_due()
    told = sorted(m.target.address for m in bot.senders["console"].sent if m.purpose == "event_cancelled")
    assert len(told) == 2
    bot.clock.advance(timedelta(days=10))
    assert texts.EVENT_GONE in plain(
        await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="ali.hassan"))
    )


async def test_the_calendar_file_of_an_event_parses_back(bot: Bot) -> None:
    event = await create_event(bot)
    async with bot.uow_factory() as uow:
        raw = await calendar_for(uow, event.id, bot.clock.now())
        assert await calendar_for(uow, 999, bot.clock.now()) is None
    assert raw is not None
    [vevent] = list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))
    assert str(vevent["summary"]) == f"{texts.EVENT_KINDS['group_supervision']}: {EVENT['title']}"
    assert vevent.decoded("dtstart") == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    assert vevent.decoded("dtend") == datetime(2026, 12, 3, 14, 30, tzinfo=UTC)
    assert str(vevent["url"]) == "https://meet.example/gs"


async def test_a_partner_briefing_lasts_three_hours_and_records_the_partners(bot: Bot) -> None:
    [form] = await bot.handler.handle(command("seminar", "event", actor="sam.okafor", channel="west"))
    assert form.form is not None
    partners = next(f for f in form.form.fields if f.name == "partners")
    assert [o.value for o in partners.options] == [
        "Health visiting (West)",
        "Riverside children's centre",
        "West Constabulary safeguarding unit",
    ]
    changes = {"kind": "partner_briefing", "title": "Signs of Safety for health visitors", "audience": "partners"}
    replies = await bot.handler.handle(
        submit(
            "event.new",
            EVENT | changes | {"partners": "Health visiting (West)", "capacity": ""},
            actor="sam.okafor",
            channel="west",
        )
    )
    assert texts.EVENT_CREATED.format(title=changes["title"], when="Thu 3 Dec, 13:00") in plain(replies)
    [event] = await events(bot)
    assert (event.duration_minutes, event.locality_id, event.audience) == (180, 1, "partners")
    async with bot.uow_factory() as uow:
        [briefing] = (await session_of(uow).scalars(select(PartnerBriefing))).all()
        assert (briefing.partner_name, briefing.event_id) == ("Health visiting (West)", event.id)
        status = await uow.seminars.briefings.status(1, bot.clock.now())
    assert [name for name, _ in status.planned] == ["Health visiting (West)"]
    assert status.not_yet == ("Riverside children's centre", "West Constabulary safeguarding unit")


# --- partners ----------------------------------------------------------------------------------


async def test_partners_are_listed_added_and_briefings_recorded(bot: Bot) -> None:
    listing = plain(await bot.handler.handle(command("sofs", "partner", actor="priya.shah", channel="west")))
    assert texts.PARTNER_LIST_HEADER.format(locality="West") in listing
    assert f"Health visiting (West): {texts.PARTNER_NOT_YET}" in listing
    assert texts.PARTNER_ONLY_LEADS in plain(
        await bot.handler.handle(
            command("sofs", "partner add Youth offending team", actor="priya.shah", channel="west")
        )
    )
    added = plain(
        await bot.handler.handle(
            command("sofs", "partner add Youth offending team — youth justice", actor="sam.okafor", channel="west")
        )
    )
    assert texts.PARTNER_ADDED.format(name="Youth offending team", locality="West") in added
    assert texts.PARTNER_EXISTS.format(name="youth offending team", locality="West") in plain(
        await bot.handler.handle(
            command("sofs", "partner add youth offending team", actor="sam.okafor", channel="west")
        )
    )
    recorded = plain(
        await bot.handler.handle(
            command("sofs", "partner briefed health visiting 2026-11-20", actor="sam.okafor", channel="west")
        )
    )
    assert texts.PARTNER_RECORDED.format(name="Health visiting (West)", day="Fri 20 Nov 2026") in recorded
    assert f"Health visiting (West): {texts.PARTNER_BRIEFED.format(when='Fri 20 Nov, 12:00')}" in recorded
    assert texts.PARTNER_UNKNOWN.partition("{known}")[0].format(locality="West", name="Bakery") in plain(
        await bot.handler.handle(command("sofs", "partner briefed Bakery", actor="sam.okafor", channel="west"))
    )
    assert texts.PARTNER_BAD_DATE in plain(
        await bot.handler.handle(
            command("sofs", "partner briefed police 2027-01-01", actor="sam.okafor", channel="west")
        )
    )
    async with bot.uow_factory() as uow:
        status = await uow.seminars.briefings.status(1, bot.clock.now())
    assert [name for name, _ in status.briefed] == ["Health visiting (West)"]
    assert status.not_yet == (
        "Riverside children's centre",
        "West Constabulary safeguarding unit",
        "Youth offending team",
    )


# --- case maps ---------------------------------------------------------------------------------


OPENED_BY_SAM = f"{texts.MAP_OPENED_POST}Family A — a drifting case{texts.MAP_OPENED_BY}Sam Okafor"
BLOCKED_NAME_AND_NHS = texts.GUARD_FIELD_BLOCKED.format(
    what=", ".join(sorted(texts.guard_kind(kind) for kind in ("nhs_number", "child_name")))
)
SCALE_OF_THREE = f"{texts.MAP_SCALE_HEADING}: " + texts.MAP_SCALE_RANGE.format(
    people=texts.MAP_SCALE_PEOPLE.format(count=3), low=4, high=6, middle=5
)


async def test_a_map_built_by_three_people_is_exported_to_its_opener(bot: Bot) -> None:
    assert texts.MAP_USAGE in plain(await bot.handler.handle(command("map", "", actor="sam.okafor")))
    assert texts.MAP_NONE_OPEN in plain(await bot.handler.handle(command("map", "show", actor="sam.okafor")))
    opened = plain(await bot.handler.handle(command("map", "Family A — a drifting case", actor="sam.okafor")))
    assert texts.MAP_OPENED in opened
    await bot.deliverer.deliver_due()
    [card] = [m for m in bot.senders["console"].sent if m.purpose == "case_map"]
    assert OPENED_BY_SAM in card.reply.as_plain_text()
    buttons = {b.label: b for b in buttons_of(card.reply)}
    add_worry = buttons[texts.MAP_ADD_BUTTONS["worried"]]

    [form] = await bot.handler.handle(click(add_worry.action_id, add_worry.value, actor="priya.shah"))
    assert form.form is not None
    context = form.form.context
    assert texts.MAP_ADDED.format(column=texts.MAP_HEADINGS["worried"]) in plain(
        await bot.handler.handle(
            submit("map.add", {"text": "Nobody has seen the baby this month"}, context, actor="priya.shah")
        )
    )
    [flagged] = await bot.handler.handle(
        submit("map.add", {"text": "Baby Jayden Smith, NHS number 943 476 5919"}, context, actor="ali.hassan")
    )
    assert flagged.form is not None
    assert flagged.form.fields[0].error == BLOCKED_NAME_AND_NHS
    assert texts.MAP_ADDED.format(column=texts.MAP_HEADINGS["working_well"]) in plain(
        await bot.handler.handle(command("map", "well Grandmother visits every day", actor="ali.hassan"))
    )
    assert texts.GUARD_NOT_POSTED in plain(
        await bot.handler.handle(command("map", "next ring mum on 07700 900123", actor="ali.hassan"))
    )
    assert texts.MAP_ADDED.format(column=texts.MAP_HEADINGS["next_steps"]) in plain(
        await bot.handler.handle(command("map", "next A family network meeting within two weeks", actor="sam.okafor"))
    )
    scale = buttons[texts.MAP_SCALE_BUTTON]
    points = buttons_of((await bot.handler.handle(click(scale.action_id, scale.value, actor="priya.shah")))[0])
    assert [b.label for b in points] == [str(n) for n in range(11)]
    await bot.handler.handle(click(points[3].action_id, points[3].value, actor="priya.shah"))
    await bot.handler.handle(click(points[5].action_id, points[5].value, actor="priya.shah"))  # changed her mind
    await bot.handler.handle(command("map", "scale 4", actor="ali.hassan"))
    await bot.handler.handle(command("map", "scale 6", actor="sam.okafor"))
    assert texts.MAP_BAD_SCALE in plain(await bot.handler.handle(command("map", "scale 11", actor="sam.okafor")))
    shown = plain(await bot.handler.handle(click("map.show", buttons[texts.MAP_SHOW_BUTTON].value, actor="ali.hassan")))
    assert "• Nobody has seen the baby this month" in shown
    assert SCALE_OF_THREE in shown
    assert "Jayden" not in shown

    assert texts.MAP_ONLY_OPENER in plain(await bot.handler.handle(command("map", "finish", actor="priya.shah")))
    finished = plain(
        await bot.handler.handle(click("map.finish", buttons[texts.MAP_FINISH_BUTTON].value, actor="sam.okafor"))
    )
    assert texts.MAP_FINISHED.format(days=30) in finished
    await bot.deliverer.deliver_due()
    [export] = [m for m in bot.senders["console"].sent if m.purpose == "case_map_export"]
    assert export.target.kind == "person"
    markdown = export.reply.as_plain_text()
    assert "# Family A — a drifting case" in markdown
    assert f"## {texts.MAP_HEADINGS['working_well']}\n- Grandmother visits every day" in markdown
    assert f"## {texts.MAP_HEADINGS['next_steps']}\n- A family network meeting within two weeks" in markdown
    [html_button] = buttons_of(export.reply)
    html = plain(await bot.handler.handle(click(html_button.action_id, html_button.value, actor="sam.okafor")))
    assert "<li>Nobody has seen the baby this month</li>" in html
    assert texts.MAP_NONE_OPEN in plain(await bot.handler.handle(command("map", "worried more", actor="priya.shah")))
    async with bot.uow_factory() as uow:
        entries = (await session_of(uow).scalars(select(CaseMapEntry))).all()
        assert len(entries) == 3
        [case_map] = (await session_of(uow).scalars(select(CaseMap))).all()
        assert case_map.expires_at == case_map.created_at + timedelta(days=30)


async def test_a_map_title_is_guarded_and_maps_open_only_in_channels(bot: Bot) -> None:
    assert texts.MAP_DIRECT in plain(
        await bot.handler.handle(command("map", "Family B", actor="sam.okafor", channel="dm:sam.okafor"))
    )
    assert texts.GUARD_NOT_POSTED in plain(
        await bot.handler.handle(command("map", "Jayden Smith born 03/04/2019", actor="sam.okafor"))
    )
