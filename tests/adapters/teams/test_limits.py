"""The Teams per-tenant limit: Microsoft's documented 50 requests a second per app and tenant, less 10 %."""

from __future__ import annotations

import asyncio

from adapters.teams.limits import PER_TENANT, TENANT_LIMIT, TENANT_MARGIN, WindowLimiter, tenant_limiter


class Clock:
    """A monotonic clock that only moves when the limiter sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_the_tenant_limit_is_45_a_second_a_tenth_below_the_documented_50() -> None:
    assert TENANT_LIMIT == 50
    assert TENANT_MARGIN == 0.10
    assert PER_TENANT == ((45, 1.0),)


async def test_45_calls_go_at_once_and_the_46th_waits_for_the_next_second() -> None:
    clock = Clock()
    limiter = tenant_limiter(None, monotonic=clock.monotonic, sleep=clock.sleep)
    assert isinstance(limiter, WindowLimiter)
    starts: list[float] = []

    async def call() -> None:
        await limiter.acquire("tenant-1")
        starts.append(clock.now)

    await asyncio.gather(*(call() for _ in range(135)))

    assert starts[:45] == [0.0] * 45
    assert min(starts[45:]) >= 1.0
    for start in starts:  # never more than 45 in any second
        assert sum(start <= other < start + 1.0 for other in starts) <= 45
    assert max(starts) < 3.0 + 0.01  # 45 now, 45 after one second, 45 after two


async def test_tenants_do_not_share_a_budget() -> None:
    clock = Clock()
    limiter = tenant_limiter(None, monotonic=clock.monotonic, sleep=clock.sleep)

    await asyncio.gather(*(limiter.acquire(f"tenant-{n % 2}") for n in range(90)))

    assert clock.sleeps == []
