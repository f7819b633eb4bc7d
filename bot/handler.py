"""The one handler every adapter calls: de-duplicate, resolve the actor, route, commit, answer.

A turn is one transaction: the de-duplication mark, the intent's writes, its audit entries and
its outbox rows commit together or not at all. A turn that fails leaves nothing half-written
and answers "please try again"; a retried delivery of a committed event does nothing.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot import i18n, texts
from bot.context import TurnContext
from bot.domain.signin import DEFAULT_BASE_URL, public_base
from bot.errors import UserError
from bot.events import Event, MessageDeleted
from bot.intents import route
from bot.ports import CalendarSource, Clock
from bot.privacy import GuardRules, with_colleagues
from bot.replies import Reply, say
from bot.sanitise import clean_event
from bot.services.calendars import NoCalendars
from bot.services.guard_rules import load_guard_rules
from bot.services.language import person_locale
from bot.store.errors import StoreError
from bot.store.models import Organisation, Person
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

RULES_TTL = timedelta(minutes=5)
OnEnqueued = Callable[[], Awaitable[None] | None]
Settle = Callable[[UnitOfWork], Awaitable[None]]
"""Writes to add to a turn's own transaction (the inbox deletes the event's row)."""


def event_key(event: Event) -> str:
    """The de-duplication key of an event: its platform event id, scoped by conversation."""
    return f"{event.conversation.channel_id}:{event.event_id}"


def _names_in(event: Event) -> list[str]:
    """The names the platform itself reported with an event: its author and the people it mentions."""
    mentions = getattr(event, "mentions", ())
    return [event.actor.display_name, *(m.display_name for m in mentions)]


class Handler:
    """Turns normalized events into replies (and stored effects)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        on_enqueued: OnEnqueued | None = None,
        *,
        calendars: CalendarSource | None = None,
        base_url: str = DEFAULT_BASE_URL,
        link_secret: str = "",
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.on_enqueued = on_enqueued
        self.calendars: CalendarSource = calendars or NoCalendars()
        self.base_url = public_base(base_url)
        # signs the links that must not be guessed (calendar files); random per process when not given
        self.link_secret = link_secret or secrets.token_urlsafe(32)
        self.stats = {"handled": 0, "duplicates": 0, "failed": 0, "errors": 0}
        self._rules_cache: dict[int, tuple[datetime, GuardRules]] = {}

    async def handle(self, event: Event) -> list[Reply]:
        """Handle one event; returns the replies for the actor (empty for duplicates and bots)."""
        replies, _ = await self.handle_settled(event, None)
        return replies

    async def handle_settled(self, event: Event, settle: Settle | None) -> tuple[list[Reply], bool]:
        """Handle one event and run ``settle`` inside the turn's own transaction, just before it commits.

        The durable inbox passes a ``settle`` that deletes the event's inbox row, so the row goes
        exactly when the turn's writes (and its de-duplication mark) become durable.

        Args:
            event: The event.
            settle: Extra writes for the turn's transaction, or None.

        Returns:
            The replies for the actor, and whether ``settle`` was committed (False for a bot's
            event, and for a turn that failed and rolled back).
        """
        if event.actor.is_bot:
            return [], False
        i18n.activate(i18n.SOURCE_LOCALE)  # until the turn knows its reader (see _turn)
        event, cleaned = clean_event(event)
        try:
            async with self.uow_factory() as uow:
                replies, enqueued = await self._turn(uow, event)
                if replies is None:
                    self.stats["duplicates"] += 1
                    if settle is None:
                        return [], False
                    await settle(uow)
                    await uow.commit()
                    return [], True
                if settle is not None:
                    await settle(uow)
                await uow.commit()
        except StoreError:
            self.stats["failed"] += 1
            log.exception("turn failed", extra={"platform": event.platform, "event_type": type(event).__name__})
            return [say(texts.TRY_AGAIN)], False
        except Exception:  # the error boundary: any failure inside a turn is logged, counted and answered
            self.stats["errors"] += 1
            log.exception("turn raised", extra={"platform": event.platform, "event_type": type(event).__name__})
            return [say(texts.TRY_AGAIN)], False
        self.stats["handled"] += 1
        if enqueued and self.on_enqueued is not None:
            result = self.on_enqueued()
            if result is not None:
                await result
        if cleaned:
            replies = [say(texts.GUARD_BAD_CHARACTERS), *replies]
        return replies, settle is not None

    async def _guard_rules(self, uow: UnitOfWork, org: Organisation) -> GuardRules:
        """The organisation's identifier-guard rules (staff directory included), cached for a few minutes."""
        cached = self._rules_cache.get(org.id)
        now = self.clock.now()
        if cached is not None and now - cached[0] < RULES_TTL:
            return cached[1]
        rules = await load_guard_rules(uow, org)
        self._rules_cache[org.id] = (now, rules)
        return rules

    async def _turn(self, uow: UnitOfWork, event: Event) -> tuple[list[Reply] | None, bool]:
        org = await uow.orgs.first()
        if org is None:
            return [say(texts.NOT_SET_UP)], False
        i18n.activate(person_locale(None, org))
        if not await uow.inbound.first_time(event.platform, event_key(event), self.clock.now()):
            return None, False
        actor = await uow.people.by_identity(event.platform, event.actor.user_id)
        binding = await uow.orgs.binding(event.platform, event.conversation.channel_id)
        ctx = TurnContext(
            event=event,
            uow=uow,
            clock=self.clock,
            org=org,
            actor=actor or Person(),
            binding=binding,
            calendars=self.calendars,
            base_url=self.base_url,
            link_secret=self.link_secret,
        )
        if actor is None and not isinstance(event, MessageDeleted):  # a deletion is no reason to add someone
            ctx.actor = await ctx.add_person(event.actor.user_id, event.actor.display_name)
        if event.actor.locale and ctx.actor.id and ctx.actor.platform_locale != event.actor.locale[:20]:
            ctx.actor.platform_locale = event.actor.locale[:20]
        # the rest of the turn, and the adapter rendering its replies in the same task, write in the actor's language
        i18n.activate(person_locale(ctx.actor, org))
        ctx.guard_rules = with_colleagues(await self._guard_rules(uow, org), _names_in(event))
        intent = route(event)
        try:
            replies = await intent(ctx)
            await ctx.flush_audit()
        except UserError as error:
            await uow.rollback()
            await uow.inbound.first_time(event.platform, event_key(event), self.clock.now())
            return [say(str(error))], False
        return replies, bool(ctx.enqueued)
