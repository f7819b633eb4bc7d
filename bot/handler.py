"""The one handler every adapter calls: de-duplicate, resolve the actor, route, commit, answer.

A turn is one transaction: the de-duplication mark, the intent's writes, its audit entries and
its outbox rows commit together or not at all. A turn that fails leaves nothing half-written
and answers "please try again"; a retried delivery of a committed event does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot import texts
from bot.context import TurnContext
from bot.errors import UserError
from bot.events import Event, MessageDeleted
from bot.intents import route
from bot.ports import Clock
from bot.privacy import GuardRules
from bot.replies import Reply, say
from bot.store.models import Organisation, Person
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

RULES_TTL = timedelta(minutes=5)
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
        self._rules_cache: dict[int, tuple[datetime, GuardRules]] = {}

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

    async def _guard_rules(self, uow: UnitOfWork, org: Organisation) -> GuardRules:
        """The organisation's identifier-guard rules plus staff surnames, cached for a few minutes.

        Staff surnames (not first names) are allowed words: "thanks to Sam Okafor" is not a family,
        while "Sam (7) lives with mum" is still caught even though a colleague is called Sam.
        """
        cached = self._rules_cache.get(org.id)
        now = self.clock.now()
        if cached is not None and now - cached[0] < RULES_TTL:
            return cached[1]
        configured = org.guard_rules or {}
        surnames = {name.split()[-1] for name in await uow.people.display_names(org.id) if len(name.split()) > 1}
        try:
            rules = GuardRules(
                extra_patterns=tuple((kind, pattern) for kind, pattern in configured.get("extra_patterns", {}).items()),
                allowed_words=frozenset(surnames | set(configured.get("allowed_words", []))),
            )
        except ValueError:
            log.warning("organisation guard rules are invalid; using the built-in rules only")
            rules = GuardRules(allowed_words=frozenset(surnames))
        self._rules_cache[org.id] = (now, rules)
        return rules

    async def _turn(self, uow: UnitOfWork, event: Event) -> tuple[list[Reply] | None, bool]:
        org = await uow.orgs.first()
        if org is None:
            return [say(texts.NOT_SET_UP)], False
        if not await uow.inbound.first_time(event.platform, event_key(event), self.clock.now()):
            return None, False
        actor = await uow.people.by_identity(event.platform, event.actor.user_id)
        binding = await uow.orgs.binding(event.platform, event.conversation.channel_id)
        ctx = TurnContext(event=event, uow=uow, clock=self.clock, org=org, actor=actor or Person(), binding=binding)
        if actor is None and not isinstance(event, MessageDeleted):  # a deletion is no reason to add someone
            ctx.actor = await ctx.add_person(event.actor.user_id, event.actor.display_name)
        ctx.guard_rules = await self._guard_rules(uow, org)
        intent = route(event)
        try:
            replies = await intent(ctx)
            await ctx.flush_audit()
        except UserError as error:
            await uow.rollback()
            await uow.inbound.first_time(event.platform, event_key(event), self.clock.now())
            return [say(str(error))], False
        return replies, bool(ctx.enqueued)
