"""The playground's own clock and the core that runs on it.

"Fast-forward" moves the playground's clock only: real time plus an offset. The playground's turns
and its deliveries run on a handler and a deliverer of their own on that clock, so the server's
scheduler, outbox deliverer and retention purge keep the real time, whatever the playground does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.handler import Handler
from bot.ports import Clock
from scheduler.outbox import Deliverer

Planner = Callable[[], Awaitable[Any]]


class OffsetClock:
    """Another clock's time plus an offset that only grows."""

    def __init__(self, base: Clock) -> None:
        self.base = base
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """The base time moved forward by the offset."""
        return self.base.now() + self.offset

    def advance(self, delta: timedelta) -> datetime:
        """Fast-forward (negative steps are ignored: time never runs backwards)."""
        self.offset += max(delta, timedelta(0))
        return self.now()


@dataclass
class PlaygroundCore:
    """What the playground runs on: its own clock, and a handler, deliverer and planner on that clock.

    Attributes:
        clock: the playground's clock (the server's clock plus what fast-forward added).
        handler: handles the playground's turns on ``clock``.
        deliverer: delivers what the playground's turns and fast-forward made due, on ``clock``.
        planner: runs the scheduler's planner once on ``clock`` (fast-forward), when one is given.
    """

    clock: OffsetClock
    handler: Handler
    deliverer: Deliverer
    planner: Planner | None = None


def playground_core(
    base: Handler, deliverer: Deliverer, planner: Callable[[Clock], Planner] | None = None
) -> PlaygroundCore:
    """A core for the playground beside the server's: the same store, calendars and links (and the
    secret they are signed with), its own clock.

    Args:
        base: The server's handler (its store, calendars and base URL are reused; its clock is not).
        deliverer: The server's deliverer (its store is reused; senders are registered later).
        planner: Builds the scheduler's planner on a given clock.
    """
    clock = OffsetClock(base.clock)
    handler = Handler(
        base.uow_factory, clock, calendars=base.calendars, base_url=base.base_url, link_secret=base.link_secret
    )
    return PlaygroundCore(
        clock=clock,
        handler=handler,
        deliverer=Deliverer(deliverer.uow_factory, clock, {}),
        planner=planner(clock) if planner is not None else None,
    )
