"""The PL space on a fake clock (issue 18): the weekly PL digest in the county PL group's channel, the
"how we've fared" question to each locality's practice leader, the guarded answer, and the summary
posted before the County PL meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import keys
from bot.ids import ActionId, FormId
from bot.replies import FormBlock
from bot.store.models import OutboxMessage, PracticeStory
from bot.store.models_pl import FaredLine
from bot.store.uow import session_of
from tests.factories import click, submit
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import World, at, local, plain, tiny_org

PL = "county-pl"
NHS = "943 476 5919"


def pl_org(**changes: Any) -> dict[str, Any]:
    """The tiny organisation with a second locality, a project manager, the PL channel and a monthly
    County PL meeting (the second Thursday, 10:00: Thursday 10 December 2026)."""
    org = tiny_org(**changes)
    org["people"] += [
        {"handle": "sue.south", "name": "Sue South", "slack": "U4"},
        {"handle": "jo.pm", "name": "Jo Project", "slack": "U5"},
    ]
    org["organisation"].update(
        {
            "project_managers": ["jo.pm"],
            "intranet_url": "https://intranet.example/practice",
            "pl_channels": {"slack": "C0PL", "teams": "19:pl@thread.tacv2"},
            "pl_meeting": {
                "title": "County PL meeting",
                "rrule": "FREQ=MONTHLY;BYDAY=+2TH",
                "start": "2026-01-08T10:00:00",
                "duration_minutes": 120,
            },
        }
    )
    org["localities"].append(
        {
            "name": "South",
            "slug": "south",
            "channels": {"slack": "CSOUTH"},
            "practice_leaders": ["sue.south"],
            "teams": [{"name": "South Team", "slug": "south-team", "practice_leaders": ["sue.south"]}],
        }
    )
    return org


async def add_story(world: World, title: str, *, team: str, status: str, decided: datetime | None) -> None:
    async with world.uow_factory() as uow:
        org = await uow.orgs.first()
        found = [t for t in await uow.orgs.teams() if t.slug == team]
        assert org is not None
        assert found
        session_of(uow).add(
            PracticeStory(
                organisation_id=org.id,
                team_id=found[0].id,
                title=title,
                situation="A family we worked with in the autumn",
                what_we_did="We mapped it together",
                difference="Everyone knew the plan",
                tools=[],
                status=status,
                created_at=at("2026-11-20 10:00"),
                updated_at=decided or at("2026-11-20 10:00"),
                decided_at=decided,
            )
        )
        await uow.commit()


async def test_the_weekly_pl_digest_lists_stories_approved_across_the_county(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"), pl_org())
    await add_story(
        world, "Words and pictures helped", team="north-team", status="approved", decided=at("2026-12-01 11:00")
    )
    await add_story(
        world, "A safety plan the children drew", team="south-team", status="published", decided=at("2026-12-02 11:00")
    )
    await add_story(world, "Not yet", team="south-team", status="submitted", decided=None)
    await add_story(world, "Declined one", team="north-team", status="declined", decided=at("2026-12-02 12:00"))
    await add_story(world, "Last month's", team="north-team", status="approved", decided=at("2026-11-20 12:00"))
    await world.run_until(at("2026-12-04 16:00"))
    [digest] = world.sent("pl_digest")
    assert digest.message.target.address == PL
    assert (local(digest).strftime("%a %H:%M")) == "Fri 15:00"
    assert digest.message.idempotency_key == keys.pl_digest("console", PL, "2026-W49")
    text = digest.message.reply.as_plain_text()
    assert "Stories approved across the county this week: 2" in text
    assert "Words and pictures helped — North" in text
    assert "A safety plan the children drew — South (on the intranet)" in text
    assert "https://intranet.example/practice" in text
    for absent in ("Not yet", "Declined one", "Last month's", "A family we worked with", "We mapped it"):
        assert absent not in text
    assert world.sent("digest", address=PL) == []  # the PL channel is not a team channel


async def test_an_empty_week_posts_no_pl_digest(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"), pl_org())
    await add_story(world, "Declined one", team="north-team", status="declined", decided=at("2026-12-02 12:00"))
    await world.run_until(at("2026-12-12 00:00"))
    assert world.sent("pl_digest") == []
    reasons = {n.skip_reason for n in await world.nudges("pl-digest") if n.status == "skipped"}
    assert reasons == {"nothing to say"}


async def test_planning_twice_sends_one_pl_digest(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"), pl_org())
    await add_story(
        world, "Words and pictures helped", team="north-team", status="approved", decided=at("2026-12-01 11:00")
    )
    world.clock.set(at("2026-12-04 15:00"))
    await world.tick()
    await world.planner.tick()  # a second planner run (a restart, a second replica) at the same moment
    world.planner.refresh = world.planner.refresh * 0  # and one that re-plans everything
    await world.tick()
    async with world.uow_factory() as uow:
        key = keys.pl_digest("console", PL, "2026-W49")
        count = await session_of(uow).scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.idempotency_key == key)
        )
    assert count == 1
    assert len(world.sent("pl_digest")) == 1


async def test_each_locality_pl_is_asked_how_it_has_fared_and_the_chair_gets_the_agenda_prompt(
    make_world: MakeWorld,
) -> None:
    world = await make_world(at("2026-11-30 08:00"), pl_org())
    await world.run_until(at("2026-12-08 00:00"))
    asked = {r.message.target.address: r for r in world.sent("fared_prompt")}
    pat, sue, jo = [await world.person(h) for h in ("pat.lead", "sue.south", "jo.pm")]
    assert set(asked) == {str(pat.id), str(sue.id)}
    north = asked[str(pat.id)]
    assert local(north).strftime("%a %d %b %H:%M") == "Mon 07 Dec 10:00"  # 3 working days before Thursday
    text = north.message.reply.as_plain_text()
    assert "How has North fared since the last PL meeting? One line, please." in text
    assert "County PL meeting on Thu 10 Dec, 10:00" in text
    assert "How has South fared" in asked[str(sue.id)].message.reply.as_plain_text()
    assert north.message.idempotency_key.startswith("fared-prompt:")
    await world.run_until(at("2026-12-09 12:00"))
    [prompt] = [r for r in world.sent("agenda_prompt") if r.message.target.address == str(jo.id)]
    assert "County PL meeting" in prompt.message.reply.as_plain_text()
    pick = next(b for b in _buttons(prompt.message.reply) if b.action_id == ActionId.AGENDA_PICK)
    await world.handle(click(ActionId.AGENDA_PICK, pick.value, actor="jo.pm", channel="dm:jo.pm"))
    await world.tick()
    [item] = world.sent("agenda_item")
    assert item.message.target.address == PL  # the County PL meeting's item goes to the PL group's channel


async def prompt_of(world: World, handle: str) -> Any:
    """The "how we've fared" question sent to a person, and its button's value."""
    person_id = str((await world.person(handle)).id)
    [prompt] = [r for r in world.sent("fared_prompt") if r.message.target.address == person_id]
    [button] = [b for b in _buttons(prompt.message.reply) if b.action_id == ActionId.FARED_WRITE]
    return button.value


