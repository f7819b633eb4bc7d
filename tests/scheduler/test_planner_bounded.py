"""A cold start plans meetings in bounded ticks, those never planned first (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.calendar_source import IcsCalendars
from scheduler.planner import Planner
from scheduler.planning import HORIZON, REFRESH
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import tiny_org

MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
DAYS = ("MO", "TU", "WE", "TH", "FR")


def five_meetings() -> list[dict[str, str]]:
    return [
        {"title": f"Meeting {n}", "rrule": f"FREQ=WEEKLY;BYDAY={day}", "start": "2026-01-05T10:00:00"}
        for n, day in enumerate(DAYS)
    ]


async def test_each_tick_plans_at_most_its_share_and_says_when_more_wait(make_world: MakeWorld) -> None:
    world = await make_world(MONDAY, tiny_org(meetings=five_meetings()))
    planner = Planner(world.uow_factory, world.clock, ["console"], calendars=IcsCalendars(), meetings_per_tick=2)
    ticks = [await planner.tick() for _ in range(4)]
    assert [(t.meetings, t.more) for t in ticks] == [(2, True), (2, True), (1, False), (0, False)]
    async with world.uow_factory() as uow:
        assert await uow.nudge_config.meetings_planned_before(MONDAY + HORIZON - REFRESH) == []
        planned = {
            o.meeting_id
            for o in (await uow.occurrences.in_window(list(range(1, 6)), MONDAY, MONDAY + HORIZON)).values()
        }
    assert len(planned) == 5


async def test_meetings_never_planned_come_before_those_planned_least_far(make_world: MakeWorld) -> None:
    world = await make_world(MONDAY, tiny_org(meetings=five_meetings()))
    async with world.uow_factory() as uow:
        await uow.nudge_config.set_marks({"meeting:1": MONDAY, "meeting:2": MONDAY - HORIZON})
        await uow.commit()
    async with world.uow_factory() as uow:
        order = [m.id for m in await uow.nudge_config.meetings_planned_before(MONDAY + HORIZON, limit=4)]
    assert order == [3, 4, 5, 2]  # never planned (by id), then the one planned least far ahead
