"""The unit of work: one transaction per turn, always rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.store.errors import StoreError
from bot.store.repositories import (
    AuditLog,
    Celebrations,
    DigestQueries,
    Events,
    FirstContacts,
    Ideas,
    InboundEvents,
    NudgeConfig,
    Nudges,
    Occurrences,
    Organisations,
    Outbox,
    OutboxRecovery,
    People,
    Pulse,
    SeminarStore,
    Stories,
)
from bot.store.repositories_inbox import InboxRows
from bot.store.repositories_services import ScheduleQueries
from bot.store.repositories_web import WebStore


class UnitOfWork:
    """Opens a session and exposes the repositories over it.

    Usage::

        async with uow_factory() as uow:
            uow.celebrations.add(...)
            await uow.commit()

    Any ``SQLAlchemyError`` that leaves the block (from a repository, a commit or the close) leaves
    it as a :class:`~bot.store.errors.StoreError`.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.orgs = Organisations(self.session)
        self.people = People(self.session)
        self.celebrations = Celebrations(self.session)
        self.stories = Stories(self.session)
        self.ideas = Ideas(self.session)
        self.inbound = InboundEvents(self.session)
        self.first_contacts = FirstContacts(self.session)
        self.inbox = InboxRows(self.session)
        self.audit = AuditLog(self.session)
        self.outbox = Outbox(self.session)
        self.occurrences = Occurrences(self.session)
        self.nudges = Nudges(self.session)
        self.events = Events(self.session)
        self.pulse = Pulse(self.session)
        self.nudge_config = NudgeConfig(self.session)
        self.digests = DigestQueries(self.session)
        self.web = WebStore(self.session)
        self.seminars = SeminarStore(self.session)
        self.schedule = ScheduleQueries(self.session)
        self.outbox_recovery = OutboxRecovery(self.session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back anything uncommitted and detaches objects without expiring them,
        # so values read inside the unit of work stay readable after it.
        try:
            await self.session.close()
        except SQLAlchemyError as error:
            if exc is None:
                raise StoreError(type(error).__name__) from error
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(type(exc).__name__) from exc

    async def commit(self) -> None:
        """Make every change of this unit of work durable, atomically.

        Raises:
            StoreError: The transaction did not commit (nothing of it is durable).
        """
        try:
            await self.session.commit()
        except SQLAlchemyError as error:
            raise StoreError(type(error).__name__) from error

    async def rollback(self) -> None:
        """Throw away every change since the last commit.

        Raises:
            StoreError: The rollback itself failed (the connection is gone).
        """
        try:
            await self.session.rollback()
        except SQLAlchemyError as error:
            raise StoreError(type(error).__name__) from error


class UnitOfWorkFactory:
    """Creates units of work on one engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> UnitOfWork:
        """A new unit of work."""
        return UnitOfWork(self._sessions)
