"""Pre-meeting prompts on a fake clock: timing, suggestions, answers, the one reminder, holidays, leave,
other time zones, snooze and stop."""

from __future__ import annotations

import itertools
from datetime import timedelta

from bot import texts
from bot.replies import ButtonsBlock, buttons_of
from tests.factories import click, command, submit
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import at, local, tiny_org

NORTH_TEAM_MEETING = texts.MEETING_LABEL.format(unit="North Team", title="Team meeting")


async def test_a_tuesday_meeting_is_prompted_a_day_before_with_suggestions_and_controls(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-12-01 09:59"))
    [prompt] = world.sent("agenda_prompt")
    pat = await world.person("pat.lead")
    assert prompt.message.target.kind == "person"
    assert prompt.message.target.address == str(pat.id)
    assert local(prompt) == at("2026-11-30 10:00")
    assert prompt.message.idempotency_key.startswith("agenda-prompt:")
    assert prompt.message.idempotency_key.endswith(":2026-12-01")
    text = prompt.message.reply.as_plain_text()
    assert texts.PROMPT_QUESTION.format(title=NORTH_TEAM_MEETING, when="Tue 10:00") in text
    buttons = buttons_of(prompt.message.reply)
    picks = [b for b in buttons if b.action_id == "agenda.pick"]
    assert 3 <= len(picks) <= 4
    assert any(b.action_id == "agenda.write" for b in buttons)
    assert [(b.action_id, b.value) for b in buttons[-2:]] == [("settings.snooze", "1w"), ("settings.stop", "")]
    assert sum(isinstance(b, ButtonsBlock) for b in prompt.message.reply.blocks) == 2


async def test_a_monday_meeting_is_prompted_on_friday(make_world: MakeWorld) -> None:
    monday = {
        "title": "Team meeting",
        "rrule": "FREQ=WEEKLY;BYDAY=MO",
        "start": "2026-01-05T10:00:00",
        "chair": "pat.lead",
    }
    world = await make_world(at("2026-12-02 00:00"), tiny_org(meetings=[monday]))
    await world.run_until(at("2026-12-07 09:00"))
    [prompt] = world.sent("agenda_prompt")
    assert local(prompt) == at("2026-12-04 10:00")  # Friday
    assert (
        texts.PROMPT_QUESTION.format(title=NORTH_TEAM_MEETING, when="Mon 10:00") in prompt.message.reply.as_plain_text()
    )


async def test_suggestions_rotate_so_none_is_offered_twice_running(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-12-22 00:00"))
    offers = [
        {b.value.split(":")[1] for b in buttons_of(p.message.reply) if b.action_id == "agenda.pick"}
        for p in world.sent("agenda_prompt")
    ]
    assert len(offers) == 4
    for before, after in itertools.pairwise(offers):
        assert not before & after


async def test_a_one_click_answer_is_stored_posted_to_the_channel_and_stops_the_reminder(
    make_world: MakeWorld,
) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-11-30 10:05"))
    [prompt] = world.sent("agenda_prompt")
    pick = next(b for b in buttons_of(prompt.message.reply) if b.action_id == "agenda.pick")
    replies = await world.handle(click("agenda.pick", pick.value, actor="pat.lead", channel="dm:pat.lead"))
    saved = texts.AGENDA_ITEM_SAVED.partition("{item}")[2].format(title="Team meeting", when="Tue 10:00")
    assert saved in replies[0].as_plain_text()
    assert replies[0].replace_original
    await world.run_until(at("2026-12-01 12:00"))
    [post] = world.sent("agenda_item", address="north-team")
    assert post.at < at("2026-12-01 10:00")
    assert texts.AGENDA_ITEM_POST.format(title="Team meeting", when="Tue 10:00") in post.message.reply.as_plain_text()
    assert world.sent("agenda_reminder") == []
    [occurrence] = [o for o in await world.occurrences() if o.occurs_on.isoformat() == "2026-12-01"]
    assert occurrence.sofs_item
    assert occurrence.item_suggestion == pick.value.split(":")[1]


async def test_a_free_text_answer_uses_the_form(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-11-30 10:05"))
    [prompt] = world.sent("agenda_prompt")
    write = next(b for b in buttons_of(prompt.message.reply) if b.action_id == "agenda.write")
    [form_reply] = await world.handle(click("agenda.write", write.value, actor="pat.lead", channel="dm:pat.lead"))
    assert form_reply.form is not None
    assert form_reply.form.form_id == "agenda.item"
    empty = await world.handle(submit("agenda.item", {"item": "  "}, write.value, actor="pat.lead"))
    assert empty[0].form is not None
    assert empty[0].form.fields[0].error
    done = await world.handle(
        submit("agenda.item", {"item": "Three houses with a sibling group"}, write.value, actor="pat.lead")
    )
    saved = texts.AGENDA_ITEM_SAVED.partition("{title}")[0].format(item="Three houses with a sibling group")
    assert saved in done[0].as_plain_text()
    others = await world.handle(click("agenda.pick", f"{write.value}:celebrate", actor="max.member"))
    assert texts.AGENDA_ONLY_LEADS in others[0].as_plain_text()


async def test_an_item_recorded_before_the_prompt_means_no_prompt(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-27 12:00"))
    replies = await world.handle(
        command("agenda", "set practise a danger statement", actor="pat.lead", channel="north-team")
    )
    assert "practise a danger statement" in plain_of(replies)
    await world.run_until(at("2026-12-01 11:00"))
    assert world.sent("agenda_prompt") == []
    assert world.sent("agenda_reminder") == []
    [post] = world.sent("agenda_item")
    assert post.message.target.address == "north-team"


def plain_of(replies: list) -> str:  # type: ignore[type-arg]
    return "\n".join(r.as_plain_text() for r in replies)


async def test_no_answer_brings_one_gentle_reminder_then_nothing(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-12-01 18:00"))
    [prompt] = world.sent("agenda_prompt")
    [reminder] = world.sent("agenda_reminder")
    assert reminder.at - prompt.at >= timedelta(hours=2)
    assert reminder.at < at("2026-12-01 10:00")
    assert texts.PROMPT_REMINDER.partition("{title}")[0] in reminder.message.reply.as_plain_text()
    assert len(world.sender.sent) == 2 + len(world.sent("digest")) + len(world.sent("pulse"))


async def test_a_bank_holiday_monday_meeting_is_not_prompted_and_tuesday_is_prompted_the_friday_before(
    make_world: MakeWorld,
) -> None:
    meetings = [
        {
            "title": "Monday huddle",
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
            "start": "2026-01-05T10:00:00",
            "chair": "pat.lead",
        },
        {"title": "Team meeting", "rrule": "FREQ=WEEKLY;BYDAY=TU", "start": "2026-01-06T10:00:00", "chair": "pat.lead"},
    ]
    world = await make_world(at("2026-05-19 12:00"), tiny_org(meetings=meetings))
    await world.run_until(at("2026-05-26 12:00"))  # Monday 25 May 2026 is the Spring bank holiday
    prompts = {p.message.reply.as_plain_text().split(": ")[0]: local(p) for p in world.sent("agenda_prompt")}
    huddle = texts.MEETING_LABEL.format(unit="North Team", title="Monday huddle")
    assert f"{huddle} Mon 10:00" not in prompts
    assert prompts[f"{NORTH_TEAM_MEETING} Tue 10:00"] == at("2026-05-22 10:00")  # the Friday before
    holiday = [o for o in await world.occurrences() if o.occurs_on.isoformat() == "2026-05-25"]
    assert [o.status for o in holiday] == ["holiday"]
    for record in world.sent():
        day = local(record).date()
        assert day.isoformat() != "2026-05-25"


async def test_a_practice_leader_on_leave_gets_nothing_while_away(make_world: MakeWorld) -> None:
    org = tiny_org(pat={"leave": [{"from": "2026-12-21", "to": "2027-01-01"}]}, team={"managers": []})  # no stand-in
    world = await make_world(at("2026-12-14 00:00"), org)
    await world.run_until(at("2027-01-06 00:00"))
    pat = await world.person("pat.lead")
    dms = [r for r in world.sent() if r.message.target.address == str(pat.id)]
    assert dms
    assert all(not at("2026-12-21 00:00") <= r.at < at("2027-01-02 00:00") for r in dms)
    prompts = {p.message.idempotency_key.rsplit(":", 1)[1]: local(p) for p in world.sent("agenda_prompt")}
    assert prompts["2026-12-22"] == at("2026-12-18 10:00")  # asked before the leave began
    assert "2026-12-29" not in prompts  # no humane moment before that meeting: skipped, not sent late
    assert prompts["2027-01-05"] == at("2027-01-04 10:00")
    skipped = [n for n in await world.nudges("agenda-prompt") if n.key.endswith("2026-12-29")]
    assert [n.status for n in skipped] == ["skipped"]


async def test_a_practice_leader_in_another_time_zone_is_asked_in_their_own_hours(make_world: MakeWorld) -> None:
    org = tiny_org(pat={"timezone": "America/Toronto"})
    world = await make_world(at("2026-11-30 00:00"), org)
    await world.run_until(at("2026-12-16 00:00"))
    for record in [r for r in world.sent() if r.message.target.kind == "person"]:
        moment = local(record, "America/Toronto")
        assert moment.weekday() < 5
        assert 9 <= moment.hour < 17, moment
    [first, *_] = world.sent("agenda_prompt")
    assert local(first, "America/Toronto").isoformat().startswith("2026-11-30T09:00")
    question = texts.PROMPT_QUESTION.format(title=NORTH_TEAM_MEETING, when="Tue 05:00")
    assert question in first.message.reply.as_plain_text()  # 10:00 London, in Pat's zone


async def test_priya_in_dublin_keeps_her_own_zone(make_world: MakeWorld) -> None:
    org = tiny_org(pat={"timezone": "Europe/Dublin", "working_hours": "08:00-16:00"})
    world = await make_world(at("2026-11-30 00:00"), org)
    await world.run_until(at("2026-12-02 00:00"))
    [prompt] = world.sent("agenda_prompt")
    [reminder] = world.sent("agenda_reminder")
    assert local(prompt, "Europe/Dublin") == at("2026-11-30 10:00", "Europe/Dublin")
    assert local(reminder, "Europe/Dublin") == at("2026-12-01 08:00", "Europe/Dublin")


async def test_snooze_defers_a_prompt_and_skips_one_that_would_come_too_late(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-29 12:00"))
    await world.handle(command("sofs", "settings snooze 1 day", actor="pat.lead", channel="dm:pat.lead"))
    await world.run_until(at("2026-12-06 12:00"))
    await world.handle(command("sofs", "settings snooze 3 days", actor="pat.lead", channel="dm:pat.lead"))
    await world.run_until(at("2026-12-16 00:00"))
    prompts = {p.message.idempotency_key.rsplit(":", 1)[1]: local(p) for p in world.sent("agenda_prompt")}
    assert prompts["2026-12-01"] == at("2026-11-30 12:00")  # deferred to the end of the snooze
    assert "2026-12-08" not in prompts  # snoozed past that meeting: skipped, never late
    assert prompts["2026-12-15"] == at("2026-12-14 10:00")
    pat = await world.person("pat.lead")
    snoozed = [r for r in world.sent() if r.message.target.address == str(pat.id)]
    assert all(not at("2026-12-06 12:00") <= r.at < at("2026-12-09 12:00") for r in snoozed)


async def test_stop_these_means_no_more_direct_messages(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-29 12:00"))
    await world.handle(click("settings.stop", actor="pat.lead", channel="dm:pat.lead"))
    await world.run_until(at("2026-12-16 00:00"))
    assert [r for r in world.sent() if r.message.target.kind == "person"] == []
    assert world.sent("digest")  # channel posts still go


async def test_a_prompt_past_its_grace_is_skipped_not_sent_late(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-27 12:00"))
    await world.tick()  # plans the Tuesday meeting
    world.clock.set(at("2026-12-01 10:30"))  # the scheduler was down over the prompt and the meeting
    await world.tick()
    assert world.sent("agenda_prompt") == []
    assert world.sent("agenda_reminder") == []
    statuses = {n.kind: (n.status, n.skip_reason) for n in await world.nudges() if n.key.endswith("2026-12-01")}
    assert statuses["agenda-prompt"] == ("skipped", "past grace")
