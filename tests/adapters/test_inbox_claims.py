"""The inbox worker claims only when rows may wait: not once more after every turn (issue 15).

A claim is a write transaction; an empty one after each finished turn and each posted reply cost two
of a Teams turn's six transactions (``bench/turn_statements.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from adapters.inbox import InboxWorker
from bot.inbox import Inbox, InboxItem
from bot.replies import Reply
from bot.store.sealed import Sealer
from tests.conftest import Bot
from tests.factories import command


class CountingInbox(Inbox):
    """The real inbox, counting its claims."""

    def __init__(self, bot: Bot) -> None:
        super().__init__(bot.uow_factory, bot.clock, Sealer("s"))
        self.claims = 0

    async def claim(self, platforms: Sequence[str], limit: int) -> list[InboxItem]:
        self.claims += 1
        return await super().claim(platforms, limit)


class Recorder:
    """A platform that records replies and says when ``expected`` turns were delivered."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.delivered = 0
        self.done = asyncio.Event()

    @contextlib.asynccontextmanager
    async def turn_scope(self, _item: InboxItem) -> AsyncIterator[None]:
        yield

    async def deliver(self, _item: InboxItem, _replies: list[Reply]) -> None:
        self.delivered += 1
        if self.delivered >= self.expected:
            self.done.set()


async def test_finished_turns_do_not_claim_again_but_a_new_event_does(bot: Bot) -> None:
    inbox = CountingInbox(bot)
    worker = InboxWorker(inbox, bot.handler, concurrency=2)
    platform = Recorder(expected=3)
    worker.register("slack", platform)
    for n in range(3):
        assert await worker.accept("slack", command("celebrate", f"@sam.okafor thanks {n}"), {})
    await worker.start()
    await platform.done.wait()
    for _ in range(5):  # let the worker's loop see the freed slots and posted replies
        await asyncio.sleep(0)
    assert inbox.claims == 1  # one claim took all three; three turns and three posts did not claim again

    platform.expected, platform.done = 4, asyncio.Event()
    assert await worker.accept("slack", command("celebrate", "@sam.okafor thanks again"), {})
    await platform.done.wait()
    assert inbox.claims == 2
    await worker.stop(grace=5)
