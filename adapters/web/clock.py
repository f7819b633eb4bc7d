"""The playground's clock: real time plus an offset that "fast-forward" moves."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.ports import Clock


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
