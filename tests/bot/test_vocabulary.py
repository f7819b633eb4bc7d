"""Signs of Safety tags recognised in free text."""

from __future__ import annotations

from bot.domain.vocabulary import recognise_tags


def test_tags_are_recognised_case_and_hyphen_insensitively() -> None:
    text = "Great Danger-Statement and safety plan; the child’s voice came through in Words and Pictures"
    assert recognise_tags(text) == ["danger statement", "safety plan", "words and pictures", "child's voice"]


def test_no_tags_in_plain_thanks() -> None:
    assert recognise_tags("thanks for covering duty today") == []
