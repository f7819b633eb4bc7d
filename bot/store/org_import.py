"""Loading an organisation file into the store (an upsert: running it twice changes nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, select

from bot import i18n
from bot.domain.delivery import DEFAULT_REGION
from bot.domain.orgfile import Channels, LocalitySpec, MeetingSpec, OrganisationSpec, OrgFile, PersonSpec
from bot.domain.preferences import parse_hours
from bot.store.models import (
    Base,
    ChannelBinding,
    Leave,
    Locality,
    Meeting,
    Organisation,
    Partner,
    Person,
    PersonIdentity,
    Role,
    Team,
)
from bot.store.models_nudges import NudgeSettings
from bot.store.repositories.pl_space import COUNTY_MEETING, PL_CHANNEL
from bot.store.uow import UnitOfWork, session_of

M = TypeVar("M", bound=Base)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import loaded."""

    organisation: str
    localities: int
    teams: int
    people: int
    meetings: int


async def _upsert(uow: UnitOfWork, model: type[M], keys: dict[str, object], values: dict[str, object]) -> M:
    """The row of ``model`` matching ``keys``, created or updated with ``values``."""
    query: Select[M] = select(model).filter_by(**keys)
    row = (await session_of(uow).scalars(query)).first()
    if row is None:
        row = model(**keys, **values)
        session_of(uow).add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    await session_of(uow).flush()
    return row


async def _person(uow: UnitOfWork, org: Organisation, spec: PersonSpec) -> Person:
    start, end = parse_hours(spec.working_hours) or parse_hours("09:00-17:00") or (None, None)
    person = await _upsert(
        uow,
        Person,
        {"organisation_id": org.id, "handle": spec.handle},
        {
            "display_name": spec.name,
            "timezone": spec.timezone,
            "work_start": start,
            "work_end": end,
            "work_days": ",".join(spec.work_days),
            "partner_organisation": spec.partner_organisation,
            "region": spec.region,
            "locale": i18n.negotiate(spec.locale) or "",
        },
    )
    # the console and the web playground know people by handle
    ids = {"slack": spec.slack, "teams": spec.teams, "console": spec.handle, "web": spec.handle}
    for platform, user_id in ids.items():
        if user_id:
            await session_of(uow).execute(
                delete(PersonIdentity).where(
                    PersonIdentity.platform == platform, PersonIdentity.platform_user_id == user_id
                )
            )
            await session_of(uow).execute(
                delete(PersonIdentity).where(PersonIdentity.person_id == person.id, PersonIdentity.platform == platform)
            )
            session_of(uow).add(PersonIdentity(person_id=person.id, platform=platform, platform_user_id=user_id))
    await session_of(uow).execute(delete(Leave).where(Leave.person_id == person.id))
    for leave in spec.leave:
        session_of(uow).add(Leave(person_id=person.id, starts_on=leave.starts, ends_on=leave.ends))
    await session_of(uow).execute(delete(Role).where(Role.person_id == person.id))
    await session_of(uow).flush()
    await session_of(uow).refresh(person, ["identities", "roles"])
    return person


async def _bind(
    uow: UnitOfWork, channels: Channels, slug: str, *, team_id: int | None, locality_id: int | None
) -> None:
    # the console and the web playground name channels by the unit's slug
    ids = {"slack": channels.slack, "teams": channels.teams, "console": slug, "web": slug}
    for platform, channel_id in ids.items():
        if channel_id:
            await _upsert(
                uow,
                ChannelBinding,
                {"platform": platform, "channel_id": channel_id},
                {"team_id": team_id, "locality_id": locality_id},
            )


def _meeting(spec: MeetingSpec, kind: str, people: dict[str, Person], **unit: int | None) -> Meeting:
    start = spec.start if spec.start.tzinfo else spec.start.replace(tzinfo=ZoneInfo(spec.timezone))
    return Meeting(
        kind=kind,
        title=spec.title,
        rrule=spec.rrule,
        ics_source=spec.ics,
        starts_at=start,
        duration_minutes=spec.duration_minutes,
        timezone=spec.timezone,
        chair_id=people[spec.chair].id if spec.chair else None,
        **unit,
    )


def _roles(session_add: object, people: dict[str, Person], handles: list[str], role: str, **unit: int | None) -> None:
    for handle in dict.fromkeys(handles):
        session_add(Role(person_id=people[handle].id, role=role, **unit))  # type: ignore[operator]


