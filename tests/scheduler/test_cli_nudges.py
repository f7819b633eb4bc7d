"""The nudge verbs as an operator meets them: ``digest preview`` and ``worker`` (one per SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import texts
from tests.conftest import DEMO_ORG, ROOT


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'plbot.db'}",
        "PLBOT_ORG_FILE": str(DEMO_ORG),
        "PYTHONPATH": str(ROOT),
    }


def plbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-c", "from adapters.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment(tmp_path),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_digest_preview_prints_a_channel_s_digest_or_explains(tmp_path: Path) -> None:
    shown = plbot(tmp_path, "digest", "preview", "dereham-fs")
    assert shown.returncode == 0, shown.stderr
    assert texts.DIGEST_HEADER.format(unit="Dereham Family Support") in shown.stdout
    assert texts.DIGEST_MEETINGS in shown.stdout
    by_slack_id = plbot(tmp_path, "digest", "preview", "C0WESLOCAL")
    assert texts.DIGEST_HEADER.format(unit="West") in by_slack_id.stdout
    unknown = plbot(tmp_path, "digest", "preview", "nowhere")
    assert unknown.returncode == 2
    assert texts.DIGEST_UNKNOWN_CHANNEL.format(channel="nowhere") in unknown.stderr


@pytest.mark.slow
def test_a_second_worker_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    first = subprocess.Popen(
        [sys.executable, "-c", "from adapters.cli import main; main()", "worker"],
        env=environment(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = tmp_path / "plbot.db.scheduler.lock"
    try:
        for _ in range(600):  # waiting for another process to start, not for time to pass
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            assert first.poll() is None, first.communicate()[1][-2000:]
            time.sleep(0.05)
        second = plbot(tmp_path, "worker")
        assert second.returncode == 1
        assert f"Another scheduler (pid {first.pid}) is already running" in second.stderr
    finally:
        first.terminate()
        first.communicate(timeout=30)
