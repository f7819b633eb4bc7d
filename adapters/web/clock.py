"""The playground's clock: real time plus an offset that "fast-forward" moves."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from bot.ports import Clock


class MovableClock(Clock, Protocol):
    """A clock the playground can move forward (``FakeClock`` in tests, :class:`OffsetClock` live)."""

    def advance(self, delta: timedelta) -> datetime:
        """Move time forward; returns the new instant."""
        ...


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


def is_movable(clock: Clock) -> bool:
    """True when the clock can be fast-forwarded."""
    return callable(getattr(clock, "advance", None))
