"""The locality review: the dashboard page with its chart, the downloads and ``plbot report locality``."""

from __future__ import annotations

import asyncio
import csv
import html
import io
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from adapters.cli import run
from bot import texts
from bot.handler import Handler
from bot.store.db import make_engine
from bot.store.uow import UnitOfWorkFactory
from scheduler.clock import FakeClock
from tests.adapters.web.conftest import Site, approved_story, client, sign_in
from tests.conftest import START, Templates
from tests.factories import click, command, submit

SVG = "{http://www.w3.org/2000/svg}"


async def test_the_review_page_shows_figures_highlights_and_a_chart(site: Site) -> None:
    await site.bot.handler.handle(command("celebrate", "@priya.shah for the danger statement"))
    await approved_story(site.bot, "Words and pictures for a toddler")
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")
        async with session.get(
            f"{site.url}/dashboard/review/west", params={"from": "2026-11-01", "to": "2026-11-30"}
        ) as response:
            assert response.status == 200
            text = await response.text()
        async with session.get(
            f"{site.url}/dashboard/review/west", params={"from": "2026-11-01", "to": "2026-11-30", "format": "csv"}
        ) as response:
            assert response.content_type == "text/csv"
            rows = list(csv.reader(io.StringIO(await response.text())))
        async with session.get(
            f"{site.url}/dashboard/review/west", params={"from": "2026-12-01", "to": "2026-11-01"}
        ) as response:
            assert response.status == 400
    assert texts.REPORT_TITLE.format(locality="West") in text
    assert "Words and pictures for a toddler" in text
    start, end = text.index("<svg"), text.index("</svg>") + len("</svg>")
    chart = ET.fromstring(text[start:end])  # noqa: S314 - our own markup
    assert chart.get("role") == "img"
    assert chart.findtext(f"{SVG}title") == texts.REPORT_CHART_TITLE.format(locality="West")
    assert len(chart.findall(f"{SVG}rect")) >= 5 * 3
    assert ["Celebrations", "1", "0"] in rows
    assert ["Stories approved", "1", "0"] in rows


def prepare(templates: Templates, path: Path) -> str:
    url = templates.sqlite_copy("demo", path)

    async def go() -> None:
        engine = make_engine(url)
        uow_factory, clock = UnitOfWorkFactory(engine), FakeClock(START)
        handler = Handler(uow_factory, clock)
        await handler.handle(command("celebrate", "@sam.okafor for the safety goal"))
        await handler.handle(command("celebrate", "@priya.shah for the three houses"))
        await engine.dispose()

    asyncio.run(go())
    return url


def test_plbot_report_locality_in_each_format(
    templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = prepare(templates, tmp_path / "report.db")
    monkeypatch.setenv("PLBOT_DATABASE_URL", url)
    base = ["report", "locality", "West", "--from", "2026-11-01", "--to", "2026-11-30"]
    assert run([*base, "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith(f"# {texts.REPORT_TITLE.format(locality='West')}")
    assert f"| {texts.REPORT_CELEBRATIONS} | 2 | 0 |" in markdown
    assert run([*base, "--format", "csv"]) == 0
    assert ["Celebrations", "2", "0"] in list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert run([*base, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>")
    assert "<svg" in page
    assert "<style>" in page
    assert run(["report", "locality", "Nowhere", "--from", "2026-11-01", "--to", "2026-11-30"]) == 2
    known = "Central (central), East (east), West (west)"
    assert texts.REPORT_UNKNOWN_LOCALITY.format(name="Nowhere", known=known) in capsys.readouterr().err
    assert run(["report", "locality", "west", "--from", "2026-13-01", "--to", "2026-11-30"]) == 2


def test_plbot_publish_writes_an_export(
    templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = prepare(templates, tmp_path / "publish.db")
    monkeypatch.setenv("PLBOT_DATABASE_URL", url)
    out = tmp_path / "site"
    assert run(["publish", "--out", str(out)]) == 0
    assert "Wrote 3 files" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["feed.atom", "index.html", "style.css"]


async def test_a_pl_posts_the_review_summary_to_the_locality_channel(site: Site) -> None:
    await site.bot.handler.handle(command("celebrate", "@priya.shah for the danger statement"))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        form = {"csrf": csrf, "from": "2026-11-01", "to": "2026-11-30"}
        async with session.post(f"{site.url}/dashboard/review/west/post", data=form) as response:
            assert response.status == 200
            assert texts.REVIEW_POSTED.format(count=1) in html.unescape(await response.text())
        async with session.post(f"{site.url}/dashboard/review/west/post", data={"csrf": "forged"}) as forged:
            assert forged.status == 403
    async with site.bot.uow_factory() as uow:
        rows = [r for r in await uow.outbox.listing() if r.purpose == "review"]
    assert [(r.target_address, r.status) for r in rows] == [("west", "sent")]
    assert texts.REVIEW_POST_WEEKS in rows[0].payload
    assert "/dashboard/review/west?from=2026-11-01" in rows[0].payload


TEAM_SEMINAR = {
    "kind": "seminar",
    "title": "Scaling questions with families",
    "date": "2026-11-25",
    "time": "13:00",
    "minutes": "",
    "place": "Dereham office, room 2",
    "link": "",
    "audience": "team",
    "capacity": "",
}


async def test_an_event_from_a_team_channel_shows_in_its_localitys_review_and_dashboard(site: Site) -> None:
    bot = site.bot
    await bot.handler.handle(submit("event.new", TEAM_SEMINAR, actor="sam.okafor", channel="dereham-fs"))
    async with bot.uow_factory() as uow:  # stored for the team only: the team audience
        dereham = next(t.id for t in await uow.orgs.teams() if t.slug == "dereham-fs")
        stored = await uow.events.get(1)
    assert stored is not None
    assert (stored.title, stored.team_id, stored.locality_id) == (TEAM_SEMINAR["title"], dereham, None)
    await bot.handler.handle(click("event.rsvp", "1:going", actor="priya.shah", channel="dereham-fs"))
    bot.clock.set(START + timedelta(days=3))  # the seminar has been held
    async with client() as session:
        await sign_in(session, bot, "sam.okafor")
        async with session.get(
            f"{site.url}/dashboard/review/west", params={"from": "2026-11-01", "to": "2026-11-30", "format": "csv"}
        ) as response:
            rows = list(csv.reader(io.StringIO(await response.text())))
        async with session.get(f"{site.url}/dashboard/events") as response:
            events_page = await response.text()
        async with session.get(f"{site.url}/dashboard/seminars") as response:
            seminars_page = await response.text()
    assert [texts.REPORT_SEMINARS, "1", "0"] in rows
    assert [texts.REPORT_ATTENDANCE, "1", "0"] in rows
    assert TEAM_SEMINAR["title"] in events_page
    assert "going: 1" in events_page
    assert TEAM_SEMINAR["title"] in seminars_page


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-08", "0001-01-10"),
        ("1000-01-01", "1000-02-01"),
        ("2026-01-01", "9999-12-30"),
        ("0001-01-01", "9999-12-31"),
    ],
)
async def test_extreme_review_dates_are_a_400_not_a_500(site: Site, start: str, end: str) -> None:
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")
        for fmt in ("", "csv"):
            params = {"from": start, "to": end, **({"format": fmt} if fmt else {})}
            async with session.get(f"{site.url}/dashboard/review/west", params=params) as response:
                assert response.status == 400
                assert texts.REPORT_BAD_DATES.split(".")[0][:20] in await response.text()