async def answer(world: World, actor: str, line: str) -> str:
    value = await prompt_of(world, actor)
    [opened] = await world.handle(click(ActionId.FARED_WRITE, value, actor=actor, channel=f"dm:{actor}"))
    form = opened.form
    assert isinstance(form, FormBlock)
    assert form.form_id == FormId.FARED_LINE
    assert form.context == value
    event = submit(FormId.FARED_LINE, {"line": line}, form.context, actor=actor, channel=f"dm:{actor}")
    return "\n".join(r.as_plain_text() for r in await world.handle(event))


def _buttons(reply: Any) -> list[Any]:
    return [b for block in reply.blocks if block.kind == "buttons" for b in block.buttons]


async def test_the_answer_passes_the_guard_and_the_summary_is_posted_before_the_meeting(
    make_world: MakeWorld,
) -> None:
    world = await make_world(at("2026-11-30 08:00"), pl_org())
    await world.run_until(at("2026-12-07 12:00"))
    refused = await answer(world, "pat.lead", f"We visited the family, NHS {NHS}")
    assert "Thank you" not in refused
    async with world.uow_factory() as uow:
        assert (await session_of(uow).scalars(select(FaredLine))).all() == []
    saved = await answer(world, "pat.lead", "Two teams now map every new case together")
    assert "Thank you — North's line is in for the County PL meeting" in saved
    north = await prompt_of(world, "pat.lead")
    stranger = await world.handle(
        submit(FormId.FARED_LINE, {"line": "All good"}, north, actor="sue.south", channel="dm:sue.south")
    )
    assert "Only a practice leader of North" in stranger[0].as_plain_text()
    await world.run_until(at("2026-12-09 16:00"))
    [summary] = world.sent("fared_summary")
    assert summary.message.target.address == PL
    assert local(summary).strftime("%a %H:%M") == "Wed 14:00"  # the working day before the meeting
    text = summary.message.reply.as_plain_text()
    assert "How we've fared — County PL meeting, Thu 10 Dec, 10:00" in text
    assert "North: Two teams now map every new case together" in text
    assert "South: no update" in text
    assert "1 of 2 localities sent a line." in text
    assert NHS not in "".join(plain(world.sent()))


async def test_a_pl_on_leave_is_not_asked_and_the_summary_says_no_update(make_world: MakeWorld) -> None:
    org = pl_org()
    org["people"][3]["leave"] = [{"from": "2026-12-03", "to": "2026-12-11"}]  # Sue South
    world = await make_world(at("2026-11-30 08:00"), org)
    await world.run_until(at("2026-12-09 16:00"))
    sue = await world.person("sue.south")
    assert [r for r in world.sent("fared_prompt") if r.message.target.address == str(sue.id)] == []
    [summary] = world.sent("fared_summary")
    assert "South: no update" in summary.message.reply.as_plain_text()
    assert all(
        local(r).date() < at("2026-12-03 00:00").date() for r in world.sent() if r.message.target.address == str(sue.id)
    )


async def test_the_pl_space_on_each_backend(engine: AsyncEngine) -> None:
    world = World(engine, at("2026-11-30 08:00"))
    await world.load(pl_org())
    await add_story(
        world, "Words and pictures helped", team="north-team", status="approved", decided=at("2026-12-01 11:00")
    )
    await world.run_until(at("2026-12-07 12:00"))
    assert len(world.sent("pl_digest")) == 1
    assert "Thank you" in await answer(world, "pat.lead", "Mapping is now how we start")
    assert "It replaces the line" in await answer(world, "pat.lead", "Two teams now map every new case together")
    await world.run_until(at("2026-12-09 16:00"))
    [summary] = world.sent("fared_summary")
    assert "North: Two teams now map every new case together" in summary.message.reply.as_plain_text()
    assert "Mapping is now" not in summary.message.reply.as_plain_text()
