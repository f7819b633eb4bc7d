"""Nudges name the team, and a chair on leave hands the prompt to a stand-in who is told why (issue 14).

On the demo organisation: Sam Okafor chairs Dereham Family Support's Tuesday 10:00 team meeting and is
on leave from 21 December 2026 to 1 January 2027; Ali Hassan is the team's manager. The West locality
channel (``west``) covers three teams, each with a "Team meeting".
"""

from __future__ import annotations

from bot import texts
from bot.constants import Role as RoleName
from bot.store.models import Role
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.scheduler.harness import World, at

DEREHAM_MEETING = texts.MEETING_LABEL.format(unit="Dereham Family Support", title="Team meeting")


def world_on(bot: Bot, start: str) -> World:
    """The planner and deliverer on the bot's demo database, from ``start`` (London time)."""
    return World(bot.uow_factory.engine, at(start))


async def test_prompts_and_reminders_name_the_team(bot: Bot) -> None:
    world = world_on(bot, "2026-11-30 00:00")
    await world.run_until(at("2026-12-01 09:59"))
    sam = await world.person("sam.okafor")
    [prompt] = [p for p in world.sent("agenda_prompt") if p.message.target.address == str(sam.id)]
    [reminder] = [r for r in world.sent("agenda_reminder") if r.message.target.address == str(sam.id)]
    question = texts.PROMPT_QUESTION.format(title=DEREHAM_MEETING, when="Tue 10:00")
    assert question in prompt.message.reply.as_plain_text()
    assert (
        texts.PROMPT_REMINDER.format(title=DEREHAM_MEETING, when="Tue 10:00") in reminder.message.reply.as_plain_text()
    )
    assert texts.PROMPT_STAND_IN.format(chair="Sam Okafor") not in prompt.message.reply.as_plain_text()


async def test_a_locality_digest_names_each_meetings_team_and_a_team_digest_does_not(bot: Bot) -> None:
    world = world_on(bot, "2026-12-04 12:00")
    await world.run_until(at("2026-12-04 15:30"))
    [west] = world.sent("digest", address="west")
    [team] = world.sent("digest", address="dereham-fs")
    locality_text = west.message.reply.as_plain_text()
    for unit in ("Dereham Family Support", "King's Lynn Assessment", "Fakenham Children in Need"):
        assert texts.MEETING_LABEL.format(unit=unit, title="Team meeting") in locality_text
    assert DEREHAM_MEETING not in team.message.reply.as_plain_text()
    assert "Team meeting" in team.message.reply.as_plain_text()


async def test_a_chair_on_leave_is_replaced_by_the_teams_manager_who_is_told_why(bot: Bot) -> None:
    world = world_on(bot, "2026-12-14 00:00")
    await world.run_until(at("2026-12-22 09:59"))
    sam, ali = await world.person("sam.okafor"), await world.person("ali.hassan")
    prompts = [p for p in world.sent("agenda_prompt") if p.message.idempotency_key.endswith(":2026-12-22")]
    dereham = [p for p in prompts if DEREHAM_MEETING in p.message.reply.as_plain_text()]
    [asked] = dereham
    assert asked.message.target.address == str(ali.id)
    first_line = asked.message.reply.as_plain_text().splitlines()[0]
    assert first_line == texts.PROMPT_STAND_IN.format(chair="Sam Okafor")
    assert all(p.message.target.address != str(sam.id) for p in prompts)


async def test_the_teams_other_practice_leader_is_asked_before_its_manager(bot: Bot) -> None:
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        sam = await uow.people.by_handle(org.id, "sam.okafor")
        priya = await uow.people.by_handle(org.id, "priya.shah")
        assert sam is not None
        assert priya is not None
        team_id = await uow.people.home_team(sam.id)
        session_of(uow).add(Role(person_id=priya.id, role=RoleName.PRACTICE_LEADER, team_id=team_id))
        await uow.commit()
    world = world_on(bot, "2026-12-14 00:00")
    await world.run_until(at("2026-12-22 09:59"))
    [asked] = [
        p
        for p in world.sent("agenda_prompt")
        if p.message.idempotency_key.endswith(":2026-12-22") and DEREHAM_MEETING in p.message.reply.as_plain_text()
    ]
    assert asked.message.target.address == str(priya.id)
    assert texts.PROMPT_STAND_IN.format(chair="Sam Okafor") in asked.message.reply.as_plain_text()
