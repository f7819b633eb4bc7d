"""``/agenda rotate on|off`` and the turn on the demo organisation (issue 18, distributed leadership).

Demo cast: Sam Okafor is the PL of Dereham Family Support (channel ``dereham-fs``), Ali Hassan its manager,
Priya Shah a member; Tom Wright leads another team; Jo Baker is the county project manager. The clock
stands on Tuesday 24 November 2026, so the next meeting is Tuesday 1 December.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import texts
from bot.domain.nudge_messages import prompt_reply
from bot.domain.orgfile import parse_org_file
from bot.replies import Reply
from bot.store.models import AuditEntry, Person, Team
from bot.store.models_nudges import MeetingOccurrence
from bot.store.models_rotation import AgendaTurn
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory, session_of
from tests.conftest import DEMO_ORG, Bot
from tests.factories import command

TEAM = "Dereham Family Support"


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def rotating(bot: Bot, slug: str = "dereham-fs") -> bool:
    async with bot.uow_factory() as uow:
        return bool((await session_of(uow).scalars(select(Team.agenda_rotation).where(Team.slug == slug))).one())


async def test_a_practice_leader_switches_the_rotation_on_and_a_manager_off(bot: Bot) -> None:
    shown = plain(await bot.handler.handle(command("agenda", "rotate", actor="priya.shah")))
    assert texts.AGENDA_ROTATE_STATUS_OFF.format(team=TEAM) in shown
    done = plain(await bot.handler.handle(command("agenda", "rotate on", actor="sam.okafor")))
    assert texts.AGENDA_ROTATE_ON.format(team=TEAM) in done
    assert await rotating(bot)
    again = plain(await bot.handler.handle(command("agenda", "rotate ON", actor="sam.okafor")))
    assert texts.AGENDA_ROTATE_ALREADY_ON.format(team=TEAM) in again
    shown = plain(await bot.handler.handle(command("agenda", "rotate", actor="priya.shah")))
    assert texts.AGENDA_ROTATE_STATUS_ON.format(team=TEAM) in shown
    assert texts.AGENDA_ROTATION_ON_NOTE in plain(await bot.handler.handle(command("agenda", actor="priya.shah")))
    off = plain(await bot.handler.handle(command("agenda", "rotate off", actor="ali.hassan")))
    assert texts.AGENDA_ROTATE_OFF.format(team=TEAM) in off
    assert not await rotating(bot)
    async with bot.uow_factory() as uow:
        actions = (
            await session_of(uow).scalars(select(AuditEntry.action).where(AuditEntry.action.like("agenda.rot%")))
        ).all()
    assert actions == ["agenda.rotation_on", "agenda.rotation_off"]


async def test_only_the_teams_leads_or_a_county_lead_may_switch_it(bot: Bot) -> None:
    for who in ("priya.shah", "tom.wright"):
        refused = plain(await bot.handler.handle(command("agenda", "rotate on", actor=who)))
        assert texts.AGENDA_ROTATE_ONLY_LEADS in refused
        assert not await rotating(bot)
    done = plain(await bot.handler.handle(command("agenda", "rotate on", actor="jo.baker")))
    assert texts.AGENDA_ROTATE_ON.format(team=TEAM) in done
    assert await rotating(bot)


async def test_the_rotation_is_for_team_channels_and_bad_words_get_the_usage(bot: Bot) -> None:
    locality = plain(await bot.handler.handle(command("agenda", "rotate on", actor="sam.okafor", channel="west")))
    assert texts.AGENDA_ROTATE_TEAM_ONLY in locality
    assert texts.AGENDA_ROTATE_USAGE in plain(
        await bot.handler.handle(command("agenda", "rotate maybe", actor="sam.okafor"))
    )
    assert "rotate on|off" in texts.AGENDA_USAGE


async def test_the_member_whose_turn_it_is_may_set_the_item(bot: Bot) -> None:
    await bot.handler.handle(command("agenda", "rotate on", actor="sam.okafor"))
    refused = plain(await bot.handler.handle(command("agenda", "set map a stuck case", actor="priya.shah")))
    assert texts.AGENDA_ONLY_LEADS in refused  # not her turn (yet)
    await bot.handler.handle(command("agenda", actor="priya.shah"))  # stores the next occurrence
    async with bot.uow_factory() as uow:
        priya = (await session_of(uow).scalars(select(Person).where(Person.handle == "priya.shah"))).one()
        [occurrence] = (await session_of(uow).scalars(select(MeetingOccurrence))).all()
        session_of(uow).add(
            AgendaTurn(
                occurrence_id=occurrence.id,
                team_id=occurrence.team_id,
                person_id=priya.id,
                asked_at=bot.clock.now(),
                created_at=bot.clock.now(),
            )
        )
        await uow.commit()
    shown = plain(await bot.handler.handle(command("agenda", actor="ali.hassan")))
    assert texts.AGENDA_TURN.format(member="Priya Shah") in shown
    done = plain(await bot.handler.handle(command("agenda", "set map a stuck case", actor="priya.shah")))
    assert "map a stuck case" in done
    assert texts.AGENDA_ONLY_LEADS not in done


def test_the_prompt_says_why_it_comes() -> None:
    reply = prompt_reply(
        title="North Team — Team meeting",
        when="Tue 10:00",
        occurrence_id=7,
        suggestions=["celebrate"],
        reason=texts.PROMPT_YOUR_TURN.format(backup="Pat Lead"),
    )
    lines = reply.as_plain_text().splitlines()
    assert lines[0] == "It's your turn to bring the Signs of Safety item to this meeting; Pat Lead is the back-up."
    assert "what is the Signs of Safety item?" in lines[1]


async def test_the_organisation_file_sets_the_rotation(sqlite_engine: AsyncEngine, tmp_path: Path) -> None:
    demo = yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8"))
    uow_factory = UnitOfWorkFactory(sqlite_engine)

    async def load(change: object) -> dict[str, bool]:
        org = copy.deepcopy(demo)
        team = org["localities"][0]["teams"][0]
        if change is not None:
            team["agenda_rotation"] = change
        async with uow_factory() as uow:
            await import_org(uow, parse_org_file(yaml.safe_dump(org)), bot_now)
            await uow.commit()
            return {t.slug: t.agenda_rotation for t in (await session_of(uow).scalars(select(Team))).all()}

    bot_now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert not any((await load(None)).values())
    first = await load(True)
    assert first["dereham-fs"]
    assert sum(first.values()) == 1
    assert (await load(None))["dereham-fs"]  # absent: what chat set (or the last import) stays
    assert not (await load(False))["dereham-fs"]
