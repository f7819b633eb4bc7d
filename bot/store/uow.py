"""The unit of work: one transaction per turn, always rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import text
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
from bot.store.repositories.leadership import Leadership
from bot.store.repositories.learning import Learning
from bot.store.repositories.pathway import Pathway
from bot.store.repositories.pl_space import PlSpace
from bot.store.repositories.rotation import AgendaRotation
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
        self._session = self._sessions()
        session = self._session
        self.orgs = Organisations(session)
        self.people = People(session)
        self.celebrations = Celebrations(session)
        self.stories = Stories(session)
        self.ideas = Ideas(session)
        self.learning = Learning(session)
        self.leadership = Leadership(session)
        self.pathway = Pathway(session)
        self.inbound = InboundEvents(session)
        self.first_contacts = FirstContacts(session)
        self.inbox = InboxRows(session)
        self.audit = AuditLog(session)
        self.outbox = Outbox(session)
        self.occurrences = Occurrences(session)
        self.nudges = Nudges(session)
        self.events = Events(session)
        self.pulse = Pulse(session)
        self.nudge_config = NudgeConfig(session)
        self.digests = DigestQueries(session)
        self.web = WebStore(session)
        self.seminars = SeminarStore(session)
        self.schedule = ScheduleQueries(session)
        self.outbox_recovery = OutboxRecovery(session)
        self.pl_space = PlSpace(session)
        self.rotation = AgendaRotation(session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back anything uncommitted and detaches objects without expiring them,
        # so values read inside the unit of work stay readable after it.
        try:
            await self._session.close()
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
            await self._session.commit()
        except SQLAlchemyError as error:
            raise StoreError(type(error).__name__) from error

    async def ping(self) -> None:
        """A trivial round trip to the database (readiness checks).

        Raises:
            StoreError: The database cannot be reached.
        """
        try:
            await self._session.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            raise StoreError(type(error).__name__) from error

    async def rollback(self) -> None:
        """Throw away every change since the last commit.

        Raises:
            StoreError: The rollback itself failed (the connection is gone).
        """
        try:
            await self._session.rollback()
        except SQLAlchemyError as error:
            raise StoreError(type(error).__name__) from error


def session_of(uow: UnitOfWork) -> AsyncSession:
    """The unit of work's session, for the store's own modules (imports, erasure, retention) and for
    tests that inspect rows. Nothing outside ``bot/store`` and ``tests`` may call this (see
    ``tests/test_architecture.py``): the rest of the bot goes through repositories."""
    return uow._session


class UnitOfWorkFactory:
    """Creates units of work on one engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> UnitOfWork:
        """A new unit of work."""
        return UnitOfWork(self._sessions)
