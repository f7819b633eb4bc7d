"""The leadership spread of a scope (a locality, some localities or the whole county), read and built.

The locality review (:mod:`bot.services.review`) and the dashboard's leadership page both call
:func:`load_spread`; the figure itself is :func:`bot.domain.leadership.build_spread`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.leadership import LeadershipSpread, build_spread
from bot.domain.quarters import quarter_of
from bot.store.uow import UnitOfWork


async def load_spread(
    uow: UnitOfWork,
    organisation_id: int,
    locality_ids: Collection[int] | None,
    timezone: str,
    now: datetime,
    *,
    day: date | None = None,
) -> LeadershipSpread:
    """The leadership spread for the quarter of ``day`` (today by default), up to the end of that day,
    and the whole quarter before it.

    Args:
        uow: An open unit of work.
        organisation_id: The organisation.
        locality_ids: The localities whose staff count; ``None`` for the whole organisation.
        timezone: The organisation's zone (the quarters' days are counted in it).
        now: The current instant (events after it have not been run yet).
        day: The last day counted (a review's last day); later than today counts as today. Acts
            after it are left out, so a review of a past period shows the same figures whenever it
            is made.
    """
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    last = min(day or today, today)
    quarter = quarter_of(last)
    start, _ = quarter.previous().bounds(zone)
    until = min(now, datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone))
    staff = await uow.leadership.staff(organisation_id, locality_ids)
    acts = await uow.leadership.acts(organisation_id, start, until, held_until=until)
    return build_spread(staff, acts, quarter, timezone)
