"""Architecture rules: dependencies point inward, and the migrations match the models."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.all_models import metadata
from tests.conftest import ROOT

FORBIDDEN = {"bot": ("adapters", "scheduler"), "scheduler": ("adapters",)}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_point_inward(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported_packages(path)
        if name in FORBIDDEN[package]
    ]
    assert offenders == []


def test_no_archived_bot_framework_sdk() -> None:
    for package in ("bot", "adapters", "scheduler"):
        for path in (ROOT / package).rglob("*.py"):
            assert "botbuilder" not in imported_packages(path), path


def wall_clock_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else ""
            if (name, node.func.attr) in {
                ("datetime", "now"),
                ("datetime", "utcnow"),
                ("time", "time"),
                ("date", "today"),
            }:
                calls.append(f"{path.name}:{node.lineno}")
    return calls


def test_the_core_never_reads_the_wall_clock() -> None:
    offenders = [call for path in (ROOT / "bot").rglob("*.py") for call in wall_clock_calls(path)]
    assert offenders == []


async def test_migrations_match_the_models(sqlite_engine: AsyncEngine) -> None:
    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(connection)  # type: ignore[arg-type]
        return list(compare_metadata(context, metadata))

    async with sqlite_engine.connect() as connection:
        assert await connection.run_sync(diff) == []
