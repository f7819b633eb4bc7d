"""``plbot simulate`` shows the rotation (issue 18): with ``agenda_rotation: true`` the Signs of Safety prompts
go to several members of the team in turn, each within the weekly budget of direct messages."""

from __future__ import annotations

import json
from collections import Counter

import yaml

from adapters.calendar_source import IcsCalendars
from bot.domain.delivery import DEFAULT_BUDGET, iso_week
from scheduler.service import simulation_report
from scheduler.simulate import asked_per_unit, rotation_lines, simulate_org
from tests.scheduler.harness import at
from tests.scheduler.test_agenda_rotation import rotating_org


async def test_simulate_shows_prompts_going_round_the_team_within_the_budget() -> None:
    org = yaml.safe_dump(rotating_org())
    nudges = await simulate_org(org, at("2026-11-02 00:00"), 6, calendars=IcsCalendars())
    prompts = [n.recipient for n in nudges if n.kind == "agenda_prompt"]
    assert prompts == ["amy.one", "bea.two", "max.member", "mo.manager", "amy.one", "bea.two"]
    assert {n.recipient for n in nudges if n.kind == "agenda_reminder"} == {"pat.lead"}
    per_week = Counter((n.recipient, iso_week(n.at, n.timezone)) for n in nudges if not n.channel)
    assert max(per_week.values()) <= DEFAULT_BUDGET
    assert asked_per_unit(nudges) == {"north-team": prompts}
    report = simulation_report(nudges, as_json=False)
    section = rotation_lines(nudges)
    assert section[1] == "Signs of Safety prompts that went round (per team, in order):"
    assert section[2] == (
        "  north-team: 6 prompts to 4 people — amy.one, bea.two, max.member, mo.manager, amy.one, bea.two"
    )
    assert section[2] in report
    totals = json.loads(simulation_report(nudges, as_json=True)[-1])["totals"]
    assert totals["agenda_prompts_per_team"] == {
        "north-team": {"amy.one": 2, "bea.two": 2, "max.member": 1, "mo.manager": 1}
    }


async def test_simulate_rotation_switches_it_on_for_every_team() -> None:
    org = rotating_org()
    del org["localities"][0]["teams"][0]["agenda_rotation"]
    text = yaml.safe_dump(org)
    plain = await simulate_org(text, at("2026-11-02 00:00"), 2, calendars=IcsCalendars())
    assert [n.recipient for n in plain if n.kind == "agenda_prompt"] == ["pat.lead", "pat.lead"]
    assert rotation_lines(plain) == []
    turns = await simulate_org(text, at("2026-11-02 00:00"), 2, calendars=IcsCalendars(), rotation=True)
    assert [n.recipient for n in turns if n.kind == "agenda_prompt"] == ["amy.one", "bea.two"]
