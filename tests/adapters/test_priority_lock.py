"""Replies to a person's own action wait for rate limits before background fan-out does (issue 15)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.priority_lock import PriorityLock
from adapters.shared_limits import SharedLimiter
from adapters.slack.sender import ChannelLimiter
from adapters.teams.limits import PER_TENANT, WindowLimiter
from tests.fakes_teams import FakeTime


async def order_of_entry(lock: PriorityLock, urgent: list[bool]) -> list[int]:
    """Callers queue (in the given order, urgent or not) while the lock is held; the order they got it."""
    entered: list[int] = []
    await lock.acquire()

    async def caller(index: int, is_urgent: bool) -> None:
        async with lock.held(urgent=is_urgent):
            entered.append(index)

    tasks = [asyncio.create_task(caller(i, u)) for i, u in enumerate(urgent)]
    await asyncio.sleep(0)  # every caller is now waiting
    lock.release()
    await asyncio.gather(*tasks)
    return entered


async def test_urgent_waiters_go_first_then_background_in_arrival_order() -> None:
    entered = await order_of_entry(PriorityLock(), [False, False, True, False, True])
    assert entered == [2, 4, 0, 1, 3]


@given(st.lists(st.booleans(), max_size=12))
def test_every_waiter_gets_the_lock_once_urgent_ones_first(urgent: list[bool]) -> None:
    lock = PriorityLock()
    entered = asyncio.run(order_of_entry(lock, urgent))
    assert entered == [i for i, u in enumerate(urgent) if u] + [i for i, u in enumerate(urgent) if not u]
    assert not lock.locked()


async def test_a_cancelled_waiter_leaves_the_queue_and_the_lock_passes_on() -> None:
    lock = PriorityLock()
    await lock.acquire()
    gone = asyncio.create_task(lock.acquire(urgent=True))
    later = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    gone.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gone
    lock.release()
    await later
    assert lock.locked()
    assert lock.waiting == 0
    lock.release()
    assert not lock.locked()


class GatedTime(FakeTime):
    """Fake time whose sleeps wait until the test opens the gate: callers pile up behind a sleeper."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.sleeping = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        self.sleeping.set()
        await self.gate.wait()
        await super().sleep(seconds)


async def urgent_after_queue(
    acquire: Callable[[str, bool], Awaitable[None]], time: GatedTime, queued: int
) -> list[str]:
    """``queued`` background calls, then one urgent call once a background one waits for the limit."""
    done: list[str] = []

    async def call(name: str, *, urgent: bool) -> None:
        await acquire(name, urgent)
        done.append(name)

    background = [asyncio.create_task(call(f"background {n}", urgent=False)) for n in range(queued)]
    await time.sleeping.wait()  # one of them holds the key, waiting for the limit; the rest queue
    urgent = asyncio.create_task(call("urgent", urgent=True))
    await asyncio.sleep(0)  # the urgent call queues too
    time.gate.set()
    await asyncio.gather(urgent, *background)
    return done


async def test_a_reply_goes_before_a_queued_fan_out_within_the_teams_tenant_limit() -> None:
    time = GatedTime()
    limiter = WindowLimiter(PER_TENANT, monotonic=time.monotonic, sleep=time.sleep)
    done = await urgent_after_queue(lambda _n, u: limiter.acquire("tenant", urgent=u), time, 100)
    # 45 went in the first second and the 46th was waiting for the next: the reply is next, not 100th
    assert done.index("urgent") == 46
    assert done[-1] == "background 99"


async def test_slacks_channel_limiter_takes_urgent_posts_first() -> None:
    time = GatedTime()
    limiter = ChannelLimiter(1.0, monotonic=time.monotonic, sleep=time.sleep)
    done = await urgent_after_queue(lambda _n, u: limiter.acquire("C1", urgent=u), time, 5)
    assert done[:3] == ["background 0", "background 1", "urgent"]


class OneASecond:
    """Shared state booking one call a second for every key, in the order the bookings arrive."""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now, self.last = now, -1.0
        self.booked: list[float] = []

    async def first_sighting(self, _digest: str, _expires_at: float, _now: float) -> bool:
        return True

    async def book(self, _key: str, _windows: object, now: float, _epsilon: float = 0.0) -> float:
        self.last = max(now, self.last + 1.0)
        self.booked.append(self.last)
        return self.last

    async def hold(self, _key: str, _until: float) -> None:
        return None


async def test_a_shared_limit_never_books_a_run_of_future_fan_out_slots_ahead_of_a_reply() -> None:
    time = GatedTime()
    shared = OneASecond(time.monotonic)
    limiter = SharedLimiter(
        shared, ((1, 1.0),), prefix="teams:tenant", fallback=ChannelLimiter(), now=time.monotonic, sleep=time.sleep
    )
    done = await urgent_after_queue(lambda _n, u: limiter.acquire("tenant", urgent=u), time, 10)
    # one background call went at once, the next booked the following second and waits for it; the
    # other eight have booked nothing yet, so the reply takes the second after
    assert done[:3] == ["background 0", "background 1", "urgent"]
    assert shared.booked[:3] == [1000.0, 1001.0, 1002.0]
