"""The planner at county-and-more scale, on SQLite and PostgreSQL, next to raw SQL in the same run.

Data: 500 teams in 50 localities, 500 bound Slack channels, 1,000 people, 10,000 weekly meetings
(20 per team) and 1,000,000 celebrations over a year (bulk-loaded with ``executemany`` on SQLite
and ``COPY`` on PostgreSQL).

Measured, each next to a baseline of the same work as raw SQL through the same connection:

- **cold tick**: the first planner tick on a fresh database plans the first 500 meetings 10 days
  ahead (occurrences, prompts, reminders), this and next week's digests and the pulses. Baseline:
  the same reads and the inserts of the very rows the tick wrote, as plain ``executemany``. Then
  the ticks that follow at once until every meeting is planned are counted and timed.
- **idle tick**: a tick a minute later with nothing to do (the common case). Baseline: the three
  probe queries as raw SQL.
- **digest build**: one team channel's digest with a million celebrations in the table (average of
  20 channels). Baseline: the same queries as raw SQL.

Run: ``.venv/bin/python bench/planner.py``. PostgreSQL runs against the local server
(``postgresql+asyncpg://postgres@127.0.0.1:5432/test``) or ``PLBOT_TEST_POSTGRES_URL``; without a server it
says so ("PostgreSQL SKIPPED") and runs SQLite alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.calendar_source import IcsCalendars  # noqa: E402
from bench.support.postgres import postgres_url, reachable, scratch_schema, skipped  # noqa: E402
from bot.store.all_models import metadata  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.store.uow import UnitOfWorkFactory  # noqa: E402
from scheduler.clock import FakeClock  # noqa: E402
from scheduler.digests import digest_reply  # noqa: E402
from scheduler.env import load_env  # noqa: E402
from scheduler.planner import Planner, PlanStats  # noqa: E402
from scheduler.planning import HORIZON, REFRESH  # noqa: E402

LOCALITIES, TEAMS_PER, MEETINGS_PER = 50, 10, 20
TEAMS = LOCALITIES * TEAMS_PER
CELEBRATIONS = 1_000_000
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # a Monday, before anything is due
DAYS = ("MO", "TU", "WE", "TH", "FR")
rng = random.Random(7)


def rows_org() -> dict[str, list[dict[str, Any]]]:
    """Everything but the celebrations, as rows."""
    tables: dict[str, list[dict[str, Any]]] = {k: [] for k in ("localities", "teams", "people", "roles")}
    tables |= {"person_identities": [], "channel_bindings": [], "meetings": []}
    person = 0
    for loc in range(1, LOCALITIES + 1):
        tables["localities"].append(
            {"id": loc, "organisation_id": 1, "slug": f"l{loc}", "name": f"Locality {loc}", "seminar_rule": ""}
        )
        for t in range(TEAMS_PER):
            team = (loc - 1) * TEAMS_PER + t + 1
            tables["teams"].append({"id": team, "locality_id": loc, "slug": f"t{team}", "name": f"Team {team}"})
            tables["channel_bindings"].append(
                {"platform": "slack", "channel_id": f"C{team:05d}", "team_id": team, "locality_id": None}
            )
            for role in ("practice_leader", "member"):
                person += 1
                tables["people"].append(
                    {
                        "id": person,
                        "organisation_id": 1,
                        "handle": f"p{person}",
                        "display_name": f"Person {person}",
                        "timezone": "Europe/London",
                        "work_start": dtime(9, 0),
                        "work_end": dtime(17, 0),
                        "work_days": "mon,tue,wed,thu,fri",
                        "snoozed_until": None,
                        "nudges_stopped": False,
                        "partner_organisation": "",
                    }
                )
                tables["roles"].append({"person_id": person, "role": role, "team_id": team, "locality_id": None})
                tables["person_identities"].append(
                    {"person_id": person, "platform": "slack", "platform_user_id": f"U{person:06d}"}
                )
            for m in range(MEETINGS_PER):
                day = DAYS[m % 5]
                tables["meetings"].append(
                    {
                        "team_id": team,
                        "locality_id": None,
                        "kind": "team",
                        "title": f"Meeting {m}",
                        "rrule": f"FREQ=WEEKLY;BYDAY={day}",
                        "ics_source": "",
                        "starts_at": datetime(2026, 1, 5 + m % 5, 9 + m % 7, tzinfo=UTC),
                        "duration_minutes": 60,
                        "timezone": "Europe/London",
                        "chair_id": person - 1,
                    }
                )
    return tables


def celebration(n: int) -> tuple[Any, ...]:
    team = rng.randint(1, TEAMS)
    created = NOW - timedelta(seconds=rng.randint(0, 365 * 86400))
    tags = '["mapping"]' if n % 3 == 0 else "[]"
    return (1, team * 2, team, None, "slack", f"C{team:05d}", "thank you for the mapping", tags, "", created)


CELEBRATION_COLUMNS = (
    "organisation_id",
    "author_id",
    "team_id",
    "locality_id",
    "platform",
    "channel_id",
    "text",
    "tags",
    "source_message_id",
    "created_at",
)


async def load(engine: AsyncEngine, sqlite_path: Path | None) -> float:
    """Bulk-load the organisation and the celebrations; returns seconds."""
    started = time.perf_counter()
    org = rows_org()
    async with engine.begin() as connection:
        await connection.execute(
            metadata.tables["organisations"].insert(),
            [
                {
                    "id": 1,
                    "slug": "big",
                    "name": "Big County",
                    "timezone": "Europe/London",
                    "intranet_url": "",
                    "guard_rules": {},
                }
            ],
        )
        for name in ("localities", "teams", "people", "roles", "person_identities", "channel_bindings", "meetings"):
            await connection.execute(metadata.tables[name].insert(), org[name])
    rows = [celebration(n) for n in range(CELEBRATIONS)]
    recent = [(n + 1, (rows[n][2] * 2) - 1) for n in range(CELEBRATIONS) if rows[n][9] > NOW - timedelta(days=7)]
    if sqlite_path is not None:
        db = sqlite3.connect(sqlite_path)
        columns, marks = ", ".join(CELEBRATION_COLUMNS), ", ".join("?" * len(CELEBRATION_COLUMNS))
        db.executemany(
            f"INSERT INTO celebrations ({columns}) VALUES ({marks})",
            [(*r[:9], stamp(r[9], sqlite=True)) for r in rows],
        )
        db.executemany("INSERT INTO celebration_recipients (celebration_id, person_id) VALUES (?, ?)", recent)
        db.commit()
        db.close()
    else:
        async with engine.connect() as connection:
            raw = (await connection.get_raw_connection()).driver_connection
            schema = os.environ["BENCH_SCHEMA"]
            await raw.copy_records_to_table(
                "celebrations", records=rows, columns=CELEBRATION_COLUMNS, schema_name=schema
            )
            await raw.copy_records_to_table(
                "celebration_recipients", records=recent, columns=("celebration_id", "person_id"), schema_name=schema
            )
            await connection.execute(text("ANALYZE"))
            await connection.commit()
    return time.perf_counter() - started


async def timed(work: Callable[[], Awaitable[Any]], repeat: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        await work()
    return (time.perf_counter() - started) / repeat


async def copy_back(engine: AsyncEngine, table: str, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(f"DELETE FROM {table}"))
        await connection.execute(metadata.tables[table].insert(), rows)


async def cold_tick_baseline(engine: AsyncEngine) -> float:
    """The reads of a cold tick and the inserts of exactly the rows it wrote, as raw SQL."""
    copies: dict[str, list[dict[str, Any]]] = {}
    async with engine.connect() as connection:
        for table in ("meeting_occurrences", "nudges", "planner_marks"):
            rows = (await connection.execute(text(f"SELECT * FROM {table}"))).all()
            copies[table] = [
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in r._mapping.items()} for r in rows
            ]
    started = time.perf_counter()
    async with engine.begin() as connection:
        await connection.execute(text(STALE + "WHERE pm.until IS NULL"))
        await connection.execute(text("SELECT * FROM people"))
        await connection.execute(text("SELECT * FROM channel_bindings WHERE platform = 'slack'"))
        for table in ("nudges", "meeting_occurrences", "planner_marks"):
            await connection.execute(text(f"DELETE FROM {table}"))
        for table in ("meeting_occurrences", "nudges", "planner_marks"):
            columns = list(copies[table][0])
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
            await connection.execute(text(insert), copies[table])
    return time.perf_counter() - started


STAMPED = "created_at >= :start AND created_at < :end"
RAW_DIGEST = [
    "SELECT id, team_id, locality_id FROM channel_bindings WHERE platform = 'slack' AND channel_id = :channel",
    "SELECT id, name FROM teams WHERE id = :team",
    f"SELECT count(id) FROM celebrations WHERE team_id = :team AND {STAMPED}",
    (
        "SELECT c.id, p.display_name, c.tags FROM celebrations c LEFT JOIN people p ON p.id = c.author_id "
        "WHERE c.team_id = :team AND c.created_at >= :start AND c.created_at < :end "
        "ORDER BY c.created_at DESC, c.id DESC LIMIT 8"
    ),
    (
        "SELECT r.celebration_id, p.display_name FROM celebration_recipients r JOIN people p ON p.id = r.person_id "
        f"WHERE r.celebration_id IN (SELECT id FROM celebrations WHERE team_id = :team AND {STAMPED} "
        "ORDER BY created_at DESC LIMIT 8)"
    ),
    f"SELECT title FROM practice_stories WHERE team_id = :team AND {STAMPED} AND status != 'draft' LIMIT 6",
    (
        "SELECT title FROM practice_stories WHERE team_id = :team AND status IN ('approved', 'published') "
        "AND decided_at >= :start AND decided_at < :end LIMIT 6"
    ),
    (
        "SELECT count(id), sum(CASE WHEN sofs_item != '' THEN 1 ELSE 0 END) FROM meeting_occurrences "
        "WHERE team_id = :team AND status = 'scheduled' AND starts_at >= :cover AND starts_at < :end"
    ),
    "SELECT * FROM meetings WHERE team_id = :team",
    (
        "SELECT * FROM meeting_occurrences WHERE meeting_id IN (SELECT id FROM meetings WHERE team_id = :team) "
        "AND occurs_on >= :week_start AND occurs_on <= :week_end"
    ),
    (
        "SELECT * FROM events WHERE status = 'scheduled' AND starts_at >= :end AND starts_at < :ahead "
        "AND (team_id = :team OR audience = 'county')"
    ),
]
STALE = "SELECT m.id FROM meetings m LEFT JOIN planner_marks pm ON pm.key = 'meeting:' || m.id "


def stamp(moment: datetime, *, sqlite: bool) -> Any:
    """A datetime parameter as each backend stores it (SQLite: naive UTC text, as SQLAlchemy writes it)."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment


