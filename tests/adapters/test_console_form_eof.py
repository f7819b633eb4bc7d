"""A piped console script that ends inside a form exits cleanly; optional fields say so once (issue 14)."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from tests.adapters.test_console import run_console


def test_a_script_ending_inside_a_form_exits_cleanly_without_a_traceback(tmp_path: Path) -> None:
    out = run_console(tmp_path, "/goodpractice\nMapping helped a stuck case\n")  # asserts exit status 0
    assert texts.CONSOLE_INPUT_ENDED_IN_FORM in out
    assert "Traceback" not in out


def test_an_optional_field_is_marked_optional_once(tmp_path: Path) -> None:
    out = run_console(tmp_path, "/seminar propose\nFamily network meetings that work\n-\n:quit\n")
    [why] = [line for line in out.splitlines() if line.strip().startswith(texts.TOPIC_FIELD_WHY)]
    assert why.count(texts.FORM_OPTIONAL) == 1
