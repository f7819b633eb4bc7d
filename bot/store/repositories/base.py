"""The base of every repository: a session, and the dialect's insert for upserts."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.bind.dialect.name if self.session.bind else "sqlite"

    def _insert(self, table: type[object]):  # type: ignore[no-untyped-def]  # dialect-specific Insert
        return pg_insert(table) if self.dialect == "postgresql" else sqlite_insert(table)
