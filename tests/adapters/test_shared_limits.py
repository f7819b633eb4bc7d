"""State shared by replicas lives in the database (issue 16): the Slack replay record and the
outbound rate limits (Slack per channel, Teams per tenant).

Each "process" here is its own engine (its own connection pool) on one database, as separate
``plbot serve`` / ``plbot worker`` processes would be; time is a fixed fake instant, and waiting is
recorded, not slept.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared_limits import SharedLimiter
from adapters.slack.guard import Rejected, RequestGuard
from adapters.slack.sender import ChannelLimiter, channel_limiter
from adapters.teams.limits import PER_TENANT, WindowLimiter, tenant_limiter
from bot.store.db import make_engine
from bot.store.errors import StoreError
from bot.store.models_shared import RateWindow, SeenRequest
from bot.store.repositories.shared_state import next_start
from bot.store.shared import DatabaseSharedState, shared_state
from bot.store.uow import UnitOfWorkFactory
from tests.adapters.slack.conftest import SECRET, Signer, form_body, payload

NOW = 1_764_000_000.0
PROCESSES = 3


class Waits:
    """A ``sleep`` that records how long it was asked to wait (time does not move)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


class Scripted:
    """Shared state whose first ``failures`` calls fail (the database is down); then it answers from
    ``inner`` (everything is new, and never waits, without one). It keeps the digests it is given."""

    def __init__(self, failures: int = 0, inner: DatabaseSharedState | None = None) -> None:
        self.failures, self.inner = failures, inner
        self.digests: list[str] = []

    def _down(self) -> None:
        if self.failures:
            self.failures -= 1
            raise StoreError("OperationalError")

    async def first_sighting(self, digest: str, expires_at: float, now: float) -> bool:
        self._down()
        self.digests.append(digest)
        return await self.inner.first_sighting(digest, expires_at, now) if self.inner else True

    async def book(self, key: str, windows: Sequence[tuple[int, float]], now: float, epsilon: float = 0.0) -> float:
        self._down()
        return await self.inner.book(key, windows, now, epsilon) if self.inner else now

    async def hold(self, key: str, until: float) -> None:
        self._down()
        if self.inner:
            await self.inner.hold(key, until)


@pytest.fixture
async def processes(engine: AsyncEngine) -> AsyncIterator[list[DatabaseSharedState]]:
    """Three processes' shared state on one database (each with its own engine)."""
    url = engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(PROCESSES)]
    yield [DatabaseSharedState(UnitOfWorkFactory(e)) for e in engines]
    for each in engines:
        await each.dispose()


def max_in_any_window(starts: Sequence[float], seconds: float) -> int:
    """The most calls that start within any ``seconds`` long window."""
    ordered = sorted(starts)
    return max(sum(1 for t in ordered[i:] if t < first + seconds) for i, first in enumerate(ordered))


# --- the replay record ----------------------------------------------------------------------------


async def test_30_identical_replays_spread_over_three_processes_are_accepted_once(
    processes: list[DatabaseSharedState],
) -> None:
    guards = [RequestGuard(SECRET, now=lambda: NOW, shared=shared) for shared in processes]
    body = form_body(payload("command_celebrate"))
    headers = Signer(now=lambda: NOW).headers(body)
    outcomes: list[int] = []

    async def replay(guard: RequestGuard) -> None:
        try:
            await guard.verify(headers, body)
        except Rejected as rejected:
            outcomes.append(rejected.status)
        else:
            outcomes.append(200)

    await asyncio.gather(*(replay(guards[n % PROCESSES]) for n in range(30)))

    assert outcomes.count(200) == 1
    assert outcomes.count(401) == 29
    assert sum(guard.rejected for guard in guards) == 29


async def test_a_replay_is_refused_by_another_process_until_the_window_ends(
    processes: list[DatabaseSharedState], engine: AsyncEngine
) -> None:
    first, second, third = processes
    assert await first.first_sighting("a" * 64, expires_at=NOW + 301, now=NOW)
    assert not await second.first_sighting("a" * 64, expires_at=NOW + 301, now=NOW)
    assert await second.first_sighting("b" * 64, expires_at=NOW + 301, now=NOW)

    later = NOW + 400  # both expired; a process purges expired records as it goes
    assert await third.first_sighting("c" * 64, expires_at=later + 301, now=later)
    async with engine.connect() as connection:
        kept = list((await connection.scalars(select(SeenRequest.digest))).all())
    assert kept == ["c" * 64]


async def test_the_record_holds_digests_not_request_content(processes: list[DatabaseSharedState]) -> None:
    recording = Scripted(inner=processes[0])
    body = form_body(payload("command_celebrate"))
    headers = Signer(now=lambda: NOW).headers(body)
    await RequestGuard(SECRET, now=lambda: NOW, shared=recording).verify(headers, body)

    [digest] = recording.digests
    assert len(digest) == 64
    assert headers["X-Slack-Signature"][3:] not in digest


