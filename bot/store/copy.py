"""Copy every table from one database to another (``plbot db copy``), and back up SQLite (``plbot db backup``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Integer, Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store.all_models import metadata
from bot.store.db import is_sqlite, upgrade


class TargetNotEmpty(Exception):
    """The target database already holds rows; copying would mix two databases."""


class CountMismatch(Exception):
    """After the copy, a table's row count differs between source and target."""


@dataclass
class CopyReport:
    """What a copy did: rows per table, in the order they were copied."""

    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows copied over every table."""
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(metadata.sorted_tables)


async def _count(connection: AsyncConnection, table: Table) -> int:
    return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


async def non_empty_tables(engine: AsyncEngine) -> list[str]:
    """The names of the tables that hold at least one row."""
    async with engine.connect() as connection:
        return [table.name for table in tables() if await _count(connection, table)]


async def _reset_sequences(connection: AsyncConnection) -> None:
    """After explicit ids were inserted on PostgreSQL, move each serial sequence past the largest id."""
    for table in tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            largest = func.max(column)
            await connection.execute(
                select(
                    func.setval(
                        func.pg_get_serial_sequence(table.name, column.name),
                        func.coalesce(largest, 1),
                        largest.is_not(None),
                    )
                ).select_from(table)
            )


async def copy_database(source: AsyncEngine, target: AsyncEngine, batch_size: int = 1000) -> CopyReport:
    """Copy every row from ``source`` into the migrated, empty ``target``; verify the row counts.

    Raises :class:`TargetNotEmpty` before writing anything when the target holds rows, and
    :class:`CountMismatch` when a table's count differs afterwards.
    """
    await upgrade(target)
    occupied = await non_empty_tables(target)
    if occupied:
        raise TargetNotEmpty(
            f"The target database is not empty ({', '.join(occupied[:5])}{'…' if len(occupied) > 5 else ''}); "
            "copy only into an empty, migrated database."
        )
    report = CopyReport()
    async with source.connect() as reader, target.begin() as writer:
        for table in tables():
            order = list(table.primary_key.columns) or list(table.columns)
            copied = 0
            while True:
                batch = (
                    await reader.execute(select(table).order_by(*order).limit(batch_size).offset(copied))
                ).mappings()
                rows = [dict(row) for row in batch]
                if not rows:
                    break
                await writer.execute(table.insert(), rows)
                copied += len(rows)
            report.rows[table.name] = copied
        if not is_sqlite(str(target.url)):
            await _reset_sequences(writer)
    async with source.connect() as reader, target.connect() as checker:
        for table in tables():
            expected, found = await _count(reader, table), await _count(checker, table)
            if expected != found:
                raise CountMismatch(f"{table.name}: {expected} rows in the source, {found} in the target")
    return report


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL (``sqlite+aiosqlite:///./data/plbot.db`` → ``data/plbot.db``)."""
    return Path(url.split("///", 1)[-1])


def backup_sqlite(url: str, destination: Path) -> None:
    """A consistent copy of a live SQLite database, through the SQLite online backup API."""
    source = sqlite3.connect(sqlite_path(url))
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
