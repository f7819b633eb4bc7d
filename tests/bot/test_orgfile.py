"""The organisation file: the demo validates; invalid files are refused with the path and field named."""

from __future__ import annotations

import pytest
import yaml

from bot.domain.orgfile import OrgFileError, parse_org_file
from tests.conftest import DEMO_ORG


def demo() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_demo_organisation_is_valid_and_has_the_promised_shape() -> None:
    spec = parse_org_file(DEMO_ORG.read_text(encoding="utf-8"))
    assert len(spec.localities) == 3
    assert sum(len(loc.teams) for loc in spec.localities) == 7
    assert all(loc.partners for loc in spec.localities)
    assert all(team.meetings and team.practice_leaders for loc in spec.localities for team in loc.teams)
    assert all(loc.management_meetings for loc in spec.localities)


def problems_of(data: object) -> list[str]:
    with pytest.raises(OrgFileError) as caught:
        parse_org_file(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return caught.value.problems


def test_yaml_syntax_error_names_the_line() -> None:
    [problem] = problems_of("organisation:\n  name: [unclosed\n")
    assert problem.startswith("(YAML syntax) line")


def test_missing_required_field_is_named_by_path() -> None:
    data = demo()
    del data["localities"][1]["teams"][0]["slug"]
    assert "localities[1].teams[0].slug: Field required" in problems_of(data)


def test_unknown_field_is_refused() -> None:
    data = demo()
    data["people"][0]["favourite_colour"] = "blue"
    assert any(p.startswith("people[0].favourite_colour: Extra inputs") for p in problems_of(data))


def test_bad_time_zone_and_hours() -> None:
    data = demo()
    data["people"][2]["timezone"] = "Europe/Atlantis"
    data["people"][3]["working_hours"] = "nine to five"
    problems = problems_of(data)
    assert any(p.startswith("people[2].timezone:") and "unknown time zone" in p for p in problems)
    assert any(p.startswith("people[3].working_hours:") for p in problems)


def test_unknown_person_reference() -> None:
    data = demo()
    data["localities"][0]["teams"][0]["practice_leaders"] = ["nobody.here"]
    assert "localities[0].teams[0].practice_leaders[0]: no person with handle 'nobody.here' in people" in problems_of(
        data
    )


def test_duplicate_handles_and_platform_ids() -> None:
    data = demo()
    data["people"][1]["handle"] = data["people"][0]["handle"]
    data["people"][3]["slack"] = data["people"][2]["slack"]
    problems = problems_of(data)
    assert any(p.startswith("people[1].handle:") and "already used" in p for p in problems)
    assert any(p.startswith("people[3].slack:") for p in problems)


def test_bad_rrule_and_meeting_without_recurrence() -> None:
    data = demo()
    data["localities"][0]["teams"][0]["meetings"][0]["rrule"] = "FREQ=SOMETIMES"
    data["localities"][0]["teams"][1]["meetings"][0]["rrule"] = ""
    problems = problems_of(data)
    assert any("meetings[0].rrule: Value error, not a valid RRULE" in p for p in problems)
    assert any("teams[1].meetings[0]: Value error, a meeting needs an rrule" in p for p in problems)


def test_top_level_must_be_a_mapping() -> None:
    assert problems_of("- just\n- a list\n") == [
        "(top level): expected a mapping with organisation, people and localities"
    ]
