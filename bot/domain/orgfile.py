"""The organisation file (YAML): its schema, validated with pydantic, with errors that name the path."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

import yaml
from dateutil.rrule import rrulestr
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot import i18n
from bot.domain.delivery import DEFAULT_REGION, check_region
from bot.domain.preferences import parse_hours, parse_timezone

Handle = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORKING_WEEK: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


class OrgFileError(ValueError):
    """The organisation file is not valid; ``problems`` lists ``path: message`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LeaveSpec(_Strict):
    """A leave period (inclusive)."""

    starts: date = Field(alias="from")
    ends: date = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> LeaveSpec:
        if self.ends < self.starts:
            msg = "leave ends before it starts"
            raise ValueError(msg)
        return self


def check_locale(value: str) -> str:
    """A language the bot ships (``en-GB``, ``cy``; ``cy-GB`` and ``en`` are read the same), as written.

    Raises:
        ValueError: a language without a complete catalogue, naming those there are.
    """
    if value.strip() and i18n.negotiate(value.strip()) is None:
        shipped = ", ".join(code.replace("_", "-") for code in i18n.SHIPPED)
        msg = f"unknown language {value!r}; use one of {shipped}"
        raise ValueError(msg)
    return value.strip()


def own_region(value: str) -> str:
    """A bank-holiday region that may be left empty (then inherited)."""
    return check_region(value) if value.strip() else ""


LocaleCode = Annotated[str, AfterValidator(check_locale)]
"""A shipped language, or empty to inherit one."""
OwnRegion = Annotated[str, AfterValidator(own_region)]
"""A bank-holiday region, or empty to inherit the organisation's."""


class PersonSpec(_Strict):
    """A person of the organisation."""

    handle: Handle
    name: str = Field(min_length=1, max_length=200)
    slack: str = ""
    teams: str = ""
    timezone: str = "Europe/London"
    working_hours: str = "09:00-17:00"
    work_days: list[Weekday] = Field(default_factory=lambda: list(WORKING_WEEK))
    leave: list[LeaveSpec] = Field(default_factory=list)
    partner_organisation: str = ""
    region: OwnRegion = ""
    """Their own bank-holiday region (someone working across a border); the organisation's when empty."""
    locale: LocaleCode = ""
    """Their language (``cy``, ``en-GB``), unless they choose another in ``/sofs settings``."""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        zone = parse_timezone(value)
        if zone is None:
            msg = f"unknown time zone {value!r}"
            raise ValueError(msg)
        return zone

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        if parse_hours(value) is None:
            msg = "working hours must look like 09:00-17:00"
            raise ValueError(msg)
        return value


class Channels(_Strict):
    """A unit's channel on each platform."""

    slack: str = ""
    teams: str = ""


class MeetingSpec(_Strict):
    """A recurring meeting."""

    title: str = Field(min_length=1, max_length=200)
    rrule: str = ""
    ics: str = ""
    start: datetime
    duration_minutes: int = Field(60, ge=5, le=600)
    chair: Handle | None = None
    timezone: str = "Europe/London"

    @field_validator("rrule")
    @classmethod
    def _rule(cls, value: str) -> str:
        if value:
            try:
                rrulestr(value, dtstart=datetime(2026, 1, 1))  # noqa: DTZ001 - only checks the syntax
            except (ValueError, TypeError) as error:
                msg = f"not a valid RRULE ({error})"
                raise ValueError(msg) from error
        return value

    @model_validator(mode="after")
    def _has_recurrence(self) -> MeetingSpec:
        if not self.rrule and not self.ics:
            msg = "a meeting needs an rrule or an ics source"
            raise ValueError(msg)
        return self


class PartnerSpec(_Strict):
    """A partner organisation of a locality."""

    name: str = Field(min_length=1, max_length=200)
    kind: str = ""
    contacts: list[Handle] = Field(default_factory=list)


class TeamSpec(_Strict):
    """A team."""

    name: str = Field(min_length=1, max_length=200)
    slug: Slug
    channels: Channels = Field(default_factory=Channels)
    practice_leaders: list[Handle] = Field(default_factory=list)
    managers: list[Handle] = Field(default_factory=list)
    members: list[Handle] = Field(default_factory=list)
    meetings: list[MeetingSpec] = Field(default_factory=list)
    agenda_rotation: bool | None = None
    """The pre-meeting prompt goes round the team in turn (issue 18); absent: left as it is (``/agenda rotate``)."""
    locale: LocaleCode = ""
    """The language of the team channel's posts (celebrations, digest); the locality's when empty."""


class LocalitySpec(_Strict):
    """A locality and its teams."""

    name: str = Field(min_length=1, max_length=200)
    slug: Slug
    channels: Channels = Field(default_factory=Channels)
    practice_leaders: list[Handle] = Field(default_factory=list)
    managers: list[Handle] = Field(default_factory=list)
    seminar_rule: str = ""
    partners: list[PartnerSpec] = Field(default_factory=list)
    management_meetings: list[MeetingSpec] = Field(default_factory=list)
    teams: list[TeamSpec] = Field(min_length=1)
    locale: LocaleCode = ""
    """The language of the locality channel's posts (votes, programme, digest); the organisation's when empty."""
    region: OwnRegion = ""
    """The locality's own bank-holiday region (its seminar programme, its and its teams' channel posts)."""


class GuardSpec(_Strict):
    """Organisation rules for the identifier guard."""

    extra_patterns: dict[str, str] = Field(default_factory=dict)
    allowed_words: list[str] = Field(default_factory=list)

    @field_validator("extra_patterns")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        for kind, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as error:
                msg = f"pattern for {kind!r} does not compile: {error}"
                raise ValueError(msg) from error
        return value


class OrganisationSpec(_Strict):
    """The county itself."""

    name: str = Field(min_length=1, max_length=200)
    slug: Slug
    timezone: str = "Europe/London"
    region: str = DEFAULT_REGION
    """Bank-holiday region, a code the ``holidays`` package knows (``GB-ENG``, ``GB-SCT``, ``IE``, ``AU-WA``…)."""
    locale: str = "en-GB"
    """The organisation's language (``en-GB`` or ``cy``): anyone and any channel without one of their own."""
    intranet_url: str = ""
    privacy_contact: str = Field(default="", max_length=300)
    """Who staff ask about their data (the data protection officer's address), shown on ``/privacy``."""
    project_managers: list[Handle] = Field(default_factory=list)
    principal_social_workers: list[Handle] = Field(default_factory=list)
    guard: GuardSpec = Field(default_factory=GuardSpec)
    pl_channels: Channels | None = None
    """The county PL group's channel (``slack:``, ``teams:``): the weekly PL digest and the "how we've fared"
    summary go there (issue 18). Absent: no PL space."""
    pl_meeting: MeetingSpec | None = None
    """The County PL meeting: the chair gets the agenda prompt; each locality's PL is asked how it has fared."""

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        return check_region(value)

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        return check_locale(value) or "en-GB"

    @field_validator("pl_channels")
    @classmethod
    def _pl_channels(cls, value: Channels | None) -> Channels | None:
        if value is not None and not (value.slack.strip() or value.teams.strip()):
            msg = "the PL group's channel needs a slack or a teams id"
            raise ValueError(msg)
        return value


class OrgFile(_Strict):
    """The whole organisation file."""

    organisation: OrganisationSpec
    people: list[PersonSpec] = Field(min_length=1)
    localities: list[LocalitySpec] = Field(min_length=1)

    def referenced_handles(self) -> list[tuple[str, str]]:
        """Every (path, handle) the file refers to, for the cross-reference check."""
        refs = [(f"organisation.project_managers[{i}]", h) for i, h in enumerate(self.organisation.project_managers)]
        refs += [
            (f"organisation.principal_social_workers[{i}]", h)
            for i, h in enumerate(self.organisation.principal_social_workers)
        ]
        if self.organisation.pl_meeting is not None and self.organisation.pl_meeting.chair:
            refs.append(("organisation.pl_meeting.chair", self.organisation.pl_meeting.chair))
        for li, loc in enumerate(self.localities):
            base = f"localities[{li}]"
            refs += [(f"{base}.practice_leaders[{i}]", h) for i, h in enumerate(loc.practice_leaders)]
            refs += [(f"{base}.managers[{i}]", h) for i, h in enumerate(loc.managers)]
            for pi, partner in enumerate(loc.partners):
                refs += [(f"{base}.partners[{pi}].contacts[{i}]", h) for i, h in enumerate(partner.contacts)]
            refs += [
                (f"{base}.management_meetings[{i}].chair", m.chair)
                for i, m in enumerate(loc.management_meetings)
                if m.chair
            ]
            for ti, team in enumerate(loc.teams):
                tbase = f"{base}.teams[{ti}]"
                for role in ("practice_leaders", "managers", "members"):
                    refs += [(f"{tbase}.{role}[{i}]", h) for i, h in enumerate(getattr(team, role))]
                refs += [(f"{tbase}.meetings[{i}].chair", m.chair) for i, m in enumerate(team.meetings) if m.chair]
        return refs

    def problems(self) -> list[str]:
        """Cross-reference problems: duplicate handles, slugs or platform ids, unknown people."""
        problems: list[str] = []
        seen: dict[str, int] = {}
        for index, person in enumerate(self.people):
            if person.handle in seen:
                problems.append(
                    f"people[{index}].handle: {person.handle!r} is already used by people[{seen[person.handle]}]"
                )
            seen.setdefault(person.handle, index)
        for platform in ("slack", "teams"):
            ids: dict[str, int] = {}
            for index, person in enumerate(self.people):
                pid = getattr(person, platform)
                if pid and pid in ids:
                    problems.append(f"people[{index}].{platform}: {pid!r} is already used by people[{ids[pid]}]")
                ids.setdefault(pid, index)
        slugs = [loc.slug for loc in self.localities]
        problems += [f"localities[{i}].slug: {s!r} appears twice" for i, s in enumerate(slugs) if slugs.index(s) != i]
        problems += [
            f"{path}: no person with handle {handle!r} in people"
            for path, handle in self.referenced_handles()
            if handle not in seen
        ]
        return problems


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_org_file(content: str) -> OrgFile:
    """Parse and validate an organisation file; raises :class:`OrgFileError` naming every problem."""
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise OrgFileError([f"(YAML syntax) {where}: {getattr(error, 'problem', error)}"]) from error
    if not isinstance(data, dict):
        raise OrgFileError(["(top level): expected a mapping with organisation, people and localities"])
    try:
        spec = OrgFile.model_validate(data)
    except ValidationError as error:
        problems = [f"{_path(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise OrgFileError(problems) from error
    problems = spec.problems()
    if problems:
        raise OrgFileError(problems)
    return spec
