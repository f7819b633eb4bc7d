"""The composition root's rooms: use cases in ``bot/services``, verbs that need no web adapter, no guessing."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cli import parser
from adapters.verbs import Command, db, digest, erase, org, report, serve, worker
from tests.conftest import ROOT
from tests.test_architecture import imported_modules


def offenders(files: list[Path], prefix: str) -> list[str]:
    """``file imports module`` for every import of ``prefix`` (or a module under it)."""
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(imported_modules(path))
        if name == prefix or name.startswith(prefix + ".")
    ]


def test_the_scheduler_imports_no_intent() -> None:
    assert offenders(sorted((ROOT / "scheduler").rglob("*.py")), "bot.intents") == []


def test_the_command_line_imports_no_web_page() -> None:
    files = [ROOT / "adapters" / "cli.py", *sorted((ROOT / "adapters" / "verbs").glob("*.py"))]
    assert offenders(files, "adapters.web") == []


@pytest.mark.parametrize("package", ["bot", "adapters", "scheduler"])
def test_nothing_is_imported_by_name_at_run_time(package: str) -> None:
    assert offenders(sorted((ROOT / package).rglob("*.py")), "importlib") == []


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["serve", "--no-scheduler"], serve.run),
        (["worker"], worker.run),
        (["db", "upgrade"], db.upgrade),
        (["org", "show"], org.show),
        (["report", "locality", "West", "--from", "2026-11-01", "--to", "2026-11-30"], report.run),
        (["digest", "preview", "west"], digest.run),
        (["erase", "sam.okafor"], erase.run),
    ],
)
def test_each_verb_runs_in_its_own_module(argv: list[str], command: Command) -> None:
    assert parser().parse_args(argv).command is command
