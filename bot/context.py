"""The context every intent receives: the actor, where they are, the unit of work and the clock."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot import i18n, texts
from bot.errors import UserError
from bot.events import ActionInvoked, CommandInvoked, Event, FormSubmitted, Mention
from bot.ports import CalendarSource, Clock
from bot.privacy import GuardRules, is_blocking, scan
from bot.replies import OutgoingMessage, PersonRef, Reply, Target, shown_texts
from bot.services.language import person_locale
from bot.store.models import ChannelBinding, Organisation, Person
from bot.store.uow import UnitOfWork

log = logging.getLogger(__name__)

TYPED_PLATFORMS = frozenset({"console", "web"})
"""Platforms where people are mentioned by a typed ``@handle`` (the mention's user id is the handle)."""


@dataclass
class TurnContext:
    """Everything an intent may use. Intents never call a platform API."""

    event: Event
    uow: UnitOfWork
    clock: Clock
    org: Organisation
    actor: Person
    binding: ChannelBinding | None
    calendars: CalendarSource
    """Reads the meetings kept in a calendar (``.ics``)."""
    base_url: str
    """The public base URL links are built on (sign-in links, calendar files)."""
    link_secret: str = ""
    """Signs the links that must not be guessed (an event's calendar file); never shown."""
    enqueued: list[str] = field(default_factory=list)
    guard_rules: GuardRules = field(default_factory=GuardRules)
    guard_override: bool = False
    """True when the actor sent the "I've checked" statement (the guard still refuses ``block`` findings)."""
    privacy_warning: bool = False
    """True once the guard let a post through on the actor's statement: stored with the item."""
    pending_audit: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        """The current instant from the clock."""
        return self.clock.now()

    @property
    def command(self) -> CommandInvoked:
        """The event as a command (the routing table guarantees the type)."""
        if not isinstance(self.event, CommandInvoked):
            raise TypeError(type(self.event).__name__)
        return self.event

    @property
    def action(self) -> ActionInvoked:
        """The event as a button or select action."""
        if not isinstance(self.event, ActionInvoked):
            raise TypeError(type(self.event).__name__)
        return self.event

    @property
    def submission(self) -> FormSubmitted:
        """The event as a form submission."""
        if not isinstance(self.event, FormSubmitted):
            raise TypeError(type(self.event).__name__)
        return self.event

    @property
    def platform(self) -> str:
        """The platform the event came from."""
        return self.event.platform

    def ref(self, person: Person) -> PersonRef:
        """A person as the event's platform should show them (a mention where it can)."""
        return PersonRef(name=person.display_name, user_id=self.uow.people.identity_on(person, self.platform))

    async def people_mentioned(self, mentions: Sequence[Mention]) -> list[Person]:
        """The people behind mentions, each once (see :meth:`resolve_mentions`); unknown handles are left out."""
        people, _unknown = await self.resolve_mentions(mentions)
        return people

    async def resolve_mentions(self, mentions: Sequence[Mention]) -> tuple[list[Person], list[Mention]]:
        """The people behind mentions (each once), and the mentions of no one the organisation knows.

        A typed ``@handle`` (console, web playground) never creates a person: it may be a typo or an
        invented name, so it comes back as unknown. A Slack or Teams mention carries a user id the
        platform vouches for (picked from its member list), so a real colleague the organisation file
        does not list is added, named as the platform names them, just as they would be when they
        first speak themselves.
        """
        people: list[Person] = []
        unknown: list[Mention] = []
        for mention in mentions:
            person = await self.uow.people.by_identity(self.platform, mention.user_id)
            if person is None and self.platform not in TYPED_PLATFORMS:
                person = await self.add_person(mention.user_id, mention.display_name)
            if person is None:
                if mention.user_id not in {m.user_id for m in unknown}:
                    unknown.append(mention)
            elif person.id not in {p.id for p in people}:
                people.append(person)
        return people, unknown

    async def closest_handle(self, mention: Mention) -> str:
        """The known handle closest to an unknown typed mention's, or ``""`` when none is close."""
        everyone = await self.uow.people.all(self.org.id)
        known = [self.uow.people.identity_on(p, self.platform) for p in everyone]
        close = difflib.get_close_matches(mention.user_id, [k for k in known if k], n=1, cutoff=0.6)
        return close[0] if close else ""

    async def add_person(self, user_id: str, display_name: str) -> Person:
        """Create a person for a platform user the organisation file did not list."""
        name = display_name.strip().lstrip("@") or user_id
        person = await self.uow.people.create(
            organisation_id=self.org.id,
            handle=f"{self.platform}:{user_id}"[:80],
            display_name=name[:200],
            timezone=self.org.timezone,
        )
        await self.uow.people.add_identity(person, self.platform, user_id)
        await self.audit("person.added", "person", person.id)
        return person

    async def send_later(self, message: OutgoingMessage, due_at: datetime | None = None) -> None:
        """Queue a message in the outbox (sent by the deliverer once this turn has committed).

        The last line of the identifier guard: whatever path built the message, a ``block`` finding
        in any text it shows stops the whole turn (nothing is stored) with the guard's answer.

        Raises:
            UserError: the message would show a child or family's identifying details.
        """
        if any(is_blocking(scan(shown, self.guard_rules)) for shown in shown_texts(message.reply) if shown.strip()):
            log.warning("guard stopped an outgoing message", extra={"event_type": message.purpose})
            raise UserError(f"{texts.GUARD_NOT_POSTED} {texts.GUARD_BLOCKED}")
        if await self.uow.outbox.enqueue(message, due_at=due_at or self.now, now=self.now):
            self.enqueued.append(message.idempotency_key)

    async def send_to_person(self, person: Person, reply: Reply | Callable[[], Reply], key: str, purpose: str) -> None:
        """Queue a direct message to a person on this event's platform.

        Pass ``reply`` as a function to have it written in the person's own language (a story sent to
        an English-speaking practice leader by a Welsh-speaking author is English).
        """
        with i18n.use(person_locale(person, self.org)):
            built = reply() if callable(reply) else reply
            target = Target(platform=self.platform, kind="person", address=str(person.id))
            message = OutgoingMessage(target=target, reply=built, idempotency_key=key, purpose=purpose)
        await self.send_later(message)

    def audit_soon(self, action: str, object_type: str, object_id: object, detail: str = "") -> None:
        """Audit from synchronous code: written by the handler when the intent returns, in the same turn."""
        self.pending_audit.append((action, object_type, str(object_id), detail))

    async def flush_audit(self) -> None:
        """Write the entries queued with :meth:`audit_soon`."""
        pending, self.pending_audit = self.pending_audit, []
        for action, object_type, object_id, detail in pending:
            await self.audit(action, object_type, object_id, detail)

    async def audit(self, action: str, object_type: str, object_id: object, detail: str = "") -> None:
        """Record who did what to which object (never the content)."""
        await self.uow.audit.record(
            at=self.now,
            actor_id=self.actor.id if self.actor.id else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )
