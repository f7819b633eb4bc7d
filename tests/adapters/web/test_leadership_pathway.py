"""The leadership spread in the locality review and on the dashboard (no names), and the trainer pathway's
county view (names, for the county roles only) (issue 18)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path

import pytest

from adapters.cli import run
from bot import texts
from bot.ids import ActionId
from bot.store.db import make_engine
from scheduler.clock import FakeClock
from tests.adapters.web.conftest import Site, client, sign_in
from tests.bot.test_leadership import craft_west
from tests.conftest import START, Bot, Templates
from tests.factories import click, command

LEADERS = ("Priya Shah", "Dan Fletcher", "Aisha Begum", "Tom Wright", "Grace Mensah")
"""The people who led something in West this quarter (``craft_west``): never named by the spread."""


def section(html: str, heading: str) -> str:
    """The part of a page from a heading to the end of its table."""
    start = html.index(heading)
    return html[start : html.index("</table>", start)]


def cells(html: str) -> list[list[str]]:
    """The table rows of some HTML, as lists of cell texts."""
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", html)
    ]


async def page(site: Site, handle: str, path: str) -> tuple[int, str]:
    async with client() as session:
        await sign_in(session, site.bot, handle)
        async with session.get(f"{site.url}{path}") as response:
            return response.status, await response.text()


async def test_the_locality_review_shows_the_spread_by_role_without_names(site: Site) -> None:
    await craft_west(site.bot)
    status, html = await page(site, "jo.baker", "/dashboard/review/west?from=2026-09-01&to=2026-11-24")
    assert status == 200
    spread = section(html, 'id="leadership-h"')
    assert texts.LEADERSHIP_THIS_QUARTER.format(quarter="2026 Q4") in spread
    assert texts.LEADERSHIP_PREVIOUS_QUARTER.format(quarter="2026 Q3") in spread
    rows = cells(spread)
    assert ["Managers", "3", "33% (1 of 3)", "33% (1 of 3)"] in rows
    assert ["Practice leaders", "3", "33% (1 of 3)", "0% (0 of 3)"] in rows
    assert ["Team members (practitioners)", "3", "100% (3 of 3)", "0% (0 of 3)"] in rows
    assert ["Everyone", "9", "56% (5 of 9)", "11% (1 of 9)"] in rows
    assert [name for name in LEADERS if name in html] == []
    async with client() as session:
        await sign_in(session, site.bot, "jo.baker")
        url = f"{site.url}/dashboard/review/west?from=2026-09-01&to=2026-11-24&format=csv"
        async with session.get(url) as response:
            exported = list(csv.reader(io.StringIO(await response.text())))
    assert ["Everyone", "9", "56% (5 of 9)", "11% (1 of 9)"] in exported
    assert [name for name in LEADERS if name in str(exported)] == []


async def test_the_dashboard_shows_the_spread_of_the_viewers_scope(site: Site) -> None:
    await craft_west(site.bot)
    status, county = await page(site, "jo.baker", "/dashboard/leadership")
    assert status == 200
    assert 'href="/dashboard/leadership"' in county
    rows = cells(section(county, f"<h1>{texts.LEADERSHIP_TITLE}"))
    everyone = next(row for row in rows if row[0] == "Everyone")
    assert everyone[2].endswith("(5 of " + everyone[1] + ")")  # the whole county's staff
    assert any(row[0] == "Project managers" or row[0].startswith("Other roles together") for row in rows)
    _, west = await page(site, "sam.okafor", "/dashboard/leadership")  # a West practice leader: West only
    assert ["Everyone", "9", "56% (5 of 9)", "11% (1 of 9)"] in cells(section(west, f"<h1>{texts.LEADERSHIP_TITLE}"))
    _, own = await page(site, "priya.shah", "/dashboard/leadership")  # staff: no figures
    assert texts.WEB_SECTION_FOR_LEADERS in own
    assert "56%" not in own
    for html in (county, west):
        assert [name for name in LEADERS if name in html] == []
    assert [name for name in LEADERS if name in own] == ["Priya Shah"]  # "Signed in as Priya Shah", nothing else


async def confirmed_step(bot: Bot) -> None:
    """Ali shadowed and Jo confirmed it; Dan co-delivered, waiting."""
    await bot.handler.handle(command("sofs", "pathway shadowed 2026-11-20 420"))
    await bot.handler.handle(command("sofs", "pathway co-delivered 2026-11-18", actor="dan.fletcher"))
    async with bot.uow_factory() as uow:
        ali = await uow.people.by_handle(1, "ali.hassan")
        assert ali is not None
        [step] = await uow.pathway.of_person(ali.id)
    await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, str(step.id), actor="jo.baker", channel="dm:jo.baker"))


async def test_the_trainer_pathway_county_view_lists_who_is_at_which_step(site: Site) -> None:
    await confirmed_step(site.bot)
    status, html = await page(site, "ruth.adeyemi", "/dashboard/pathway")
    assert status == 200
    assert 'href="/dashboard/pathway"' in html
    rows = cells(section(html, f"<h1>{texts.WEB_PATHWAY_TITLE}"))
    assert rows[1:] == [
        ["Dan Fletcher", "Co-delivered a module", "Wed 18 Nov 2026", texts.WEB_PATHWAY_WAITING, "—"],
        [
            "Ali Hassan",
            "Shadowed a training day",
            "Fri 20 Nov 2026",
            texts.WEB_PATHWAY_YES.format(who="Jo Baker", confirmed="Tue 24 Nov 2026"),
            "Shadowed a training day",
        ],
    ]


@pytest.mark.parametrize("handle", ["sam.okafor", "ali.hassan", "priya.shah"])
async def test_only_the_county_roles_see_the_trainer_pathway(site: Site, handle: str) -> None:
    await confirmed_step(site.bot)
    status, html = await page(site, handle, "/dashboard/pathway")
    assert status == 200
    assert "Dan Fletcher" not in html
    assert texts.WEB_PATHWAY_TITLE not in html
    assert 'href="/dashboard/pathway"' not in html  # not in their menu either


def prepare(templates: Templates, path: Path) -> str:
    url = templates.sqlite_copy("demo", path)

    async def go() -> None:
        engine = make_engine(url)
        bot = Bot(engine, FakeClock(START))
        await craft_west(bot)
        await engine.dispose()

    asyncio.run(go())
    return url


def test_plbot_report_shows_the_spread(
    templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLBOT_DATABASE_URL", prepare(templates, tmp_path / "report.db"))
    assert run(["report", "locality", "West", "--from", "2026-09-01", "--to", "2026-11-24"]) == 0
    markdown = capsys.readouterr().out
    assert f"## {texts.LEADERSHIP_TITLE}" in markdown
    assert "| Role | Staff | 2026 Q4 | 2026 Q3 |" in markdown
    assert "| Team members (practitioners) | 3 | 100% (3 of 3) | 0% (0 of 3) |" in markdown
    assert "| Everyone | 9 | 56% (5 of 9) | 11% (1 of 9) |" in markdown
    assert [name for name in LEADERS if name in markdown] == []


def test_a_review_of_a_past_period_shows_the_spread_of_its_own_quarter(
    templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLBOT_DATABASE_URL", prepare(templates, tmp_path / "past.db"))
    assert run(["report", "locality", "west", "--from", "2026-07-01", "--to", "2026-09-30"]) == 0
    markdown = capsys.readouterr().out
    assert "| Role | Staff | 2026 Q3 | 2026 Q2 |" in markdown
    assert "| Everyone | 9 | 11% (1 of 9) | 0% (0 of 9) |" in markdown