async def raw_digest(engine: AsyncEngine, team: int, now: datetime, sqlite: bool) -> None:
    params = {
        "channel": f"C{team:05d}",
        "team": team,
        "start": stamp(now - timedelta(days=7), sqlite=sqlite),
        "end": stamp(now, sqlite=sqlite),
        "cover": stamp(now - timedelta(days=28), sqlite=sqlite),
        "ahead": stamp(now + timedelta(days=14), sqlite=sqlite),
        "week_start": (now + timedelta(days=3)).date(),
        "week_end": (now + timedelta(days=10)).date(),
    }
    async with engine.connect() as connection:
        for sql in RAW_DIGEST:
            (await connection.execute(text(sql), params)).all()


async def bench(backend: str, engine: AsyncEngine, sqlite_path: Path | None) -> dict[str, tuple[float, float]]:
    await upgrade(engine)
    loaded = await load(engine, sqlite_path)
    scale = f"{TEAMS} teams, {TEAMS * MEETINGS_PER} meetings, {CELEBRATIONS:,} celebrations"
    print(f"  {backend}: loaded {scale} in {loaded:.1f} s")
    uow_factory = UnitOfWorkFactory(engine)
    clock = FakeClock(NOW)
    planner = Planner(uow_factory, clock, ["slack"], calendars=IcsCalendars())
    results: dict[str, tuple[float, float]] = {}
    first: list[PlanStats] = []

    async def cold_tick() -> None:
        first.append(await planner.tick())

    cold = await timed(cold_tick)
    print(f"  {backend}: cold tick {cold:.2f} s ({first[0].meetings} meetings)", flush=True)
    results[f"cold tick (first {first[0].meetings} meetings)"] = (cold, await cold_tick_baseline(engine))
    ticks, began, more = 1, time.perf_counter(), first[0].more
    while more:  # the ticker ticks again at once while meetings wait
        more = (await planner.tick()).more
        ticks += 1
    catch_up = time.perf_counter() - began + cold
    print(f"  {backend}: all {TEAMS * MEETINGS_PER:,} meetings planned in {ticks} ticks, {catch_up:.1f} s", flush=True)
    CATCH_UP[backend] = (ticks, catch_up)
    clock.advance(timedelta(minutes=1))

    async def probes() -> None:
        async with engine.connect() as connection:
            threshold = NOW + HORIZON - REFRESH
            until = stamp(threshold, sqlite=sqlite_path is not None)
            await connection.execute(text(STALE + "WHERE pm.until IS NULL OR pm.until < :t"), {"t": until})
            await connection.execute(text("SELECT until FROM planner_marks WHERE key = 'periodic'"))
            due = "SELECT id FROM nudges WHERE status = 'planned' AND due_at <= :t AND platform = 'slack' LIMIT 1"
            await connection.execute(text(due), {"t": stamp(clock.now(), sqlite=sqlite_path is not None)})

    results["idle tick"] = (await timed(planner.tick, 10), await timed(probes, 10))
    friday = NOW + timedelta(days=4, hours=7)  # Friday 15:00: every channel's digest is being built
    teams = rng.sample(range(1, TEAMS + 1), 20)

    async def ours() -> None:
        async with uow_factory() as uow:
            env = await load_env(uow, ["slack"])
            assert env is not None
            for team in teams:
                await digest_reply(uow, env, "slack", f"C{team:05d}", friday, IcsCalendars())

    async def raw() -> None:
        for team in teams:
            await raw_digest(engine, team, friday, sqlite_path is not None)

    results["digest build (per channel)"] = (await timed(ours) / len(teams), await timed(raw) / len(teams))
    return results


CATCH_UP: dict[str, tuple[int, float]] = {}
"""Per backend: the ticks, one after another, that plan every meeting from cold, and their seconds."""


async def main() -> None:
    started = time.perf_counter()
    table: dict[str, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bench.db"
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        table["SQLite"] = await bench("SQLite", engine, path)
        await engine.dispose()
    url = postgres_url()
    if await reachable(url):
        async with scratch_schema(url) as (engine, schema):
            os.environ["BENCH_SCHEMA"] = schema
            table["PostgreSQL"] = await bench("PostgreSQL", engine, None)
    else:
        print(skipped(url))
    print(f"\n{'':34} {'backend':11} {'planner':>10} {'raw SQL':>10} {'ratio':>7}")
    for backend, results in table.items():
        for name, (ours, raw) in results.items():
            print(f"{name:34} {backend:11} {ours * 1000:8.1f}ms {raw * 1000:8.1f}ms {ours / raw:7.1f}")
    for backend, (ticks, seconds) in CATCH_UP.items():
        print(f"{backend}: from cold, every meeting planned in {ticks} ticks back to back, {seconds:.1f} s in all")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    asyncio.run(main())
