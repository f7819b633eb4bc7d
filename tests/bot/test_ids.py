"""Row ids parsed from what platforms send back (button values, form contexts): anything else is None."""

from __future__ import annotations

import pytest

from bot.ids import row_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("9" * 40, None),
        ("²", None),
        ("", None),
        ("1a", None),
    ],
)
def test_a_row_id_is_ascii_digits_within_the_databases_integer(value: str, expected: int | None) -> None:
    assert row_id(value) == expected
