"""``plbot privacy check``: exactly the bot's rules for an organisation file, and kind errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.privacy_cli import PrivacyInputError, check_lines, rules_from_org_file
from tests.bot.test_erasure import plbot
from tests.bot.test_guard_corpus import CORPUS, MAX_FLAGGED, MIN_BLOCKED
from tests.conftest import DEMO_ORG

INVALID_ORG = "organisation:\n  name: x\npeople: []\n"


def test_org_rules_know_colleagues_and_extra_patterns() -> None:
    rules = rules_from_org_file(DEMO_ORG)
    [thanks, child, custom] = [
        json.loads(line)
        for line in check_lines(
            ["thanks Sam for the danger statement", "Sam (7) and his mum", "Danger statement for NCC-981783"], rules
        )
    ]
    assert thanks == {"identifying": False, "blocking": False, "findings": []}
    assert child["blocking"] is True
    assert {f["tier"] for f in child["findings"]} == {"block"}
    assert custom["blocking"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read the organisation file"), (INVALID_ORG, "is not valid"), ("a: [", "is not valid")],
)
def test_bad_org_files_are_one_clear_message(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "org.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PrivacyInputError, match=message):
        rules_from_org_file(path)


def test_a_broken_json_line_is_an_input_error() -> None:
    with pytest.raises(PrivacyInputError, match="line 2: not valid JSON"):
        list(check_lines(["fine", '{"text": "unterminated']))
    with pytest.raises(PrivacyInputError, match='line 1: expected a JSON object with a "text" string'):
        list(check_lines(['{"body": "no text field"}']))


def test_the_command_meets_the_corpus_targets_with_the_demo_org(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = plbot(tmp_path, "privacy", "check", "--org", str(DEMO_ORG), stdin=CORPUS.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(verdicts) == len(rows)
    groups: dict[str, list[dict[str, object]]] = {}
    for row, verdict in zip(rows, verdicts, strict=True):
        groups.setdefault(str(row["group"]), []).append(verdict)
    for group in ("colleague", "clean"):
        flagged = sum(bool(v["identifying"]) for v in groups[group])
        assert flagged / len(groups[group]) <= MAX_FLAGGED, group
    blocked = sum(bool(v["blocking"]) for v in groups["child"])
    assert blocked / len(groups["child"]) >= MIN_BLOCKED


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("--org", "missing.yaml"), "hello\n", "cannot read the organisation file"),
        ((), '{"text": "ok"}\n{oops\n', "line 2: not valid JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(
    tmp_path: Path, args: tuple[str, ...], stdin: str, message: str
) -> None:
    result = plbot(tmp_path, "privacy", "check", *args, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