async def test_an_unreachable_record_answers_503_and_the_same_request_may_come_again() -> None:
    guard = RequestGuard(SECRET, now=lambda: NOW, shared=Scripted(failures=1))
    body = form_body(payload("command_celebrate"))
    headers = Signer(now=lambda: NOW).headers(body)

    with pytest.raises(Rejected) as refused:
        await guard.verify(headers, body)
    assert refused.value.status == 503
    assert await guard.verify(headers, body)  # Slack's retry of it is checked afresh


# --- the rate limits --------------------------------------------------------------------------------


def test_next_start_fits_every_window_after_the_last_booking() -> None:
    assert next_start([], ((1, 1.0),), earliest=5.0) == 5.0
    assert next_start([5.0], ((1, 1.0),), earliest=5.0) == 6.0
    assert next_start([5.0], ((1, 1.0),), earliest=9.0) == 9.0
    stamps = [0.0, 0.1, 0.2]
    assert next_start(stamps, ((3, 1.0), (8, 2.0)), earliest=0.3) == pytest.approx(1.0)
    assert next_start(stamps, ((4, 1.0),), earliest=0.3) == 0.3
    assert next_start([0.0] * 45, PER_TENANT, earliest=0.0, epsilon=0.001) == pytest.approx(1.001)


async def test_three_processes_posting_to_one_slack_channel_share_one_post_a_second(
    processes: list[DatabaseSharedState],
) -> None:
    waits = Waits()
    limiters = [
        SharedLimiter(
            shared, ((1, 1.0),), prefix="slack:channel", fallback=ChannelLimiter(), now=lambda: NOW, sleep=waits
        )
        for shared in processes
    ]

    await asyncio.gather(*(limiters[n % PROCESSES].acquire("C0WES0TEAM") for n in range(30)))
    starts = sorted([NOW] * (30 - len(waits.waits)) + [NOW + wait for wait in waits.waits])
    await limiters[0].acquire("C0OTHER")  # another channel does not wait

    assert len(waits.waits) == 29
    assert [round(b - a, 6) for a, b in itertools.pairwise(starts)] == [1.0] * 29
    assert max_in_any_window(starts, 1.0) == 1


async def test_a_retry_after_in_one_process_holds_the_channel_in_the_others(
    processes: list[DatabaseSharedState],
) -> None:
    waits = Waits()
    one, other = (
        SharedLimiter(
            shared, ((1, 1.0),), prefix="slack:channel", fallback=ChannelLimiter(), now=lambda: NOW, sleep=waits
        )
        for shared in processes[:2]
    )

    await one.defer("C1", 7.0)
    await other.acquire("C1")

    assert waits.waits == [7.0]


async def test_three_processes_calling_one_teams_tenant_stay_within_45_a_second(
    processes: list[DatabaseSharedState],
) -> None:
    waits = Waits()
    limiters = [
        SharedLimiter(
            shared,
            PER_TENANT,
            prefix="teams:tenant",
            fallback=WindowLimiter(PER_TENANT, monotonic=lambda: 0.0, sleep=waits),
            now=lambda: NOW,
            sleep=waits,
            epsilon=0.001,
        )
        for shared in processes
    ]

    await asyncio.gather(*(limiters[n % PROCESSES].acquire("tenant-1") for n in range(180)))

    starts = [NOW] * (180 - len(waits.waits)) + [NOW + w for w in waits.waits]
    assert len(waits.waits) == 180 - 45
    assert max_in_any_window(starts, 1.0) == 45
    assert max(starts) - NOW == pytest.approx(3.003)  # 45 now, then 45 a second


async def test_without_the_database_a_process_falls_back_to_its_own_limit() -> None:
    waits = Waits()
    clock = itertools.count()
    local = ChannelLimiter(1.0, monotonic=lambda: 0.0, sleep=waits)
    limiter = SharedLimiter(
        Scripted(failures=3), ((1, 1.0),), prefix="slack:channel", fallback=local, now=lambda: float(next(clock))
    )

    await limiter.acquire("C1")
    await limiter.acquire("C1")
    await limiter.defer("C1", 5.0)

    assert limiter.fallbacks == 2
    assert waits.waits == [1.0]


async def test_postgresql_shares_the_limits_and_sqlite_keeps_them_in_memory(engine: AsyncEngine) -> None:
    shared = shared_state(UnitOfWorkFactory(engine))
    on_postgres = engine.dialect.name == "postgresql"

    assert (shared is not None) == on_postgres
    expected: tuple[type[Any], type[Any]] = (
        (SharedLimiter, SharedLimiter) if on_postgres else (ChannelLimiter, WindowLimiter)
    )
    slack = channel_limiter(shared)
    teams = tenant_limiter(shared, monotonic=lambda: 0.0, sleep=Waits())
    assert (type(slack), type(teams)) == expected


async def test_bookings_keep_only_the_longest_window(processes: list[DatabaseSharedState], engine: AsyncEngine) -> None:
    for n in range(40):
        await processes[n % PROCESSES].book("slack:channel:C1", ((1, 1.0),), NOW + 10 * n)
    async with engine.connect() as connection:
        stamps = await connection.scalar(select(RateWindow.stamps).where(RateWindow.key == "slack:channel:C1"))
        rows = await connection.scalar(select(func.count()).select_from(RateWindow))
    assert stamps == f"[{NOW + 390}]"
    assert rows == 1
