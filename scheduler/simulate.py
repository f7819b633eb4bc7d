"""``plbot simulate``: run an organisation's nudges on a fake clock through a recording sender.

The planner and the deliverer run exactly as in production; the clock jumps from one due moment to
the next (and at least every few hours), so twelve weeks take seconds. Nobody answers, so every
prompt is followed by its reminder: the busiest case for the weekly budget.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.delivery import iso_week
from bot.domain.orgfile import parse_org_file
from bot.ports import CalendarSource
from bot.store.db import make_engine, upgrade
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWork, UnitOfWorkFactory
from bot.texts import plural
from scheduler.clock import FakeClock
from scheduler.outbox import Deliverer
from scheduler.planner import Planner
from scheduler.recording import Recorded, RecordingSender
from scheduler.seminar_jobs import seed_simulation

STEP = timedelta(hours=12)


@dataclass(frozen=True)
class SimulatedNudge:
    """One message the simulation sent.

    Attributes:
        at: When, in the recipient's local time (a channel: the organisation's zone).
        recipient: A person's handle, or ``#channel``.
        timezone: The recipient's zone.
        kind: The outbox purpose (``agenda_prompt``, ``digest``…).
        channel: The channel id for channel posts, empty for direct messages.
        person_id: The recipient's id for direct messages.
        unit: For a Signs of Safety prompt or reminder, the slug of the meeting's team (or locality).
    """

    at: datetime
    recipient: str
    timezone: str
    kind: str
    channel: str
    person_id: int | None
    unit: str = ""

    def as_json(self) -> dict[str, str]:
        """The JSON line ``plbot simulate --json`` prints."""
        return {"at": self.at.isoformat(), "recipient": self.recipient, "kind": self.kind, "channel": self.channel}


async def run(
    uow_factory: UnitOfWorkFactory, clock: FakeClock, weeks: int, platform: str, calendars: CalendarSource
) -> list[SimulatedNudge]:
    """Run planner and deliverer for ``weeks`` from the clock's current time.

    Args:
        uow_factory: A store with the organisation loaded.
        clock: The fake clock (moved by the simulation).
        weeks: How long to run.
        platform: The platform every nudge goes to.
        calendars: Reads the meetings kept in a calendar.

    Returns:
        Every message sent, in order.
    """
    sender = RecordingSender(platform, clock)
    deliverer = Deliverer(uow_factory, clock, {platform: sender})
    planner = Planner(uow_factory, clock, [platform], refresh=STEP, calendars=calendars)
    end = clock.now() + timedelta(weeks=weeks)
    while clock.now() < end:
        await planner.tick()
        while await deliverer.deliver_due(limit=200):
            pass
        async with uow_factory() as uow:
            pending = await uow.outbox_recovery.next_pending_due()
        candidates = [t for t in (await planner.next_due(), pending) if t is not None and t > clock.now()]
        clock.set(min([*candidates, clock.now() + STEP, end]))
    return await describe(uow_factory, sender.sent)


async def describe(uow_factory: UnitOfWorkFactory, sent: Sequence[Recorded]) -> list[SimulatedNudge]:
    """Recorded messages as people read them (local time, handle or channel); edits of earlier messages
    (``update_of``) are not new messages and are left out."""
    found: list[SimulatedNudge] = []
    async with uow_factory() as uow:
        org = await uow.orgs.first()
        org_zone = org.timezone if org else "Europe/London"
        people = await uow.nudge_config.people_by_id()
        for record in sent:
            at, message = record.at, record.message
            if message.update_of:
                continue  # an edit of a message already delivered (an answered prompt, a closed vote)
            if message.target.kind == "person":
                person = people.get(int(message.target.address))
                zone = person.timezone if person else org_zone
                who, channel, pid = (
                    (person.handle if person else message.target.address),
                    "",
                    int(message.target.address),
                )
            else:
                zone, who, channel, pid = org_zone, f"#{message.target.address}", message.target.address, None
            unit = await _unit(uow, message.idempotency_key) if message.purpose in PROMPT_PURPOSES else ""
            found.append(SimulatedNudge(at.astimezone(ZoneInfo(zone)), who, zone, message.purpose, channel, pid, unit))
    return sorted(found, key=lambda n: (n.at, n.kind, n.recipient))  # concurrent sends: a stable order


async def _unit(uow: UnitOfWork, key: str) -> str:
    """The slug of the team (or locality) whose meeting a prompt or reminder is about."""
    nudge = await uow.nudges.by_key(key)
    occurrence = await uow.occurrences.get(nudge.occurrence_id or 0) if nudge is not None else None
    if occurrence is None:
        return ""
    if occurrence.team_id is not None:
        team = await uow.orgs.team(occurrence.team_id)
        return team.slug if team else ""
    locality = await uow.orgs.locality(occurrence.locality_id or 0)
    return locality.slug if locality else ""


async def simulate_org(
    org_text: str,
    start: datetime,
    weeks: int,
    platform: str = "console",
    *,
    calendars: CalendarSource,
    rotation: bool = False,
) -> list[SimulatedNudge]:
    """Load an organisation file into a scratch SQLite database and simulate it.

    Args:
        org_text: The organisation file (YAML).
        start: The first instant (aware).
        weeks: How many weeks to run.
        platform: The platform nudges go to (``console`` names channels by slug).
        calendars: Reads the meetings kept in a calendar.
        rotation: Every team takes turns bringing the Signs of Safety item, as if each had
            ``agenda_rotation: true`` (``plbot simulate --rotation``: what the rotation would do).

    Returns:
        Every message sent.
    """
    spec = parse_org_file(org_text)
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite+aiosqlite:///{Path(scratch) / 'simulate.db'}")
        try:
            await upgrade(engine)
            uow_factory = UnitOfWorkFactory(engine)
            clock = FakeClock(start)
            async with uow_factory() as uow:
                await import_org(uow, spec, clock.now())
                if rotation:
                    for team in await uow.orgs.teams():
                        team.agenda_rotation = True
                await seed_simulation(uow, clock.now(), platform)  # open votes, so their nudges show too
                await uow.commit()
            return await run(uow_factory, clock, weeks, platform, calendars)
        finally:
            await engine.dispose()


def totals(nudges: Sequence[SimulatedNudge]) -> tuple[Counter[str], Counter[str]]:
    """Messages per recipient and per kind."""
    return Counter(n.recipient for n in nudges), Counter(n.kind for n in nudges)


PROMPT_PURPOSES = frozenset({"agenda_prompt", "agenda_reminder"})


def asked_per_unit(nudges: Sequence[SimulatedNudge]) -> dict[str, list[str]]:
    """Who got each team's (or locality's) Signs of Safety prompts, in order: several people in a rotation."""
    asked: dict[str, list[str]] = {}
    for nudge in nudges:
        if nudge.kind == "agenda_prompt" and nudge.unit:
            asked.setdefault(nudge.unit, []).append(nudge.recipient)
    return asked


def rotation_lines(nudges: Sequence[SimulatedNudge]) -> list[str]:
    """``plbot simulate``'s section on who was asked for the Signs of Safety item, per team: one line per team
    whose prompts went to more than one person (a rotation, or a stand-in while the chair was on leave),
    with the recipients in the order they were asked."""
    lines = []
    for unit, asked in sorted(asked_per_unit(nudges).items()):
        people = Counter(asked)
        if len(people) > 1:
            lines.append(f"  {unit}: {len(asked)} prompts to {len(people)} people — {', '.join(asked)}")
    return ["", "Signs of Safety prompts that went round (per team, in order):", *lines] if lines else []


def format_line(nudge: SimulatedNudge) -> str:
    """One human-readable line: local time, zone, kind, recipient."""
    return f"{nudge.at:%a %Y-%m-%d %H:%M %z}  {nudge.timezone:<16} {nudge.kind:<16} {nudge.recipient}"


KIND_WORDS: dict[str, tuple[str, str]] = {
    "digest": ("digest", "digests"),
    "agenda_prompt": ("Signs of Safety prompt", "Signs of Safety prompts"),
    "agenda_reminder": ("reminder", "reminders"),
    "pulse": ("pulse", "pulses"),
    "event_reminder": ("event reminder", "event reminders"),
    "vote_reminder": ("vote reminder", "vote reminders"),
    "seminar_result": ("vote result", "vote results"),
    "pl_digest": ("PL digest", "PL digests"),
    "fared_prompt": ("how-we've-fared question", "how-we've-fared questions"),
    "fared_summary": ("how-we've-fared summary", "how-we've-fared summaries"),
}
"""How the summary names each kind of message (others are counted as "other messages")."""


def summary(nudges: Sequence[SimulatedNudge], weeks: int, first_day: str) -> str:
    """One paragraph of figures (``plbot simulate --summary``; the README quotes it, and a test keeps it true)."""
    _, kinds = totals(nudges)
    counted = [plural(n, *KIND_WORDS[kind]) for kind, n in kinds.most_common() if kind in KIND_WORDS]
    others = sum(n for kind, n in kinds.items() if kind not in KIND_WORDS)
    if others:
        counted.append(plural(others, "other message", "other messages"))
    listed = ", ".join(counted[:-1]) + f" and {counted[-1]}" if len(counted) > 1 else "".join(counted)
    direct = [n for n in nudges if not n.channel]
    per_person = Counter(n.recipient for n in direct)
    per_week = Counter((n.recipient, iso_week(n.at, n.timezone)) for n in direct)
    busiest = max(per_person.values(), default=0)
    return (
        f"{plural(weeks, 'week', 'weeks').capitalize()} from {first_day}: {plural(len(nudges), 'message', 'messages')}"
        f" — {listed}. The busiest people get {plural(busiest, 'direct message', 'direct messages')}"
        f" in {plural(weeks, 'week', 'weeks')}, never more than {max(per_week.values(), default=0)} in a week."
    )
