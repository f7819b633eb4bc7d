"""A turn lets the requests already in flight be acknowledged first, and only those (issue 15)."""

from __future__ import annotations

import asyncio

from adapters.slack.acks_first import AcksFirst


async def test_a_turn_waits_for_earlier_requests_and_never_for_later_ones() -> None:
    acks = AcksFirst(limit=60)
    earlier_may_finish, later_may_finish = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def request(name: str, finish: asyncio.Event) -> None:
        async with acks.request():
            await finish.wait()
        order.append(f"{name} acknowledged")

    async def turn() -> None:
        await acks.earlier_requests_done()
        order.append("turn")

    earlier = asyncio.create_task(request("earlier", earlier_may_finish))
    await asyncio.sleep(0)
    waiting_turn = asyncio.create_task(turn())
    await asyncio.sleep(0)
    later = asyncio.create_task(request("later", later_may_finish))  # a steady stream goes on
    await asyncio.sleep(0)
    assert acks.in_flight == 2
    earlier_may_finish.set()
    await waiting_turn  # it does not wait for the later request
    assert order == ["earlier acknowledged", "turn"]
    later_may_finish.set()
    await asyncio.gather(earlier, later)
    assert acks.in_flight == 0


async def test_with_nothing_in_flight_a_turn_goes_at_once_and_a_stuck_request_holds_it_at_most_the_limit() -> None:
    acks = AcksFirst(limit=0.0)
    await acks.earlier_requests_done()
    stuck = asyncio.Event()

    async def hanging() -> None:
        async with acks.request():
            await stuck.wait()

    request = asyncio.create_task(hanging())
    await asyncio.sleep(0)
    await acks.earlier_requests_done()  # returns although the request never finishes
    assert acks.in_flight == 1
    stuck.set()
    await request


async def test_in_a_burst_a_turn_waits_for_it_to_thin_out_not_only_for_earlier_requests() -> None:
    acks = AcksFirst(limit=60, burst=2)
    finish = [asyncio.Event() for _ in range(4)]
    order: list[str] = []

    async def request(n: int) -> None:
        async with acks.request():
            await finish[n].wait()
        order.append(f"request {n}")

    async def turn() -> None:
        await acks.earlier_requests_done()
        order.append("turn")

    requests = [asyncio.create_task(request(0))]
    await asyncio.sleep(0)
    waiting_turn = asyncio.create_task(turn())
    await asyncio.sleep(0)
    requests += [asyncio.create_task(request(n)) for n in (1, 2, 3)]  # a burst: 4 in flight, more than 2
    await asyncio.sleep(0)
    finish[0].set()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert order == ["request 0"]  # the earlier request is done, but the burst still holds the turn
    finish[1].set()
    finish[2].set()  # down to one in flight: calm again
    await waiting_turn
    assert order[-1] == "turn"
    finish[3].set()
    await asyncio.gather(*requests)
