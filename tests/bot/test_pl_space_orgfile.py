"""``organisation.pl_channels`` and ``organisation.pl_meeting`` in the organisation file (issue 18): valid and
invalid files, and what the import stores (on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.orgfile import OrgFileError, parse_org_file
from bot.domain.pl_space import ApprovedStory, FaredRow, fared_summary, pl_digest
from bot.store.models import Meeting
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory, session_of
from tests.conftest import START
from tests.scheduler.harness import tiny_org


def org(**organisation: Any) -> dict[str, Any]:
    data = tiny_org()
    data["people"].append({"handle": "jo.pm", "name": "Jo Project", "slack": "U5"})
    data["organisation"].update({"project_managers": ["jo.pm"], **organisation})
    return data


MEETING = {"title": "County PL meeting", "rrule": "FREQ=MONTHLY;BYDAY=+2TH", "start": "2026-01-08T10:00:00"}


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(OrgFileError) as raised:
        parse_org_file(yaml.safe_dump(data))
    return raised.value.problems


def test_pl_channels_and_the_pl_meeting_are_read() -> None:
    spec = parse_org_file(yaml.safe_dump(org(pl_channels={"slack": "C0PL", "teams": "19:pl"}, pl_meeting=MEETING)))
    assert spec.organisation.pl_channels is not None
    assert (spec.organisation.pl_channels.slack, spec.organisation.pl_channels.teams) == ("C0PL", "19:pl")
    assert spec.organisation.pl_meeting is not None
    assert spec.organisation.pl_meeting.title == "County PL meeting"
    plain = parse_org_file(yaml.safe_dump(org()))
    assert plain.organisation.pl_channels is None
    assert plain.organisation.pl_meeting is None


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        (
            {"pl_channels": {}},
            "organisation.pl_channels: Value error, the PL group's channel needs a slack or a teams id",
        ),
        ({"pl_channels": {"slack": " "}}, "organisation.pl_channels: Value error"),
        ({"pl_channels": {"discord": "x"}}, "organisation.pl_channels.discord: Extra inputs are not permitted"),
        ({"pl_channels": "C0PL"}, "organisation.pl_channels: Input should be a valid dictionary"),
        ({"pl_meeting": {**MEETING, "chair": "nobody"}}, "organisation.pl_meeting.chair: no person with handle"),
        ({"pl_meeting": {**MEETING, "rrule": "FREQ=SOMETIMES"}}, "organisation.pl_meeting.rrule: Value error"),
        ({"pl_meeting": {"title": "County PL meeting", "start": "2026-01-08T10:00:00"}}, "organisation.pl_meeting:"),
    ],
)
def test_bad_pl_fields_are_refused_with_their_path(organisation: dict[str, Any], expected: str) -> None:
    found = problems(org(**organisation))
    assert any(p.startswith(expected) for p in found), found


async def _import(engine: AsyncEngine, data: dict[str, Any]) -> None:
    async with UnitOfWorkFactory(engine)() as uow:
        await import_org(uow, parse_org_file(yaml.safe_dump(data)), START)
        await uow.commit()


async def test_the_import_stores_the_pl_channels_and_the_county_meeting(engine: AsyncEngine) -> None:
    data = org(pl_channels={"slack": "C0PL", "teams": "19:pl"}, pl_meeting=MEETING)
    await _import(engine, data)
    await _import(engine, data)  # an upsert: twice changes nothing
    async with UnitOfWorkFactory(engine)() as uow:
        channels = {(c.platform, c.channel_id) for c in await uow.pl_space.channels()}
        assert channels == {("slack", "C0PL"), ("teams", "19:pl"), ("console", "county-pl"), ("web", "county-pl")}
        assert {(c.platform, c.channel_id) for c in await uow.pl_space.channels(["slack"])} == {("slack", "C0PL")}
        [meeting] = (await session_of(uow).scalars(select(Meeting).where(Meeting.kind == "county"))).all()
        organisation = await uow.orgs.first()
        assert organisation is not None
        jo = await uow.people.by_handle(organisation.id, "jo.pm")
        assert jo is not None
        assert (meeting.title, meeting.team_id, meeting.locality_id, meeting.chair_id) == (
            "County PL meeting",
            None,
            None,
            jo.id,
        )
    await _import(engine, org())  # taken out of the file: gone
    async with UnitOfWorkFactory(engine)() as uow:
        assert list(await uow.pl_space.channels()) == []
        assert (await session_of(uow).scalars(select(Meeting).where(Meeting.kind == "county"))).all() == []


def test_the_digest_and_summary_never_repeat_more_than_title_locality_and_line() -> None:
    assert pl_digest([]) is None
    reply = pl_digest([ApprovedStory(1, "Mapping *together*", "West")], "javascript:alert(1)")
    assert reply is not None
    text = reply.as_plain_text()
    assert "Mapping *together* — West" in text
    assert "javascript" not in text  # only an http(s) intranet page is linked, and only for published stories
    summary = fared_summary(
        title="County PL meeting", when="Thu 10 Dec, 10:00", rows=[FaredRow("West"), FaredRow("East", "ok")]
    )
    assert "West: no update" in summary.as_plain_text()
    assert "1 of 2 localities sent a line." in summary.as_plain_text()
