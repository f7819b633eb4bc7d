"""The rotating Signs of Safety item on a fake clock (issue 18): the prompt goes round the team in turn, the
practice leader is the back-up at reminder time, and leave, snooze, stop, the four-week rule and the weekly
budget are respected."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.delivery import DEFAULT_BUDGET, iso_week
from bot.domain.rotation import Candidate, choose_turn
from bot.replies import buttons_of
from bot.store.models import Team
from bot.store.models_nudges import Nudge
from bot.store.models_rotation import AgendaTurn
from bot.store.uow import session_of
from scheduler.recording import Recorded
from tests.factories import click, command
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import World, at, local, tiny_org

EXTRA = ("amy.one", "bea.two")


def rotating_org(*, members: tuple[str, ...] = ("max.member", *EXTRA), **people: dict[str, Any]) -> dict[str, Any]:
    """The tiny organisation with two more members and the rotation on; ``people`` changes them by first name."""
    org = tiny_org(team={"agenda_rotation": True, "members": list(members)})
    for handle in EXTRA:
        first, last = handle.split(".")
        org["people"].append({"handle": handle, "name": f"{first.title()} {last.title()}", "slack": f"U{handle}"})
    for person in org["people"]:
        person.update(people.get(person["handle"].split(".")[0], {}))
    return org


async def handles(world: World, records: list[Recorded]) -> list[str]:
    """The handles of the people these direct messages went to, in order."""
    by_id = {str((await world.person(h)).id): h for h in ("pat.lead", "max.member", "mo.manager", *EXTRA)}
    return [by_id[r.message.target.address] for r in records]


def days(records: list[Recorded]) -> list[str]:
    """The meeting dates of prompts or reminders (the end of their key)."""
    return [r.message.idempotency_key.rsplit(":", 1)[1] for r in records]


async def test_the_prompt_goes_round_the_team_and_the_practice_leader_is_the_back_up(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-02 00:00"), rotating_org())
    await world.run_until(at("2026-12-08 12:00"))
    prompts, reminders = world.sent("agenda_prompt"), world.sent("agenda_reminder")
    assert days(prompts) == ["2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24", "2026-12-01", "2026-12-08"]
    # never asked first, by handle; then the one asked least recently (exactly four weeks later is allowed)
    assert await handles(world, prompts) == [
        "amy.one",
        "bea.two",
        "max.member",
        "mo.manager",
        "amy.one",
        "bea.two",
    ]
    assert set(await handles(world, reminders)) == {"pat.lead"}  # nobody answered: the back-up, each time
    assert days(reminders) == days(prompts)
    first = prompts[0].message.reply.as_plain_text()
    assert "It's your turn to bring the Signs of Safety item to this meeting; Pat Lead is the back-up." in first
    assert "North Team — Team meeting Tue 10:00: what is the Signs of Safety item?" in first
    backup = reminders[0].message.reply.as_plain_text()
    assert "It was Amy One's turn to bring the Signs of Safety item" in backup
    assert "so I'm asking you as the back-up" in backup
    assert "what is the Signs of Safety item?" in backup
    assert "A gentle reminder" not in backup  # the back-up's first message about this meeting asks
    for prompt, reminder in zip(prompts, reminders, strict=True):
        assert reminder.at - prompt.at >= timedelta(hours=2)
    async with world.uow_factory() as uow:
        turns = (await session_of(uow).scalars(select(AgendaTurn).order_by(AgendaTurn.asked_at))).all()
    assert len(turns) == 7  # the next meeting's turn is planned ten days ahead
    assert [t.asked_at for t in turns][:6] == [p.at for p in prompts]


async def test_the_member_whose_turn_it_is_sets_the_item_with_one_click_and_the_back_up_is_not_asked(
    make_world: MakeWorld,
) -> None:
    world = await make_world(at("2026-11-30 00:00"), rotating_org())
    await world.run_until(at("2026-11-30 10:05"))
    [prompt] = world.sent("agenda_prompt")
    assert await handles(world, [prompt]) == ["amy.one"]
    pick = next(b for b in buttons_of(prompt.message.reply) if b.action_id == "agenda.pick")
    others = await world.handle(click("agenda.pick", pick.value, actor="bea.two", channel="dm:bea.two"))
    assert "Only the team's practice leaders" in others[0].as_plain_text()  # not her turn
    replies = await world.handle(click("agenda.pick", pick.value, actor="amy.one", channel="dm:amy.one"))
    assert "is on the agenda for Team meeting Tue 10:00" in replies[0].as_plain_text()
    await world.run_until(at("2026-12-01 12:00"))
    assert world.sent("agenda_reminder") == []
    [post] = world.sent("agenda_item", address="north-team")
    assert "Amy One" in post.message.reply.as_plain_text()
    [occurrence] = [o for o in await world.occurrences() if o.occurs_on.isoformat() == "2026-12-01"]
    assert occurrence.item_set_by == (await world.person("amy.one")).id


async def test_the_four_week_rule_sends_the_prompt_back_to_the_practice_leader(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-02 00:00"), rotating_org(members=("max.member",)))  # max and mo only
    await world.run_until(at("2026-12-01 12:00"))
    prompts = world.sent("agenda_prompt")
    assert await handles(world, prompts) == ["max.member", "mo.manager", "pat.lead", "pat.lead", "max.member"]
    assert days(prompts)[-1] == "2026-12-01"  # 28 days after max's first turn
    reminders = world.sent("agenda_reminder")
    assert set(await handles(world, reminders)) == {"pat.lead"}
    chair_asked = [
        r for r in world.sent("agenda_prompt") if r.message.target.address == str((await world.person("pat.lead")).id)
    ]
    assert "your turn" not in chair_asked[0].message.reply.as_plain_text()  # no rotation wording for the chair


def test_the_four_week_rule_counts_both_sides_of_an_ask() -> None:
    day = at("2026-12-01 10:00").date()
    before = Candidate(1, "a", day, (day - timedelta(days=27),))
    after = Candidate(2, "b", day, (day + timedelta(days=27),))
    free = Candidate(3, "c", day, (day - timedelta(days=28), day + timedelta(days=28)))
    assert choose_turn([before, after]) is None
    assert choose_turn([before, after, free]) == 3
    assert choose_turn([Candidate(5, "z", day), Candidate(4, "y", day)]) == 4  # never asked: by handle
    older = Candidate(6, "x", day, (day - timedelta(days=60),))
    assert choose_turn([older, Candidate(7, "w", day, (day - timedelta(days=30),))]) == 6


async def test_leave_work_days_snooze_and_stop_skip_a_person(make_world: MakeWorld) -> None:
    org = rotating_org(
        amy={"leave": [{"from": "2026-11-30", "to": "2026-12-04"}]},  # away that week
        bea={"work_days": ["mon", "wed", "thu", "fri"]},  # does not work on Tuesdays, the meeting's day
    )
    world = await make_world(at("2026-11-27 12:00"), org)
    await world.handle(command("sofs", "settings snooze 1 week", actor="max.member", channel="dm:max.member"))
    await world.run_until(at("2026-12-01 12:00"))
    assert await handles(world, world.sent("agenda_prompt")) == ["mo.manager"]
    await world.handle(command("sofs", "settings stop", actor="mo.manager", channel="dm:mo.manager"))
    await world.run_until(at("2026-12-08 12:00"))  # amy is back; max's snooze is over by the prompt
    assert await handles(world, world.sent("agenda_prompt")) == ["mo.manager", "amy.one"]
    await world.handle(command("sofs", "settings snooze 1 week", actor="max.member", channel="dm:max.member"))
    await world.run_until(
        at("2026-12-15 12:00")
    )  # amy asked within four weeks, bea not working, max snoozed, mo stopped
    asked = await handles(world, world.sent("agenda_prompt"))
    assert asked == ["mo.manager", "amy.one", "pat.lead"]


async def test_someone_whose_weekly_budget_is_spent_is_skipped(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-27 12:00"), rotating_org())
    amy = await world.person("amy.one")
    week = iso_week(at("2026-11-30 10:00"), "Europe/London")
    async with world.uow_factory() as uow:
        for n in range(DEFAULT_BUDGET):
            session_of(uow).add(
                Nudge(
                    key=f"test-budget:{n}",
                    kind="pulse",
                    status="enqueued",
                    platform="console",
                    person_id=amy.id,
                    due_at=at("2026-11-30 09:00"),
                    deadline=at("2026-11-30 17:00"),
                    budget_week=week,
                    created_at=at("2026-11-27 12:00"),
                )
            )
        await uow.commit()
    await world.run_until(at("2026-12-08 12:00"))
    assert await handles(world, world.sent("agenda_prompt")) == ["bea.two", "amy.one"]


async def test_a_turn_planned_before_a_snooze_passes_to_the_next_member(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-27 12:00"), rotating_org())
    await world.run_until(at("2026-11-27 13:00"))
    [planned] = [n for n in await world.nudges("agenda-prompt") if n.key.endswith("2026-12-01")]
    assert planned.person_id == (await world.person("amy.one")).id
    await world.handle(command("sofs", "settings snooze 1 week", actor="amy.one", channel="dm:amy.one"))
    await world.run_until(at("2026-12-01 12:00"))
    [prompt] = world.sent("agenda_prompt")
    assert await handles(world, [prompt]) == ["bea.two"]  # re-planned (every 12 hours) under the same key
    assert prompt.message.idempotency_key == planned.key
    [reminder] = world.sent("agenda_reminder")
    assert await handles(world, [reminder]) == ["pat.lead"]
    assert "It was Bea Two's turn" in reminder.message.reply.as_plain_text()


async def test_a_turn_that_cannot_go_falls_to_the_back_up_at_reminder_time(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-29 12:00"), rotating_org())
    await world.run_until(at("2026-11-30 09:30"))
    [planned] = [n for n in await world.nudges("agenda-prompt") if n.key.endswith("2026-12-01")]
    assert planned.person_id == (await world.person("amy.one")).id
    assert planned.status == "planned"
    await world.handle(command("sofs", "settings stop", actor="amy.one", channel="dm:amy.one"))  # just before it
    await world.run_until(at("2026-12-01 12:00"))
    december = [r for r in world.sent("agenda_prompt") if r.message.idempotency_key.endswith("2026-12-01")]
    assert december == []
    [reminder] = [r for r in world.sent("agenda_reminder") if r.message.idempotency_key.endswith("2026-12-01")]
    assert await handles(world, [reminder]) == ["pat.lead"]
    assert local(reminder) < at("2026-12-01 10:00")
    assert "so I'm asking you as the back-up" in reminder.message.reply.as_plain_text()


async def test_rotation_never_goes_over_the_weekly_budget(make_world: MakeWorld) -> None:
    twice = [
        {"title": "Team meeting", "rrule": "FREQ=WEEKLY;BYDAY=TU", "start": "2026-01-06T10:00:00", "chair": "pat.lead"},
        {"title": "Huddle", "rrule": "FREQ=WEEKLY;BYDAY=TH", "start": "2026-01-08T10:00:00", "chair": "pat.lead"},
    ]
    org = rotating_org()
    org["localities"][0]["teams"][0]["meetings"] = twice
    world = await make_world(at("2026-11-02 00:00"), org)
    await world.run_until(at("2026-12-18 00:00"))
    dms = [r for r in world.sent() if r.message.target.kind == "person"]
    per_week = Counter((r.message.target.address, iso_week(r.at, "Europe/London")) for r in dms)
    assert max(per_week.values()) <= DEFAULT_BUDGET
    asked = Counter(await handles(world, world.sent("agenda_prompt")))
    assert {"amy.one", "bea.two", "max.member", "mo.manager"} <= set(asked)


async def test_switching_the_rotation_on_in_chat_replans_the_coming_prompt(make_world: MakeWorld) -> None:
    org = rotating_org()
    del org["localities"][0]["teams"][0]["agenda_rotation"]
    world = await make_world(at("2026-11-27 12:00"), org)
    await world.run_until(at("2026-11-27 13:00"))
    [before] = [n for n in await world.nudges("agenda-prompt") if n.key.endswith("2026-12-01")]
    assert before.person_id == (await world.person("pat.lead")).id
    refused = await world.handle(command("agenda", "rotate on", actor="max.member", channel="north-team"))
    assert "Only the team's practice leaders and managers" in refused[0].as_plain_text()
    done = await world.handle(command("agenda", "rotate on", actor="pat.lead", channel="north-team"))
    assert "takes turns bringing the Signs of Safety item" in done[0].as_plain_text()
    await world.run_until(at("2026-12-01 12:00"))
    [prompt] = world.sent("agenda_prompt")
    assert await handles(world, [prompt]) == ["amy.one"]
    shown = await world.handle(command("agenda", "", actor="max.member", channel="north-team"))
    assert "turn to bring it" in shown[0].as_plain_text()  # the next meeting's turn, once planned
    await world.handle(command("agenda", "rotate off", actor="mo.manager", channel="north-team"))
    await world.run_until(at("2026-12-08 12:00"))
    assert await handles(world, world.sent("agenda_prompt")) == ["amy.one", "pat.lead"]
    async with world.uow_factory() as uow:
        team = (await session_of(uow).scalars(select(Team))).one()
    assert team.agenda_rotation is False


async def test_the_rotation_on_each_backend(engine: AsyncEngine) -> None:
    world = World(engine, at("2026-11-27 12:00"))
    await world.load(rotating_org())
    await world.run_until(at("2026-11-27 13:00"))
    await world.handle(command("sofs", "settings snooze 1 week", actor="amy.one", channel="dm:amy.one"))
    await world.run_until(at("2026-12-08 12:00"))
    assert await handles(world, world.sent("agenda_prompt")) == ["bea.two", "amy.one"]
    assert set(await handles(world, world.sent("agenda_reminder"))) == {"pat.lead"}
    await world.handle(command("agenda", "rotate off", actor="pat.lead", channel="north-team"))
    await world.run_until(at("2026-12-15 12:00"))
    assert await handles(world, world.sent("agenda_prompt")) == ["bea.two", "amy.one", "pat.lead"]


async def test_while_the_chair_is_on_leave_the_stand_in_is_the_back_up(make_world: MakeWorld) -> None:
    world = await make_world(
        at("2026-11-27 12:00"), rotating_org(pat={"leave": [{"from": "2026-11-30", "to": "2026-12-04"}]})
    )
    await world.run_until(at("2026-12-01 12:00"))
    [prompt] = world.sent("agenda_prompt")
    [reminder] = world.sent("agenda_reminder")
    assert await handles(world, [prompt, reminder]) == ["amy.one", "mo.manager"]
    text = prompt.message.reply.as_plain_text()
    assert "Mo Manager is the back-up" in text
    assert "on leave" not in text  # she is asked because it is her turn
    assert "It was Amy One's turn" in reminder.message.reply.as_plain_text()
