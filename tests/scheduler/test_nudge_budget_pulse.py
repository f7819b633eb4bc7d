"""The weekly DM budget (deferral, never over budget), the monthly pulse, .ics meetings, re-imports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from aiohttp import web
from sqlalchemy import select

from bot import texts
from bot.domain.delivery import iso_week
from bot.replies import buttons_of
from bot.store.models_nudges import Nudge, PulseAnswer
from bot.store.uow import session_of
from tests.factories import click, command, submit
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import at, local, tiny_org


async def test_an_exhausted_budget_defers_the_pulse_and_never_goes_over(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    pat = await world.person("pat.lead")
    async with world.uow_factory() as uow:  # three DMs already went to Pat this week
        for n in range(3):
            session_of(uow).add(
                Nudge(
                    key=f"earlier:{n}",
                    kind="agenda-prompt",
                    status="enqueued",
                    platform="console",
                    person_id=pat.id,
                    due_at=at("2026-11-30 00:00"),
                    deadline=at("2026-11-30 00:00"),
                    budget_week="2026-W49",
                    created_at=at("2026-11-30 00:00"),
                )
            )
        await uow.commit()
    await world.run_until(at("2026-12-16 00:00"))
    [pulse] = world.sent("pulse")
    assert local(pulse) == at("2026-12-07 09:00")  # due Wed 2 Dec, deferred to the next week with room
    prompts = {p.message.idempotency_key.rsplit(":", 1)[1] for p in world.sent("agenda_prompt")}
    assert "2026-12-01" not in prompts  # no room before that meeting: skipped rather than over budget
    per_week = Counter(iso_week(r.at, pat.timezone) for r in world.sent() if r.message.target.kind == "person")
    per_week["2026-W49"] += 3
    assert max(per_week.values()) <= 3, per_week
    skipped = {n.key.split(":")[0]: n.skip_reason for n in await world.nudges() if n.status == "skipped"}
    assert skipped["agenda-prompt"] == "no allowed time before the deadline"


async def test_a_lower_budget_setting_is_respected(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.settings(dm_budget=1)
    await world.run_until(at("2026-12-22 00:00"))
    pat = await world.person("pat.lead")
    per_week = Counter(iso_week(r.at, pat.timezone) for r in world.sent() if r.message.target.kind == "person")
    assert set(per_week.values()) == {1}


async def test_the_monthly_pulse_is_answered_with_one_click_and_trended(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-12-03 00:00"))
    [pulse] = world.sent("pulse")
    assert pulse.message.idempotency_key.startswith("pulse:")
    assert pulse.message.idempotency_key.endswith(":2026-12")
    assert local(pulse) == at("2026-12-02 11:00")  # the second working day of the month
    text = pulse.message.reply.as_plain_text()
    assert texts.PULSE_QUESTION.partition("{month}")[2] in text
    scores = [b for b in buttons_of(pulse.message.reply) if b.action_id == "pulse.answer"]
    assert [b.label for b in scores] == [str(n) for n in range(11)]
    [thanks] = await world.handle(click("pulse.answer", "2026-12:6", actor="pat.lead", channel="dm:pat.lead"))
    assert texts.PULSE_THANKS.format(score=6, month="December 2026") in thanks.as_plain_text()
    more = next(b for b in buttons_of(thanks) if b.action_id == "pulse.more")
    [form] = await world.handle(click("pulse.more", more.value, actor="pat.lead", channel="dm:pat.lead"))
    assert form.form is not None
    await world.handle(submit("pulse.more", {"more": "A case-mapping session each month"}, "2026-12", actor="pat.lead"))
    async with world.uow_factory() as uow:
        [answer] = (await session_of(uow).scalars(select(PulseAnswer))).all()
        assert (answer.score, answer.one_point_up, answer.month) == (6, "A case-mapping session each month", "2026-12")
        assert answer.team_id is not None
        assert answer.locality_id is not None
    [trend] = await world.handle(command("sofs", "pulse", actor="pat.lead", channel="north-team"))
    shown = trend.as_plain_text()
    assert "North Team: Dec 6.0 (1)" in shown
    assert "North: Dec 6.0 (1)" in shown
    [refused] = await world.handle(command("sofs", "pulse", actor="max.member", channel="north-team"))
    assert texts.PULSE_NOT_ALLOWED in refused.as_plain_text()
    bad = await world.handle(click("pulse.answer", "2026-12:11", actor="pat.lead", channel="dm:pat.lead"))
    assert texts.PULSE_BAD_ANSWER in bad[0].as_plain_text()


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:team-meeting@testshire.example
DTSTART;TZID=Europe/London:20261103T100000
DTEND;TZID=Europe/London:20261103T110000
RRULE:FREQ=WEEKLY;BYDAY=TU
EXDATE;TZID=Europe/London:20261124T100000
SUMMARY:Team meeting
END:VEVENT
BEGIN:VEVENT
UID:team-meeting@testshire.example
RECURRENCE-ID;TZID=Europe/London:20261110T100000
DTSTART;TZID=Europe/London:20261111T140000
DTEND;TZID=Europe/London:20261111T150000
SUMMARY:Team meeting (moved)
END:VEVENT
BEGIN:VEVENT
UID:team-meeting@testshire.example
RECURRENCE-ID;TZID=Europe/London:20261117T100000
DTSTART;TZID=Europe/London:20261117T100000
STATUS:CANCELLED
SUMMARY:Team meeting
END:VEVENT
END:VCALENDAR
"""


