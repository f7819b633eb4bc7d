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
