"""The one handler every adapter calls: de-duplicate, resolve the actor, route, commit, answer.

A turn is one transaction: the de-duplication mark, the intent's writes, its audit entries and
its outbox rows commit together or not at all. A turn that fails leaves nothing half-written
and answers "please try again"; a retried delivery of a committed event does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot import texts
from bot.context import TurnContext
from bot.errors import UserError
from bot.events import Event
from bot.intents import route
from bot.ports import Clock
from bot.replies import Reply, say
from bot.store.models import Person
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

OnEnqueued = Callable[[], Awaitable[None] | None]


def event_key(event: Event) -> str:
    """The de-duplication key of an event: its platform event id, scoped by conversation."""
    return f"{event.conversation.channel_id}:{event.event_id}"


class Handler:
    """Turns normalized events into replies (and stored effects)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, on_enqueued: OnEnqueued | None = None) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.on_enqueued = on_enqueued
        self.stats = {"handled": 0, "duplicates": 0, "failed": 0}

    async def handle(self, event: Event) -> list[Reply]:
        """Handle one event; returns the replies for the actor (empty for duplicates and bots)."""
        if event.actor.is_bot:
            return []
        try:
            async with self.uow_factory() as uow:
                replies, enqueued = await self._turn(uow, event)
                if replies is None:
                    self.stats["duplicates"] += 1
                    return []
                await uow.commit()
        except SQLAlchemyError:
            self.stats["failed"] += 1
            log.exception("turn failed", extra={"platform": event.platform, "event_type": type(event).__name__})
            return [say(texts.TRY_AGAIN)]
        self.stats["handled"] += 1
        if enqueued and self.on_enqueued is not None:
            result = self.on_enqueued()
            if result is not None:
                await result
        return replies

    async def _turn(self, uow: UnitOfWork, event: Event) -> tuple[list[Reply] | None, bool]:
        org = await uow.orgs.first()
        if org is None:
            return [say(texts.NOT_SET_UP)], False
        if not await uow.inbound.first_time(event.platform, event_key(event), self.clock.now()):
            return None, False
        actor = await uow.people.by_identity(event.platform, event.actor.user_id)
        binding = await uow.orgs.binding(event.platform, event.conversation.channel_id)
        ctx = TurnContext(event=event, uow=uow, clock=self.clock, org=org, actor=actor or Person(), binding=binding)
        if actor is None:
            ctx.actor = await ctx.add_person(event.actor.user_id, event.actor.display_name)
        intent = route(event)
        try:
            replies = await intent(ctx)
        except UserError as error:
            await uow.rollback()
            await uow.inbound.first_time(event.platform, event_key(event), self.clock.now())
            return [say(str(error))], False
        return replies, bool(ctx.enqueued)