async def test_an_ics_meeting_honours_moved_cancelled_and_removed_occurrences(
    make_world: MakeWorld, tmp_path: Path
) -> None:
    source = tmp_path / "team.ics"
    source.write_text(ICS, encoding="utf-8")
    meeting = {"title": "Team meeting", "ics": str(source), "start": "2026-11-03T10:00:00", "chair": "pat.lead"}
    world = await make_world(at("2026-11-02 00:00"), tiny_org(meetings=[meeting]))
    await world.run_until(at("2026-12-02 00:00"))
    prompts = {p.message.idempotency_key.rsplit(":", 1)[1]: local(p) for p in world.sent("agenda_prompt")}
    assert prompts == {
        "2026-11-03": at("2026-11-02 10:00"),
        "2026-11-10": at("2026-11-10 14:00"),  # moved to Wednesday 14:00: asked 24 h before, same key
        "2026-12-01": at("2026-11-30 10:00"),
    }
    statuses = {o.occurs_on.isoformat(): o.status for o in await world.occurrences()}
    assert statuses["2026-11-17"] == "cancelled"
    assert "2026-11-24" not in statuses


async def test_re_importing_the_organisation_does_not_prompt_twice(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"))
    await world.run_until(at("2026-11-30 12:00"))
    assert len(world.sent("agenda_prompt")) == 1
    huddle = {"title": "Huddle", "rrule": "FREQ=WEEKLY;BYDAY=FR", "start": "2026-01-09T09:30:00"}
    again = tiny_org()
    team = again["localities"][0]["teams"][0]
    team["meetings"] = [huddle, *team["meetings"]]
    before = {o.id: o.meeting_id for o in await world.occurrences()}
    await world.load(again)  # meetings are replaced: the team meeting gets a new id
    await world.tick()
    after = {o.id: o.meeting_id for o in await world.occurrences() if o.id in before}
    assert all(after[i] != before[i] for i in before)  # adopted by the new meeting, not duplicated
    await world.run_until(at("2026-12-01 12:00"))
    assert len(world.sent("agenda_prompt")) == 1
    assert len(world.sent("agenda_reminder")) == 1
    team_meetings = [o for o in await world.occurrences() if o.title == "Team meeting"]
    assert len({o.occurs_on for o in team_meetings}) == len(team_meetings)


async def test_an_ics_meeting_can_come_from_a_url(make_world: MakeWorld) -> None:
    calls: list[str] = []

    async def calendar(request: web.Request) -> web.Response:
        calls.append(request.path)
        return web.Response(body=ICS.encode(), content_type="text/calendar")

    app = web.Application()
    app.router.add_get("/team.ics", calendar)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/team.ics"
    try:
        meeting = {"title": "Team meeting", "ics": url, "start": "2026-11-03T10:00:00", "chair": "pat.lead"}
        world = await make_world(at("2026-11-02 00:00"), tiny_org(meetings=[meeting]))
        await world.run_until(at("2026-11-12 00:00"))
    finally:
        await runner.cleanup()
    prompts = {p.message.idempotency_key.rsplit(":", 1)[1] for p in world.sent("agenda_prompt")}
    assert prompts == {"2026-11-03", "2026-11-10"}
    assert 1 <= len(calls) <= 3  # kept for 15 minutes of real time, not fetched on every tick
