"""``make test`` leaves ``git status`` clean (issue 14): what the suite and ``make`` generate is ignored.

A full run (ruff, mypy, pytest over every test) writes only these, each ignored: databases go to pytest's
temporary folders (every ``plbot`` process the suite starts runs with ``cwd`` there), screenshots too
(``docs/screenshots`` only with ``make screenshots``), and the rest are tool caches.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT

GENERATED = [
    ".venv/bin/python",
    ".venv/.installed-dev",
    "practice_leader_bot.egg-info/PKG-INFO",
    "build/lib/bot/__init__.py",
    "bot/__pycache__/handler.cpython-311.pyc",
    "tests/bot/__pycache__/conftest.cpython-311-pytest-8.pyc",
    ".pytest_cache/v/cache/nodeids",
    ".mypy_cache/3.11/bot/handler.data.json",
    ".ruff_cache/0.1/123",
    ".hypothesis/examples/0a1b/2c3d",
    "data/plbot.db",
    "data/plbot.db-wal",
    "screenshots/playground.png",
    "tests/agents_playground/node_modules/x/package.json",
]


GIT = shutil.which("git") or ""
pytestmark = pytest.mark.skipif(not GIT or not (ROOT / ".git").exists(), reason="not a git checkout")


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - git on this checkout
        [GIT, *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("path", GENERATED)
def test_what_the_suite_and_make_generate_is_ignored(path: str) -> None:
    assert git("check-ignore", "-q", "--no-index", path).returncode == 0, f"{path} would show in git status"


def test_no_generated_file_is_tracked() -> None:
    tracked = git("ls-files").stdout.splitlines()
    generated = [p for p in tracked if p.endswith((".pyc", ".db", ".db-wal")) or "/__pycache__/" in p]
    assert generated == []
    assert not any(p.startswith(("data/", ".hypothesis/", "screenshots/")) for p in tracked)
