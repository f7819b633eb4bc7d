"""What replicas share through the database: Slack requests already seen, and rate-limit windows (issue 16)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import delete, update

from bot.store.models_shared import RateWindow, SeenRequest
from bot.store.repositories.base import _Repository

Window = tuple[int, float]
"""At most ``count`` calls in any ``seconds`` seconds."""


def next_start(stamps: Sequence[float], windows: Sequence[Window], earliest: float, epsilon: float = 0.0) -> float:
    """The first moment, not before ``earliest`` nor before the last booking, at which one more call
    fits every window, given the calls already booked (``stamps``, sorted). Bookings are first come,
    first served, so only the windows ending at the new call need checking."""
    start = max(earliest, stamps[-1]) if stamps else earliest
    for count, seconds in windows:
        if count <= 0:
            continue
        if len(stamps) >= count:
            start = max(start, stamps[-count] + seconds + epsilon)
    return start


class SharedState(_Repository):
    """Seen Slack requests and booked rate-limit slots (the caller commits)."""

    async def first_sighting(self, digest: str, expires_at: int) -> bool:
        """Record a request; False when the same digest is already recorded (a replay)."""
        statement = (
            self._insert(SeenRequest)
            .values(digest=digest, expires_at=expires_at)
            .on_conflict_do_nothing(index_elements=["digest"])
            .returning(SeenRequest.digest)
        )
        return (await self.session.execute(statement)).first() is not None

    async def purge_seen(self, now: int) -> int:
        """Forget requests whose timestamps left the window before ``now``; how many."""
        result = await self.session.execute(delete(SeenRequest).where(SeenRequest.expires_at < now))
        return int(getattr(result, "rowcount", 0) or 0)

    async def _locked(self, key: str) -> tuple[list[float], float]:
        """The key's bookings and hold, with its row created if new and locked until the commit (one
        statement: an upsert that touches the row, so concurrent bookings of a key queue here)."""
        statement = self._insert(RateWindow).values(key=key, stamps="[]", blocked_until=0.0)
        statement = statement.on_conflict_do_update(
            index_elements=["key"], set_={"key": statement.excluded.key}
        ).returning(RateWindow.stamps, RateWindow.blocked_until)
        stamps, blocked_until = (await self.session.execute(statement)).one()
        return [float(s) for s in json.loads(stamps or "[]")], float(blocked_until or 0.0)

    async def book(self, key: str, windows: Sequence[Window], now: float, epsilon: float = 0.0) -> float:
        """Book the next call of ``key``: when it may start (Unix seconds, ``now`` or later)."""
        stamps, blocked_until = await self._locked(key)
        start = next_start(stamps, windows, max(now, blocked_until), epsilon)
        horizon = max((seconds for _, seconds in windows), default=0.0)
        kept = [s for s in stamps if s > start - horizon] + [start]
        await self.session.execute(update(RateWindow).where(RateWindow.key == key).values(stamps=json.dumps(kept)))
        return start

    async def hold(self, key: str, until: float) -> None:
        """No call of ``key`` starts before ``until`` (the platform answered 429 with ``Retry-After``)."""
        _, blocked_until = await self._locked(key)
        if until > blocked_until:
            await self.session.execute(update(RateWindow).where(RateWindow.key == key).values(blocked_until=until))
