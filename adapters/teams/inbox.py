"""The Teams side of the durable inbox (issue 16): what is stored with an event, and how its turn runs.

A message (or an ``Action.Submit``, or a deleted message) is stored before Teams gets its 202: the
normalised event, the reply :class:`~adapters.teams.app.Origin`, and the few activity fields the
turn reads to remember the conversation reference (service URL, conversation, channel data,
sender, bot). No text beyond the event itself. The turn then runs, as before, under the
conversation's lock, so one conversation's events still run one at a time, in order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Any

from adapters.inbox import InboxWorker
from adapters.teams.app import Origin, TeamsRuntime
from bot.events import Event
from bot.inbox import InboxItem
from bot.replies import Reply

PLATFORM = "teams"
REFERENCE_FIELDS = ("type", "serviceUrl", "conversation", "channelData", "recipient", "from")
"""The activity fields that conversation references (and the conversation's lock) are made from."""


class TeamsTurns:
    """Stores Teams events in the inbox and runs their turns for the inbox worker (set up by
    :func:`adapters.teams.wiring.mount`, which hands it to the runtime)."""

    def __init__(self, runtime: TeamsRuntime, worker: InboxWorker) -> None:
        self.runtime = runtime
        self.worker = worker
        worker.register(PLATFORM, self)

    async def accept(self, activity: Mapping[str, Any], event: Event) -> bool:
        """Store ``event`` before the activity is acknowledged; False when it could not be stored."""
        route = {
            "origin": asdict(Origin.of(activity, event)),
            "activity": {k: activity[k] for k in REFERENCE_FIELDS if k in activity},
        }
        return await self.worker.accept(PLATFORM, event, route)

    @asynccontextmanager
    async def turn_scope(self, item: InboxItem) -> AsyncIterator[None]:
        """Hold the conversation's lock and remember its reference, as a direct turn does."""
        activity = item.route["activity"]
        async with self.runtime.locks.hold(self.runtime._key(activity)):
            await self.runtime._remember_quietly(activity)
            yield

    async def deliver(self, item: InboxItem, replies: list[Reply]) -> None:
        """Post the turn's replies into its conversation (routed as a direct turn's are)."""
        if replies:
            await self.runtime._post(replies, Origin(**item.route["origin"]))
