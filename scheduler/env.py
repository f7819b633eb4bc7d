"""What the planner and the deliverer know about an organisation's humane-delivery settings."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from bot.domain.delivery import DEFAULT_BUDGET, DEFAULT_REGION, Availability, channel_availability, parse_days
from bot.store.models import Organisation, Person
from bot.store.repositories.organisations import ChannelUnit
from bot.store.uow import UnitOfWork

DM_PLATFORM_ORDER = ("slack", "teams", "web", "console")


@dataclass
class NudgeEnv:
    """An organisation's nudge settings, read once per tick.

    Attributes:
        organisation: The organisation.
        people: Everyone, by id, as read at the start of the tick (settings, identities, roles).
        region: Bank-holiday region (``GB-ENG`` by default: England and Wales).
        budget: Proactive direct messages per person per ISO week.
        prompt_lead: How long before a meeting the chair is asked.
        reminder_lead: How long before a meeting the one reminder comes.
        channel_hours: When channel posts may go out (local, Monday to Friday).
        platforms: Platforms with a sender in this process (nudges go only there).
    """

    organisation: Organisation
    region: str = DEFAULT_REGION
    budget: int = DEFAULT_BUDGET
    prompt_lead: timedelta = timedelta(hours=24)
    reminder_lead: timedelta = timedelta(hours=2)
    channel_hours: tuple[time, time] = (time(9, 0), time(17, 0))
    platforms: Sequence[str] = ()
    leave: dict[int, list[tuple[date, date]]] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    channel_units: dict[tuple[str, str], ChannelUnit] | None = None
    """Each bound channel's languages and region (:meth:`units`)."""
    locality_regions: dict[int, str] = field(default_factory=dict)
    """Localities with a bank-holiday region of their own (their events' reminders keep to it)."""

    @property
    def timezone(self) -> str:
        """The organisation's zone."""
        return self.organisation.timezone

    def person(self, person: Person) -> Availability:
        """A person's availability from their settings and leave (their own region, else the organisation's)."""
        return Availability(
            timezone=person.timezone,
            work_start=person.work_start,
            work_end=person.work_end,
            work_days=parse_days(person.work_days),
            leave=tuple(self.leave.get(person.id, ())),
            snoozed_until=person.snoozed_until,
            stopped=person.nudges_stopped,
            region=person.region or self.region,
        )

    def channel(self, timezone: str = "", region: str = "") -> Availability:
        """A channel's posting hours (in its locality's region when it has one, else the organisation's)."""
        return channel_availability(timezone or self.timezone, region or self.region, self.channel_hours)

    async def units(self, uow: UnitOfWork) -> dict[tuple[str, str], ChannelUnit]:
        """Each bound channel's languages and region, read once per environment when first needed."""
        if self.channel_units is None:
            self.channel_units = await uow.orgs.channel_units()
        return self.channel_units

    async def channel_region(self, uow: UnitOfWork, platform: str, channel_id: str) -> str:
        """The bank-holiday region of a channel's posts (its locality's, else the organisation's)."""
        unit = (await self.units(uow)).get((platform, channel_id))
        return unit.region if unit is not None and unit.region else self.region

    def dm_platform(self, person: Person) -> str:
        """The platform a person's direct messages go to: the first active one they are known on."""
        known = {i.platform for i in person.identities}
        for platform in sorted(
            self.platforms, key=lambda p: DM_PLATFORM_ORDER.index(p) if p in DM_PLATFORM_ORDER else 9
        ):
            if platform in known:
                return platform
        return ""


async def load_env(uow: UnitOfWork, platforms: Sequence[str]) -> NudgeEnv | None:
    """Read the organisation's settings and everyone's leave (None before an organisation exists).

    Args:
        uow: An open unit of work.
        platforms: Platforms with a sender.

    Returns:
        The environment, or None.
    """
    org = await uow.orgs.first()
    if org is None:
        return None
    settings = await uow.nudge_config.settings(org.id)
    return NudgeEnv(
        organisation=org,
        region=settings.holiday_region,
        budget=settings.dm_budget,
        prompt_lead=timedelta(minutes=settings.prompt_lead_minutes),
        reminder_lead=timedelta(minutes=settings.reminder_lead_minutes),
        channel_hours=(settings.channel_work_start, settings.channel_work_end),
        platforms=tuple(platforms),
        leave=await uow.nudge_config.leave_by_person(),
        people=await uow.nudge_config.people_by_id(),
        locality_regions=await uow.orgs.locality_regions(),
    )


class SharedEnv:
    """The environment of one delivery pass: read by the first row that needs it, reused by the rest.

    A pass sends different conversations concurrently; without the lock each of them would read the
    whole environment again (seven statements and everyone's settings each).
    """

    def __init__(self, platforms: Sequence[str]) -> None:
        self._platforms = tuple(platforms)
        self._lock = asyncio.Lock()
        self._env: NudgeEnv | None = None
        self._loaded = False

    async def get(self, uow: UnitOfWork) -> NudgeEnv | None:
        """The environment (None before an organisation exists), read through ``uow`` the first time."""
        async with self._lock:
            if not self._loaded:
                self._env, self._loaded = await load_env(uow, self._platforms), True
        return self._env
