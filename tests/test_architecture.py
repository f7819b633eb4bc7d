"""Architecture rules: dependencies point inward, and the migrations match the models."""

from __future__ import annotations

import ast
import re
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


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, dotted in full (``from bot import store`` counts as ``bot.store``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(*places: str) -> list[Path]:
    """The Python files of these packages and modules (relative to the repository root)."""
    found: list[Path] = []
    for place in places:
        path = ROOT / place
        found += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return found


def imports_of(module: str, *places: str) -> list[str]:
    """``file imports name`` for every import of ``module`` (or anything inside it) in these places."""
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(*places)
        for name in sorted(imported_modules(path))
        if name == module or name.startswith(f"{module}.")
    ]


THE_CORE = ("bot/intents", "bot/domain", "bot/handler.py", "bot/context.py")
"""Rooms that see repositories and typed results, never SQL: the store alone speaks it."""


def test_only_the_store_speaks_sql() -> None:
    assert imports_of("sqlalchemy", *THE_CORE) == []


def test_the_core_never_holds_a_session() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in python_files(*THE_CORE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in {"session", "_session"}
    ]
    assert offenders == []


def test_only_the_store_and_the_tests_reach_the_session() -> None:
    """The unit of work's session is private: ``session_of`` is for ``bot/store`` (and tests) alone."""
    outside = [p for p in python_files("bot", "adapters", "scheduler") if "store" not in p.relative_to(ROOT).parts]
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in outside
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Name) and node.id == "session_of")
        or (isinstance(node, ast.Attribute) and node.attr in {"session", "_session"} and _is_uow(node.value))
    ]
    assert offenders == []


def _is_uow(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "uow"


def test_the_domain_knows_no_store() -> None:
    assert imports_of("bot.store", "bot/domain") == []


def test_nothing_imports_modules_by_name() -> None:
    assert imports_of("importlib", "bot", "adapters", "scheduler") == []


def _texts_read_at_import(tree: ast.AST) -> list[int]:
    """Lines reading ``texts.NAME`` outside any function body (module or class level, default values)."""
    found: list[int] = []

    def visit(node: ast.AST, in_body: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                for default in [*child.args.defaults, *(d for d in child.args.kw_defaults if d is not None)]:
                    visit(ast.Expression(body=default), in_body=False)
                for statement in child.body:
                    visit(statement, in_body=True)
                continue
            if isinstance(child, ast.Lambda):
                continue
            if (
                not in_body
                and isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Name)
                and child.value.id == "texts"
                and child.attr.isupper()
            ):
                found.append(child.lineno)
            visit(child, in_body)

    visit(tree, in_body=False)
    return found


def test_the_import_time_rule_finds_what_it_should() -> None:
    source = "X = texts.A\nclass C:\n    y: str = texts.B\ndef f(z=texts.C):\n    return texts.D\n"
    assert _texts_read_at_import(ast.parse(source)) == [1, 3, 4]


def test_sentences_are_read_when_a_reply_is_written_never_at_import_time() -> None:
    """``texts.NAME`` gives the sentence in the language of the moment; read at import time it stays English."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in ("bot", "adapters", "scheduler")
        for path in python_files(package)
        if "texts" not in path.parts
        for line in _texts_read_at_import(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


MAX_LINES = 500


def test_no_module_of_the_core_is_over_500_lines() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in python_files("bot")
        if "migrations" not in path.parts and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
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


def test_action_and_form_ids_are_named_once() -> None:
    """Buttons, forms and the routing tables use bot.ids, so a renamed id cannot leave a button dead."""
    literal = re.compile(r"""\b(action_id|form_id)=["']""")
    found = [
        f"{path}:{n}"
        for path in python_files("bot")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []
