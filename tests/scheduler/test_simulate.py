"""``plbot simulate --weeks 12`` on the demo organisation: humane by construction.

No direct message outside the recipient's working hours, none on weekends or bank holidays or
during leave, nobody over the weekly budget; channel posts inside 09:00–17:00 on working days.
The totals are printed (``pytest -s``) for the closing note.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from adapters.calendar_source import IcsCalendars
from bot.domain.delivery import DEFAULT_BUDGET, is_bank_holiday, iso_week
from bot.domain.preferences import parse_hours
from scheduler.service import simulation_report
from scheduler.simulate import simulate_org, summary, totals
from tests.conftest import DEMO_ORG, ROOT
from tests.scheduler.harness import at

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.slow
async def test_twelve_weeks_of_the_demo_organisation_are_humane() -> None:
    org = yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8"))
    people = {p["handle"]: p for p in org["people"]}
    nudges = await simulate_org(
        DEMO_ORG.read_text(encoding="utf-8"), at("2026-11-30 00:00"), 12, calendars=IcsCalendars()
    )
    per_week: Counter[tuple[str, str]] = Counter()
    for nudge in nudges:
        day = nudge.at.date()
        assert day.weekday() < 5 or nudge.channel == "", nudge
        assert not is_bank_holiday(day), nudge
        if nudge.channel:
            assert 9 <= nudge.at.hour < 17, nudge
            continue
        person = people[nudge.recipient]
        start, end = parse_hours(person.get("working_hours", "09:00-17:00")) or (None, None)
        assert start is not None
        assert end is not None
        assert start <= nudge.at.time() < end, nudge
        assert DAYS[day.weekday()] in person.get("work_days", DAYS[:5]), nudge
        for leave in person.get("leave", []):
            assert not str(leave["from"]) <= day.isoformat() <= str(leave["to"]), nudge
        per_week[(nudge.recipient, iso_week(nudge.at, nudge.timezone))] += 1
    assert max(per_week.values()) <= DEFAULT_BUDGET, per_week.most_common(3)
    recipients, kinds = totals(nudges)
    assert kinds["digest"] == 10 * 12
    assert kinds["agenda_prompt"] >= 80
    assert kinds["pulse"] == 7 * 3
    assert all(recipients[f"#{c}"] == 12 for c in ("dereham-fs", "city-cp"))  # team channels: the digests
    assert recipients["#west"] >= 12  # a locality channel also gets the vote result and seminar reminders
    assert kinds["vote_reminder"] > 0
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert summary(nudges, 12, "30 November 2026") in readme, "regenerate with plbot simulate --summary"
    print("\n" + "\n".join(simulation_report(nudges, as_json=False)[-32:]))  # noqa: T201


@pytest.mark.slow
def test_plbot_simulate_prints_json_lines_then_totals(tmp_path: Path) -> None:
    env = {**os.environ, "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(  # noqa: S603 - our own CLI
        [
            sys.executable,
            "-c",
            "from adapters.cli import main; main()",
            "simulate",
            "--weeks",
            "1",
            "--json",
            "--start",
            "2026-11-30",
            "--org",
            str(DEMO_ORG),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    *nudges, summary = lines
    assert nudges
    assert all(set(n) == {"at", "recipient", "kind", "channel"} for n in nudges)
    first = nudges[0]
    assert first["at"].startswith("2026-1")
    assert first["at"][-6:] in {"+00:00", "+01:00"}
    assert {n["kind"] for n in nudges} >= {"agenda_prompt", "digest", "pulse"}
    assert sum(summary["totals"]["per_kind"].values()) == len(nudges)
    assert not (tmp_path / "unused.db").exists()
