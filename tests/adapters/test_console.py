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
    thanked = (
        f"{texts.CELEBRATE_HEADLINE}@Ali Hassan{texts.CELEBRATE_THANKED}@Sam Okafor{texts.CELEBRATE_AND}@Priya Shah"
    )
    assert f"── in #dereham-fs\n{thanked}" in out
    assert "── DM to Jo Baker (@jo.baker)" in out
    assert texts.STORY_SAVED.format(title="Mapping helped a stuck case") in out
    assert (
        f"[1] {texts.CELEBRATE_EDIT_BUTTON}  [2] {texts.CELEBRATE_WITHDRAW_BUTTON}" in out
    )  # the celebration's author may edit or withdraw it
    assert texts.STORY_FIELD_SHARE in out  # the story reaches the channel only when the author says so
    assert f"[3] {texts.STORY_SUBMIT_BUTTON}  [4] {texts.STORY_EDIT_BUTTON}  [5] {texts.STORY_WITHDRAW_BUTTON}" in out
    assert "── DM to Sam Okafor (@sam.okafor)" in out
    assert f"[6] {texts.STORY_APPROVE}  [7] {texts.STORY_DECLINE}" in out
    assert texts.STORY_APPROVED_BY.format(who="Sam Okafor") in out
    assert texts.STORY_APPROVED_FOR_AUTHOR.format(title="Mapping helped a stuck case", who="Sam Okafor") in out
    assert out.count("  sent ") >= 4
    assert "/goodpractice [list | queue]" in out
    assert texts.UNKNOWN_COMMAND.format(word="celbrate", slash="/celebrate") in out


def test_the_consoles_direct_chat_answers_plain_words_and_welcomes_once(tmp_path: Path) -> None:
    out = run_console(tmp_path, ":dm\nhello\nthanks\nwhat's on the agenda\n:quit\n")
    assert out.count(texts.WELCOME) == 1
    assert texts.CHAT_THANKS in out
    assert texts.CHAT_NOT_UNDERSTOOD.partition("{usage}")[0].format(slash="/agenda") in out
