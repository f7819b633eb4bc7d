"""A start-up refusal is one clear line on stderr and a non-zero exit, never a traceback (issue 19).

Each case runs the real ``plbot`` in its own process, in a temporary folder (no ``.env``), with its
settings from the environment only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.serve_process import free_port

PLBOT = Path(sys.executable).with_name("plbot")
SAFE_PUBLIC = {"PLBOT_SECRET_KEY": "x" * 40, "PLBOT_PUBLIC_URL": "https://plbot.example.gov.uk"}


def plbot(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'plbot.db'}",
        "PLBOT_ORG_FILE": str(tmp_path / "none.yaml"),
        "PLBOT_PORT": str(free_port()),
    }
    return subprocess.run(  # noqa: S603 - our own CLI
        [str(PLBOT), *argv], env=base | env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )


def refusal(result: subprocess.CompletedProcess[str], prefix: str) -> str:
    """The one refusal line on stderr (JSON log lines may come before it)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("{")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("env", "code", "says"),
    [
        pytest.param(
            {"PLBOT_HOST": "0.0.0.0", "PLBOT_PUBLIC_URL": "https://plbot.example.gov.uk"},  # noqa: S104
            2,
            "plbot serve: PLBOT_SECRET_KEY is not set",
            id="unsafe",
        ),
        pytest.param(
            {"PLBOT_HOST": "0.0.0.0", "PLBOT_PLAYGROUND": "1", **SAFE_PUBLIC},  # noqa: S104
            1,
            "plbot serve: PLBOT_PLAYGROUND is on but PLBOT_HOST is not a loopback address",
            id="exposed-playground",
        ),
        pytest.param({"PLBOT_PORT": "eighty"}, 2, "PLBOT_PORT: ", id="bad-port"),
        pytest.param(
            {"PLBOT_DATABASE_URL": "postgresql+asyncpg://plbot:hunter2-secret@127.0.0.1:1/plbot"},
            1,
            "plbot serve: cannot open the database postgresql+asyncpg://plbot:***@127.0.0.1:1/plbot: ",
            id="database-unreachable",
        ),
    ],
)
def test_plbot_serve_refuses_in_one_line(tmp_path: Path, env: dict[str, str], code: int, says: str) -> None:
    result = plbot(tmp_path, "serve", **env)
    assert result.returncode == code, result.stderr
    refusal(result, says)
    assert "hunter2" not in result.stderr


def test_an_invalid_organisation_file_and_a_busy_port_are_one_line_each(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("- just a list\n", encoding="utf-8")
    result = plbot(tmp_path, "serve", "--no-scheduler", PLBOT_ORG_FILE=str(org))
    assert result.returncode == 1
    refusal(result, f"plbot serve: the organisation file {org}: ")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = plbot(tmp_path, "serve", "--no-scheduler", PLBOT_PORT=str(port))
    assert result.returncode == 1
    refusal(result, f"plbot serve: cannot listen on 127.0.0.1:{port}: ")


def test_other_verbs_refuse_in_one_line_too(tmp_path: Path) -> None:
    result = plbot(tmp_path, "db", "upgrade", PLBOT_DATABASE_URL="postgresql+asyncpg://plbot@127.0.0.1:1/plbot")
    assert result.returncode == 1
    assert "Connect call failed" in refusal(result, "plbot db: ")
