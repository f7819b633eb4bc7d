"""The ``plbot`` command as an operator meets it: serve answers /healthz; org import explains bad files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DEMO_ORG


def plbot(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-c", "from adapters.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_healthz_within_seconds(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "PLBOT_ORG_FILE": str(DEMO_ORG),
        "PLBOT_PORT": str(port),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", "from adapters.cli import main; main()", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = ""
        for _ in range(300):  # polls a real server: up to ~30 s on a slow machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.1)  # waiting for another process to bind, not for time to pass
        assert body == '{"status": "ok"}'
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert '"message": "loaded organisation' in stderr
    assert "slack is off" in stderr


@pytest.mark.slow
def test_org_import_and_show(tmp_path: Path) -> None:
    imported = plbot(tmp_path, "org", "import", str(DEMO_ORG))
    assert imported.returncode == 0, imported.stderr
    assert "3 localities, 7 teams, 25 people" in imported.stdout
    shown = plbot(tmp_path, "org", "show")
    assert "Dereham Family Support [dereham-fs]  PL: Sam Okafor" in shown.stdout


@pytest.mark.slow
def test_org_import_of_an_invalid_file_names_the_problem_and_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO_ORG.read_text(encoding="utf-8").replace("timezone: Europe/Dublin", "timezone: Mars/Base"))
    result = plbot(tmp_path, "org", "import", str(bad))
    assert result.returncode == 2
    assert "nothing was imported" in result.stderr
    assert "timezone: Value error, unknown time zone 'Mars/Base'" in result.stderr
    assert "No organisation yet" in plbot(tmp_path, "org", "show").stdout


def test_db_upgrade(tmp_path: Path) -> None:
    result = plbot(tmp_path, "db", "upgrade")
    assert result.returncode == 0
    assert "up to date" in result.stdout
