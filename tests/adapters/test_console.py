"""A scripted console session: the real ``plbot console`` reading a script on standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot import texts
from tests.conftest import ROOT

SCRIPT = """\
/celebrate @sam.okafor @priya.shah for the danger statement with the family
/idea we start every team meeting with one appreciative inquiry
/goodpractice
Mapping helped a stuck case
A case had drifted and the team felt stuck
We mapped it together in group supervision
The network wrote its own safety plan
7,3
1
3
:as sam.okafor
6
:outbox
/sofs help
/celbrate @ali.hassan thanks
:quit
"""


def run_console(tmp_path: Path, script: str) -> str:
    env = {**os.environ, "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"}
    env["PLBOT_ORG_FILE"] = str(ROOT / "examples" / "demo-org.yaml")
    done = subprocess.run(
        [sys.executable, "-c", "from adapters.cli import main; main()", "console"],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_scripted_console_session_celebrates_shares_approves_and_helps(tmp_path: Path) -> None:
    out = run_console(tmp_path, SCRIPT)
    assert "── in #dereham-fs\n🎉 @Ali Hassan thanked @Sam Okafor and @Priya Shah" in out
    assert "── DM to Jo Baker (@jo.baker)" in out
    assert "Thank you for sharing this" in out
    assert "[1] Edit  [2] Withdraw" in out  # the celebration's author may edit or withdraw it
    assert "Who should see it first?" in out  # the story reaches the channel only when the author says so
    assert "[3] Submit for the intranet  [4] Edit  [5] Withdraw" in out
    assert "── DM to Sam Okafor (@sam.okafor)" in out
    assert "[6] Approve  [7] Decline" in out
    assert "✅ Approved by Sam Okafor." in out
    assert "was approved for the intranet by Sam Okafor" in out
    assert out.count("  sent ") >= 4
    assert "/goodpractice [list | queue]" in out
    assert "Did you mean /celebrate?" in out


def test_the_consoles_direct_chat_answers_plain_words_and_welcomes_once(tmp_path: Path) -> None:
    out = run_console(tmp_path, ":dm\nhello\nthanks\nwhat's on the agenda\n:quit\n")
    assert out.count(texts.WELCOME) == 1
    assert texts.CHAT_THANKS in out
    assert "I didn't catch that. Did you mean /agenda?" in out
