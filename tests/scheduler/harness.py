"""A small world for nudge tests: a tiny organisation, the planner and deliverer on a fake clock."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.calendar_source import IcsCalendars
from bot.domain.orgfile import parse_org_file
from bot.handler import Handler
from bot.replies import Reply
from bot.store.models import Person
from bot.store.models_nudges import MeetingOccurrence, Nudge, NudgeSettings
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory, session_of
from scheduler.clock import FakeClock
from scheduler.outbox import Deliverer
from scheduler.planner import Planner
from scheduler.recording import Recorded, RecordingSender

LONDON = ZoneInfo("Europe/London")

TINY_ORG: dict[str, Any] = {
    "organisation": {"name": "Testshire", "slug": "testshire", "timezone": "Europe/London"},
    "people": [
        {"handle": "pat.lead", "name": "Pat Lead", "slack": "U1"},
        {"handle": "max.member", "name": "Max Member", "slack": "U2"},
        {"handle": "mo.manager", "name": "Mo Manager", "slack": "U3"},
    ],
    "localities": [
        {
            "name": "North",
            "slug": "north",
            "channels": {"slack": "CNORTH"},
            "practice_leaders": ["pat.lead"],
            "teams": [
                {
                    "name": "North Team",
                    "slug": "north-team",
                    "channels": {"slack": "CTEAM"},
                    "practice_leaders": ["pat.lead"],
                    "managers": ["mo.manager"],
                    "members": ["max.member"],
                    "meetings": [
                        {
                            "title": "Team meeting",
                            "rrule": "FREQ=WEEKLY;BYDAY=TU",
                            "start": "2026-01-06T10:00:00",
                            "chair": "pat.lead",
                        }
                    ],
                }
            ],
        }
    ],
}


def tiny_org(**changes: Any) -> dict[str, Any]:
    """The tiny organisation with changes: ``pat``/``max`` (person fields), ``meetings``, ``team``."""
    org = copy.deepcopy(TINY_ORG)
    people = {p["handle"].split(".")[0]: p for p in org["people"]}
    for name in ("pat", "max", "mo"):
        people[name].update(changes.pop(name, {}))
    team = org["localities"][0]["teams"][0]
    if "meetings" in changes:
        team["meetings"] = changes.pop("meetings")
    team.update(changes.pop("team", {}))
    org["localities"][0].update(changes.pop("locality", {}))
    assert not changes, changes
    return org


class World:
    """The core with the planner and deliverer on a fake clock, sending to one platform."""

    def __init__(self, engine: AsyncEngine, start: datetime, platform: str = "console") -> None:
        self.clock = FakeClock(start)
        self.platform = platform
        self.uow_factory = UnitOfWorkFactory(engine)
        self.sender = RecordingSender(platform, self.clock)
        self.deliverer = Deliverer(self.uow_factory, self.clock, {platform: self.sender})
        self.planner = Planner(self.uow_factory, self.clock, [platform], calendars=IcsCalendars())
        self.handler = Handler(self.uow_factory, self.clock)
        self.running = True

    async def load(self, org: dict[str, Any]) -> None:
        """Import an organisation."""
        async with self.uow_factory() as uow:
            await import_org(uow, parse_org_file(yaml.safe_dump(org)), self.clock.now())
            await uow.commit()

    async def settings(self, **values: Any) -> None:
        """Store the organisation's nudge settings."""
        async with self.uow_factory() as uow:
            org = await uow.orgs.first()
            assert org is not None
            session_of(uow).add(NudgeSettings(organisation_id=org.id, **values))
            await uow.commit()

    async def tick(self) -> None:
        """One planner tick, then deliver everything due."""
        await self.planner.tick()
        while await self.deliverer.deliver_due(limit=200):
            pass

    async def run_until(self, end: datetime, step: timedelta = timedelta(hours=12)) -> None:
        """Tick from now to ``end``, jumping to each due moment (and at least every ``step``)."""
        while self.clock.now() < end:
            await self.tick()
            async with self.uow_factory() as uow:
                pending = await uow.outbox_recovery.next_pending_due()
            candidates = [t for t in (await self.planner.next_due(), pending) if t is not None and t > self.clock.now()]
            self.clock.set(min([*candidates, self.clock.now() + step, end]))
        await self.tick()

    def sent(self, purpose: str | None = None, address: str | None = None) -> list[Recorded]:
        """What was sent, optionally only one purpose or one target address."""
        return [
            r
            for r in self.sender.sent
            if (purpose is None or r.message.purpose == purpose)
            and (address is None or r.message.target.address == address)
        ]

    async def person(self, handle: str) -> Person:
        """A person by handle."""
        async with self.uow_factory() as uow:
            return (await session_of(uow).scalars(select(Person).where(Person.handle == handle))).one()

    async def handle(self, event: Any) -> list[Reply]:
        """Run an inbound event through the handler (received now)."""
        return await self.handler.handle(event)

    async def occurrences(self) -> list[MeetingOccurrence]:
        """Every stored occurrence, by start."""
        async with self.uow_factory() as uow:
            query = select(MeetingOccurrence).order_by(MeetingOccurrence.starts_at)
            return list((await session_of(uow).scalars(query)).all())

    async def nudges(self, kind: str | None = None) -> list[Nudge]:
        """Every planned nudge (optionally of one kind), by due time."""
        async with self.uow_factory() as uow:
            query = select(Nudge).order_by(Nudge.due_at)
            if kind:
                query = query.where(Nudge.kind == kind)
            return list((await session_of(uow).scalars(query)).all())


def local(record: Recorded, tz: str = "Europe/London") -> datetime:
    """When a message was sent, in a zone."""
    return record.at.astimezone(ZoneInfo(tz))


def at(text: str, tz: str = "Europe/London") -> datetime:
    """``2026-11-30 09:00`` local → aware."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def plain(records: Iterable[Recorded]) -> list[str]:
    """The messages as plain text."""
    return [r.message.reply.as_plain_text() for r in records]
