"""Bank-holiday regions (issue 17): ``organisation.region`` and ``people[].region`` in the organisation file.

A code the ``holidays`` package knows (``GB-ENG`` by default, ``GB-SCT``, ``IE``, ``AU-WA``…); an
unknown one is refused at import with its path and valid examples. The import stores the
organisation's region in its nudge settings and a person's own on the person; humane delivery
uses the person's (their direct messages), the organisation's otherwise (channels), and the seminar
programme the organisation's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.delivery import check_region, is_bank_holiday
from bot.domain.orgfile import OrgFileError, parse_org_file
from bot.domain.programme import parse_rule, upcoming_slots
from bot.services.seminars import region_of
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory
from scheduler.env import load_env

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def org_text(region: str = "", person_region: str = "") -> str:
    lines = [
        "organisation:",
        "  name: Test Council",
        "  slug: test",
        *([f"  region: {region}"] if region else []),
        "people:",
        "- handle: pat.one",
        "  name: Pat One",
        "- handle: lee.two",
        "  name: Lee Two",
        *([f"  region: {person_region}"] if person_region else []),
        "localities:",
        "- name: North",
        "  slug: north",
        "  teams:",
        "  - name: Team A",
        "    slug: team-a",
        "    members: [pat.one, lee.two]",
    ]
    return "\n".join(lines) + "\n"


def test_the_region_defaults_to_england_and_a_person_to_the_organisations() -> None:
    spec = parse_org_file(org_text())
    assert spec.organisation.region == "GB-ENG"
    assert [p.region for p in spec.people] == ["", ""]


@pytest.mark.parametrize("code", ["GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR", "IE", "AU-WA", "AU-NSW", "NZ", "CA-ON", "NL"])
def test_known_regions_are_accepted(code: str) -> None:
    assert parse_org_file(org_text(code, code)).organisation.region == code


def test_a_region_is_written_in_upper_case() -> None:
    spec = parse_org_file(org_text("gb-sct", "au-wa"))
    assert spec.organisation.region == "GB-SCT"
    assert spec.people[1].region == "AU-WA"


@pytest.mark.parametrize(
    ("region", "person_region", "path"),
    [
        ("XX", "", "organisation.region"),
        ("GB-XYZ", "", "organisation.region"),
        ("GB-SCT", "ZZ-QQ", "people[1].region"),
        ("'-GB'", "", "organisation.region"),
    ],
)
def test_an_unknown_region_is_refused_with_its_path_and_examples(region: str, person_region: str, path: str) -> None:
    with pytest.raises(OrgFileError) as raised:
        parse_org_file(org_text(region, person_region))
    [problem] = raised.value.problems
    assert problem.startswith(f"{path}: ")
    assert "unknown region" in problem
    assert "GB-ENG" in problem
    assert "GB-SCT" in problem
    assert "AU-WA" in problem


def test_check_region_names_the_code() -> None:
    with pytest.raises(ValueError, match="'Narnia'"):
        check_region("Narnia")
    assert check_region(" ie ") == "IE"


async def test_the_import_stores_the_regions_and_delivery_uses_the_persons_own(engine: AsyncEngine) -> None:
    factory = UnitOfWorkFactory(engine)
    async with factory() as uow:
        await import_org(uow, parse_org_file(org_text("GB-SCT", "GB-ENG")), NOW)
        await uow.commit()
    async with factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        assert await region_of(uow, org) == "GB-SCT"
        env = await load_env(uow, ["console"])
        assert env is not None
        people = {p.handle: p for p in env.people.values()}
        assert people["pat.one"].region == ""
        assert people["lee.two"].region == "GB-ENG"
        st_andrew = date(2026, 11, 30)
        assert not env.person(people["pat.one"]).is_working_day(st_andrew)
        assert env.person(people["lee.two"]).is_working_day(st_andrew)
        assert not env.channel().is_working_day(st_andrew)
    # importing again with another region updates it (the import is an upsert)
    async with factory() as uow:
        await import_org(uow, parse_org_file(org_text("IE")), NOW)
        await uow.commit()
    async with factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        assert await region_of(uow, org) == "IE"
        env = await load_env(uow, ["console"])
        assert env is not None
        assert {p.region for p in env.people.values()} == {""}
        assert not env.person(next(iter(env.people.values()))).is_working_day(date(2027, 3, 17))


def test_a_programme_in_western_australia_avoids_wa_public_holidays() -> None:
    after = datetime(2027, 5, 1, tzinfo=UTC)
    first_monday = parse_rule("first Monday 10:00-12:00")
    last_monday = parse_rule("last Monday 10:00-12:00")
    assert first_monday is not None
    assert last_monday is not None
    perth = "Australia/Perth"
    wa = {s.starts_at.astimezone(UTC).date() for s in upcoming_slots(first_monday, after, 6, perth, region="AU-WA")}
    england = {s.starts_at.date() for s in upcoming_slots(first_monday, after, 6, perth, region="GB-ENG")}
    assert date(2027, 6, 7) in england  # Western Australia Day, a working day in England
    assert date(2027, 6, 7) not in wa
    assert date(2027, 6, 14) in wa  # a week later
    late = [s.starts_at.date() for s in upcoming_slots(last_monday, after, 6, perth, region="AU-WA")]
    assert date(2027, 9, 27) not in late  # the King's Birthday in WA
    assert date(2027, 9, 20) in late
    every = [s.starts_at.date() for s in upcoming_slots(first_monday, after, 12, perth, region="AU-WA")]
    every += late
    assert all(not is_bank_holiday(d, "AU-WA") for d in every)


LOCALITY_ORG = """
organisation:
  name: Border Council
  slug: border
  region: GB-ENG
people:
- handle: pat.one
  name: Pat One
localities:
- name: South
  slug: south
  teams:
  - name: Team S
    slug: team-s
    members: [pat.one]
- name: North
  slug: north
  region: {region}
  teams:
  - name: Team N
    slug: team-n
    members: [pat.one]
"""


def test_an_unknown_locality_region_is_refused_with_its_path() -> None:
    with pytest.raises(OrgFileError) as raised:
        parse_org_file(LOCALITY_ORG.format(region="GB-XYZ"))
    [problem] = raised.value.problems
    assert problem.startswith("localities[1].region: ")
    assert "unknown region" in problem


async def test_a_localitys_own_region_holds_for_its_and_its_teams_channels(engine: AsyncEngine) -> None:
    factory = UnitOfWorkFactory(engine)
    async with factory() as uow:
        await import_org(uow, parse_org_file(LOCALITY_ORG.format(region="gb-sct")), NOW)
        await uow.commit()
    async with factory() as uow:
        env = await load_env(uow, ["console"])
        assert env is not None
        st_andrew = date(2026, 11, 30)
        regions = {
            channel: await env.channel_region(uow, "console", channel)
            for channel in ("south", "team-s", "north", "team-n")
        }
        assert regions == {"south": "GB-ENG", "team-s": "GB-ENG", "north": "GB-SCT", "team-n": "GB-SCT"}
        assert not env.channel(region=regions["team-n"]).is_working_day(st_andrew)
        assert env.channel(region=regions["team-s"]).is_working_day(st_andrew)
        north = next(loc for loc in await uow.orgs.localities() if loc.slug == "north")
        assert env.locality_regions == {north.id: "GB-SCT"}  # its events' reminders keep to it
