"""``make run`` on a fresh clone: the default SQLite database's folder is made before ``plbot serve``,
which refuses to create a missing folder itself (a mistyped PLBOT_DATABASE_URL must not invent one)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings
from tests.conftest import ROOT


def recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        body.append(line.strip())
    return body


def test_make_run_and_console_create_the_default_database_folder_first() -> None:
    default = Settings.model_fields["database_url"].default
    folder = Path(str(make_url(default).database)).parent
    for target in ("run", "console"):
        steps = recipe(target)
        made = next(i for i, step in enumerate(steps) if step.startswith(f"mkdir -p {folder}"))
        started = next(i for i, step in enumerate(steps) if "$(BIN)/plbot" in step)
        assert made < started, steps
