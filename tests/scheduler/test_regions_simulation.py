"""Bank holidays by region in ``plbot simulate`` (issue 17).

A small organisation with a daily team meeting in each of two teams: each chair is asked for the
Signs of Safety item as soon as they may be, so a simulation that starts on a bank holiday shows
its first direct message on the next working day of the chair's region (and England, for
comparison, on the holiday itself). A Scottish organisation gets nothing on St Andrew's Day
(30 November 2026) or the New Year holidays (1 January 2027, and 4 January for 2 January, a
Saturday); a Northern Irish one nothing on St Patrick's Day or the Twelfth (12 July); someone with
their own region (``people[].region``) keeps their own bank holidays, channels the organisation's.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.calendar_source import IcsCalendars
from bot.domain.delivery import is_bank_holiday
from scheduler.simulate import SimulatedNudge, simulate_org
from tests.scheduler.harness import at

ORG = """
organisation:
  name: Test Council
  slug: test
  region: {region}
people:
- handle: pl.one
  name: Pat One
- handle: pl.two
  name: Lee Two
  region: {own}
localities:
- name: North
  slug: north
  practice_leaders: [pl.one]
  teams:
  - name: Team A
    slug: team-a
    practice_leaders: [pl.one]
    members: [pl.two]
    meetings:
    - title: Daily huddle
      rrule: FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
      start: 2026-11-02T10:00:00
      duration_minutes: 30
      chair: pl.one
  - name: Team B
    slug: team-b
    practice_leaders: [pl.two]
    meetings:
    - title: Daily check-in
      rrule: FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
      start: 2026-11-02T11:00:00
      duration_minutes: 30
      chair: pl.two
"""


async def run(region: str, start: str, weeks: int = 1, own: str = "") -> list[SimulatedNudge]:
    text = ORG.format(region=region, own=own or '""')
    return await simulate_org(text, at(start), weeks, calendars=IcsCalendars())


def first_dm(nudges: list[SimulatedNudge], recipient: str) -> date:
    return min(n.at.date() for n in nudges if n.recipient == recipient)


def humane(nudges: list[SimulatedNudge], region: str) -> bool:
    return all(not is_bank_holiday(n.at.date(), region) for n in nudges)


@pytest.mark.slow
async def test_a_scottish_organisation_gets_no_nudge_on_scottish_bank_holidays() -> None:
    st_andrew = await run("GB-SCT", "2026-11-30 00:00")
    assert humane(st_andrew, "GB-SCT")
    assert first_dm(st_andrew, "pl.one") == date(2026, 12, 1)
    new_year = await run("GB-SCT", "2027-01-01 00:00")
    assert humane(new_year, "GB-SCT")
    assert first_dm(new_year, "pl.one") == date(2027, 1, 5)  # 4 January is Scotland's 2 January this year
    # the same organisation in England is nudged on St Andrew's Day and on 4 January
    assert first_dm(await run("GB-ENG", "2026-11-30 00:00"), "pl.one") == date(2026, 11, 30)
    assert first_dm(await run("GB-ENG", "2027-01-01 00:00"), "pl.one") == date(2027, 1, 4)


@pytest.mark.slow
async def test_a_northern_irish_organisation_gets_no_nudge_on_st_patricks_day_or_the_twelfth() -> None:
    st_patrick = await run("GB-NIR", "2027-03-17 00:00")
    assert humane(st_patrick, "GB-NIR")
    assert first_dm(st_patrick, "pl.one") == date(2027, 3, 18)
    twelfth = await run("GB-NIR", "2027-07-12 00:00")
    assert humane(twelfth, "GB-NIR")
    assert first_dm(twelfth, "pl.one") == date(2027, 7, 13)
    assert first_dm(await run("GB-ENG", "2027-03-17 00:00"), "pl.one") == date(2027, 3, 17)


async def test_a_person_with_their_own_region_keeps_their_own_bank_holidays() -> None:
    # a Scottish council; Lee works from England (people[].region: GB-ENG)
    nudges = await run("GB-SCT", "2026-11-30 00:00", own="GB-ENG")
    assert first_dm(nudges, "pl.two") == date(2026, 11, 30)  # not a bank holiday in England
    assert first_dm(nudges, "pl.one") == date(2026, 12, 1)  # St Andrew's Day in Scotland
    channels = [n for n in nudges if n.channel]
    assert channels
    assert humane(channels, "GB-SCT")  # channels keep the organisation's region
