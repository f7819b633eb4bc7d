"""What the ``plbot`` verbs for nudges need from the scheduler: the planner for a process, the
single-scheduler lock, the digest preview and the simulation report."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.ports import CalendarSource, Clock, Sender
from bot.store.uow import UnitOfWorkFactory
from scheduler.digests import digest_reply
from scheduler.env import load_env
from scheduler.lock import SchedulerLock, scheduler_lock
from scheduler.planner import Planner
from scheduler.simulate import SimulatedNudge, asked_per_unit, format_line, rotation_lines, totals

CHAT_PLATFORMS = ("slack", "teams")


def nudge_platforms(senders: Mapping[str, Sender]) -> list[str]:
    """Where nudges go: the chat platforms with a sender, else (a demo) whatever senders there are."""
    chat = [p for p in senders if p in CHAT_PLATFORMS]
    return chat or list(senders)


def make_planner(
    uow_factory: UnitOfWorkFactory, clock: Clock, senders: Mapping[str, Sender], calendars: CalendarSource
) -> Planner:
    """A planner that follows the senders registered in this process."""
    return Planner(uow_factory, clock, lambda: nudge_platforms(senders), calendars=calendars)


def hold_scheduler_lock(database_url: str) -> SchedulerLock | None:
    """Take the one-scheduler lock of a SQLite database (None on PostgreSQL).

    Raises:
        SchedulerAlreadyRunning: Another scheduler process holds it.
    """
    lock = scheduler_lock(database_url)
    if lock is not None:
        lock.acquire()
    return lock


async def preview_digest(
    uow_factory: UnitOfWorkFactory, clock: Clock, channel: str, calendars: CalendarSource
) -> tuple[int, str]:
    """``plbot digest preview CHANNEL``: the digest a bound channel would get now.

    Args:
        uow_factory: The store.
        clock: The clock.
        channel: A channel id on any platform, or a team's or locality's slug.
        calendars: Reads the meetings kept in a calendar.

    Returns:
        The exit code and the text to print.
    """
    async with uow_factory() as uow:
        found = await uow.schedule.binding_of_channel(channel)
        if found is None:
            return 2, texts.DIGEST_UNKNOWN_CHANNEL.format(channel=channel)
        env = await load_env(uow, [found.platform])
        if env is None:
            return 2, texts.NOT_SET_UP
        reply = await digest_reply(uow, env, found.platform, found.channel_id, clock.now(), calendars)
    return (0, reply.as_plain_text()) if reply else (0, texts.DIGEST_NOTHING)


def next_monday(now: datetime, tz: str) -> datetime:
    """Midnight at the start of the coming Monday, local."""
    today = now.astimezone(ZoneInfo(tz)).date()
    monday: date = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    return datetime.combine(monday, time(0, 0), tzinfo=ZoneInfo(tz))


def simulation_report(nudges: Sequence[SimulatedNudge], *, as_json: bool) -> list[str]:
    """Every nudge, then totals per person and per kind (as JSON lines with ``as_json``)."""
    people, kinds = totals(nudges)
    if as_json:
        lines = [json.dumps(n.as_json(), ensure_ascii=False) for n in nudges]
        rounds = {unit: dict(Counter(asked)) for unit, asked in asked_per_unit(nudges).items()}
        totals_line = {"per_recipient": dict(people), "per_kind": dict(kinds), "agenda_prompts_per_team": rounds}
        lines.append(json.dumps({"totals": totals_line}))
        return lines
    lines = [format_line(n) for n in nudges]
    lines += rotation_lines(nudges)
    lines += ["", "Totals per recipient:"]
    lines += [f"  {count:4d}  {who}" for who, count in sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += ["", "Totals per kind:"]
    lines += [f"  {count:4d}  {kind}" for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append(f"  {len(nudges):4d}  in all")
    return lines