async def _locality(
    uow: UnitOfWork, org: Organisation, spec: LocalitySpec, people: dict[str, Person]
) -> tuple[int, int]:
    locality = await _upsert(
        uow,
        Locality,
        {"organisation_id": org.id, "slug": spec.slug},
        {
            "name": spec.name,
            "seminar_rule": spec.seminar_rule,
            "locale": i18n.negotiate(spec.locale) or "",
            "region": spec.region,
        },
    )
    add = session_of(uow).add
    _roles(add, people, spec.practice_leaders, "practice_leader", team_id=None, locality_id=locality.id)
    _roles(add, people, spec.managers, "manager", team_id=None, locality_id=locality.id)
    await _bind(uow, spec.channels, spec.slug, team_id=None, locality_id=locality.id)
    await session_of(uow).execute(delete(Partner).where(Partner.locality_id == locality.id))
    for partner in spec.partners:
        add(Partner(locality_id=locality.id, name=partner.name, kind=partner.kind))
        _roles(add, people, partner.contacts, "partner", team_id=None, locality_id=locality.id)
    await session_of(uow).execute(delete(Meeting).where(Meeting.locality_id == locality.id))
    meetings = 0
    for meeting in spec.management_meetings:
        add(_meeting(meeting, "management", people, team_id=None, locality_id=locality.id))
        meetings += 1
    for team_spec in spec.teams:
        values: dict[str, object] = {"name": team_spec.name, "locale": i18n.negotiate(team_spec.locale) or ""}
        if team_spec.agenda_rotation is not None:  # absent: what `/agenda rotate` last set stays
            values["agenda_rotation"] = team_spec.agenda_rotation
        team = await _upsert(uow, Team, {"locality_id": locality.id, "slug": team_spec.slug}, values)
        _roles(add, people, team_spec.practice_leaders, "practice_leader", team_id=team.id, locality_id=None)
        _roles(add, people, team_spec.managers, "manager", team_id=team.id, locality_id=None)
        _roles(add, people, team_spec.members, "member", team_id=team.id, locality_id=None)
        await _bind(uow, team_spec.channels, team_spec.slug, team_id=team.id, locality_id=None)
        await session_of(uow).execute(delete(Meeting).where(Meeting.team_id == team.id))
        for meeting in team_spec.meetings:
            add(_meeting(meeting, "team", people, team_id=team.id, locality_id=None))
            meetings += 1
    await session_of(uow).flush()
    return len(spec.teams), meetings


async def _region(uow: UnitOfWork, org: Organisation, region: str) -> None:
    """Keep the organisation's bank-holiday region in its nudge settings (no row while it is the default)."""
    query = select(NudgeSettings).where(NudgeSettings.organisation_id == org.id)
    settings = (await session_of(uow).scalars(query)).first()
    if settings is not None:
        settings.holiday_region = region
    elif region != DEFAULT_REGION:
        session_of(uow).add(NudgeSettings(organisation_id=org.id, holiday_region=region))
    await session_of(uow).flush()


async def _pl_space(uow: UnitOfWork, org: Organisation, spec: OrganisationSpec, people: dict[str, Person]) -> int:
    """The county PL group's channels and the County PL meeting (chaired by the first project manager unless
    it names a chair); returns how many meetings that is."""
    channels = spec.pl_channels or Channels()
    ids = {"slack": channels.slack, "teams": channels.teams, "console": PL_CHANNEL, "web": PL_CHANNEL}
    await uow.pl_space.set_channels(org.id, ids if spec.pl_channels else {})
    county = (Meeting.kind == COUNTY_MEETING, Meeting.team_id.is_(None), Meeting.locality_id.is_(None))
    await session_of(uow).execute(delete(Meeting).where(*county))
    if spec.pl_meeting is None:
        return 0
    meeting = _meeting(spec.pl_meeting, COUNTY_MEETING, people, team_id=None, locality_id=None)
    if meeting.chair_id is None and spec.project_managers:
        meeting.chair_id = people[spec.project_managers[0]].id
    session_of(uow).add(meeting)
    await session_of(uow).flush()
    return 1


async def import_org(uow: UnitOfWork, spec: OrgFile, now: datetime) -> ImportSummary:
    """Load (or update) the organisation described by ``spec``; the caller commits."""
    guard = {
        "extra_patterns": spec.organisation.guard.extra_patterns,
        "allowed_words": spec.organisation.guard.allowed_words,
    }
    org = await _upsert(
        uow,
        Organisation,
        {"slug": spec.organisation.slug},
        {
            "name": spec.organisation.name,
            "timezone": spec.organisation.timezone,
            "intranet_url": spec.organisation.intranet_url,
            "privacy_contact": spec.organisation.privacy_contact,
            "guard_rules": guard,
            "locale": i18n.negotiate(spec.organisation.locale) or "",
        },
    )
    await _region(uow, org, spec.organisation.region)
    people = {p.handle: await _person(uow, org, p) for p in spec.people}
    add = session_of(uow).add
    _roles(add, people, spec.organisation.project_managers, "project_manager", team_id=None, locality_id=None)
    _roles(
        add,
        people,
        spec.organisation.principal_social_workers,
        "principal_social_worker",
        team_id=None,
        locality_id=None,
    )
    teams = meetings = 0
    for locality in spec.localities:
        t, m = await _locality(uow, org, locality, people)
        teams, meetings = teams + t, meetings + m
    meetings += await _pl_space(uow, org, spec.organisation, people)
    await session_of(uow).flush()
    await uow.audit.record(at=now, actor_id=None, action="org.imported", object_type="organisation", object_id=org.id)
    return ImportSummary(spec.organisation.name, len(spec.localities), teams, len(people), meetings)
