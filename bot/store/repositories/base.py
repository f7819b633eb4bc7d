"""The base of every repository: a session, and the dialect's insert for upserts."""

from __future__ import annotations

from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

M = TypeVar("M")


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.bind.dialect.name if self.session.bind else "sqlite"

    def _insert(self, table: type[object]):  # type: ignore[no-untyped-def]  # dialect-specific Insert
        # imported here: the PostgreSQL dialect's modules cost a fifth of a second of start-up on SQLite
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]  # noqa: PLC0415
        return insert(table)

    async def _insert_once(self, table: type[object], unique: list[str], **values: object) -> bool:
        """Insert a row unless one with the same ``unique`` columns exists; True when it was inserted."""
        statement = self._insert(table).values(**values).on_conflict_do_nothing(index_elements=unique)
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]


class _Rows(_Repository, Generic[M]):
    """A repository of one aggregate: ``add`` stores a new row, ``get`` finds one by id."""

    model: type[M]

    async def add(self, row: M) -> M:
        """Store a new row (its id is set when this returns)."""
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, row_id: int) -> M | None:
        """One row by id, or None."""
        return await self.session.get(self.model, row_id)
